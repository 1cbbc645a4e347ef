"""CI results on pull requests linked to tasks: a failed check suite / workflow run DMs the PR author with
the run's link; once every run that failed on that head commit has passed, the same DM thread says green.

kv `gh:ci:{repo}#{n}:{sha}` holds `failing` (run → link), `told` (runs already reported) and `thread`
(the DM's channel and ts, so later messages go into its thread).
"""

from __future__ import annotations

from typing import Any

from agents import github_messages as msg
from agents.base import AgentContext
from agents.github_links import load_pr, pr_id, sha_key

FAILED = frozenset({"failure", "timed_out", "action_required", "startup_failure"})
PASSED = "success"


def state_key(repo: str, number: int, sha: str) -> str:
    return f"gh:ci:{repo}#{number}:{sha}"


def _run(data: dict[str, Any]) -> tuple[str, str]:
    """(stable key of the run on this commit, its name for people)."""
    if data.get("kind") == "workflow_run":
        name = str(data.get("name") or "workflow")
        return f"workflow_run:{name}", name
    return "check_suite", "checks"


async def on_ci(ctx: AgentContext, data: dict[str, Any]) -> None:
    repo, sha = data.get("repo"), data.get("head_sha")
    conclusion = str(data.get("conclusion") or "").lower()
    if not repo or not sha or (conclusion not in FAILED and conclusion != PASSED):
        return
    numbers = [int(n) for n in data.get("pr_numbers") or [] if isinstance(n, int)]
    if not numbers:
        # workflow_run deliveries from forks (and many others) carry no pull_requests: use what we saw.
        known = await ctx.store.get(sha_key(str(repo), str(sha)))
        numbers = [int(known)] if known is not None else []
    for number in numbers:
        record = await load_pr(ctx, str(repo), number)
        if not record.get("tasks"):
            continue  # only pull requests linked to a task
        if conclusion in FAILED:
            await _failed(ctx, record, str(sha), data)
        else:
            await _passed(ctx, record, str(sha), data)


def _link(record: dict[str, Any], data: dict[str, Any]) -> str | None:
    if data.get("kind") == "workflow_run" and data.get("url"):
        return str(data["url"])
    # A check suite's `url` is an API address; people want the PR's checks tab.
    return f"{record['url']}/checks" if record.get("url") else None


async def _failed(ctx: AgentContext, record: dict[str, Any], sha: str, data: dict[str, Any]) -> None:
    key = state_key(record["repo"], int(record["number"]), sha)
    state = dict(await ctx.store.get(key, {}) or {})
    run_key, run_name = _run(data)
    link = _link(record, data)
    state["failing"] = {**(state.get("failing") or {}), run_key: link}
    told = list(state.get("told") or [])
    await ctx.store.put(key, state)
    person = ctx.team.person(github=record.get("author"))
    if run_key in told or person is None or not person.slack or ctx.chat is None:
        return
    chat, slack_id = ctx.chat, person.slack
    if not state.get("thread"):
        text = msg.ci_failed_dm(record, run_name, link)

        async def dm() -> dict[str, str]:
            posted = await chat.dm(slack_id, text)
            return {"channel": posted.channel, "ts": posted.ts}

        _, thread = await ctx.act(f"gh.ci_failed:{pr_id(record)}:{sha}", "slack.dm", dm, target=slack_id)
        state["thread"] = thread
    else:
        thread, text = state["thread"], msg.ci_also_failed(run_name, link)
        await ctx.act(f"gh.ci_failed:{pr_id(record)}:{sha}:{run_key}", "slack.post",
                      lambda: chat.post(thread["channel"], text, thread_ts=thread["ts"]), target=slack_id)
    state["told"] = [*told, run_key]
    await ctx.store.put(key, state)


async def _passed(ctx: AgentContext, record: dict[str, Any], sha: str, data: dict[str, Any]) -> None:
    key = state_key(record["repo"], int(record["number"]), sha)
    state = dict(await ctx.store.get(key, {}) or {})
    failing = dict(state.get("failing") or {})
    run_key, _ = _run(data)
    if run_key not in failing:
        return
    failing.pop(run_key)
    state["failing"] = failing
    await ctx.store.put(key, state)
    thread = state.get("thread")
    if failing or not thread or ctx.chat is None:
        return
    chat, text = ctx.chat, msg.ci_green_again(record)
    await ctx.act(f"gh.ci_green:{pr_id(record)}:{sha}", "slack.post",
                  lambda: chat.post(thread["channel"], text, thread_ts=thread["ts"]), target=thread["channel"])
