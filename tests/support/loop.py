"""How long an awaited call took and how often the event loop ran something else meanwhile: work done in the loop's
own thread lets a 10 ms ticker tick about once, work done in a thread lets it tick all along."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def ticks_while(work: Awaitable[T]) -> tuple[T, float, int]:
    """(the result, seconds taken, ticks of a 10 ms ticker while it ran)."""
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    try:
        result = await work
    finally:
        took = time.perf_counter() - started
        ticker.cancel()
    return result, took, ticks
