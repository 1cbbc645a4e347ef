"""The catch-up of deliveries the platforms lost: ClickUp drops an event after 5 failed deliveries, Jira after its
last retry (into its failed-webhooks list), and GitHub never retries on its own, so recently updated tasks and open
pull requests are re-read on a schedule. Tasks are read through the tracker's own search (`find_tasks(updated_since=
...)`: ClickUp's `date_updated_gt`, Jira's JQL `updated >= ...`) in the scopes agents name (Lists, Jira projects)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from agents.base import Agent, AgentContext, Cron, Schedule
from agents.common.state import AgentState
from integrations.events import Event, Ref
from integrations.models import PullRequest, Task

RECONCILE_OVERLAP = timedelta(minutes=2)


class TaskSnapshot(AgentState):
    """`snapshot:task:<id>`: what the webhooks last told us of a task."""

    namespace = "snapshot:task"
    status: str | None = None
    assignees: list[str] = Field(default_factory=list)


class PRSnapshot(AgentState):
    """`snapshot:pr:<repo>#<n>`: open, merged or closed, as last heard."""

    namespace = "snapshot:pr"
    state: str | None = None


class TrackerMark(AgentState):
    """`reconcile:since:<platform>`: up to when the tracker was last re-read."""

    namespace = "reconcile:since"
    since: datetime | None = None


class RepoOpenPulls(AgentState):
    """`reconcile:pulls:<repo>`: the open pull requests at the last catch-up."""

    namespace = "reconcile:pulls"
    open: list[int] = Field(default_factory=list)
    seeded: bool = False


def _task_snapshot(task: Task) -> TaskSnapshot:
    return TaskSnapshot(status=task.status.lower(), assignees=sorted(m.id for m in task.assignees))


class Reconciler(Agent):
    """Keeps a snapshot of what the webhooks told us; on `tick.reconcile` re-reads recently updated
    tasks and open pull requests and feeds every difference back through the inbox."""

    name = "reconciler"
    reads_raw = False
    subscribes = frozenset({"task.status_changed", "pr.opened", "pr.merged", "pr.closed", "tick.reconcile"})
    background = True  # its reads wait behind agent work for the tracker's request budget

    def __init__(self, repos: list[str], lists: list[str], *, every: str = "*/10 * * * *") -> None:
        super().__init__()
        self.repos = repos
        self.lists = lists
        self.every = every

    def schedules(self) -> list[Schedule]:
        return [Cron("reconcile", self.every)]

    def handles(self, event: Event) -> bool:
        return event.source != "reconcile"

    async def run(self, event: Event, ctx: AgentContext) -> None:
        if event.type == "tick.reconcile":
            await self._reconcile_tasks(ctx)
            await self._reconcile_pulls(ctx)
            return
        if event.type.startswith("task.") and event.subject and event.data.get("to"):
            snap = await ctx.state.load(TaskSnapshot, event.subject.id)
            snap.status = str(event.data["to"]).lower()
            await ctx.state.save(snap, event.subject.id)
        elif event.type.startswith("pr.") and event.subject:
            state = {"pr.opened": "open", "pr.merged": "merged", "pr.closed": "closed"}[event.type]
            await ctx.state.save(PRSnapshot(state=state), event.subject.id)

    async def _reconcile_tasks(self, ctx: AgentContext) -> None:
        if ctx.tracker is None:
            return
        now = ctx.clock.now()
        platform = ctx.platforms.get("tracker", "tracker")
        mark = await ctx.state.load(TrackerMark, platform)
        first_run = mark.since is None
        since = mark.since or now - timedelta(hours=1)
        tasks: list[Task] = []
        for list_id in self.lists or [None]:  # type: ignore[list-item]
            # Closed too: a missed move into a closed status is the one that matters most.
            tasks += await ctx.tracker.find_tasks(list_id=list_id, updated_since=since - RECONCILE_OVERLAP,
                                                  include_closed=True)
        missed: list[Event] = []
        for task in tasks:
            known = await ctx.state.load(TaskSnapshot, task.id)
            current = _task_snapshot(task)
            if known.status is None or first_run:
                await ctx.state.save(current, task.id)
                continue
            if known.status != current.status:
                stamp = int((task.date_updated or now).timestamp() * 1000)
                missed.append(
                    Event(
                        id=f"reconcile:{platform}:{task.id}:status:{stamp}",
                        source="reconcile",
                        type="task.status_changed",
                        occurred_at=task.date_updated or now,
                        subject=Ref(kind="task", id=task.id, url=task.url, container=task.list_id),
                        data={"from": known.status, "to": current.status, "reconciled": True},
                    )
                )
                await ctx.state.save(current, task.id)
        if missed:
            await ctx.store.enqueue(missed)
            ctx.log.warning("reconcile found missed task changes", extra={"count": len(missed)})
        await ctx.state.save(TrackerMark(since=now), platform)

    async def _reconcile_pulls(self, ctx: AgentContext) -> None:
        if ctx.code is None:
            return
        missed: list[Event] = []
        for repo in self.repos:
            seen = await ctx.state.load(RepoOpenPulls, repo)
            open_now = {pr.number: pr for pr in await ctx.code.open_pull_requests(repo)}
            for number, pr in open_now.items():
                if seen.seeded and number not in seen.open:
                    snap = await ctx.state.load(PRSnapshot, f"{repo}#{number}")
                    if snap.state is None:
                        missed.append(self._pr_event(pr, "pr.opened", ctx))
                await ctx.state.save(PRSnapshot(state="open"), f"{repo}#{number}")
            for number in set(seen.open) - set(open_now):
                snap = await ctx.state.load(PRSnapshot, f"{repo}#{number}")
                if snap.state != "open":
                    continue  # the webhook already told us it closed
                pr = await ctx.code.pull_request(repo, number)
                kind = "pr.merged" if pr.merged else "pr.closed"
                missed.append(self._pr_event(pr, kind, ctx))
                await ctx.state.save(PRSnapshot(state="merged" if pr.merged else "closed"), f"{repo}#{number}")
            await ctx.state.save(RepoOpenPulls(open=sorted(open_now), seeded=True), repo)
        if missed:
            await ctx.store.enqueue(missed)
            ctx.log.warning("reconcile found missed pull request changes", extra={"count": len(missed)})

    @staticmethod
    def _pr_event(pr: PullRequest, kind: str, ctx: AgentContext) -> Event:
        when = pr.updated_at or ctx.clock.now()
        return Event(
            id=f"reconcile:github:{pr.repo}#{pr.number}:{kind}",
            source="reconcile",
            type=kind,
            occurred_at=when,
            actor=pr.author,
            subject=Ref(kind="pull_request", id=f"{pr.repo}#{pr.number}", url=pr.url, container=pr.repo),
            data={
                "repo": pr.repo,
                "number": pr.number,
                "title": pr.title,
                "url": pr.url,
                "author": pr.author,
                "head_ref": pr.head_ref,
                "head_sha": pr.head_sha,
                "body": pr.body[:2000],
                "merged": pr.merged,
                "draft": pr.draft,
                "reconciled": True,
            },
        )
