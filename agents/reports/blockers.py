"""Blockers people reported at the standup, read through the standup collector's own summary gathering
(`agents.standup.summary.gather` → `Round.blockers`): those of the latest standup day with answers, within
the last few days, that name a task. A blocker that names no task cannot be tied to an item and is left out.
With several standups (squads), a squad's report reads its squad's; any other report every squad's."""

from __future__ import annotations

from datetime import datetime, timedelta

from agents.base import AgentContext
from agents.standup.config import StandupConfig
from agents.standup.days import members, team_day
from agents.standup.status import section as standup_section
from agents.standup.summary import gather as standup_round

LOOKBACK_DAYS = 4  # a Monday report still sees Friday's standup


async def standup_blockers(ctx: AgentContext, now: datetime,
                           squad: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Task id → [(who reported it, what they said)] from the latest answered standup (of `squad`, or of every
    standup)."""
    section = standup_section(ctx.team)
    if section is None or not section.enabled:
        return {}
    linked: dict[str, list[tuple[str, str]]] = {}
    for cfg in section.instances():
        if squad is None or cfg.name == squad:
            for task_id, said in (await _latest(ctx, cfg, now)).items():
                linked.setdefault(task_id, []).extend(said)
    return linked


async def _latest(ctx: AgentContext, cfg: StandupConfig, now: datetime) -> dict[str, list[tuple[str, str]]]:
    people = members(cfg, ctx.team)
    if not cfg.enabled or not people:
        return {}
    today = team_day(ctx.team, now)
    for back in range(LOOKBACK_DAYS):
        found = await standup_round(cfg, ctx, today - timedelta(days=back), people)
        if found.answered:
            linked: dict[str, list[tuple[str, str]]] = {}
            for name, blocker in found.blockers:
                if blocker.task_id:
                    linked.setdefault(blocker.task_id, []).append((name, blocker.text))
            return linked
    return {}
