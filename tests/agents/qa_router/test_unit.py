"""The QA router's decisions against the in-process fakes (milliseconds): what it writes, to whom, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agents.qa_router import QARouter
from agents.qa_router.config import QARouterConfig
from bot.clock import FrozenClock
from integrations.events import Event, Ref
from integrations.fakes import FakeChat, FakeTracker
from integrations.models import Member, Task
from tests.agents.qa_router.qa_support import qa_team
from tests.support.unit import MemoryStore, unit_context

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def moved(to: str, n: int = 1) -> Event:
    return Event(id=f"clickup:w:{n}", source="clickup", type="task.status_changed", occurred_at=MONDAY,
                 actor="101", subject=Ref(kind="task", id="T1"), data={"from": "in progress", "to": to})


def world(status: str = "ready for testing") -> tuple[QARouter, FakeTracker, FakeChat, MemoryStore, FrozenClock]:
    tracker = FakeTracker([Task(id="T1", name="Coupons", status=status, url="https://app.clickup.com/t/T1",
                                list_id="L1", assignees=[Member(id="101")])])
    team = qa_team()
    return QARouter(QARouterConfig.model_validate(team.section("qa_router"))), tracker, FakeChat(), MemoryStore(), \
        FrozenClock(MONDAY)


async def test_ready_for_testing__one_write_comment_dm_channel_and_a_stored_reminder() -> None:
    router, tracker, chat, store, clock = world()
    event = moved("ready for testing")
    ctx = unit_context(qa_team(), clock, tracker=tracker, chat=chat, store=store, agent="qa_router", event=event)
    assert router.wants(event)
    await router.run(event, ctx)
    assert tracker.writes("update_task") == [{"task": "T1", "status": "in testing", "add": ["201"],
                                              "remove": ["101"], "due_date": None, "priority": None}]
    assert tracker.writes("comment") == [{"task": "T1", "text": "Assigned to Quinn for testing — pmbot"}]
    assert chat.dms("U0QUINN") == ["You have a task to test: <https://app.clickup.com/t/T1|Coupons>\n"
                                   "Built by: Dana\nPull requests: none linked"]
    assert chat.texts("C0QA") == ["QA: <https://app.clickup.com/t/T1|Coupons> → Quinn (built by Dana)"]
    assert store.due["qa_reminder:T1"]["due_at"] == MONDAY + timedelta(hours=48)
    assert {a["kind"] for a in store.actions.values()} == {"clickup.update_task", "clickup.comment", "slack.dm",
                                                          "slack.post"}
    # The same event again (a redelivery, the task now in testing) writes nothing more.
    await router.run(event, ctx)
    assert len(tracker.calls) == 2 and len(chat.messages) == 2


async def test_without_a_chat_platform_the_tracker_side_still_happens_and_nothing_crashes() -> None:
    router, tracker, _, store, clock = world()
    event = moved("ready for testing")
    await router.run(event, unit_context(qa_team(), clock, tracker=tracker, store=store, event=event))
    assert [name for name, _ in tracker.calls] == ["update_task", "comment"]


async def test_dry_run_decides_and_records_but_writes_nothing() -> None:
    router, tracker, chat, store, clock = world()
    event = moved("ready for testing")
    await router.run(event, unit_context(qa_team(), clock, tracker=tracker, chat=chat, store=store, event=event,
                                         dry_run=True))
    assert tracker.calls == [] and chat.messages == []
    assert {a["status"] for a in store.actions.values()} == {"dry_run"}


def test_routing_is_declared() -> None:
    router = QARouter()
    assert router.wants(moved("ready for testing")) and not router.wants(moved("in progress"))
    assert not router.wants(Event(id="x", source="github", type="pr.opened", occurred_at=MONDAY))
    assert [c.name for c in router.commands] == ["qa"]
