"""The facts pmbot hears between reports and the platforms do not keep for us: status moves per task
(moved to QA, failed QA, completed at), which tasks moved on which day, and merged pull requests per
repository and day. Each is stamped with pmbot's clock when it passes (as the standup's activity log is): the
platforms' timestamps come from other clocks, and every window a report covers is measured on pmbot's.

The per-day records are a row per task or pull request (`Moved`, `MergedPR`): recording one never rewrites the
others, so events processed side by side, or by replicas, cannot lose each other's. Lists kept per day by
earlier versions (`MovedOn`, `MergedOn`) are still read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from agents.base import AgentContext
from agents.reports.state import MAX_MOVES, Merged, MergedOn, MergedPR, Move, Moved, MovedOn, TaskMoves
from integrations.events import Event

# Copies of one change arrive under other ids (ClickUp's taskUpdated, the reconciler, every 10 minutes).
SAME_MOVE_WITHIN = timedelta(minutes=30)


async def record_move(ctx: AgentContext, event: Event) -> None:
    """Keep the move in the task's own list (at most MAX_MOVES, oldest dropped)."""
    if event.subject is None or not event.data.get("to"):
        return
    move = Move(to=str(event.data["to"]).lower(), at=ctx.clock.now(), event=event.id,
                **{"from": str(event.data["from"]).lower() if event.data.get("from") else None})
    moves = await ctx.state.load(TaskMoves, event.subject.id)
    last = moves.root[-1] if moves.root else None
    again = last is not None and last.to == move.to and move.at - last.at < SAME_MOVE_WITHIN
    if again or any(m.event == event.id for m in moves.root):
        return  # the same change again (a retry, ClickUp's taskUpdated copy, the reconciler's catch-up)
    moves.root = sorted([*moves.root, move], key=lambda m: m.at)[-MAX_MOVES:]
    await ctx.state.save(moves, event.subject.id)
    await ctx.state.save(Moved(task=event.subject.id), move.at.astimezone(UTC).date().isoformat(), event.subject.id)


async def moved_between(ctx: AgentContext, start: datetime, end: datetime) -> set[str]:
    """The tasks pmbot heard move from `start`'s UTC day to `end`'s."""
    found: set[str] = set()
    day: date = start.astimezone(UTC).date()
    while day <= end.astimezone(UTC).date():
        found.update((await ctx.state.load(MovedOn, day.isoformat())).root)
        found.update(m.task for m in (await ctx.state.load_all(Moved, day.isoformat())).values())
        day += timedelta(days=1)
    return found


async def record_merge(ctx: AgentContext, event: Event) -> None:
    """Add the pull request to its repository's list for the day."""
    data = event.data
    if not data.get("repo") or not isinstance(data.get("number"), int):
        return
    when = ctx.clock.now().astimezone(UTC)
    entry = Merged(repo=str(data["repo"]), number=int(data["number"]), title=str(data.get("title") or ""),
                   url=data.get("url"), author=data.get("author"), at=when)
    # Heard again (a retry, the catch-up): the first record stays.
    await ctx.state.create(MergedPR(**entry.model_dump()), entry.repo, when.date().isoformat(), entry.number)


async def merged_between(ctx: AgentContext, repo: str, start: datetime, end: datetime) -> list[Merged]:
    found: list[Merged] = []
    day: date = start.astimezone(UTC).date()
    while day <= end.astimezone(UTC).date():
        listed = {m.number: m for m in (await ctx.state.load(MergedOn, repo, day.isoformat())).root}
        listed.update((m.number, m) for m in (await ctx.state.load_all(MergedPR, repo, day.isoformat())).values())
        found += [m for m in listed.values() if start <= m.at < end]
        day += timedelta(days=1)
    return sorted(found, key=lambda m: (m.at, m.number))
