"""QA reminders: stored rows swept by the due-sweep tick, business hours, restarts, several replicas."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.agents.qa_router.qa_support import PEOPLE, channel_texts, qa_team, qa_world
from tests.conftest import PG_URL, postgres_unavailable, reset_postgres
from tests.support.platforms import dm_texts

LINK = "<https://app.clickup.com/t/T1|Coupons>"
FRIDAY_CEST = datetime(2026, 10, 23, 13, 0, tzinfo=UTC)  # 15:00 in Berlin, two days before the DST change


def reminders(w, user: str = "U0QUINN") -> list[str]:  # type: ignore[no-untyped-def]
    return [t for t in dm_texts(w.slack, user) if t.startswith("Reminder")]


def test_reminder__48h_then_every_24h_and_escalation_after_two(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        w.clock.advance(timedelta(hours=47, minutes=59))
        w.sweep()
        assert reminders(w) == []
        w.clock.advance(timedelta(minutes=1))
        w.sweep()
        w.sweep()
        assert reminders(w) == [f"Reminder #1: {LINK} has been waiting for testing for 2d."]
        assert dm_texts(w.slack, "U0LEE") == []
        w.clock.advance(timedelta(hours=23))
        w.sweep()
        assert len(reminders(w)) == 1
        w.clock.advance(timedelta(hours=1))
        w.sweep()
        escalation = f"QA escalation: {LINK} has been in testing with Quinn for 3d after 2 reminders."
        assert reminders(w)[1:] == [f"Reminder #2: {LINK} has been waiting for testing for 3d."]
        assert dm_texts(w.slack, "U0LEE") == [escalation]
        assert channel_texts(w.slack)[1:] == [escalation]
        w.clock.advance(timedelta(hours=24))
        w.sweep()
        assert reminders(w)[2:] == [f"Reminder #3: {LINK} has been waiting for testing for 4d."]
        assert dm_texts(w.slack, "U0LEE") == [escalation]  # escalated once per hand-off


def test_reminder__plain_hours_run_through_the_weekend_and_dst(tmp_path: Path) -> None:
    with qa_world(tmp_path, start=FRIDAY_CEST) as w:
        w.move("101", "ready for testing")
        due = w.pmbot.call(w.pmbot.runtime.store.due.get, "qa_reminder:T1")
        assert due.due_at.astimezone(UTC) == datetime(2026, 10, 25, 13, 0, tzinfo=UTC)  # Sunday, 48 real hours
        w.clock.set(datetime(2026, 10, 25, 13, 0, tzinfo=UTC))
        w.sweep()
        assert len(reminders(w)) == 1


def test_reminder__business_hours_skip_the_weekend_across_dst(tmp_path: Path) -> None:
    """Quinn works 09-17 Mon-Fri in Berlin; 48 working hours from Friday 15:00 CEST end on the second Monday
    at 15:00 CET (clocks went back on Sunday 25 October), i.e. 14:00 UTC."""
    with qa_world(tmp_path, qa_team(business_hours=True), start=FRIDAY_CEST) as w:
        w.move("101", "ready for testing")
        w.clock.set(datetime(2026, 11, 2, 13, 59, tzinfo=UTC))
        w.sweep()
        assert reminders(w) == []
        w.clock.set(datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
        w.sweep()
        assert len(reminders(w)) == 1
        # 24 working hours later: Mon 2h + Tue 8h + Wed 8h + Thu 6h → Thursday 15:00 CET.
        due = w.pmbot.call(w.pmbot.runtime.store.due.get, "qa_reminder:T1")
        assert due.due_at.astimezone(UTC) == datetime(2026, 11, 5, 14, 0, tzinfo=UTC)
        w.clock.set(datetime(2026, 11, 5, 14, 0, tzinfo=UTC))
        w.sweep()
        assert len(reminders(w)) == 2 and len(dm_texts(w.slack, "U0LEE")) == 1


def test_reminder__business_hours_in_new_york_across_its_dst_change(tmp_path: Path) -> None:
    """Rae works 09-17 Mon-Thu in New York; assigned Thursday 29 October 16:00 EDT, 16 working hours (remind
    after) end on Tuesday 3 November 16:00 EST (clocks went back on 1 November), i.e. 21:00 UTC."""
    people = [dict(p) for p in PEOPLE]
    people[3]["working_days"] = "Mon-Thu"
    people[2]["out_of_office"] = [{"from": "2026-10-29", "to": "2026-10-29"}]
    start = datetime(2026, 10, 29, 20, 0, tzinfo=UTC)
    with qa_world(tmp_path, qa_team(people=people, business_hours=True, remind_after="16h"), start=start) as w:
        w.move("101", "ready for testing")
        due = w.pmbot.call(w.pmbot.runtime.store.due.get, "qa_reminder:T1")
        assert due.payload == {"task": "T1", "round": 1, "count": 0}
        assert due.due_at.astimezone(UTC) == datetime(2026, 11, 3, 21, 0, tzinfo=UTC)
        w.clock.set(datetime(2026, 11, 3, 21, 0, tzinfo=UTC))
        w.sweep()
        assert len(reminders(w, "U0RAE")) == 1


def test_reminder__survives_a_restart(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        w.restart()
        w.clock.advance(timedelta(hours=48))
        w.sweep()
        assert reminders(w) == [f"Reminder #1: {LINK} has been waiting for testing for 2d."]


def test_reminder__not_sent_when_the_task_left_testing_unnoticed(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        w.clock.advance(timedelta(hours=30))
        hook = w.clickup.outbox.subscription
        w.clickup.outbox.subscription = None  # the webhook for this move is lost
        w.clickup.human_update("T1", "201", status="in progress")
        w.clickup.outbox.subscription = hook
        w.clock.advance(timedelta(hours=18))
        w.sweep()
        assert reminders(w) == []
        w.clock.advance(timedelta(days=3))
        w.sweep()
        assert reminders(w) == []


def test_reminder__two_replicas_on_postgresql_send_it_once(tmp_path: Path) -> None:
    reason = asyncio.run(postgres_unavailable())
    if reason:
        pytest.skip(reason)
    asyncio.run(reset_postgres())
    with qa_world(tmp_path, db_url=PG_URL) as w:
        w.start(webhook=False)
        first, second = w.servers
        w.move("101", "ready for testing")
        w.clock.advance(timedelta(hours=48))
        for _ in range(3):  # both replicas sweep at the same moment, several times
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda s: s.call(s.runtime.store.sweep_due), [first, second]))
            first.drain()
            second.drain()
        w.sweep(first)
        w.sweep(second)
        assert first.call(first.runtime.store.due.get, "qa_reminder:T1").payload["count"] == 1
        assert reminders(w) == [f"Reminder #1: {LINK} has been waiting for testing for 2d."]
        w.clock.advance(timedelta(hours=24))
        w.sweep(second)
        w.sweep(first)
        assert len(reminders(w)) == 2 and len(dm_texts(w.slack, "U0LEE")) == 1
