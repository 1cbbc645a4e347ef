"""Staying under a platform's request rate before it answers 429.

A `RequestBudget` is shared by every caller of one token. Requests made inside `as_background()`
(reconciliation reads) may use only part of it, so agent work always finds room.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

Sleep = Callable[[float], Awaitable[Any]]

background_work: ContextVar[bool] = ContextVar("pmbot_background_work", default=False)


@contextmanager
def as_background() -> Iterator[None]:
    """Mark the platform requests made inside (and in tasks started inside) as background work."""
    token = background_work.set(True)
    try:
        yield
    finally:
        background_work.reset(token)


@runtime_checkable
class RequestBudget(Protocol):
    """Waits until one more request may be sent under a platform's rate limit."""

    async def acquire(self, *, background: bool) -> None: ...


@dataclass(frozen=True)
class Window:
    """A sliding window of `seconds`, counted in `buckets` buckets.

    A request may go when the current bucket and the `buckets` before it together hold fewer
    than the cap. Those buckets cover every request of the last `seconds`, so no span of
    `seconds` ever holds more than `limit` requests, wherever the platform starts its window."""

    limit: int
    background_share: float = 0.8
    seconds: float = 60.0
    buckets: int = 12

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"a request budget needs a limit of at least 1, got {self.limit}")
        if not 0 < self.background_share <= 1:
            raise ValueError(f"background_share must be in (0, 1], got {self.background_share}")

    @property
    def width(self) -> float:
        return self.seconds / self.buckets

    def bucket(self, now: float) -> int:
        return math.floor(now / self.width)

    def horizon(self, bucket: int) -> range:
        """The buckets counted for a request made in `bucket`, oldest first."""
        return range(bucket - self.buckets, bucket + 1)

    def cap(self, background: bool) -> int:
        """How many requests of the window this kind of work may fill."""
        return max(1, math.floor(self.limit * self.background_share)) if background else self.limit

    def wait(self, counts: Mapping[int, int], now: float, cap: int) -> float:
        """Seconds until enough counted requests leave the window for one more under `cap`."""
        current = self.bucket(now)
        total = sum(counts.get(b, 0) for b in self.horizon(current))
        for b in self.horizon(current):
            total -= counts.get(b, 0)
            if total < cap:
                # Bucket b stops being counted once the current bucket is b + buckets + 1.
                return max(0.0, (b + self.buckets + 1) * self.width - now)
        return self.width  # not reached: an empty window is under any cap of at least 1


class InProcessBudget:
    """A RequestBudget for one process (one replica): counters in memory."""

    def __init__(
        self,
        limit: int = 100,
        *,
        background_share: float = 0.8,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.window = Window(limit, background_share)
        self.throttled = 0  # how often a caller had to wait
        self._counts: dict[int, int] = {}
        self._clock = clock
        self._sleep = sleep

    @property
    def limit(self) -> int:
        return self.window.limit

    @property
    def used(self) -> int:
        """Requests counted in the current window."""
        current = self.window.bucket(self._clock())
        return sum(self._counts.get(b, 0) for b in self.window.horizon(current))

    async def usage(self) -> int:
        return self.used

    async def try_acquire(self, *, background: bool) -> float:
        """Count one request and return 0.0, or count nothing and return how long to wait."""
        now = self._clock()
        current = self.window.bucket(now)
        cap = self.window.cap(background)
        if self.used >= cap:
            return self.window.wait(self._counts, now, cap)
        self._counts[current] = self._counts.get(current, 0) + 1
        for old in [b for b in self._counts if b < current - self.window.buckets]:
            del self._counts[old]
        return 0.0

    async def acquire(self, *, background: bool) -> None:
        while (wait := await self.try_acquire(background=background)) > 0:
            self.throttled += 1
            await self._sleep(wait)
