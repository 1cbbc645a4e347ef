"""Choosing a QA engineer: availability, skills, then least-loaded or round-robin."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from agents.base import AgentContext
from agents.team import Person, QARouterConfig
from integrations.models import Task

LAST_ASSIGNED_KEY = "qa:last_assigned"
POINTER_KEY = "qa:rr_pointer"


def qa_people(ctx: AgentContext) -> list[Person]:
    return [p for p in ctx.team.people if "qa" in p.roles and p.clickup]


def available(person: Person, now: datetime) -> bool:
    """Not out of office and a working day where the person is."""
    return person.works_on(now.astimezone(person.tz).date())


async def testing_load(ctx: AgentContext, cfg: QARouterConfig) -> Counter[str]:
    """Tasks currently in the testing status, per assignee ClickUp id."""
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
    now = ctx.clock.now()
    everyone = qa_people(ctx)
    candidates = [p for p in everyone if p.clickup not in exclude and available(p, now)]
    if prefer:
        again = next((p for p in candidates if p.clickup == prefer), None)
        if again is not None:
            return again
    if not candidates:
        return None
    tags = {t.lower() for t in task.tags}
    skilled = [p for p in candidates if tags & {s.lower() for s in p.skills}]
    pool = skilled or candidates
    if cfg.strategy == "round_robin":
        return await _round_robin(ctx, everyone, pool)
    load = await testing_load(ctx, cfg)
    last: dict[str, str] = await ctx.store.get(LAST_ASSIGNED_KEY, {}) or {}
    order = {p.clickup: i for i, p in enumerate(everyone)}
    # Ties go to whoever was given a task longest ago ("" = never), then to config order.
    return min(pool, key=lambda p: (load[p.clickup or ""], last.get(p.clickup or "", ""), order[p.clickup]))


async def _round_robin(ctx: AgentContext, everyone: list[Person], pool: list[Person]) -> Person:
    pointer = await ctx.store.get(POINTER_KEY)
    ids = [p.clickup for p in everyone]
    start = ids.index(pointer) + 1 if pointer in ids else 0
    eligible = {p.clickup for p in pool}
    for step in range(len(ids)):
        candidate = everyone[(start + step) % len(ids)]
        if candidate.clickup in eligible:
            return candidate
    return pool[0]


async def remember_assignment(ctx: AgentContext, qa: Person) -> None:
    """Advance the round-robin pointer and the least-loaded tie-breaker."""
    last: dict[str, str] = await ctx.store.get(LAST_ASSIGNED_KEY, {}) or {}
    last[qa.clickup or ""] = ctx.clock.now().isoformat()
    await ctx.store.put(LAST_ASSIGNED_KEY, last)
    await ctx.store.put(POINTER_KEY, qa.clickup)
