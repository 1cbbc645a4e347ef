"""The leads' switches in the dispatcher: pause → events wait → resume → processed once; dry run → actions
recorded as dry_run with the platform untouched; every change an audit row."""

from __future__ import annotations

import logging

import pytest

from agents.base import Agent, AgentContext
from agents.common.oversight import DRY_RUN, PAUSED, Switches
from agents.team import TeamConfig
from bot.clock import FrozenClock
from bot.dispatcher import Dispatcher
from bot.metrics import Metrics
from bot.oversight import Oversight
from bot.storage.db import Database
from bot.store import BotStore
from bot.worker import Worker
from integrations.events import Event
from integrations.llm.client import FallbackLLM


class Writer(Agent):
    """Writes once per event through the action helper; counts its runs and its real writes."""

    subscribes = frozenset({"*"})

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name  # type: ignore[misc]
        self.runs: list[str] = []
        self.writes: list[str] = []

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.runs.append(event.id)

        async def write() -> str:
            self.writes.append(event.id)
            return "ok"

        await ctx.act(f"{self.name}:{event.id}", "clickup.comment", write, target="T1")


@pytest.fixture
async def store(db_url: str, clock: FrozenClock):
    db = Database(db_url)
    await db.migrate()
    yield BotStore(db, clock)
    await db.dispose()


def setup(store: BotStore, clock: FrozenClock, agents: list[Agent]) -> tuple[Worker, Oversight]:
    oversight = Oversight(store)

    def context(agent: Agent, event: Event) -> AgentContext:
        return AgentContext(tracker=None, chat=None, code=None, llm=FallbackLLM(), store=store, clock=clock,
                            team=TeamConfig(), log=logging.LoggerAdapter(logging.getLogger("t"), {}),
                            agent=agent.name, event_key=event.id)

    dispatcher = Dispatcher(agents, context, store.inbox, oversight=oversight)
    return Worker(store.inbox, dispatcher, Metrics()), oversight


def event(n: int) -> Event:
    return Event(id=f"clickup:w:{n}", source="clickup", type="task.status_changed", occurred_at="2026-11-23T09:00:00Z")


async def test_pause_holds_the_agents_events_and_resume_runs_each_once(store: BotStore, clock: FrozenClock) -> None:
    qa, other = Writer("qa_router"), Writer("github_sync")
    worker, oversight = setup(store, clock, [qa, other])
    assert await oversight.change(PAUSED, "qa_router", True, by="Lee", via="dashboard")
    await store.enqueue([event(1), event(2)])
    await worker.drain()
    assert qa.runs == [] and other.runs == ["clickup:w:1", "clickup:w:2"]  # the others do not wait
    assert await store.inbox.agent_status("clickup:w:1") == {"qa_router": "paused", "github_sync": "done"}
    await worker.drain()
    assert qa.runs == []  # still waiting: nothing re-runs while paused
    assert await oversight.change(PAUSED, "qa_router", False, by="Lee", via="dashboard")
    await worker.drain()
    await worker.drain()
    assert qa.runs == ["clickup:w:1", "clickup:w:2"] and qa.writes == qa.runs
    assert other.runs == ["clickup:w:1", "clickup:w:2"]  # not run again
    assert [r["status"] for r in await store.inbox.rows()] == ["done", "done"]
    assert await store.inbox.agent_status("clickup:w:2") == {"qa_router": "done", "github_sync": "done"}


async def test_global_pause_and_resume(store: BotStore, clock: FrozenClock) -> None:
    qa = Writer("qa_router")
    worker, oversight = setup(store, clock, [qa])
    await oversight.change(PAUSED, None, True, by="Lee", via="slack")
    await store.enqueue([event(1)])
    await worker.drain()
    assert qa.runs == []
    await oversight.change(PAUSED, "qa_router", True, by="Lee", via="slack")
    await oversight.change(PAUSED, None, False, by="Lee", via="slack")
    await worker.drain()
    assert qa.runs == []  # its own pause still holds it
    await oversight.change(PAUSED, "qa_router", False, by="Lee", via="slack")
    await worker.drain()
    assert qa.runs == ["clickup:w:1"]


async def test_dry_run_records_actions_as_dry_run_and_writes_nothing(store: BotStore, clock: FrozenClock) -> None:
    qa, other = Writer("qa_router"), Writer("github_sync")
    worker, oversight = setup(store, clock, [qa, other])
    await oversight.change(DRY_RUN, "qa_router", True, by="Lee", via="dashboard")
    await store.enqueue([event(1)])
    await worker.drain()
    assert qa.runs == ["clickup:w:1"] and qa.writes == [] and other.writes == ["clickup:w:1"]
    assert (await store.actions.get("qa_router:clickup:w:1") or {})["status"] == "dry_run"
    assert (await store.actions.get("github_sync:clickup:w:1") or {})["status"] == "done"


async def test_every_change_is_audited_and_a_repeat_is_not(store: BotStore, clock: FrozenClock) -> None:
    _, oversight = setup(store, clock, [])
    assert await oversight.change(DRY_RUN, None, True, by="Lee", via="dashboard")
    assert not await oversight.change(DRY_RUN, None, True, by="Lee", via="dashboard")
    assert await oversight.change(PAUSED, "reports", True, by="Ana", via="slack", event_key="slack:action:x")
    rows = sorted((r["kind"], r["target"], r["agent"], r["status"], r["event_key"])
                  for r in await store.actions.recent())
    assert rows == [("pmbot.dry_run_on", "all", "oversight", "done", None),
                    ("pmbot.pause", "reports", "oversight", "done", "slack:action:x")]
    switches = await oversight.switches()
    assert switches == Switches(dry_run=True, agents={"reports": {"dry_run": False, "paused": True}})
    assert not oversight.applies(switches, PAUSED, "due_sweeper")  # plumbing is never held
