"""Choosing a QA engineer: availability, skills, then least-loaded or round-robin."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from agents.base import AgentContext
from agents.common.absence import with_stored_absences
from agents.qa_router.config import QARouterConfig
from agents.qa_router.state import Picks
from agents.team import Person
from integrations.models import Task

TEAM = "team"


def qa_people(ctx: AgentContext, cfg: QARouterConfig) -> list[Person]:
    """Who tests for this router: its `qa` by name, else everyone with the role qa (with a tracker id)."""
    wanted = {n.lower() for n in cfg.qa} if cfg.qa is not None else None
    found = ctx.people.with_role("qa") if wanted is None else [p for p in ctx.team.people if p.name.lower() in wanted]
    return [p for p in found if ctx.people.tracker_id(p)]


def available(person: Person, now: datetime) -> bool:
    """Not out of office and a working day where the person is (pass the person `with_stored_absences` gives,
    so an out of office set with `/pm ooo` counts too)."""
    return person.works_on(now.astimezone(person.tz).date())


async def testing_load(ctx: AgentContext, cfg: QARouterConfig) -> Counter[str]:
    """Tasks currently in the testing status, per assignee tracker id."""
    assert ctx.tracker is not None
    load: Counter[str] = Counter()
    for list_id in cfg.lists or [None]:  # type: ignore[list-item]
        for task in await ctx.tracker.find_tasks(list_id=list_id, statuses=[cfg.statuses.testing]):
            if task.status.lower() == cfg.statuses.testing.lower():
                load.update(m.id for m in task.assignees)
    return load


async def pick_qa(
    ctx: AgentContext, cfg: QARouterConfig, task: Task, *, exclude: set[str], prefer: str | None = None
) -> Person | None:
    """The QA engineer for `task`, or None when nobody is available."""
    now, tid = ctx.clock.now(), ctx.people.tracker_id
    everyone = await with_stored_absences(ctx, qa_people(ctx, cfg))
    candidates = [p for p in everyone if tid(p) not in exclude and available(p, now)]
    if prefer:
        again = next((p for p in candidates if tid(p) == prefer), None)
        if again is not None:
            return again
    if not candidates:
        return None
    tags = {t.lower() for t in task.tags}
    skilled = [p for p in candidates if tags & {s.lower() for s in p.skills}]
    pool = skilled or candidates
    picks = await ctx.state.load(Picks, *cfg.parts(TEAM))
    if cfg.strategy == "round_robin":
        return _round_robin(ctx, picks, everyone, pool)
    load = await testing_load(ctx, cfg)
    last = {k: v.isoformat() for k, v in picks.last_assigned.items()}
    order = {tid(p): i for i, p in enumerate(everyone)}
    # Ties go to whoever was given a task longest ago ("" = never), then to config order.
    return min(pool, key=lambda p: (load[tid(p) or ""], last.get(tid(p) or "", ""), order[tid(p)]))


def _round_robin(ctx: AgentContext, picks: Picks, everyone: list[Person], pool: list[Person]) -> Person:
    ids = [ctx.people.tracker_id(p) for p in everyone]
    start = ids.index(picks.pointer) + 1 if picks.pointer in ids else 0
    eligible = {ctx.people.tracker_id(p) for p in pool}
    for step in range(len(ids)):
        candidate = everyone[(start + step) % len(ids)]
        if ctx.people.tracker_id(candidate) in eligible:
            return candidate
    return pool[0]


async def remember_assignment(ctx: AgentContext, cfg: QARouterConfig, qa: Person) -> None:
    """Advance the round-robin pointer and the least-loaded tie-breaker."""
    picks = await ctx.state.load(Picks, *cfg.parts(TEAM))
    qa_id = ctx.people.tracker_id(qa) or ""
    picks.last_assigned[qa_id] = ctx.clock.now()
    picks.pointer = qa_id
    await ctx.state.save(picks, *cfg.parts(TEAM))
