"""The worker: agents isolated, transient failures retried with backoff, finished agents not re-run."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from agents.base import Agent, AgentContext
from agents.team import TeamConfig
from bot.clock import FrozenClock
from bot.dispatcher import Dispatcher
from bot.metrics import Metrics
from bot.storage.db import Database
from bot.store import BotStore
from bot.worker import Worker, backoff
from integrations.errors import RateLimited, Unavailable
from integrations.events import Event, Ref
from integrations.llm.client import FallbackLLM


class Flaky(Agent):
    """Fails transiently `failures` times, then writes once through the action helper."""

    name = "flaky"
    subscribes = frozenset({"*"})

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.attempts = 0
        self.effects: list[str] = []

    def handles(self, event: Event) -> bool:
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise self.error

        async def effect() -> str:
            self.effects.append(event.id)
            return "ok"

        await ctx.act(f"flaky:{event.id}", "test.effect", effect)


class Steady(Agent):
    name = "steady"
    subscribes = frozenset({"*"})

    def __init__(self) -> None:
        self.runs = 0

    def handles(self, event: Event) -> bool:
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.runs += 1


@pytest.fixture
async def store(db_url: str, clock: FrozenClock):
    db = Database(db_url)
    await db.migrate()
    yield BotStore(db, clock)
    await db.dispose()


def make_worker(store: BotStore, clock: FrozenClock, agents: list[Agent], **kw) -> Worker:
    def context(agent: Agent, event: Event) -> AgentContext:
        return AgentContext(tracker=None, chat=None, code=None, llm=FallbackLLM(), store=store, clock=clock,
                            team=TeamConfig(), log=logging.LoggerAdapter(logging.getLogger("t"), {}),
                            agent=agent.name, event_key=event.id)

    return Worker(store.inbox, Dispatcher(agents, context, store.inbox), Metrics(), **kw)


EVENT = Event(id="clickup:w:1", source="clickup", type="task.status_changed", occurred_at="2026-11-23T09:00:00Z")


async def test_transient_failure_retries_with_backoff_and_runs_finished_agents_once(
    store: BotStore, clock: FrozenClock
) -> None:
    flaky, steady = Flaky(2, Unavailable("503 from ClickUp")), Steady()
    worker = make_worker(store, clock, [flaky, steady])
    await store.enqueue([EVENT])
    assert await worker.run_once() == 1
    assert (await store.inbox.rows())[0]["status"] == "pending"
    assert await worker.run_once() == 0  # not before the backoff
    clock.advance(timedelta(seconds=backoff(1)))
    assert await worker.run_once() == 1
    clock.advance(timedelta(seconds=backoff(2)))
    assert await worker.run_once() == 1
    row = (await store.inbox.rows())[0]
    assert (row["status"], row["attempts"]) == ("done", 3)
    assert flaky.effects == ["clickup:w:1"] and steady.runs == 1


async def test_rate_limit_waits_as_long_as_the_platform_asks(store: BotStore, clock: FrozenClock) -> None:
    worker = make_worker(store, clock, [Flaky(1, RateLimited(120))])
    await store.enqueue([EVENT])
    await worker.run_once()
    clock.advance(timedelta(seconds=119))
    assert await worker.run_once() == 0
    clock.advance(timedelta(seconds=2))
    assert await worker.run_once() == 1


async def test_gives_up_after_max_attempts(store: BotStore, clock: FrozenClock) -> None:
    worker = make_worker(store, clock, [Flaky(99, Unavailable("down"))], max_attempts=3)
    await store.enqueue([EVENT])
    for _ in range(3):
        await worker.run_once()
        clock.advance(timedelta(hours=1))
    row = (await store.inbox.rows())[0]
    assert (row["status"], row["attempts"]) == ("dead", 3)
    assert "Unavailable: down" in row["last_error"]


class Stuck(Agent):
    """Hangs on its first run (until the dispatcher's timeout cancels it), finishes on the next."""

    name = "stuck"
    subscribes = frozenset({"*"})

    def __init__(self) -> None:
        self.runs = 0
        self.cancelled = 0

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.runs += 1
        if self.runs == 1:
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                self.cancelled += 1
                raise


async def test_an_agent_past_its_timeout_is_cancelled_and_retried_and_the_others_run(
    store: BotStore, clock: FrozenClock
) -> None:
    stuck, steady = Stuck(), Steady()
    worker = make_worker(store, clock, [stuck, steady])
    worker.dispatcher.timeout = 0.05
    await store.enqueue([EVENT])
    async with asyncio.timeout(5):
        assert await worker.run_once() == 1
    row = (await store.inbox.rows())[0]
    assert (row["status"], stuck.cancelled, steady.runs) == ("pending", 1, 1)
    assert "stuck: TimeoutError" in row["last_error"]
    clock.advance(timedelta(seconds=backoff(1)))
    assert await worker.run_once() == 1
    assert ((await store.inbox.rows())[0]["status"], stuck.runs, steady.runs) == ("done", 2, 1)


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 16.0]
    assert backoff(30) == 600.0


class Slow(Agent):
    """Counts how many of its runs overlap."""

    name = "slow"
    subscribes = frozenset({"*"})

    def __init__(self) -> None:
        super().__init__()
        self.now = self.most = self.runs = 0

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        await asyncio.sleep(0.02)
        self.now -= 1
        self.runs += 1


async def test_during_a_flood_the_worker_takes_small_rounds_and_still_finishes(
    store: BotStore, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.worker as worker_module

    monkeypatch.setattr(worker_module, "BUSY_FLOOR", 0.05)
    agent = Slow()
    events = [Event(id=f"clickup:f:{n}", source="clickup", type="task.updated", occurred_at=clock.now(),
                    subject=Ref(kind="task", id=f"T{n}")) for n in range(24)]
    await store.inbox.put(events)
    worker = make_worker(store, clock, [agent], concurrency=16, idle=0.05, busy=lambda: True)  # it never ends
    running = asyncio.create_task(worker.run_forever())
    try:
        for _ in range(200):
            if agent.runs == len(events):
                break
            await asyncio.sleep(0.05)
    finally:
        worker.stop()
        await running
    assert agent.runs == len(events)  # nothing starves, however long the flood lasts
    assert agent.most <= worker_module.BUSY_ROUND  # never more than a small round's work beside the webhooks
