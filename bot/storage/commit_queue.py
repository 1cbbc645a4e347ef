"""Group commit: what callers queue while a commit runs goes into the next commit, together.

Every writer of pmbot's storage commits through one of these: the raw sqlite3 road (bot/storage/lite.py), the
PostgreSQL executor's transactions (bot/storage/sql.py) and the delivery writers (bot/storage/writer.py). The
rules are the same for all of them:

- a caller returns after the commit that carries its item, with its own result (or its own error: `commit`
  answers per item, so one failing statement fails only its caller);
- a caller that gives up - cancelled, or its `timeout` passed - while its item still waits in the queue takes it
  out: it is never written. Once its commit began, the item is written whole and only the answer is dropped;
- a commit that raises fails every item of its batch with that error;
- where this process's SQLite writers take turns (`turns`), each commit takes one, urgent batches first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bot.storage.turns import WriteTurns

T = TypeVar("T")


class CommitTimeout(Exception):
    """The commit did not finish within the caller's deadline (the caller answers 503 and the platform retries):
    the item was still queued and is never written, or its commit was under way and may still land - then the
    platform's retry is a duplicate the dedupe skips."""


@dataclass(eq=False)
class _Item(Generic[T]):
    value: T
    urgent: bool
    future: asyncio.Future[Any]


class CommitQueue(Generic[T]):
    """`await queue.put(value)`: committed by `commit(values)` with whatever else queued meanwhile. `commit`
    returns one result per value, in order; a result that is an exception is raised to that value's caller."""

    def __init__(self, commit: Callable[[list[T]], Awaitable[list[Any]]], *, name: str, max_batch: int = 500,
                 turns: Callable[[], WriteTurns] | None = None) -> None:
        self._commit = commit
        self.name = name
        self.max_batch = max_batch
        self._turns = turns
        self._queue: list[_Item[T]] = []
        self._task: asyncio.Task[None] | None = None
        self.commits = 0  # commits so far (tests and benchmarks read them)
        self.items = 0

    @property
    def queued(self) -> int:
        return len(self._queue)

    async def put(self, value: T, *, urgent: bool = False, timeout: float | None = None) -> Any:
        loop = asyncio.get_running_loop()
        item = _Item(value, urgent, loop.create_future())
        self._queue.append(item)
        if self._task is None:
            # A task of its own: a caller that gives up does not abort the commit that carries the others.
            self._task = loop.create_task(self._run(), name=self.name)
        # A timer that fails the future, rather than asyncio.timeout's cancellation machinery per caller.
        timer = loop.call_later(timeout, self._expire, item, timeout) if timeout is not None else None
        try:
            return await item.future
        finally:
            if timer is not None:
                timer.cancel()
            if not item.future.done():
                item.future.cancel()  # cancelled while waiting: still queued, it is skipped

    def _expire(self, item: _Item[T], timeout: float) -> None:
        if not item.future.done():
            item.future.set_exception(CommitTimeout(f"commit not finished within {timeout:g} s"))

    async def _run(self) -> None:
        try:
            while self._queue:
                turns = self._turns() if self._turns is not None else None
                if turns is not None:  # the batch is what queued until the turn came
                    await turns.acquire(urgent=any(i.urgent for i in self._queue[: self.max_batch]))
                try:
                    taken, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch:]
                    batch = [i for i in taken if not i.future.done()]  # callers that gave up: never written
                    if not batch:
                        continue
                    try:
                        results = await self._commit([i.value for i in batch])
                    except Exception as exc:  # noqa: BLE001 - every caller of the batch hears it
                        results = [exc] * len(batch)
                    except BaseException:  # this queue was stopped mid-commit: its callers must not wait on
                        for i in batch + self._queue:
                            i.future.cancel()
                        self._queue = []
                        raise
                finally:
                    if turns is not None:
                        turns.release()
                self.commits += 1
                self.items += len(batch)
                for item, result in zip(batch, results, strict=True):
                    if item.future.done():
                        continue
                    if isinstance(result, BaseException):
                        item.future.set_exception(result)
                    else:
                        item.future.set_result(result)
        finally:
            self._task = None

    async def drain(self) -> None:
        """Wait until everything queued so far is committed."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def aclose(self) -> None:
        """Stop at once: what is being committed is interrupted (its callers hear CancelledError)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
