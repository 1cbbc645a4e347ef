"""Injected time: agents read `ctx.clock`, never the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from integrations.protocols import Clock

__all__ = ["Clock", "FrozenClock", "SystemClock"]


class SystemClock:
    """The wall clock, optionally shifted (the sandbox moves time forward for demos)."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


class FrozenClock:
    """A clock that moves only when told to (tests)."""

    def __init__(self, start: datetime) -> None:
        self._now = start if start.tzinfo else start.replace(tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, when: datetime) -> None:
        self._now = when if when.tzinfo else when.replace(tzinfo=UTC)
