"""One way to say how long something has waited, for every agent's messages."""

from __future__ import annotations

from datetime import timedelta


def age(delta: timedelta, *, floor: str = "m") -> str:
    """`3d` from 48 hours on, `5h` from an hour on, else minutes (`floor="h"`: at least `1h`)."""
    hours = int(delta.total_seconds() // 3600)
    if hours >= 48:
        return f"{hours // 24}d"
    if hours >= 1 or floor == "h":
        return f"{max(hours, 1)}h"
    return f"{max(0, int(delta.total_seconds() // 60))}m"
