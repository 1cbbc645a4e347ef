"""An agent that takes its time, loaded into `pmbot serve` processes through PMBOT_AGENTS (lease tests)."""

from __future__ import annotations

import asyncio
import os

from agents.base import Agent, AgentContext
from bot.storage.owner import worker_id
from integrations.events import Event


class Sleeper(Agent):
    """On `test.sleep` events: notes who runs it in the file `data["log"]`, then sleeps `data["seconds"]`
    (or `PMBOT_TEST_SLEEP_SECONDS`, so one process can hang while its successor finishes quickly)."""

    name = "test_sleeper"
    subscribes = frozenset({"test.sleep"})

    def handles(self, event: Event) -> bool:
        return event.type == "test.sleep"

    async def run(self, event: Event, ctx: AgentContext) -> None:
        with open(event.data["log"], "a") as log:
            log.write(f"{worker_id()} {event.id}\n")
        await asyncio.sleep(float(os.environ.get("PMBOT_TEST_SLEEP_SECONDS") or event.data["seconds"]))
