"""Group commit for raw deliveries: every request that queues while a commit runs shares the next one.

SQLite: a dedicated thread with its own connection writes each batch with one `executemany` and one commit,
taking its turn on the process's SQLite write lock. PostgreSQL: a dedicated asyncpg connection inserts each
batch in one statement. A request's future is resolved only after its batch committed, so the 2xx still
follows the durable write.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import make_url

from bot.storage.commit_queue import CommitQueue
from bot.storage.db import Database
from bot.storage.lite import WriterThread, connect, sqlite_time
from bot.storage.states import DeliveryState
from bot.storage.turns import WriteTurns

BUSY_RATE = 400.0  # deliveries per second above which the receive path counts as busy (the worker paces itself)
_WINDOW = 0.1


@dataclass(frozen=True)
class Row:
    """One verified delivery as it is stored."""

    key: str
    source: str
    headers: str  # JSON object of the headers the parser reads
    body: str
    received_at: datetime
    digest: str | None = None  # a second dedupe key: a digest of the body (GitHub's delivery id is not signed)


class GroupWriter:
    """Queues rows; everything queued while a commit runs goes into the next one (bot/storage/commit_queue.py).
    `put` answers per row whether this commit created it (False: its key was stored already, by anyone)."""

    def __init__(self, *, max_batch: int = 512, turns: Callable[[], WriteTurns] | None = None) -> None:
        self.max_batch = max_batch
        self._queue: CommitQueue[Row] = CommitQueue(self._commit, name="pmbot-delivery-writer", max_batch=max_batch,
                                                    turns=turns)
        self._window_start = 0.0
        self._window_count = 0
        self._rate = 0.0  # deliveries per second over the last full window
        self._last = float("-inf")  # when the latest delivery arrived

    @property
    def queued(self) -> int:
        return self._queue.queued

    @property
    def batches(self) -> int:
        """Commits so far (the benchmark reports rows per commit)."""
        return self._queue.commits

    @property
    def rows(self) -> int:
        return self._queue.items

    def busy(self) -> bool:
        """Whether deliveries arrive faster than BUSY_RATE right now (the worker then yields the CPU to them)."""
        now = asyncio.get_running_loop().time()
        if now - self._last > _WINDOW:
            return False  # nothing arrived lately: a burst that ended is no reason to wait
        if now - self._window_start > 2 * _WINDOW:
            return self._window_count / max(now - self._window_start, _WINDOW) > BUSY_RATE
        return max(self._rate, self._window_count / _WINDOW) > BUSY_RATE

    def _arrived(self, now: float) -> None:
        self._last = now
        if now - self._window_start >= _WINDOW:
            self._rate = self._window_count / (now - self._window_start) if self._window_start else 0.0
            self._window_start, self._window_count = now, 0
        self._window_count += 1

    async def put(self, row: Row, *, timeout: float | None = None) -> bool:
        """Commit one delivery (a platform waits for it: urgent); True if new. Raises `InboxTimeout` after
        `timeout` seconds: still queued, the row is never written; being written, it lands (and the platform's
        retry is a duplicate)."""
        self._arrived(asyncio.get_running_loop().time())
        return bool(await self._queue.put(row, urgent=True, timeout=timeout))

    async def _commit(self, rows: list[Row]) -> list[bool]:  # pragma: no cover - overridden
        raise NotImplementedError

    async def aclose(self) -> None:
        await self._queue.aclose()


def _first_of_each(rows: list[Row]) -> tuple[list[Row], list[int]]:
    """The rows whose key and digest were not seen earlier in the batch, and for every row the index of the first
    row with its key or digest."""
    first: dict[str, int] = {}
    by_digest: dict[str, int] = {}
    unique: list[Row] = []
    index = []
    for row in rows:
        seen = first.get(row.key)
        if seen is None and row.digest is not None:
            seen = by_digest.get(row.digest)
        if seen is None:
            seen = first[row.key] = len(unique)
            if row.digest is not None:
                by_digest[row.digest] = seen
            unique.append(row)
        index.append(seen)
    return unique, index


class SqliteWriter(GroupWriter):
    """Commits on a connection of its own in a dedicated thread (no per-statement thread hop)."""

    INSERT = ("INSERT INTO deliveries (key, source, headers, body, status, received_at, digest) "
              f"VALUES (?, ?, ?, ?, '{DeliveryState.PENDING}', ?, ?)")

    def __init__(self, db: Database, *, max_batch: int = 512) -> None:
        # Queue behind (and ahead of) this process's other SQLite writers instead of colliding on the file
        # lock, whose busy handler sleeps in steps of milliseconds.
        super().__init__(max_batch=max_batch, turns=db.write_lock)
        if db.sqlite_path is None:
            raise ValueError("the delivery writer needs a SQLite file (not an in-memory database)")
        self.db = db
        self.path = db.sqlite_path
        self._thread = WriterThread("pmbot-sqlite-writer")
        self._conn: sqlite3.Connection | None = None

    async def _commit(self, rows: list[Row]) -> list[bool]:
        fresh = await self._thread.call(self._write, rows)
        # Checkpoints (copying the WAL into the database file, with its fsyncs) run on a thread of their own,
        # so a commit never waits for one: 28 KB bodies fill SQLite's default 1,000-page WAL every ~140 rows.
        if (lite := self.db.lite) is not None:
            lite.checkpoint_soon()
        return fresh

    def _write(self, rows: list[Row]) -> list[bool]:
        conn = self._conn = self._conn or connect(self.path, writer=True)
        unique, index = _first_of_each(rows)
        keys = [row.key for row in unique]
        digests = [row.digest for row in unique if row.digest is not None]
        conn.execute("BEGIN IMMEDIATE")  # the write lock first: nobody adds a key between check and insert
        try:
            existing: set[str] = set()
            for column, values in (("key", keys), ("digest", digests)):
                for start in range(0, len(values), 500):
                    chunk = values[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    existing.update(v for (v,) in conn.execute(
                        f"SELECT {column} FROM deliveries WHERE {column} IN ({marks})", chunk))
            new = [r for r in unique if r.key not in existing and r.digest not in existing]
            conn.executemany(self.INSERT, [(r.key, r.source, r.headers, r.body, sqlite_time(r.received_at),
                                            r.digest) for r in new])
            conn.execute("COMMIT")
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise
        created = [row.key not in existing and row.digest not in existing for row in unique]
        return [created[i] and rows[n] is unique[i] for n, i in enumerate(index)]

    async def aclose(self) -> None:
        await super().aclose()
        await self._thread.stop(self._close)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class PostgresWriter(GroupWriter):
    """Commits each batch as one `INSERT … SELECT FROM unnest(…)` on an asyncpg connection of its own."""

    INSERT = (
        "INSERT INTO deliveries (key, source, headers, body, status, received_at, digest) "
        f"SELECT k, s, h, b, '{DeliveryState.PENDING}', r, d "
        "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) "
        "AS t(k, s, h, b, r, d) "
        "ON CONFLICT DO NOTHING RETURNING key"  # any unique column: the key, or the body's digest
    )

    def __init__(self, db: Database, *, max_batch: int = 512) -> None:
        super().__init__(max_batch=max_batch)
        self.dsn = make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn: Any = None

    async def _commit(self, rows: list[Row]) -> list[bool]:
        import asyncpg

        if self._conn is None or self._conn.is_closed():
            self._conn = await asyncpg.connect(self.dsn)
        unique, index = _first_of_each(rows)
        try:
            created = {r[0] for r in await self._conn.fetch(
                self.INSERT, [r.key for r in unique], [r.source for r in unique], [r.headers for r in unique],
                [r.body for r in unique], [r.received_at for r in unique], [r.digest for r in unique])}
        except BaseException:
            conn, self._conn = self._conn, None  # a broken or interrupted connection is not reused
            conn.terminate()
            raise
        return [unique[i].key in created and rows[n] is unique[i] for n, i in enumerate(index)]

    async def aclose(self) -> None:
        await super().aclose()
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()
