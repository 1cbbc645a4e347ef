"""ClickUp's rate limit is kept before it answers 429: every request of every agent counts against one budget
per token, shared by replicas, shown in /metrics; the reconciler's reads run as background work."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import httpx

from agents.base import Agent, AgentContext
from bot.dispatcher import Dispatcher
from integrations.events import Event
from integrations.ratelimit import background_work
from tests.agents.qa_router.qa_support import qa_world


def test_every_clickup_request_counts_against_the_shared_budget_shown_in_metrics(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        second = w.start(webhook=False)  # a replica on the same database and token
        w.stop(second)
        sent = len(w.clickup.calls(path="/api/v2/*"))
        text = httpx.get(f"{w.pmbot.url}/metrics").text
        used = re.search(r'pmbot_request_budget_used\{platform="clickup"\} (\S+)', text)
        assert used is not None and float(used.group(1)) == sent > 3
        assert 'pmbot_request_budget_limit{platform="clickup"} 100.0' in text


class Recorder(Agent):
    name = "recorder"
    subscribes = frozenset({"*"})

    def __init__(self, background: bool) -> None:
        super().__init__()
        self.background = background
        self.seen: list[bool] = []

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.seen.append(background_work.get())


async def test_background_agents_run_inside_as_background(sqlite_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.db import Database
    from bot.store import BotStore

    db = Database(sqlite_url)
    await db.migrate()
    store = BotStore(db, clock)
    quiet, busy = Recorder(background=True), Recorder(background=False)
    context = SimpleNamespace(performed=[])
    dispatcher = Dispatcher([quiet, busy], lambda a, e: context, store.inbox)  # type: ignore[arg-type, return-value]
    try:
        await dispatcher.dispatch(Event(id="e1", source="scheduler", type="tick.reconcile", occurred_at=clock.now()))
    finally:
        await db.dispose()
    assert (quiet.seen, busy.seen, background_work.get()) == ([True], [False], False)
