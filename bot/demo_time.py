"""The demo's clock: each step of `pmbot demo` sets the moment its story needs, so it tells the same story on
any day and hour, run alone or after the steps before it (the sandbox clock only ever moves forward)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta
from typing import Any

from agents.team import Person

MORNING = time(8)  # UTC: 09:00 in Berlin, before New York's day starts but on the same date there


def everyone_works(people: Iterable[Person], moment: datetime) -> bool:
    """True when `moment` falls on a working day (their own date, where they are) of every one of `people`."""
    return all(p.works_on(moment.astimezone(p.tz).date()) for p in people)


def next_working_morning(now: datetime, people: Iterable[Person], *, weekday: int | None = None) -> datetime:
    """The first MORNING (UTC) after `now` when all `people` work — on `weekday` (0 = Monday) if given."""
    people = list(people)
    day = now.date()
    for _ in range(366):
        day += timedelta(days=1)
        moment = datetime.combine(day, MORNING, now.tzinfo)
        if (weekday is None or day.weekday() == weekday) and everyone_works(people, moment):
            return moment
    raise ValueError("nobody in the team works on any day of the coming year")


def at_work(demo: Any, say: Callable[[str], Any], people: Iterable[Person], why: str) -> None:
    """Move the sandbox clock to the next working morning of `people`, unless it already is a working day of
    all of them; say so when it moves."""
    people = list(people)
    clock = demo.app.state.runtime.clock
    now = clock.now()
    if everyone_works(people, now):
        return
    clock.advance(next_working_morning(now, people) - now)
    say(f"   (The sandbox clock moves from {now:%A %H:%M} to {clock.now():%A %Y-%m-%d %H:%M} UTC, {why}.)")


def qa_people(team: Any) -> list[Person]:
    return [p for p in team.people if "qa" in p.roles]
