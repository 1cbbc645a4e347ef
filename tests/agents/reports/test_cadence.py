"""Cadences in a report's own timezone: daily, weekly, cron; local wall-clock times kept across DST."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from agents.reports.cadence import Cadence

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_daily__same_local_time_on_both_sides_of_the_october_change() -> None:
    daily = Cadence.parse("daily 17:00")
    first = daily.next_after(utc(2026, 10, 24, 12), BERLIN)
    second = daily.next_after(first, BERLIN)
    third = daily.next_after(second, BERLIN)
    assert [first, second, third] == [utc(2026, 10, 24, 15), utc(2026, 10, 25, 16), utc(2026, 10, 26, 16)]
    assert {s.astimezone(BERLIN).hour for s in (first, second, third)} == {17}


def test_weekly__friday_16_local_before_and_after_the_march_change() -> None:
    weekly = Cadence.parse("Weekly Friday 16:00")
    first = weekly.next_after(utc(2027, 3, 22), BERLIN)
    assert first == utc(2027, 3, 26, 15)  # CET
    assert weekly.next_after(first, BERLIN) == utc(2027, 4, 2, 14)  # CEST
    assert weekly.previous_before(utc(2027, 4, 2, 14), BERLIN) == first
    assert weekly.period(BERLIN, utc(2027, 3, 22)) == weekly.next_after(first, BERLIN) - first


def test_cron__weekday_mornings_in_new_york() -> None:
    cron = Cadence.parse("30 9 * * mon-fri")
    slot = cron.next_after(utc(2026, 11, 27, 15), NEW_YORK)  # Friday 10:00 in New York: already past
    assert slot == utc(2026, 11, 30, 14, 30)  # Monday 09:30 EST


def test_a_time_in_the_spring_gap_fires_once_an_hour_later_and_a_repeated_time_once() -> None:
    gap = Cadence.parse("30 2 * * *")
    slot = gap.next_after(utc(2027, 3, 27, 12), BERLIN)
    assert slot == utc(2027, 3, 28, 1, 30)  # 02:30 does not exist that night: 03:30 CEST
    assert gap.next_after(slot, BERLIN) == utc(2027, 3, 29, 0, 30)
    twice = gap.next_after(utc(2026, 10, 24, 12), BERLIN)
    assert twice == utc(2026, 10, 25, 0, 30)  # 02:30 CEST, the first of the two
    assert gap.next_after(twice, BERLIN) == utc(2026, 10, 26, 1, 30)  # not again at 02:30 CET


@pytest.mark.parametrize("text, problem", [
    ("daily 25:00", "out of range 0-23"),
    ("weekly fry 16:00", "not a day of the week"),
    ("every day", "not a cadence"),
    ("0 9 * *", "not a cadence"),
    ("0 9 * * mon/0", "must be at least 1"),
])
def test_bad_cadences_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Cadence.parse(text)


def test_day_of_month_or_day_of_week_as_cron_does() -> None:
    either = Cadence.parse("0 8 1 * mon")  # the 1st, and every Monday
    assert either.next_after(utc(2026, 11, 24), BERLIN) == utc(2026, 11, 30, 7)  # Monday 30 Nov
    assert either.next_after(utc(2026, 11, 30, 8), BERLIN) == utc(2026, 12, 1, 7)  # Tuesday the 1st
