"""GitHub's primary rate limit as the simulator keeps it: an hourly window per credential."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

WINDOW_SECONDS = 3600
AUTHENTICATED_LIMIT = 5000
UNAUTHENTICATED_LIMIT = 60  # GitHub counts requests without valid credentials per IP, at 60 an hour


@dataclass
class Window:
    limit: int
    reset: int
    used: int = 0


class RateCounter:
    """Counts requests per credential and renders the x-ratelimit-* headers GitHub sends on every response."""

    def __init__(self, now: Callable[[], datetime], limit: int = AUTHENTICATED_LIMIT) -> None:
        self._now = now
        self.limit = limit
        self._windows: dict[str, Window] = {}
        self._lock = threading.Lock()

    def count(self, who: str | None) -> tuple[bool, dict[str, str]]:
        """Count one request by `who` (None: no valid credentials); (over the limit?, headers)."""
        key = who or "anonymous"
        limit = self.limit if who else UNAUTHENTICATED_LIMIT
        now = int(self._now().timestamp())
        with self._lock:
            window = self._windows.get(key)
            if window is None or now >= window.reset:
                window = self._windows[key] = Window(limit, now + WINDOW_SECONDS)
            over = window.used >= window.limit
            if not over:
                window.used += 1
            return over, {
                "x-ratelimit-limit": str(window.limit),
                "x-ratelimit-remaining": str(window.limit - window.used),
                "x-ratelimit-used": str(window.used),
                "x-ratelimit-reset": str(window.reset),
                "x-ratelimit-resource": "core",
            }

    def exhaust(self, who: str) -> None:
        """Use up `who`'s window, as a busy neighbour sharing the token would."""
        self.count(who)
        with self._lock:
            self._windows[who].used = self._windows[who].limit
