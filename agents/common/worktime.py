"""Business-hours arithmetic: durations that count only a person's working hours, in their timezone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agents.team import Person

MAX_DAYS = 3 * 366  # a person with no working day at all would otherwise loop forever


def add_duration(start: datetime, duration: timedelta, person: Person | None, *, business_hours: bool) -> datetime:
    """`start + duration`, or with `business_hours` the moment `duration` of `person`'s working time has passed."""
    if not business_hours or person is None:
        return start + duration
    return add_working_time(start, duration, person)


def add_working_time(start: datetime, duration: timedelta, person: Person) -> datetime:
    """Walk `person`'s working windows (local wall-clock hours on working days, DST-aware) from `start`."""
    tz = person.tz
    begin, end = person.working_hours
    remaining = duration
    cursor = start.astimezone(UTC)
    day = cursor.astimezone(tz).date()
    for _ in range(MAX_DAYS):
        if person.works_on(day):
            # Local times are converted per day, so a window is 8 wall-clock hours on both sides of a DST change.
            opens = datetime.combine(day, begin, tz).astimezone(UTC)
            closes = datetime.combine(day, end, tz).astimezone(UTC)
            start_here = max(opens, cursor)
            if start_here < closes:
                available = closes - start_here
                if remaining <= available:
                    return start_here + remaining
                remaining -= available
        day += timedelta(days=1)
    return start + duration
