"""APScheduler in the app lifespan; every tick becomes an inbox event, so replicas dedupe it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock
from integrations.events import Event

log = logging.getLogger("pmbot.scheduler")


_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _day(token: str) -> str:
    return _DAYS[int(token)] if token.isdigit() and int(token) < len(_DAYS) else token


def cron_trigger(expr: str, timezone: str) -> CronTrigger:
    """A 5-field cron expression read as cron reads it. APScheduler 3 numbers week days from Monday = 0,
    where cron has Sunday = 0 (and 7): `0 9 * * 1` would fire on Tuesdays, so numbers become names."""
    fields = expr.split()
    if len(fields) == 5:
        parts = []
        for part in fields[4].split(","):
            step = ""
            if "/" in part:
                part, step = part.split("/", 1)
                step = "/" + step
            parts.append("-".join(_day(t) for t in part.split("-")) + step)
        fields[4] = ",".join(parts)
    return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)


def tick_event(name: str, clock: Clock) -> Event:
    """The event for tick `name` in the current minute; its id is the same on every replica."""
    slot = clock.now().replace(second=0, microsecond=0)
    return Event(id=f"tick:{name}:{slot.isoformat()}", source="scheduler", type=f"tick.{name}", occurred_at=slot)


AT_START = ("plan_daily",)


class Scheduler:
    """The agents' declared cron schedules (team timezone), each enqueueing `tick.<name>` events."""

    def __init__(
        self,
        jobs: Mapping[str, str],
        timezone: str,
        clock: Clock,
        enqueue: Callable[[list[Event]], Awaitable[list[bool]]],
    ) -> None:
        self.clock = clock
        self.enqueue = enqueue
        self.scheduler = AsyncIOScheduler(timezone=timezone)
        for name, expr in jobs.items():
            if expr:
                trigger = cron_trigger(expr, timezone)
                self.scheduler.add_job(
                    self.fire, trigger, args=[name], id=name, coalesce=True, max_instances=1, misfire_grace_time=30
                )

    async def fire(self, name: str) -> bool:
        try:
            fresh = await self.enqueue([tick_event(name, self.clock)])
        except Exception:  # noqa: BLE001 - a missed tick is retried at the next one
            log.exception("tick could not be enqueued", extra={"tick": name})
            return False
        return bool(fresh and fresh[0])

    def jobs(self) -> list[str]:
        return [job.id for job in self.scheduler.get_jobs()]

    def start(self) -> None:
        self.scheduler.start()
        # The per-person planner also runs at once: a standup at 09:32 on a pmbot started at 09:30 is planned now,
        # not at the next quarter-hour (and prompted late).
        for name in AT_START:
            if self.scheduler.get_job(name) is not None:
                self.scheduler.add_job(self.fire, args=[name], id=f"{name}:start")

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
