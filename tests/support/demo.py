"""`pmbot demo`'s steps run alone, from any moment: the real clock, or the sandbox clock moved to a weekend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.demo import DemoServer

# Where a step starts: "now" is the real clock (any day the suite runs on); the others are the next such moment.
STARTS = ("now", "saturday", "sunday-evening")
_MOMENTS = {"saturday": (5, time(11, 0)), "sunday-evening": (6, time(21, 30))}


def next_moment(now: datetime, start: str) -> datetime:
    weekday, at = _MOMENTS[start]
    day = now.date() + timedelta(days=(weekday - now.weekday()) % 7 or 7)
    return datetime.combine(day, at, UTC)


@contextmanager
def demo_from(tmp_path: Path, start: str, *, tracker: str | None = None) -> Iterator[DemoServer]:
    """A sandbox demo (on `tracker`: ClickUp by default) whose pmbot clock reads `start` (a weekend moment, for a
    step that must set its own)."""
    with DemoServer(tmp_path, tracker=tracker) as demo:
        if start != "now":
            clock = demo.app.state.runtime.clock
            clock.advance(next_moment(clock.now(), start) - clock.now())
        yield demo
