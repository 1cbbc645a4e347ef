"""Dates and schedules in rules: `tomorrow`, `friday`, `+2 working days`, `+14 days`, and cron expressions
with standard day-of-week numbers (APScheduler 3 would read `1` as Tuesday, so numbers become names)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CRON_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # standard cron: 0 and 7 are Sunday
DUE_TIME = time(17)  # a due date is the end of that working day, in the team timezone
_OFFSET = re.compile(r"^\+\s*(\d{1,3})\s+(working days?|business days?|days?|weeks?)$")
_DAY_NUMBER = re.compile(r"(?<![a-z0-9/])([0-7])(?![0-9])")


def normalise_date(expr: str) -> str:
    """The canonical spelling of a date expression (`Friday` → `friday`, `+1 week` → `+7 days`); ValueError if
    it is none of today, tomorrow, a weekday, `+N days`, `+N working days`, `+N weeks`."""
    text = " ".join(str(expr).strip().lower().split())
    if text in ("today", "tomorrow") or text in WEEKDAYS:
        return text
    if text[:3] in [d[:3] for d in WEEKDAYS] and len(text) <= 4:
        return WEEKDAYS[[d[:3] for d in WEEKDAYS].index(text[:3])]
    match = _OFFSET.match(text)
    if match:
        n, unit = int(match.group(1)), match.group(2)
        if unit.startswith("week"):
            return f"+{n * 7} days"
        if unit.startswith(("working", "business")):
            return f"+{n} working day" + ("s" if n != 1 else "")
        return f"+{n} day" + ("s" if n != 1 else "")
    raise ValueError(f"{expr!r} is not a date (use today, tomorrow, a weekday, +N days, +N working days)")


def resolve_date(expr: str, now: datetime, tz: str, working_days: list[str] | None = None) -> datetime:
    """The moment a date expression means from `now`: that local day at 17:00 in `tz`, as UTC."""
    text = normalise_date(expr)
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    if text == "today":
        day = today
    elif text == "tomorrow":
        day = today + timedelta(days=1)
    elif text in WEEKDAYS:
        ahead = (WEEKDAYS.index(text) - today.weekday()) % 7 or 7  # "friday" on a Friday is next week's
        day = today + timedelta(days=ahead)
    else:
        n = int(text.split()[0][1:])
        day = _add_working_days(today, n, working_days) if "working" in text else today + timedelta(days=n)
    return datetime.combine(day, DUE_TIME, zone).astimezone(ZoneInfo("UTC"))


def _add_working_days(start: date, n: int, working_days: list[str] | None) -> date:
    days = {d[:3] for d in (working_days or ["mon", "tue", "wed", "thu", "fri"])}
    day, left = start, n
    for _ in range(n * 7 + 7):
        if left <= 0:
            break
        day += timedelta(days=1)
        if WEEKDAYS[day.weekday()][:3] in days:
            left -= 1
    return day


def describe_date(expr: str) -> str:
    text = normalise_date(expr)
    if text.startswith("+"):
        return "in " + text[1:]
    return text.capitalize() if text in WEEKDAYS else text


def normalise_cron(expr: str) -> str:
    """A 5-field cron with standard meaning; day-of-week numbers become names (`1-5` → `mon-fri`)."""
    fields = str(expr).split()
    if len(fields) != 5:
        raise ValueError(f"{expr!r} is not a 5-field cron expression like '0 9 * * mon'")
    fields[4] = _DAY_NUMBER.sub(lambda m: CRON_DAYS[int(m.group(1))], fields[4].lower())
    text = " ".join(fields)
    try:
        CronTrigger.from_crontab(text, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"{expr!r} is not a valid cron expression: {exc}") from None
    return text


def next_fire(cron: str, after: datetime, tz: str) -> datetime:
    """The first time after `after` that `cron` fires in `tz`, as UTC."""
    trigger = CronTrigger.from_crontab(normalise_cron(cron), timezone=tz)
    fire = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
    if fire is None:  # a cron that never fires again (e.g. 31 February)
        raise ValueError(f"{cron!r} never fires")
    return fire.astimezone(ZoneInfo("UTC"))


_DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
              "sat": "Saturday", "sun": "Sunday"}


def describe_cron(cron: str) -> str:
    """`0 9 * * mon` → `every Monday at 09:00`; anything unusual is shown as the cron itself."""
    minute, hour, dom, month, dow = normalise_cron(cron).split()
    if not (minute.isdigit() and hour.isdigit() and dom == "*" and month == "*"):
        return f"on cron `{cron}`"
    at = f"{int(hour):02d}:{int(minute):02d}"
    if dow == "*":
        return f"every day at {at}"
    if dow == "mon-fri":
        return f"every weekday at {at}"
    names = [_DAY_NAMES.get(d) for d in dow.split(",")]
    if all(names):
        return f"every {' and '.join(n for n in names if n)} at {at}"
    return f"on cron `{cron}`"
