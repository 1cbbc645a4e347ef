"""Scheduler ticks are inbox events keyed by their minute: every replica may fire, one is processed."""

from __future__ import annotations

from datetime import timedelta

from apscheduler.triggers.cron import CronTrigger

from agents.team import Schedules
from bot.clock import FrozenClock
from bot.scheduler import Scheduler
from bot.storage.db import Database
from bot.store import BotStore


async def test_ticks_fire_once_per_minute_across_replicas(db_url: str, clock: FrozenClock) -> None:
    db_a, db_b = Database(db_url), Database(db_url)
    await db_a.migrate()
    a, b = BotStore(db_a, clock), BotStore(db_b, clock)
    sched_a = Scheduler(Schedules(), clock, a.enqueue)
    sched_b = Scheduler(Schedules(), clock, b.enqueue)
    try:
        assert await sched_a.fire("due_sweep") is True
        assert await sched_b.fire("due_sweep") is False  # the other replica's tick of the same minute
        clock.advance(timedelta(minutes=1))
        assert await sched_b.fire("due_sweep") is True
        rows = await a.inbox.rows()
        assert [r["key"] for r in rows] == [
            "tick:due_sweep:2026-11-23T09:00:00+00:00",
            "tick:due_sweep:2026-11-23T09:01:00+00:00",
        ]
        assert {r["type"] for r in rows} == {"tick.due_sweep"}
    finally:
        await db_a.dispose()
        await db_b.dispose()


def test_jobs_follow_the_team_schedules_in_the_team_timezone(clock: FrozenClock) -> None:
    schedules = Schedules(timezone="Europe/Berlin", weekly_report=None)

    async def enqueue(events: list) -> list[bool]:
        return [True]

    scheduler = Scheduler(schedules, clock, enqueue)
    assert sorted(scheduler.jobs()) == ["daily_report", "due_sweep", "reconcile", "standup_prompt"]
    trigger = scheduler.scheduler.get_job("standup_prompt").trigger
    assert isinstance(trigger, CronTrigger) and str(trigger.timezone) == "Europe/Berlin"
    assert str(trigger) == str(CronTrigger.from_crontab("0 9 * * mon-fri", timezone="Europe/Berlin"))
