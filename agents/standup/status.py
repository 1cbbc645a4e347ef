"""Where a person's standups stand today, for other agents to show (the App Home): read through here, not
from the standup's state directly, so squads' keys stay the standup's business."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import ValidationError

from agents.base import AgentContext
from agents.standup.config import StandupConfig
from agents.standup.days import members
from agents.standup.state import StandupDay
from agents.team import Person, TeamConfig


def section(team: TeamConfig) -> StandupConfig | None:
    """The team file's `standup:` (a mapping or a list of squads) as the standup reads it; None when invalid."""
    raw = team.sections.get("standup")
    try:
        return StandupConfig.model_validate({} if raw is None else raw)
    except ValidationError:
        return None


async def today(ctx: AgentContext, person: Person) -> list[tuple[str | None, str]]:
    """(squad name, where today's standup stands) for each standup `person` is asked in; the unnamed standup's
    name is None."""
    cfg = section(ctx.team)
    if cfg is None or not cfg.enabled:
        return []
    day = ctx.clock.now().astimezone(ZoneInfo(person.timezone)).date().isoformat()
    found = []
    for squad in cfg.instances():
        if person not in members(squad, ctx.team):
            continue
        state = await ctx.state.load(StandupDay, *squad.parts(person.name, day))
        found.append((squad.name, describe(ctx, state, person)))
    return found


def describe(ctx: AgentContext, state: StandupDay, person: Person) -> str:
    if state.skipped:
        return "skipped today"
    if state.answered_at is not None:
        local = state.answered_at.astimezone(ZoneInfo(person.timezone))
        return f"answered at {local:%a %d %b %H:%M}"
    if state.prompt is not None:
        return "waiting for your answer"
    return "no standup asked of you yet today"
