"""CI results on pull requests linked to tasks: a failed check suite / workflow run DMs the PR author with
the run's link; once every run that failed on that head commit has passed, the same DM thread says green.

`CIState` `gh:ci:{repo}#{n}:{sha}` holds `failing` (run → link), `told` (runs already reported) and `thread`
(the DM's channel and ts, so later messages go into its thread).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from agents.base import AgentContext
from agents.common.state import AgentState
from agents.github_sync import messages as msg
from agents.github_sync.links import PRRecord, load_pr, pr_for_commit
from integrations.models import PostedMessage

FAILED = frozenset({"failure", "timed_out", "action_required", "startup_failure"})
PASSED = "success"


class CIState(AgentState):
    """CI runs of one head commit of one pull request."""

    namespace = "gh:ci"

    failing: dict[str, str | None] = Field(default_factory=dict)
    told: list[str] = Field(default_factory=list)
    thread: PostedMessage | None = None


def _run(data: dict[str, Any]) -> tuple[str, str]:
    """(stable key of the CI run on this commit, its name for people). GitHub makes one check suite per app
    and one workflow run per workflow for a commit, and a re-run keeps the suite id / the workflow: the key
    is the suite id or the workflow id, so one app passing never clears another app's failure."""
    if data.get("kind") == "workflow_run":
        name = str(data.get("name") or "workflow")
        return f"workflow_run:{data.get('workflow_id') or name}", name
    suite = data.get("suite_id")
    return (f"check_suite:{suite}" if suite else "check_suite"), str(data.get("app") or "checks")


async def on_ci(ctx: AgentContext, data: dict[str, Any]) -> None:
    repo, sha = data.get("repo"), data.get("head_sha")
    conclusion = str(data.get("conclusion") or "").lower()
    if not repo or not sha or (conclusion not in FAILED and conclusion != PASSED):
        return
    numbers = [int(n) for n in data.get("pr_numbers") or [] if isinstance(n, int)]
    if not numbers:
        # workflow_run deliveries from forks (and many others) carry no pull_requests: use what we saw.
        known = await pr_for_commit(ctx, str(repo), str(sha))
        numbers = [known] if known is not None else []
    for number in numbers:
        record = await load_pr(ctx, str(repo), number)
        if not record.tasks:
            continue  # only pull requests linked to a task
        if conclusion in FAILED:
            await _failed(ctx, record, str(sha), data)
        else:
            await _passed(ctx, record, str(sha), data)


def _link(record: PRRecord, data: dict[str, Any]) -> str | None:
    if data.get("kind") == "workflow_run" and data.get("url"):
        return str(data["url"])
    # A check suite's `url` is an API address; people want the PR's checks tab.
    return f"{record.url}/checks" if record.url else None


async def _failed(ctx: AgentContext, record: PRRecord, sha: str, data: dict[str, Any]) -> None:
    parts = (record.id, sha)
    state = await ctx.state.load(CIState, *parts)
    run_key, run_name = _run(data)
    link = _link(record, data)
    state.failing[run_key] = link
    await ctx.state.save(state, *parts)
    person = ctx.people.by_code(record.author)
    chat_id = ctx.people.chat_id(person)
    if run_key in state.told or not chat_id or ctx.chat is None:
        return
    if state.thread is None:
        state.thread = await ctx.do.dm(chat_id, msg.ci_failed_dm(record.view(), run_name, link),
                                       key=f"gh.ci_failed:{record.id}:{sha}")
    else:
        await ctx.do.post(state.thread.channel, msg.ci_also_failed(run_name, link), thread_ts=state.thread.ts,
                          key=f"gh.ci_failed:{record.id}:{sha}:{run_key}")
    state.told.append(run_key)
    await ctx.state.save(state, *parts)


async def _passed(ctx: AgentContext, record: PRRecord, sha: str, data: dict[str, Any]) -> None:
    parts = (record.id, sha)
    state = await ctx.state.load(CIState, *parts)
    run_key, _ = _run(data)
    if run_key not in state.failing:
        return
    state.failing.pop(run_key)
    await ctx.state.save(state, *parts)
    if state.failing or state.thread is None:
        return
    await ctx.do.post(state.thread.channel, msg.ci_green_again(record.view()), thread_ts=state.thread.ts,
                      key=f"gh.ci_green:{record.id}:{sha}")
