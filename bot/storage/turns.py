"""The order in which one process's SQLite writers take the database: urgent writers first.

SQLite has one writer at a time. Writers of this process queue here instead of colliding on the file lock
(whose busy handler sleeps in steps of milliseconds). Two queues: an urgent writer - a webhook's commit the
platform is waiting for, or the record that a platform write was performed - goes before the worker's
bookkeeping, so those windows stay short while many events are processed side by side."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WriteTurns:
    """A FIFO asyncio lock with a priority lane; `async with turns` is a normal turn."""

    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    def locked(self) -> bool:
        return self._held

    async def acquire(self, *, urgent: bool = False) -> bool:
        if not self._held and not self._urgent and not self._normal:
            self._held = True
            return True
        queue = self._urgent if urgent else self._normal
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed the turn just as the caller gave up: pass it on
            else:
                try:
                    queue.remove(waiter)
                except ValueError:
                    pass
            raise
        return True

    def release(self) -> None:
        for queue in (self._urgent, self._normal):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the turn passes directly: _held stays True
                    return
        self._held = False

    @asynccontextmanager
    async def turn(self, *, urgent: bool = False) -> AsyncIterator[None]:
        await self.acquire(urgent=urgent)
        try:
            yield
        finally:
            self.release()

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.release()
