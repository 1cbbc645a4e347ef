"""Review reminders: a DM when a review is requested, then stored due rows that remind once a working day
after `review_remind_after` working hours, until the review is in, the request is removed or the PR closes.

kv `gh:review:{repo}#{n}:{login}` holds the request: `round` (one per request; a re-request restarts the
clock), `event` (the request that started the round, so a retry does not start another), `requested_at`,
`count` (reminders sent) and `open`. The due row is `gh_review:{repo}#{n}:{login}`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from agents import github_messages as msg
from agents.base import AgentContext
from agents.github_links import load_pr, pr_id, save_pr
from agents.team import GitHubSyncConfig, Person
from agents.worktime import add_working_time
from integrations.errors import NotFound
from integrations.events import Event

REMINDER_KIND = "gh_review"


def state_key(repo: str, number: int, login: str) -> str:
    return f"gh:review:{repo}#{number}:{login.lower()}"


def reminder_key(repo: str, number: int, login: str) -> str:
    return f"{REMINDER_KIND}:{repo}#{number}:{login.lower()}"


def _later(start: datetime, duration: timedelta, person: Person) -> datetime:
    return add_working_time(start, duration, person)


def _working_day(person: Person) -> timedelta:
    begin, end = person.working_hours
    return datetime.combine(datetime.min, end) - datetime.combine(datetime.min, begin)


async def on_requested(ctx: AgentContext, cfg: GitHubSyncConfig, event: Event, record: dict[str, Any]) -> None:
    login = str(event.data.get("reviewer") or "")
    if not login:
        return  # a team was asked: nobody in particular to remind
    repo, number = record["repo"], int(record["number"])
    key = state_key(repo, number, login)
    state = dict(await ctx.store.get(key, {}) or {})
    if state.get("event") != event.id:
        state = {"round": int(state.get("round", 0)) + 1, "event": event.id,
                 "requested_at": ctx.clock.now().isoformat(), "count": 0, "open": True}
        await ctx.store.put(key, state)
    reviewers = list(record.get("reviewers") or [])
    if login.lower() not in reviewers:
        record["reviewers"] = [*reviewers, login.lower()]
        await save_pr(ctx, record)
    person = ctx.team.person(github=login)
    if person is None or not person.slack or ctx.chat is None:
        return
    chat, slack_id, n = ctx.chat, person.slack, int(state["round"])
    text = msg.review_requested_dm(record, await _task_names(ctx, record))
    await ctx.act(f"gh.review_dm:{pr_id(record)}:{login.lower()}:{n}", "slack.dm",
                  lambda: chat.dm(slack_id, text), target=slack_id)
    due = _later(datetime.fromisoformat(state["requested_at"]), cfg.review_remind_after, person)
    await ctx.store.schedule(reminder_key(repo, number, login), REMINDER_KIND, due,
                             {"repo": repo, "number": number, "reviewer": login, "round": n, "count": 0})


async def _task_names(ctx: AgentContext, record: dict[str, Any]) -> list[str]:
    if ctx.tracker is None:
        return []
    names = []
    for task_id in record.get("tasks") or []:
        try:
            task = await ctx.tracker.get_task(task_id)
        except NotFound:
            continue
        names.append(f"<{task.url}|{task.name}>" if task.url else task.name)
    return names


async def stop(ctx: AgentContext, repo: str, number: int, login: str) -> None:
    """The review is in, the request was removed or the PR closed: no more reminders for this round."""
    key = state_key(repo, number, login)
    state = dict(await ctx.store.get(key, {}) or {})
    await ctx.store.cancel(reminder_key(repo, number, login))
    if state.get("open"):
        state["open"] = False
        await ctx.store.put(key, state)


async def stop_all(ctx: AgentContext, record: dict[str, Any]) -> None:
    for login in record.get("reviewers") or []:
        await stop(ctx, record["repo"], int(record["number"]), login)


async def on_reminder(ctx: AgentContext, event: Event) -> None:
    data = event.data
    repo, number, login = str(data.get("repo")), int(data.get("number") or 0), str(data.get("reviewer") or "")
    n = int(data.get("round", 0))
    state = dict(await ctx.store.get(state_key(repo, number, login), {}) or {})
    if state.get("round") != n or not state.get("open") or ctx.code is None or ctx.chat is None:
        return
    if not await _still_pending(ctx, repo, number, login, datetime.fromisoformat(state["requested_at"])):
        await stop(ctx, repo, number, login)
        return
    person = ctx.team.person(github=login)
    if person is None or not person.slack:
        return
    record = await load_pr(ctx, repo, number) or {"repo": repo, "number": number}
    count = int(state.get("count", 0)) + 1
    waited = ctx.clock.now() - datetime.fromisoformat(state["requested_at"])
    chat, slack_id, text = ctx.chat, person.slack, msg.review_reminder_dm(record, waited, count)
    await ctx.act(f"gh.review_remind:{repo}#{number}:{login.lower()}:{n}:{count}", "slack.dm",
                  lambda: chat.dm(slack_id, text), target=slack_id)
    state["count"] = count
    await ctx.store.put(state_key(repo, number, login), state)
    due = _later(ctx.clock.now(), _working_day(person), person)
    await ctx.store.schedule(reminder_key(repo, number, login), REMINDER_KIND, due,
                             {"repo": repo, "number": number, "reviewer": login, "round": n, "count": count})


async def _still_pending(ctx: AgentContext, repo: str, number: int, login: str, since: datetime) -> bool:
    """Live check: the PR is open, the reviewer is still requested and has not reviewed since the request."""
    assert ctx.code is not None
    try:
        pr = await ctx.code.pull_request(repo, number)
    except NotFound:
        return False
    if pr.state != "open" or pr.merged:
        return False
    if login.lower() not in {r.lower() for r in pr.requested_reviewers}:
        return False
    for review in await ctx.code.reviews(repo, number):
        if review.reviewer.lower() == login.lower() and (review.submitted_at is None or review.submitted_at >= since):
            return False
    return True
