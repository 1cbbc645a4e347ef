"""A limit on failed dashboard sign-ins: per client address and overall, over a sliding window.

Failures are kept in the key-value table, so every replica counts the same ones and a restart forgets none.
Within one process a lock makes check-and-count one step, and attempts still being verified count too: a burst
of parallel guesses gets no more tries than a sequence of them. (Across replicas, two failures landing at the
same instant may count once.)"""

from __future__ import annotations

import asyncio
import math
from datetime import datetime, timedelta
from typing import Any

PER_ADDRESS = 5
OVERALL = 50
WINDOW = timedelta(minutes=5)
FAILURES = "dashboard.signin_failures:"
EVERYONE = "*"  # the overall count's key; never a client address


class SignInLimit:
    """`admit` before checking a password, `settle` after; both read the injected clock."""

    def __init__(self, runtime: Any, *, per_address: int = PER_ADDRESS, overall: int = OVERALL,
                 window: timedelta = WINDOW) -> None:
        self.store = runtime.store
        self.clock = runtime.clock
        self.limits = {"address": per_address, "overall": overall}
        self.window = window
        self._lock = asyncio.Lock()
        self._pending: dict[str, int] = {}

    async def admit(self, address: str) -> int | None:
        """None when an attempt from `address` may be checked (it is then pending until `settle`), else the
        whole seconds to wait before the next one may."""
        async with self._lock:
            now = self.clock.now()
            mine, everyone = await self._failures(address, now), await self._failures(EVERYONE, now)
            wait = max(self._wait(mine, self._pending.get(address, 0), self.limits["address"], now),
                       self._wait(everyone, self._pending.get(EVERYONE, 0), self.limits["overall"], now))
            if wait:
                return wait
            for key in (address, EVERYONE):
                self._pending[key] = self._pending.get(key, 0) + 1
            return None

    async def settle(self, address: str, *, ok: bool) -> str | None:
        """Count a failure (or forget this address's failures after a success). Returns "address" or "overall"
        when this failure is the one that reached a limit (to audit the lock-out once), else None."""
        async with self._lock:
            for key in (address, EVERYONE):
                self._pending[key] -= 1
                if not self._pending[key]:
                    del self._pending[key]
            if ok:
                await self.store.delete([FAILURES + address])
                return None
            now = self.clock.now()
            reached = None
            for key, limit in ((address, "address"), (EVERYONE, "overall")):
                failures = [*await self._failures(key, now), now]
                await self.store.put(FAILURES + key, [f.isoformat() for f in failures])
                if len(failures) == self.limits[limit]:
                    reached = reached or limit
            return reached

    async def _failures(self, key: str, now: datetime) -> list[datetime]:
        stored = await self.store.get(FAILURES + key) or []
        since = now - self.window
        return sorted(t for t in (datetime.fromisoformat(str(s)) for s in stored) if t > since)

    def _wait(self, failures: list[datetime], pending: int, limit: int, now: datetime) -> int:
        over = len(failures) + pending - limit + 1  # how many must leave the window before one more try
        if over <= 0:
            return 0
        if over > len(failures):  # the rest of the allowance is being checked right now
            return 1
        return max(1, math.ceil((failures[over - 1] + self.window - now).total_seconds()))
