"""The raw sqlite3 road for the worker's small, frequent statements on a SQLite file.

Through SQLAlchemy over aiosqlite a statement costs 0.3-0.8 ms of CPU: about ten hand-offs to aiosqlite's
thread, greenlet switches, and a rollback when a read connection goes back to the pool. The worker's statements
per event are small - a read by key, an upsert, a settle - so that overhead was most of an event's cost.
Here, for a SQLite file:

- reads run in the calling thread on a connection of their own: a read by key takes tens of microseconds and,
  in WAL mode, never waits for a writer; a heavier query (full-text search) goes to a reader thread instead,
  one hand-off (`fetch`);
- writes queue to one writer thread with its own connection, which commits everything queued while the
  previous commit ran in one transaction (group commit), taking its turn with this process's other SQLite
  writers (`WriteTurns`). A caller returns after the commit that carries its write: as durable as before.

Statements are the same SQLAlchemy statements the PostgreSQL road runs, compiled once for sqlite3
(`prepare`); storage modules reach this road through `LiteSql` (bot/storage/sql.py), never directly.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.sql import ClauseElement

from bot.storage.commit_queue import CommitQueue
from bot.storage.turns import WriteTurns

BUSY_TIMEOUT_MS = 10_000
CHECKPOINT_EVERY = 0.25  # seconds between WAL checkpoints while this process writes
Params = Mapping[str, Any] | Sequence[Any]


def sqlite_time(when: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite DateTime stores it (UTC, no zone; see tables.UTCDateTime)."""
    if when.tzinfo is UTC:  # the usual case: the text without its "+00:00"
        return when.isoformat(" ", "microseconds")[:26]
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.isoformat(" ", "microseconds")  # = strftime("%Y-%m-%d %H:%M:%S.%f"), a third of its cost


def read_time(text: str | None) -> datetime | None:
    """The stored text form back as an aware UTC datetime."""
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _bind(value: Any) -> Any:
    return sqlite_time(value) if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Prepared:
    """A SQLAlchemy statement compiled for sqlite3 (named parameters) with its constant parameters, bound once.
    `expanding`: the names of `IN` lists the caller gives (`bindparam(name, expanding=True)`), written out as one
    parameter per item when bound."""

    sql: str
    constants: dict[str, Any] = field(default_factory=dict)
    expanding: tuple[str, ...] = ()

    def params(self, given: Mapping[str, Any]) -> dict[str, Any]:
        out = self.constants.copy()
        for name, value in given.items():
            out[name] = sqlite_time(value) if isinstance(value, datetime) else value
        return out

    def bind(self, given: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """The statement and its parameters for these values (IN lists written out)."""
        if not self.expanding:
            return self.sql, self.params(given)
        sql, rest = self.sql, dict(given)
        for name in self.expanding:
            values = list(rest.pop(name))
            names = [f"{name}_{n}" for n in range(len(values))]
            sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join(f":{n}" for n in names))
            rest.update(zip(names, values, strict=True))
        return sql, self.params(rest)


SQLITE = sqlite_dialect.dialect(paramstyle="named")  # what statements of the raw road are compiled for


def compile_sqlite(statement: ClauseElement) -> Any:
    """The statement compiled for sqlite3 (an SQLCompiler: its SQL, its parameters, its result columns)."""
    return statement.compile(dialect=SQLITE)


def prepare(statement: ClauseElement, compiled: Any = None) -> Prepared:
    """`statement` as sqlite3 runs it; `compiled`: its `compile_sqlite`, when the caller has it already."""
    compiled = compiled if compiled is not None else compile_sqlite(statement)
    sql = compiled.string
    # Values written into the statement (`status='done'`, `locked_until=None`, `IN ('a', 'b')`); a bindparam
    # without one is the caller's to give.
    constants: dict[str, Any] = {}
    expanding: list[str] = []
    for name, value in compiled.params.items():
        bind = compiled.binds[name]
        if bind.required:
            if bind.expanding:
                expanding.append(name)
            continue
        marker = f"__[POSTCOMPILE_{name}]"
        if marker in sql:  # an IN list: one parameter per item
            names = [f"{name}_{n}" for n in range(len(value))]
            sql = sql.replace(marker, ", ".join(f":{n}" for n in names))
            constants.update(zip(names, value, strict=True))
        else:
            constants[name] = value
    if any(f"POSTCOMPILE_{name}]" not in sql for name in expanding) or \
            sql.count("POSTCOMPILE") != len(expanding):
        raise ValueError(f"an IN list without a value or an expanding parameter cannot be prepared: {sql}")
    return Prepared(sql, {k: _bind(v) for k, v in constants.items()}, tuple(expanding))


def connect(path: str, *, writer: bool = False) -> sqlite3.Connection:
    """A connection set up as the engine's are (WAL, synchronous=NORMAL: durable across a process crash).
    A `writer` leaves checkpoints to `Lite.checkpoint_soon`: SQLite's automatic one would run inside a commit,
    copying the WAL (with its fsyncs) while every other writer of this process waits for its turn."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    if writer:
        conn.execute("PRAGMA wal_autocheckpoint=0")
    return conn


class WriterThread:
    """A thread of its own that runs the calls handed to it, one after the other: `await call(fn, arg)` is
    `fn(arg)` run there. Each result comes back with one call_soon_threadsafe - an executor's futures cost
    about twice the event loop's time per call. `stop(last)` runs `last()` there (closing a connection) and
    ends the thread."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.SimpleQueue[tuple[Callable[[Any], Any], Any, asyncio.Future[Any],
                                            asyncio.AbstractEventLoop] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    async def call(self, fn: Callable[[Any], Any], arg: Any) -> Any:
        loop = asyncio.get_running_loop()
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name=self.name, daemon=True)
            self._thread.start()
        done: asyncio.Future[Any] = loop.create_future()
        self._jobs.put((fn, arg, done, loop))
        return await done

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, arg, done, loop = job
            try:
                result, error = fn(arg), None
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                result, error = None, exc
            try:
                loop.call_soon_threadsafe(_settle, done, result, error)
            except RuntimeError:
                pass  # the loop closed meanwhile: no one is waiting any more

    async def stop(self, last: Callable[[], Any] | None = None) -> None:
        if self._thread is None:
            return
        if last is not None:
            try:
                await self.call(lambda _: last(), None)
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        self._jobs.put(None)
        await asyncio.to_thread(self._thread.join)
        self._thread = None


def _settle(done: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if done.done():
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)


@dataclass(eq=False)
class _Op:
    sql: str | Callable[[sqlite3.Connection], Any]  # a statement, or work of several statements (`run`)
    params: Any
    many: bool
    rows: bool  # return the statement's rows (RETURNING) instead of its row count


class Lite:
    """`read` (in this thread) and `write` (group commit on the writer thread) on one SQLite file."""

    def __init__(self, path: str, turns: WriteTurns, *, max_batch: int = 500) -> None:
        self.path = path
        self.turns = turns
        self.max_batch = max_batch
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None
        self._thread = WriterThread("pmbot-sqlite-lite")
        self._fetcher: sqlite3.Connection | None = None
        self._fetch_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmbot-sqlite-read")
        self._checkpointer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmbot-sqlite-checkpoint")
        self._checkpoint_conn: sqlite3.Connection | None = None
        self._checkpoint: asyncio.Future[None] | None = None
        self._checkpointed_at = 0.0
        self._queue: CommitQueue[_Op] = CommitQueue(self._commit_batch, name="pmbot-sqlite-lite",
                                                    max_batch=max_batch, turns=lambda: turns)

    @property
    def commits(self) -> int:
        """Transactions so far (tests and benchmarks read it)."""
        return self._queue.commits

    # -- reads ------------------------------------------------------------------------------------------
    def read(self, sql: str | Prepared, params: Params = ()) -> list[Any]:
        """All rows of a query, read now in this thread (the statement ends before this returns)."""
        conn = self._reader = self._reader or connect(self.path)
        if isinstance(sql, Prepared):
            return conn.execute(sql.sql, sql.params(params)).fetchall()  # type: ignore[arg-type]
        return conn.execute(sql, params).fetchall()

    async def fetch(self, sql: str, params: Params = ()) -> list[Any]:
        """All rows of a query that may take milliseconds, read on the reader thread (the loop keeps serving)."""
        return await asyncio.get_running_loop().run_in_executor(self._fetch_thread, self._fetch, sql, params)

    def _fetch(self, sql: str, params: Params) -> list[Any]:
        conn = self._fetcher = self._fetcher or connect(self.path)
        return conn.execute(sql, params).fetchall()

    # -- writes -----------------------------------------------------------------------------------------
    async def write(self, sql: str | Prepared, params: Params = (), *, many: bool = False, rows: bool = False,
                    urgent: bool = False) -> Any:
        """Run a statement in the next group commit (bot/storage/commit_queue.py); its row count (or its rows,
        `rows=True`) once committed. `many`: `params` is a list, run as executemany. A statement that fails fails
        only its own caller."""
        if isinstance(sql, Prepared):
            text = sql.sql
            bound: Any = [sql.params(p) for p in params] if many else sql.params(params)  # type: ignore[arg-type]
        else:
            text, bound = sql, params
        return await self._enqueue(text, bound, many, rows, urgent)

    async def run(self, work: Callable[[sqlite3.Connection], Any], *, urgent: bool = False,
                  timeout: float | None = None) -> Any:
        """Run `work(connection)` on the writer thread inside the next group commit: its statements commit
        together, or not at all (a failure fails only its own caller, as for `write`). Its return value."""
        return await self._queue.put(_Op(work, None, False, False), urgent=urgent, timeout=timeout)

    async def _enqueue(self, sql: Any, params: Any, many: bool, rows: bool, urgent: bool) -> Any:
        return await self._queue.put(_Op(sql, params, many, rows), urgent=urgent)

    async def _commit_batch(self, batch: list[_Op]) -> list[Any]:
        try:
            return await self._thread.call(self._commit, batch)  # type: ignore[no-any-return]
        finally:
            self.checkpoint_soon()

    def checkpoint_soon(self) -> None:
        """Copy the WAL into the database file on a thread of its own (PASSIVE: it never waits for or blocks a
        writer), at most every CHECKPOINT_EVERY s: this process's writers (this one, the delivery writer) call
        it after their commits, which never run a checkpoint themselves (`connect(writer=True)`)."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        if now - self._checkpointed_at > CHECKPOINT_EVERY and (self._checkpoint is None or self._checkpoint.done()):
            self._checkpointed_at = now
            self._checkpoint = loop.run_in_executor(self._checkpointer, self._run_checkpoint)

    def _run_checkpoint(self) -> None:
        try:
            conn = self._checkpoint_conn = self._checkpoint_conn or connect(self.path)
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            pass  # the next one catches up; the engine's connections still checkpoint on their own

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _commit(self, batch: list[_Op]) -> list[Any]:
        """In the writer thread: the whole batch in one transaction; if a statement fails, each one alone."""
        conn = self._writer = self._writer or connect(self.path, writer=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
            results = [self._execute(conn, op) for op in batch]
            conn.execute("COMMIT")
            return results
        except Exception:  # noqa: BLE001 - one statement (or a work's code) failed: retried alone below
            _rollback(conn)
            if len(batch) == 1:
                raise
        results = []
        for op in batch:
            try:
                conn.execute("BEGIN IMMEDIATE")
                results.append(self._execute(conn, op))
                conn.execute("COMMIT")
            except Exception as exc:  # noqa: BLE001 - handed to its own caller
                _rollback(conn)
                results.append(exc)
        return results

    @staticmethod
    def _execute(conn: sqlite3.Connection, op: _Op) -> Any:
        if callable(op.sql):
            return op.sql(conn)
        if op.many:
            return conn.executemany(op.sql, op.params).rowcount
        cursor = conn.execute(op.sql, op.params)
        return cursor.fetchall() if op.rows else cursor.rowcount

    async def aclose(self) -> None:
        await self._queue.drain()  # what was queued still lands
        loop = asyncio.get_running_loop()
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        await self._thread.stop(self._close_writer)
        for pool, conn in ((self._fetch_thread, self._fetcher), (self._checkpointer, self._checkpoint_conn)):
            if conn is not None:
                await loop.run_in_executor(pool, conn.close)
            pool.shutdown(wait=False)
        if self._reader is not None:
            self._reader.close()
        self._reader = self._fetcher = self._checkpoint_conn = None


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
