"""Small writes of concurrent callers share one transaction (the worker's per-event bookkeeping).

With events processed side by side, every event settles its inbox row and records each agent's outcome.
Issued one transaction each, those commits queue on SQLite's single writer; here everything queued while a
commit runs goes into the next one, each statement once with every caller's parameters (executemany).
A caller returns only after the commit that carries its write, so what it wrote is as durable as before."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database


@dataclass(eq=False)
class _Write:
    name: str
    statement: Any
    params: dict[str, Any]
    future: asyncio.Future[None]


class Batched:
    """`await batched.write(name, statement, params)`: committed together with whatever else is queued."""

    def __init__(self, db: Database, *, max_batch: int = 500) -> None:
        self.db = db
        self.max_batch = max_batch
        self._queue: list[_Write] = []
        self._task: asyncio.Task[None] | None = None

    async def write(self, name: str, statement: Any, params: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        item = _Write(name, statement, params, loop.create_future())
        self._queue.append(item)
        if self._task is None:
            # A task of its own: a caller cancelled meanwhile does not abort the others' transaction.
            self._task = loop.create_task(self._run(), name="pmbot-batched-writes")
        await asyncio.shield(item.future)

    async def _run(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
                groups: dict[str, tuple[Any, list[dict[str, Any]]]] = {}
                for item in batch:  # statements run in the order their first caller queued them
                    groups.setdefault(item.name, (item.statement, []))[1].append(item.params)
                try:
                    async with self.db.begin() as conn:
                        for statement, params in groups.values():
                            await conn.execute(statement, params)
                except Exception as exc:  # noqa: BLE001 - every caller of the batch gets the error
                    for item in batch:
                        if not item.future.done():
                            item.future.set_exception(exc)
                    continue
                for item in batch:
                    if not item.future.done():
                        item.future.set_result(None)
        finally:
            self._task = None
