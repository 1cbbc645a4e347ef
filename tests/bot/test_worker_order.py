"""The concurrent worker: events about one task in arrival order, one at a time - also across two replicas -
while events about different tasks run side by side. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import orjson
import pytest

from agents.base import Agent, AgentContext
from agents.team import TeamConfig
from bot.clock import FrozenClock
from bot.dispatcher import Dispatcher
from bot.metrics import Metrics
from bot.storage.db import Database
from bot.storage.deliveries import Deliveries
from bot.store import BotStore
from bot.translate import Translator
from bot.worker import Worker
from integrations.clickup.sim.webhooks import webhook_payloads
from integrations.clickup.webhook import ClickUpWebhook
from integrations.events import Event
from integrations.llm.client import FallbackLLM

TASKS = 12
STATUSES = ["ready for testing", "needs fix", "ready for testing", "needs fix"]


@dataclass
class Run:
    task: str
    status: str
    history_id: str
    started: float
    ended: float = 0.0


@dataclass
class Recorder(Agent):
    """Records when it handled each status change; `ready for testing` takes longer than `needs fix`, so a
    pair processed out of order or side by side would show."""

    name = "recorder"
    subscribes = frozenset({"task.status_changed"})
    runs: list[Run] = field(default_factory=list)
    running: int = 0
    most: int = 0

    def handles(self, event: Event) -> bool:
        return True

    async def run(self, event: Event, ctx: AgentContext) -> None:
        assert event.subject is not None
        run = Run(event.subject.id, event.data["to"], event.id.rsplit(":", 1)[1], time.monotonic())
        self.runs.append(run)
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.sleep(0.15 if run.status == "ready for testing" else 0.01)
        finally:
            self.running -= 1
            run.ended = time.monotonic()


@dataclass
class Replica:
    db: Database
    store: BotStore
    deliveries: Deliveries
    worker: Worker


SECRET = "order-secret"


async def replica(db_url: str, clock: FrozenClock, agent: Recorder, name: str) -> Replica:
    db = Database(db_url)
    await db.migrate()
    store = BotStore(db, clock)
    store.inbox.me = f"{name}:1"  # another replica's identity (leases are per holder)
    deliveries = Deliveries(db, clock)

    def context(a: Agent, event: Event) -> AgentContext:
        return AgentContext(tracker=None, chat=None, code=None, llm=FallbackLLM(), store=store, clock=clock,
                            team=TeamConfig(), log=logging.LoggerAdapter(logging.getLogger("t"), {}),
                            agent=a.name, event_key=event.id)

    source = ClickUpWebhook(SECRET)
    translator = Translator(deliveries, store.inbox, lambda: {"clickup": source}, Metrics(), batch=7)
    worker = Worker(store.inbox, Dispatcher([agent], context, store.inbox), Metrics(), batch=5, concurrency=8,
                    idle=0.05, translator=translator)
    return Replica(db, store, deliveries, worker)


@pytest.fixture
async def replicas(db_url: str, clock: FrozenClock) -> AsyncIterator[tuple[Recorder, list[Replica]]]:
    agent = Recorder()
    both = [await replica(db_url, clock, agent, "replica-a"), await replica(db_url, clock, agent, "replica-b")]
    yield agent, both
    for r in both:
        await r.deliveries.aclose()
        await r.db.dispose()


def delivery(task: str, n: int, status: str, before: str) -> tuple[str, dict]:
    item = {"id": f"{task}-{n}", "type": 1, "date": str(1764000000000 + n), "field": "status", "parent_id": "L1",
            "user": {"id": 101, "username": "Dana"}, "before": {"status": before}, "after": {"status": status}}
    payload = webhook_payloads(task, [item], "taskStatusUpdated", webhook_id="wh-order")[0]
    return f"clickup:wh-order:{task}-{n}", payload


async def test_one_tasks_status_changes_in_order_different_tasks_side_by_side_across_two_replicas(
    replicas: tuple[Recorder, list[Replica]],
) -> None:
    agent, (a, b) = replicas
    # Deliveries arrive interleaved across tasks, each task's status changes in order, half through each replica.
    n = 0
    for step, status in enumerate(STATUSES):
        for t in range(TASKS):
            key, payload = delivery(f"T{t}", step, status, STATUSES[step - 1] if step else "in progress")
            receiver = (a, b)[n % 2]
            assert await receiver.deliveries.put("clickup", key, {}, orjson.dumps(payload), timeout=10)
            n += 1
    runners = [asyncio.create_task(r.worker.run_forever()) for r in (a, b)]
    try:
        async with asyncio.timeout(60):
            while await a.store.inbox.counts() != {"done": TASKS * len(STATUSES)}:
                await asyncio.sleep(0.05)
    finally:
        for r in (a, b):
            r.worker.stop()
        await asyncio.gather(*runners)
    for t in range(TASKS):
        mine = [r for r in agent.runs if r.task == f"T{t}"]
        assert [r.history_id for r in mine] == [f"T{t}-{step}" for step in range(len(STATUSES))]  # arrival order
        assert [r.status for r in mine] == STATUSES
        for earlier, later in zip(mine, mine[1:], strict=False):
            assert later.started >= earlier.ended, f"T{t}: {later.status} started before {earlier.status} ended"
    assert agent.most >= 4, f"different tasks never overlapped (at most {agent.most} at once)"
    assert await a.deliveries.counts() == {"translated": TASKS * len(STATUSES)}


async def test_a_retried_event_holds_back_its_tasks_later_events_but_not_other_tasks(
    db_url: str, clock: FrozenClock
) -> None:
    """`needs fix` never overtakes a `ready for testing` that is waiting for its retry."""
    from datetime import timedelta

    from integrations.errors import Unavailable

    class FailsOnce(Recorder):
        failed: bool = False

        async def run(self, event: Event, ctx: AgentContext) -> None:
            if event.data["to"] == "ready for testing" and event.subject and event.subject.id == "T1" \
                    and not self.failed:
                self.failed = True
                raise Unavailable("ClickUp answered 503")
            await super().run(event, ctx)

    agent = FailsOnce()
    r = await replica(db_url, clock, agent, "replica-a")
    try:
        for key, payload in (delivery("T1", 0, "ready for testing", "in progress"),
                             delivery("T1", 1, "needs fix", "ready for testing"),
                             delivery("T2", 0, "ready for testing", "in progress")):
            await r.deliveries.put("clickup", key, {}, orjson.dumps(payload), timeout=10)
        assert await r.worker.run_once() == 2  # T1's first (fails, retry later) and T2's; not T1's second
        assert [(x.task, x.status) for x in agent.runs] == [("T2", "ready for testing")]
        assert await r.worker.run_once() == 0  # T1's needs fix waits behind the retry
        clock.advance(timedelta(seconds=5))
        await r.worker.drain()
        assert [(x.task, x.status) for x in agent.runs] == [
            ("T2", "ready for testing"), ("T1", "ready for testing"), ("T1", "needs fix")]
    finally:
        await r.deliveries.aclose()
        await r.db.dispose()


@dataclass
class Reader(Agent):
    """Keeps the payload it was handed with each event."""

    name = "reader"
    subscribes = frozenset({"task.status_changed"})
    seen: list[dict] = field(default_factory=list)

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.seen.append(event.raw)


@dataclass
class DataOnly(Reader):
    name = "data_only"
    reads_raw = False


@pytest.mark.parametrize("agents", [["data_only"], ["reader", "data_only"]])
async def test_the_stored_body_is_read_only_for_an_agent_that_reads_raw(
    db_url: str, clock: FrozenClock, agents: list[str]
) -> None:
    chosen = [{"reader": Reader, "data_only": DataOnly}[name]() for name in agents]
    one = await replica(db_url, clock, Recorder(), "replica-a")
    one.worker.dispatcher.agents = chosen
    read: list[int] = []
    load = one.store.inbox.load_payload

    async def counted(item):  # type: ignore[no-untyped-def]
        read.append(item.row_id)
        return await load(item)

    one.store.inbox.load_payload = counted  # type: ignore[method-assign]
    try:
        key, payload = delivery("T1", 0, "ready for testing", "in progress")
        assert await one.deliveries.put("clickup", key, {}, orjson.dumps(payload), timeout=10)
        assert await one.worker.drain() == 1
    finally:
        await one.deliveries.aclose()
        await one.db.dispose()
    if agents == ["data_only"]:
        assert (read, chosen[0].seen) == ([], [{}])  # no agent reads it: the body stays where it is
    else:
        assert len(read) == 1 and [agent.seen for agent in chosen] == [[payload], [payload]]
