"""Review reminders: a DM when a review is requested, then stored due rows that remind once a working day
after `review_remind_after` working hours, until the review is in, the request is removed or the PR closes.

`ReviewRequest` `gh:review:{repo}#{n}:{login}` holds the request: `round` (one per request; a re-request restarts the
clock), `event` (the request that started the round, so a retry does not start another), `requested_at`,
`count` (reminders sent) and `open`. The due row is `gh_review:{repo}#{n}:{login}`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from agents.base import AgentContext
from agents.common.absence import local_today, with_stored_absence
from agents.common.mrkdwn import Mrkdwn, link
from agents.common.state import AgentState
from agents.common.worktime import add_working_time
from agents.github_sync import messages as msg
from agents.github_sync.config import GitHubSyncConfig
from agents.github_sync.links import PRRecord, load_pr, save_pr
from agents.team import Person
from integrations.errors import NotFound
from integrations.events import Event

REMINDER_KIND = "gh_review"


class ReviewRequest(AgentState):
    """One reviewer asked on one pull request."""

    namespace = "gh:review"

    round: int = 0
    event: str | None = None
    requested_at: datetime | None = None
    count: int = 0
    open: bool = False


async def _load(ctx: AgentContext, repo: str, number: int, login: str) -> ReviewRequest:
    return await ctx.state.load(ReviewRequest, f"{repo}#{number}", login.lower())


async def _save(ctx: AgentContext, repo: str, number: int, login: str, state: ReviewRequest) -> None:
    await ctx.state.save(state, f"{repo}#{number}", login.lower())


def reminder_key(repo: str, number: int, login: str) -> str:
    return f"{REMINDER_KIND}:{repo}#{number}:{login.lower()}"


def _later(start: datetime, duration: timedelta, person: Person) -> datetime:
    return add_working_time(start, duration, person)


def _working_day(person: Person) -> timedelta:
    begin, end = person.working_hours
    return datetime.combine(datetime.min, end) - datetime.combine(datetime.min, begin)


async def on_requested(ctx: AgentContext, cfg: GitHubSyncConfig, event: Event, record: PRRecord) -> None:
    login = str(event.data.get("reviewer") or "")
    if not login:
        return  # a team was asked: nobody in particular to remind
    repo, number = record.repo, record.number
    state = await _load(ctx, repo, number, login)
    if state.event != event.id:
        state = ReviewRequest(round=state.round + 1, event=event.id, requested_at=ctx.clock.now(), count=0, open=True)
        await _save(ctx, repo, number, login, state)
    if login.lower() not in record.reviewers:
        record.reviewers.append(login.lower())
        await save_pr(ctx, record)
    person = ctx.people.by_code(login)
    chat_id = ctx.people.chat_id(person)
    if person is None or not chat_id or ctx.chat is None or state.requested_at is None:
        return
    person = await with_stored_absence(ctx, person)  # working time skips their out-of-office days
    n = state.round
    text = msg.review_requested_dm(record.view(), await _task_names(ctx, record))
    await ctx.do.dm(chat_id, text, key=f"gh.review_dm:{record.id}:{login.lower()}:{n}")
    due = _later(state.requested_at, cfg.review_remind_after, person)
    await ctx.store.schedule(reminder_key(repo, number, login), REMINDER_KIND, due,
                             {"repo": repo, "number": number, "reviewer": login, "round": n, "count": 0})


async def _task_names(ctx: AgentContext, record: PRRecord) -> list[Mrkdwn]:
    if ctx.tracker is None:
        return []
    names = []
    for task_id in record.tasks:
        try:
            task = await ctx.tracker.get_task(task_id)
        except NotFound:
            continue
        names.append(link(task.url, task.name))
    return names


async def stop(ctx: AgentContext, repo: str, number: int, login: str) -> None:
    """The review is in, the request was removed or the PR closed: no more reminders for this round."""
    state = await _load(ctx, repo, number, login)
    await ctx.store.cancel(reminder_key(repo, number, login))
    if state.open:
        state.open = False
        await _save(ctx, repo, number, login, state)


async def stop_all(ctx: AgentContext, record: PRRecord) -> None:
    for login in record.reviewers:
        await stop(ctx, record.repo, record.number, login)


async def on_reminder(ctx: AgentContext, event: Event) -> None:
    data = event.data
    repo, number, login = str(data.get("repo")), int(data.get("number") or 0), str(data.get("reviewer") or "")
    n = int(data.get("round", 0))
    state = await _load(ctx, repo, number, login)
    if state.round != n or not state.open or ctx.code is None or ctx.chat is None or state.requested_at is None:
        return
    if not await _still_pending(ctx, repo, number, login, state.requested_at):
        await stop(ctx, repo, number, login)
        return
    person = ctx.people.by_code(login)
    chat_id = ctx.people.chat_id(person)
    if person is None or not chat_id:
        return
    person = await with_stored_absence(ctx, person)
    if person.is_out_of_office(local_today(ctx, person)):  # no nagging while away: the same one when back
        back = _later(ctx.clock.now(), timedelta(0), person)
        await ctx.store.schedule(reminder_key(repo, number, login), REMINDER_KIND, back, dict(data))
        return
    record = await load_pr(ctx, repo, number)
    view = record.view() if record.repo else {"repo": repo, "number": number}
    count = state.count + 1
    waited = ctx.clock.now() - state.requested_at
    await ctx.do.dm(chat_id, msg.review_reminder_dm(view, waited, count),
                    key=f"gh.review_remind:{repo}#{number}:{login.lower()}:{n}:{count}")
    state.count = count
    await _save(ctx, repo, number, login, state)
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
