"""The due-item sweep: stored reminders and cut-offs whose time has come become events on the one road."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from agents.base import Agent, AgentContext, Cron, Schedule
from integrations.events import Event

BATCH = 100


class DueSweeper(Agent):
    """On `tick.due_sweep`, turns due rows into `due.<kind>` events in one transaction each batch."""

    name = "due_sweeper"
    reads_raw = False
    subscribes = frozenset({"tick.due_sweep"})

    def __init__(self, sweep: Callable[[], Awaitable[list[Any]]], *, every: str = "* * * * *") -> None:
        super().__init__()
        self._sweep = sweep  # BotStore.sweep_due; passed in so agents stay free of bot imports
        self.every = every

    def schedules(self) -> list[Schedule]:
        return [Cron("due_sweep", self.every)]

    async def run(self, event: Event, ctx: AgentContext) -> None:
        while True:
            events = await self._sweep()
            if events:
                ctx.log.info("due items fired", extra={"count": len(events)})
            if len(events) < BATCH:
                break
