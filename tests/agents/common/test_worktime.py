"""Business-hours arithmetic across weekends and DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agents.common.worktime import add_duration, add_working_time
from agents.team import Person

BERLIN = Person(name="Quinn", timezone="Europe/Berlin")
NEW_YORK = Person(name="Rae", timezone="America/New_York", working_days=["mon", "tue", "wed", "thu"])


def test_plain_duration_ignores_hours_and_dst() -> None:
    start = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    assert add_duration(start, timedelta(hours=48), BERLIN, business_hours=False) == start + timedelta(hours=48)


def test_berlin__friday_afternoon_over_the_weekend_and_dst() -> None:
    friday = datetime(2026, 10, 23, 13, 0, tzinfo=UTC)  # 15:00 CEST
    assert add_working_time(friday, timedelta(hours=2), BERLIN) == datetime(2026, 10, 23, 15, 0, tzinfo=UTC)
    # 1 more hour: Monday 10:00 CET, now UTC+1.
    assert add_working_time(friday, timedelta(hours=3), BERLIN) == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert add_working_time(friday, timedelta(hours=48), BERLIN) == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def test_starting_outside_hours_waits_for_the_next_window() -> None:
    saturday_night = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    assert add_working_time(saturday_night, timedelta(hours=1), BERLIN) == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_new_york__dst_ends_on_sunday_and_friday_is_off() -> None:
    thursday = datetime(2026, 10, 29, 20, 0, tzinfo=UTC)  # 16:00 EDT
    assert add_working_time(thursday, timedelta(hours=1), NEW_YORK) == datetime(2026, 10, 29, 21, 0, tzinfo=UTC)
    assert add_working_time(thursday, timedelta(hours=2), NEW_YORK) == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def test_out_of_office_days_do_not_count() -> None:
    away = Person(name="Sam", out_of_office=[{"from": "2026-11-24", "to": "2026-11-26"}])  # type: ignore[list-item]
    monday = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    assert add_working_time(monday, timedelta(hours=2), away) == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
