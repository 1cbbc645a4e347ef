"""GitHub sync: links pull requests to the tasks they reference, moves those tasks forward on PR events,
reminds reviewers, and tells PR authors when CI fails (and when it is green again).

Handled: every `pr.*` event the GitHub webhook emits (and the reconciler's catch-up copies of
`pr.opened` / `pr.merged` / `pr.closed`), `code.pushed`, `ci.completed` and `due.gh_review`.
Known and ignored: `pr.commented` / `issue.commented` (comments are not where tasks are referenced).

On a tracker with workflows (Jira) a move goes through a transition; where the workflow has none from the task's
status, the failed write is in the audit log and the pull request gets one comment saying so and where the task
can go instead (its author is the one who expected the move).

Every write is keyed on the task and the pull request (`gh.link:T1:org/repo#7`,
`gh.move:T1:ready for testing:org/repo#7`, ...), so a redelivered webhook and the reconciler's copy of
an event the webhooks missed do the same thing once.
"""

from __future__ import annotations

from agents.base import Agent, AgentContext
from agents.github_sync import ci as github_ci
from agents.github_sync import messages as msg
from agents.github_sync import reviews as github_reviews
from agents.github_sync.config import GitHubSyncConfig
from agents.github_sync.links import PRRecord, link_pull_request, remember_push, save_pr
from integrations.errors import NotFound, NoTransition
from integrations.events import Event, Ref

PR_EVENTS = frozenset({
    "pr.opened", "pr.ready_for_review", "pr.merged", "pr.closed", "pr.review_requested",
    "pr.review_request_removed", "pr.synchronized", "pr.edited", "pr.reviewed", "pr.converted_to_draft",
})
IGNORED = frozenset({"pr.commented", "issue.commented"})


class GitHubSync(Agent):
    """Keeps tasks in step with the pull requests that reference them."""

    name = "github_sync"
    reads_raw = False
    Config = GitHubSyncConfig
    subscribes = PR_EVENTS | {"code.pushed", "ci.completed", f"due.{github_reviews.REMINDER_KIND}"}
    cfg: GitHubSyncConfig

    def __init__(self, config: GitHubSyncConfig | None = None) -> None:
        super().__init__(config)
        self.order = [s.lower() for s in self.cfg.status_order]

    def scope(self) -> dict[str, list[str]]:
        """Its repositories, and the statuses it moves tasks to (`pmbot check` looks for them in the workflows)."""
        moves = list(dict.fromkeys(self.cfg.moves.values())) if self.cfg.repos else []
        return {"repos": list(self.cfg.repos), "statuses": moves}

    def handles(self, event: Event) -> bool:
        data = event.data
        if event.type in PR_EVENTS:
            return bool(data.get("repo")) and isinstance(data.get("number"), int)
        if event.type == "code.pushed":
            return bool(data.get("repo")) and bool(data.get("branch")) and bool(data.get("commits"))
        if event.type == "ci.completed":
            return bool(data.get("repo")) and bool(data.get("head_sha"))
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        if event.type == f"due.{github_reviews.REMINDER_KIND}":
            await github_reviews.on_reminder(ctx, event)
        elif event.type == "ci.completed":
            await github_ci.on_ci(ctx, dict(event.data))
        elif event.type == "code.pushed":
            await remember_push(ctx, self.cfg, dict(event.data))
        else:
            await self._on_pull_request(ctx, event)

    async def _on_pull_request(self, ctx: AgentContext, event: Event) -> None:
        data = dict(event.data)
        record = await link_pull_request(ctx, self.cfg, data)
        kind = event.type
        if kind in ("pr.opened", "pr.ready_for_review", "pr.converted_to_draft", "pr.synchronized", "pr.edited",
                    "pr.review_requested", "pr.review_request_removed", "pr.reviewed"):
            if record.state != "merged" and (kind == "pr.opened" or record.state != "closed"):
                record.state = "open"
                await save_pr(ctx, record)
        if kind == "pr.opened" and not data.get("draft"):
            await self._move_all(ctx, record, "opened")
        elif kind == "pr.ready_for_review":
            await self._move_all(ctx, record, "ready_for_review")
        elif kind == "pr.merged":
            await self._closed(ctx, record, merged=True)
        elif kind == "pr.closed":
            await self._closed(ctx, record, merged=False)
        elif kind == "pr.review_requested":
            await github_reviews.on_requested(ctx, self.cfg, event, record)
        elif kind in ("pr.reviewed", "pr.review_request_removed") and data.get("reviewer"):
            await github_reviews.stop(ctx, record.repo, record.number, str(data["reviewer"]))

    async def _closed(self, ctx: AgentContext, record: PRRecord, *, merged: bool) -> None:
        record.state = "merged" if merged else "closed"
        await save_pr(ctx, record)
        await github_reviews.stop_all(ctx, record)
        if merged:
            await self._move_all(ctx, record, "merged")
            return
        text = msg.closed_comment(record.view())
        for task_id in record.tasks:
            await ctx.do.comment(task_id, text, key=f"gh.closed:{task_id}:{record.id}")
        await self._move_all(ctx, record, "closed")  # only if the team configured a move for it

    async def _move_all(self, ctx: AgentContext, record: PRRecord, trigger: str) -> None:
        target = self.cfg.moves.get(trigger)
        if not target or ctx.tracker is None:
            return
        for task_id in record.tasks:
            await self._move(ctx, task_id, target, record)

    async def _move(self, ctx: AgentContext, task_id: str, target: str, record: PRRecord) -> None:
        """Move one task to `target` if that is forward of its live status: at most one write."""
        assert ctx.tracker is not None
        tracker = ctx.tracker
        try:
            task = await tracker.get_task(task_id)
        except NotFound:
            ctx.log.info("linked task is gone", extra={"task": task_id})
            return
        current, wanted = task.status.lower(), target.lower()
        if current == wanted:
            return
        if current not in self.order or wanted not in self.order:
            ctx.log.info("status %r or %r is not in github_sync.status_order: not moving", current, wanted,
                         extra={"task": task_id})
            return
        if self.order.index(wanted) < self.order.index(current):
            ctx.log.info("task is past %r already: not moving it back", wanted, extra={"task": task_id})
            return
        # pmbot's own ClickUp change comes back as a webhook that is dropped (no loops), so the other agents
        # (the QA router on "ready for testing") hear of it from this event instead.
        moved = Event(
            id=f"github_sync:{task_id}:status:{wanted}:{record.id}",
            source="pmbot",
            type="task.status_changed",
            occurred_at=ctx.clock.now(),
            actor=ctx.identities.get("tracker"),
            subject=Ref(kind="task", id=task.id, url=task.url, container=task.list_id),
            data={"from": current, "to": wanted, "by": "github_sync", "pull_request": record.id,
                  "pr_author": record.author},
        )
        try:
            await ctx.do.update_task(task_id, key=f"gh.move:{task_id}:{wanted}:{record.id}", status=target,
                                     record={"from": current, "to": wanted})
        except NoTransition as exc:
            ctx.log.warning("no transition to %r: not moved", wanted, extra={"task": task_id})
            await ctx.do.pr_comment(record.repo, record.number, msg.no_transition_comment(exc, task.url),
                                    key=f"gh.no_transition:{task_id}:{wanted}:{record.id}")
            return
        if not ctx.dry_run:
            # Enqueued after the write, every time: its id dedupes a repeat after a crash between the two.
            await ctx.store.enqueue([moved])
