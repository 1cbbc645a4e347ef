"""Who is asked on which day: each person's working days, out-of-office dates, public holidays of their
country (the `holidays` package) and the team's own days off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as public_holidays

from agents.standup.config import StandupConfig
from agents.team import WEEKDAYS, Person, TeamConfig

WORKING, WEEKEND, OUT_OF_OFFICE, HOLIDAY = "working", "not a working day", "out of office", "holiday"


@lru_cache(maxsize=256)
def _calendar(country: str, year: int) -> dict[date, str]:
    code, _, subdiv = country.upper().partition("-")  # "DE-BY": Bavaria's holidays as well as Germany's
    found = public_holidays.country_holidays(code, subdiv=subdiv or None, years=year)
    return {day: str(name) for day, name in found.items()}


def country_problem(country: str) -> str | None:
    """Why `holidays` cannot give public holidays for `country` (None when it can)."""
    try:
        _calendar(country, 2026)
    except (NotImplementedError, KeyError, ValueError) as exc:
        return f"no public holidays known for {country!r} ({exc})"
    return None


def public_holiday(person: Person, day: date) -> str | None:
    """The name of the public holiday `day` is in the person's country, if it is one."""
    if not person.country:
        return None
    try:
        return _calendar(person.country, day.year).get(day)
    except (NotImplementedError, KeyError, ValueError):
        return None


@dataclass(frozen=True)
class Availability:
    """Whether a person is at work on a day, and why not."""

    status: str
    holiday: str | None = None

    @property
    def working(self) -> bool:
        return self.status == WORKING


def availability(cfg: StandupConfig, person: Person, day: date) -> Availability:
    if WEEKDAYS[day.weekday()] not in person.working_days:
        return Availability(WEEKEND)
    if person.is_out_of_office(day):
        return Availability(OUT_OF_OFFICE)
    name = cfg.holidays.get(day) or public_holiday(person, day)
    if name:
        return Availability(HOLIDAY, name)
    return Availability(WORKING)


def members(cfg: StandupConfig, team: TeamConfig) -> list[Person]:
    """The people asked: `members` by name, else every developer and qa."""
    if cfg.members is not None:
        wanted = set(cfg.members)
        return [p for p in team.people if p.name in wanted]
    return [p for p in team.people if {"developer", "qa"} & set(p.roles)]


def local_day(person: Person, now: datetime) -> date:
    return now.astimezone(person.tz).date()


def at(person: Person, day: date, when: time) -> datetime:
    """`when` on `day` where the person is (DST-aware), as an aware datetime."""
    return datetime.combine(day, when, person.tz)


def team_day(team: TeamConfig, now: datetime) -> date:
    return now.astimezone(ZoneInfo(team.schedules.timezone)).date()


def previous_working_day(cfg: StandupConfig, person: Person, day: date) -> date | None:
    for back in range(1, 15):
        earlier = day - timedelta(days=back)
        if availability(cfg, person, earlier).working:
            return earlier
    return None
