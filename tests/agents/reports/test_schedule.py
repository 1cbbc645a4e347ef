"""Scheduled reports with a moved clock: daily and weekly fire once at their local time on both sides of a
DST change, survive restarts, post a run missed while pmbot was down once on start-up, and two replicas post
once (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from integrations.events import Event
from tests.agents.reports.reports_support import DAILY, WEEKLY, reports_world
from tests.support.server import ThreadServer
from tests.support.world import World


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def at(w: World, when: datetime) -> None:
    """Time passes to `when`, and the due sweep runs on every replica as its cron would."""
    w.clock.set(when)
    for server in list(w.servers):
        w.sweep(server)


def posts(w: World, channel: str) -> list[str]:
    return [str(m.blocks[2]["elements"][0]["text"]).split(" · ")[0]  # type: ignore[index]
            for m in w.slack.messages(channel)]


def armed(w: World, name: str) -> tuple[datetime, str] | None:
    item = w.pmbot.call(w.pmbot.runtime.store.due.get, f"report:{name}")
    return (item.due_at.replace(tzinfo=UTC), item.status) if item else None


def test_daily_and_weekly_fire_once_at_local_time_across_the_october_change_and_a_restart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with reports_world(tmp_path, monkeypatch, start=utc(2026, 10, 22, 12)) as w:  # Thursday
        w.tick("reports_plan")
        w.tick("reports_plan")  # planned once: the next tick changes nothing
        assert armed(w, "daily") == (utc(2026, 10, 22, 15), "pending")  # 17:00 CEST
        assert armed(w, "weekly") == (utc(2026, 10, 23, 14), "pending")  # Friday 16:00 CEST
        at(w, utc(2026, 10, 22, 14, 59))
        assert posts(w, DAILY) == []
        at(w, utc(2026, 10, 22, 15))
        at(w, utc(2026, 10, 22, 15, 1))
        assert posts(w, DAILY) == ["Wed 21 Oct 17:00 → Thu 22 Oct 17:00 (Europe/Berlin)"]
        at(w, utc(2026, 10, 23, 14))
        assert posts(w, WEEKLY) == ["Fri 16 Oct 16:00 → Fri 23 Oct 16:00 (Europe/Berlin)"]
        assert len(w.slack.files) == 1  # the weekly chart
        at(w, utc(2026, 10, 23, 15))
        w.restart()
        at(w, utc(2026, 10, 24, 15))
        at(w, utc(2026, 10, 25, 15))  # Sunday, winter time since 01:00 UTC: 16:00 in Berlin, not yet
        assert armed(w, "daily") == (utc(2026, 10, 25, 16), "pending")
        at(w, utc(2026, 10, 25, 16))
        assert posts(w, DAILY) == [
            "Wed 21 Oct 17:00 → Thu 22 Oct 17:00 (Europe/Berlin)",
            "Thu 22 Oct 17:00 → Fri 23 Oct 17:00 (Europe/Berlin)",
            "Fri 23 Oct 17:00 → Sat 24 Oct 17:00 (Europe/Berlin)",
            "Sat 24 Oct 17:00 → Sun 25 Oct 17:00 (Europe/Berlin)",
        ]
        assert armed(w, "weekly") == (utc(2026, 10, 30, 15), "pending")  # Friday 16:00 CET
        at(w, utc(2026, 10, 30, 15))
        assert posts(w, WEEKLY)[-1] == "Fri 23 Oct 16:00 → Fri 30 Oct 16:00 (Europe/Berlin)"
        assert len(w.slack.messages(WEEKLY)) == 2 and len(w.slack.files) == 2


def test_missed_while_down__posted_once_on_start_up_for_the_whole_gap(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with reports_world(tmp_path, monkeypatch, start=utc(2026, 11, 23, 12)) as w:  # Monday
        w.tick("reports_plan")
        at(w, utc(2026, 11, 23, 16))
        w.stop(w.pmbot)
        w.clock.set(utc(2026, 11, 26, 10))  # back on Thursday morning: Tuesday's and Wednesday's are missed
        w.start()
        at(w, utc(2026, 11, 26, 10))
        at(w, utc(2026, 11, 26, 10, 1))
        assert posts(w, DAILY) == ["Sun 22 Nov 17:00 → Mon 23 Nov 17:00 (Europe/Berlin)",
                                   "Mon 23 Nov 17:00 → Thu 26 Nov 11:00 (Europe/Berlin)"]
        assert armed(w, "daily") == (utc(2026, 11, 26, 16), "pending")  # today's, as usual


def test_two_replicas_and_a_duplicate_due_event_post_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           db_url: str) -> None:
    with reports_world(tmp_path, monkeypatch, start=utc(2026, 11, 23, 12), db_url=db_url) as w:
        w.start()  # a second replica on the same database
        for server in w.servers:
            server.tick("reports_plan")
            server.drain()
        at(w, utc(2026, 11, 23, 16))
        first: ThreadServer = w.servers[0]
        slot = {"report": "daily", "slot": utc(2026, 11, 23, 16).isoformat()}
        duplicate = Event(id="due:report:daily:again", source="scheduler", type="due.report",
                          occurred_at=w.clock.now(), data=slot)
        first.call(first.runtime.store.enqueue, [duplicate])
        for server in w.servers:
            server.drain()
        assert posts(w, DAILY) == ["Sun 22 Nov 17:00 → Mon 23 Nov 17:00 (Europe/Berlin)"]
        assert armed(w, "daily") == (utc(2026, 11, 24, 16), "pending")
