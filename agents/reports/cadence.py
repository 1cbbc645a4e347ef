"""When a report is due: "daily 17:00", "weekly fri 16:00" or a 5-field cron expression, in the report's
timezone. Local wall-clock times are converted per day, so 17:00 stays 17:00 across a DST change; a time
that does not exist that day (the spring-forward gap) fires an hour later by the clock (02:30 → 03:30), and
a time that exists twice (fall back) fires once, at its first occurrence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
MONTH_NAMES = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
SEARCH_DAYS = 5 * 366 + 1  # "0 0 29 2 *" needs up to eight years in theory; five is plenty in practice
_DAILY = re.compile(r"^daily\s+(\d{1,2}):(\d{2})$")
_WEEKLY = re.compile(r"^weekly\s+([a-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})$")


def _field(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    values: set[int] = set()
    for part in text.lower().split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"step {step_text!r} must be at least 1")

        def number(word: str) -> int:
            if names and word[:3] in names:
                return names[word[:3]]
            if not word.isdigit():
                raise ValueError(f"{word!r} is not a number")
            return int(word)

        if body == "*":
            first, last = low, high
        elif "-" in body:
            a, b = body.split("-", 1)
            first, last = number(a), number(b)
        else:
            first = number(body)
            last = high if step_text else first
        if high == 7 and last == 7:  # cron allows 7 for Sunday in the day-of-week field
            values.add(0)
            last = 6
        if not (low <= first <= high and low <= last <= high) or first > last:
            raise ValueError(f"{part!r} is out of range {low}-{high}")
        values.update(range(first, last + 1, step))
    return frozenset(v % 7 if high == 7 else v for v in values)


@dataclass(frozen=True)
class Cadence:
    """A parsed cadence: the cron fields it amounts to."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday, as in cron
    any_day: bool
    any_weekday: bool

    @classmethod
    def parse(cls, text: str) -> Cadence:
        """`daily HH:MM`, `weekly <day> HH:MM` or `m h dom mon dow`; raises ValueError saying what is wrong."""
        raw = " ".join(str(text).strip().lower().split())
        if match := _DAILY.match(raw):
            return cls.parse_cron(f"{int(match.group(2))} {int(match.group(1))} * * *", raw)
        if match := _WEEKLY.match(raw):
            if match.group(1) not in DAY_NAMES:
                raise ValueError(f"{match.group(1)!r} is not a day of the week (mon, tue, ... sun)")
            return cls.parse_cron(f"{int(match.group(3))} {int(match.group(2))} * * {match.group(1)}", raw)
        return cls.parse_cron(raw, raw)

    @classmethod
    def parse_cron(cls, expr: str, text: str) -> Cadence:
        parts = expr.split()
        if len(parts) != 5:
            raise ValueError(f"{text!r} is not a cadence: use 'daily 17:00', 'weekly fri 16:00' or a 5-field cron")
        try:
            minutes = _field(parts[0], 0, 59)
            hours = _field(parts[1], 0, 23)
            days = _field(parts[2], 1, 31)
            months = _field(parts[3], 1, 12, MONTH_NAMES)
            weekdays = _field(parts[4], 0, 7, DAY_NAMES)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a valid cadence: {exc}") from None
        return cls(text, minutes, hours, days, months, weekdays, parts[2] == "*", parts[4] == "*")

    def _day_matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        in_month, in_week = day.day in self.days, (day.isoweekday() % 7) in self.weekdays
        if self.any_day or self.any_weekday:  # cron: with one of them restricted, that one decides
            return in_month and in_week
        return in_month or in_week  # both restricted: either matches

    def _slots(self, day: date, tz: ZoneInfo) -> list[datetime]:
        return [datetime.combine(day, time(h, m), tz).astimezone(UTC)
                for h in sorted(self.hours) for m in sorted(self.minutes)]

    def next_after(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """The first slot strictly after `moment` (UTC)."""
        day = moment.astimezone(tz).date() - timedelta(days=1)  # a gap slot may map to the day before
        for _ in range(SEARCH_DAYS):
            if self._day_matches(day):
                for slot in self._slots(day, tz):
                    if slot > moment:
                        return slot
            day += timedelta(days=1)
        raise ValueError(f"cadence {self.text!r} never fires")

    def previous_before(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """The last slot strictly before `moment` (UTC)."""
        day = moment.astimezone(tz).date() + timedelta(days=1)
        for _ in range(SEARCH_DAYS):
            if self._day_matches(day):
                for slot in reversed(self._slots(day, tz)):
                    if slot < moment:
                        return slot
            day -= timedelta(days=1)
        raise ValueError(f"cadence {self.text!r} never fires")

    def period(self, tz: ZoneInfo, around: datetime) -> timedelta:
        """The usual gap between two reports (a day for daily, a week for weekly)."""
        first = self.next_after(around, tz)
        return self.next_after(first, tz) - first
