"""Scheduler ticks are inbox events keyed by their minute: every replica may fire, one is processed."""

from __future__ import annotations

from datetime import time, timedelta

from apscheduler.triggers.cron import CronTrigger

from agents.base import Daily
from agents.system.daily import DailyPlanner
from agents.system.due_sweeper import DueSweeper
from agents.system.reconciler import Reconciler
from agents.team import TeamConfig
from bot.clock import FrozenClock
from bot.runtime import cron_jobs
from bot.scheduler import Scheduler
from bot.storage.db import Database
from bot.store import BotStore


async def test_ticks_fire_once_per_minute_across_replicas(db_url: str, clock: FrozenClock) -> None:
    db_a, db_b = Database(db_url), Database(db_url)
    await db_a.migrate()
    a, b = BotStore(db_a, clock), BotStore(db_b, clock)
    sched_a = Scheduler({"due_sweep": "* * * * *"}, "UTC", clock, a.enqueue)
    sched_b = Scheduler({"due_sweep": "* * * * *"}, "UTC", clock, b.enqueue)
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


def test_jobs_are_what_the_agents_declare_with_the_team_overrides_in_the_team_timezone(clock: FrozenClock) -> None:
    team = TeamConfig.model_validate({"schedules": {"timezone": "Europe/Berlin", "reconcile": "*/5 * * * *",
                                                    "plan_daily": None}})
    agents = [DueSweeper(lambda: None), Reconciler([], []), DailyPlanner([Daily("prompt", time(9, 30))])]

    async def enqueue(events: list) -> list[bool]:
        return [True]

    jobs = cron_jobs(agents, team)
    assert jobs == {"due_sweep": "* * * * *", "reconcile": "*/5 * * * *"}  # plan_daily turned off by null
    scheduler = Scheduler(jobs, team.schedules.timezone, clock, enqueue)
    assert sorted(scheduler.jobs()) == ["due_sweep", "reconcile"]
    trigger = scheduler.scheduler.get_job("reconcile").trigger
    assert isinstance(trigger, CronTrigger) and str(trigger.timezone) == "Europe/Berlin"
    assert str(trigger) == str(CronTrigger.from_crontab("*/5 * * * *", timezone="Europe/Berlin"))


def test_week_days_are_read_as_cron_reads_them() -> None:
    """Cron counts Sunday as 0 (and 7) and Monday as 1; APScheduler 3 alone would read `1` as Tuesday."""
    from datetime import UTC, datetime

    from bot.scheduler import cron_trigger

    start = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
    for expr, day in (("0 9 * * 1", "Mon"), ("0 9 * * 0", "Sun"), ("0 9 * * 7", "Sun"), ("0 9 * * 1-5", "Thu"),
                      ("0 9 * * 5,6", "Fri"), ("0 9 * * mon", "Mon"), ("0 9 * * *", "Thu")):
        fire = cron_trigger(expr, "UTC").get_next_fire_time(None, start)
        assert fire is not None and fire.strftime("%a %H:%M") == f"{day} 09:00", expr


async def test_the_per_person_planner_runs_at_start_not_only_on_its_quarter_hour(clock: FrozenClock) -> None:
    """A standup at 09:32 on a pmbot started at 09:30 is planned at once (and so prompted on time)."""
    import asyncio

    fired: list[str] = []

    async def enqueue(events: list) -> list[bool]:
        fired.extend(e.type for e in events)
        return [True]

    scheduler = Scheduler({"plan_daily": "*/15 * * * *", "due_sweep": "* * * * *"}, "UTC", clock, enqueue)
    scheduler.start()
    try:
        for _ in range(100):
            if fired:
                break
            await asyncio.sleep(0.01)
    finally:
        scheduler.shutdown()
    assert fired == ["tick.plan_daily"]  # the due sweep keeps its minute
