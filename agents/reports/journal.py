"""The facts pmbot hears between reports and the platforms do not keep for us: status moves per task
(moved to QA, failed QA, completed at) and merged pull requests per repository and day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from agents.base import AgentContext
from agents.reports.state import MAX_MOVES, Merged, MergedOn, Move, TaskMoves
from integrations.events import Event

VERIFY_ROUNDS = 3


async def record_move(ctx: AgentContext, event: Event) -> None:
    """Keep the move in the task's own list (at most MAX_MOVES, oldest dropped)."""
    if event.subject is None or not event.data.get("to"):
        return
    move = Move(to=str(event.data["to"]).lower(), at=event.occurred_at,
                **{"from": str(event.data["from"]).lower() if event.data.get("from") else None})
    moves = await ctx.state.load(TaskMoves, event.subject.id)
    if any(m.to == move.to and m.at == move.at for m in moves.root):
        return  # the same change again (redelivery, ClickUp's taskUpdated copy, the reconciler)
    moves.root = sorted([*moves.root, move], key=lambda m: m.at)[-MAX_MOVES:]
    await ctx.state.save(moves, event.subject.id)


async def moves_of(ctx: AgentContext, task_id: str) -> list[Move]:
    return list((await ctx.state.load(TaskMoves, task_id)).root)


async def record_merge(ctx: AgentContext, event: Event) -> None:
    """Add the pull request to its repository's list for the day; read back to catch a replica's write
    that crossed ours on the same key (two merges in one repository at the same instant)."""
    data = event.data
    if not data.get("repo") or not isinstance(data.get("number"), int):
        return
    when = event.occurred_at.astimezone(UTC)
    entry = Merged(repo=str(data["repo"]), number=int(data["number"]), title=str(data.get("title") or ""),
                   url=data.get("url"), author=data.get("author"), at=when)
    parts = (entry.repo, when.date().isoformat())
    for _ in range(VERIFY_ROUNDS):
        merged = await ctx.state.load(MergedOn, *parts)
        if any(m.number == entry.number for m in merged.root):
            return
        merged.root.append(entry)
        await ctx.state.save(merged, *parts)


async def merged_between(ctx: AgentContext, repo: str, start: datetime, end: datetime) -> list[Merged]:
    found: list[Merged] = []
    day: date = start.astimezone(UTC).date()
    while day <= end.astimezone(UTC).date():
        found += [m for m in (await ctx.state.load(MergedOn, repo, day.isoformat())).root if start <= m.at < end]
        day += timedelta(days=1)
    return sorted(found, key=lambda m: (m.at, m.number))
