"""The few ways `/pm ooo` takes a day: `2026-12-24`, `today`, `tomorrow`, or a weekday (`mon`, `monday`: the
coming one, today included)."""

from __future__ import annotations

from datetime import date, timedelta

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_day(word: str, today: date) -> date | None:
    """The day `word` names, seen from `today` (the person's own local day); None when it names none."""
    text = word.strip().lower()
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    for index, name in enumerate(DAYS):
        if text in (name, name[:3]):
            return today + timedelta(days=(index - today.weekday()) % 7)
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
