"""Per-person local times ("09:30 where each person is"): a planner that keeps a stored due row for each
person's next occurrences, so the due sweep fires them — no timers, nothing lost across restarts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from agents.base import Agent, AgentContext, Cron, Daily, Schedule
from agents.common.absence import with_stored_absences
from integrations.events import Event

LATE = timedelta(hours=1)  # an occurrence missed by more than this (pmbot was down) is skipped, not sent late


def due_key(schedule: Daily, person: str, day: str) -> str:
    return f"{schedule.kind}:{person}:{day}"


class DailyPlanner(Agent):
    """On `tick.plan_daily`, stores today's and tomorrow's occurrence of every declared `Daily` per person."""

    name = "daily_planner"
    reads_raw = False
    subscribes = frozenset({"tick.plan_daily"})

    def __init__(self, schedules: Sequence[Daily], *, every: str = "*/15 * * * *") -> None:
        super().__init__()
        self.daily = list(schedules)
        self.every = every

    def schedules(self) -> list[Schedule]:
        return [Cron("plan_daily", self.every)] if self.daily else []

    async def run(self, event: Event, ctx: AgentContext) -> None:
        await plan(ctx, self.daily)


async def plan(ctx: AgentContext, schedules: Sequence[Daily]) -> int:
    """Store every occurrence due within the next day that is not stored yet; returns how many were new."""
    now = ctx.clock.now()
    added = 0
    people = await with_stored_absences(ctx, ctx.team.people) if schedules else []
    for schedule in schedules:
        wanted = set(schedule.people) if schedule.people is not None else None
        for person in people:
            if wanted is not None and person.name not in wanted:
                continue
            today = now.astimezone(person.tz).date()
            for day in (today, today + timedelta(days=1)):
                if not person.works_on(day):
                    continue
                at = datetime.combine(day, schedule.at, person.tz)
                if at < now - LATE or at > now + timedelta(days=1):
                    continue
                payload = {"person": person.name, "day": day.isoformat()}
                if await ctx.store.schedule(due_key(schedule, person.name, day.isoformat()), schedule.kind, at,
                                            payload, replace=False):
                    added += 1
    return added
