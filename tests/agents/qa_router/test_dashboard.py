"""The QA router's dashboard panels (Agent.dashboard): the queue and the reminders due, read-only."""

from __future__ import annotations

from datetime import timedelta

from agents.panels import Link, Panel
from integrations.fakes import FakeChat
from tests.agents.qa_router.qa_support import qa_team
from tests.agents.qa_router.test_unit import MONDAY, moved, world
from tests.support.unit import unit_context


async def test_queue_and_reminders_after_a_hand_off() -> None:
    router, tracker, chat, store, clock = world()
    event = moved("ready for testing")
    await router.run(event, unit_context(qa_team(), clock, tracker=tracker, chat=chat, store=store, event=event))
    clock.advance(timedelta(hours=3))
    writes = len(tracker.calls)
    panels = await router.dashboard(unit_context(qa_team(), clock, tracker=tracker, chat=FakeChat(), store=store))
    assert panels == [
        Panel("QA queue", ("task", "status", "QA engineer", "for"),
              ((Link("Coupons", "https://app.clickup.com/t/T1"), "in testing", "Quinn", "3h"),),
              empty="nothing waiting for QA"),
        Panel("Reminders due", ("task", "next reminder", "reminders sent"),
              (("Coupons", (MONDAY + timedelta(hours=48)).strftime("%Y-%m-%d %H:%M UTC"), "0"),),
              empty="no reminder pending"),
    ]
    assert len(tracker.calls) == writes  # reads only


async def test_queue_says_when_nobody_could_be_given_a_task() -> None:
    router, tracker, chat, store, clock = world()
    clock.set(MONDAY + timedelta(days=5))  # Saturday: nobody in the QA team works
    event = moved("ready for testing")
    await router.run(event, unit_context(qa_team(), clock, tracker=tracker, chat=chat, store=store, event=event))
    assert chat.texts("C0QA")[0].startswith("QA: nobody is available to test")
    panels = await router.dashboard(unit_context(qa_team(), clock, tracker=tracker, chat=FakeChat(), store=store))
    assert panels[0].rows[0][1:3] == ("ready for testing", "nobody available (out of office or not a working day)")
