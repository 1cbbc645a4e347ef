"""One way to run a statement, whichever database pmbot stores in.

Storage modules write each statement once, as a SQLAlchemy Core statement, and hand it to `db.sql`, the
executor of their database's dialect:

- `LiteSql` on a SQLite file: the raw sqlite3 road of bot/storage/lite.py. Reads by key run in the calling
  thread, heavier reads (`heavy=True`) on a reader thread; writes join the next group commit. Statements are
  compiled for sqlite3 once (`lite.prepare`) and their datetime columns read back as aware UTC datetimes, as the
  engine's would be.
- `EngineSql` on PostgreSQL: SQLAlchemy's async engine over asyncpg, one transaction per write, side by side
  over the pool; short writes of many callers (`group`: the inbox's puts, the worker's bookkeeping) share one
  transaction through the same commit queue.

A transaction of several statements with logic between them is one function of a `Tx` - plain synchronous
code - that both executors run inside one transaction: on SQLite's writer thread, or through the engine's
`run_sync`. So no storage module asks which database it is on to decide how to run something; what differs
between the dialects is only the SQL itself where the two databases really differ (full-text search, locks).
Each executor also makes its dialect's delivery writer (`delivery_writer`, bot/storage/writer.py)."""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import text
from sqlalchemy.sql import ClauseElement

from bot.storage.commit_queue import CommitQueue
from bot.storage.lite import SQLITE, Lite, Prepared, compile_sqlite, prepare

if TYPE_CHECKING:
    from bot.storage.db import Database
    from bot.storage.writer import GroupWriter

T = TypeVar("T")
Statement = Any  # a SQLAlchemy Core statement, or a str of SQL both dialects take, with :name parameters
Params = Mapping[str, Any] | None
_CACHE_LIMIT = 4096  # compiled statements kept per process; statements are built once, so this is never reached


class Tx(ABC):
    """The statements of one transaction, run synchronously (inside `Sql.transaction`)."""

    @abstractmethod
    def rows(self, statement: Statement, params: Params = None) -> list[Any]:
        """All rows of a query (or of a statement with RETURNING)."""

    @abstractmethod
    def count(self, statement: Statement, params: Any = None, *,
              many: bool = False) -> int:
        """Run a statement (`many`: once per parameter set); the number of rows it changed."""

    def each(self, statement: Statement, params: Sequence[Mapping[str, Any]]) -> list[Any]:
        """The rows a statement with RETURNING gives, run once per parameter set (an INSERT of many rows)."""
        return [row for given in params for row in self.rows(statement, given)]

    @abstractmethod
    def lock(self, key: int) -> None:
        """Hold the transaction-wide lock `key` until this transaction ends: writers of every replica that take
        it take turns. (SQLite has one writer at a time already.)"""


class Sql(ABC):
    """Runs statements on this process's database. Every storage module reads and writes through this."""

    @abstractmethod
    async def rows(self, statement: Statement, params: Params = None, *, heavy: bool = False) -> list[Any]:
        """All rows of a query. `heavy`: it may take milliseconds (a search, megabytes of bodies)."""

    async def dicts(self, statement: Any, params: Params = None, *, heavy: bool = False) -> list[dict[str, Any]]:
        """The rows of a select as dicts by column name."""
        names = [column.key for column in statement.selected_columns]
        return [dict(zip(names, row, strict=True)) for row in await self.rows(statement, params, heavy=heavy)]

    @abstractmethod
    async def count(self, statement: Statement, params: Any = None, *,
                    many: bool = False, urgent: bool = False) -> int:
        """Run a write, committed before this returns; how many rows it changed. `urgent`: someone outside
        waits on this commit (a platform's call, the record of a platform write): it goes first."""

    @abstractmethod
    async def returning(self, statement: Statement, params: Params = None, *, urgent: bool = False) -> list[Any]:
        """Run a write with RETURNING, committed before this returns; its rows."""

    @abstractmethod
    async def transaction(self, work: Callable[[Tx], T], *, urgent: bool = False) -> T:
        """`work(tx)` inside one transaction: every statement it runs commits together, or none does (an
        exception in `work` rolls back and is raised here). Its return value."""

    @abstractmethod
    async def group(self, work: Callable[[Tx], T], *, timeout: float | None = None) -> T:
        """Like `transaction`, for a short write that may share one transaction with other callers' (the inbox's
        puts, the worker's per-event bookkeeping): what queues while a commit runs goes into the next one
        (bot/storage/commit_queue.py). `timeout`: give up waiting after that many seconds (CommitTimeout)."""

    @abstractmethod
    def delivery_writer(self, db: Database, *, max_batch: int) -> GroupWriter:
        """The group-commit writer of received deliveries on this dialect (bot/storage/writer.py): the hot path
        of every webhook, so each dialect has its own leanest road."""

    async def batched(self, statement: Statement, params: Mapping[str, Any]) -> None:
        """One small bookkeeping statement, grouped with the others queued meanwhile; returns once committed."""
        await self.group(_One(statement, params))


@dataclass(frozen=True)
class _One:
    """A `batched` statement as a work of `group`: where a commit carries several of the same statement, the
    executor may run them as one executemany."""

    statement: Statement
    params: Mapping[str, Any]

    def __call__(self, tx: Tx) -> int:
        return tx.count(self.statement, self.params)


class _Compiled:
    """Statements compiled for sqlite3, once each, with what turns their result columns into Python values."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Statement, Prepared, list[Any] | None]] = {}

    def get(self, statement: Statement) -> tuple[Prepared, list[Any] | None]:
        if isinstance(statement, str):
            return Prepared(statement), None
        found = self._by_id.get(id(statement))
        if found is not None and found[0] is statement:
            return found[1], found[2]
        compiled = compile_sqlite(statement)
        prepared, processors = prepare(statement, compiled), _result_processors(compiled)
        if len(self._by_id) >= _CACHE_LIMIT:
            self._by_id.clear()
        self._by_id[id(statement)] = (statement, prepared, processors)  # holding it keeps its id from being reused
        return prepared, processors


def _result_processors(compiled: Any) -> list[Any] | None:
    """Per result column of a compiled statement, the function SQLAlchemy's SQLite dialect would apply to the
    stored value (datetimes from their text form, with the UTC zone of tables.UTCDateTime); None when no column
    needs one."""
    columns = getattr(compiled, "_result_columns", None) or []
    processors = [column[3]._cached_result_processor(SQLITE, None) for column in columns]
    return processors if any(processors) else None


def _processed(rows: list[Any], processors: list[Any] | None) -> list[Any]:
    if processors is None or not rows:
        return rows
    return [tuple(value if fn is None or value is None else fn(value) for fn, value in zip(processors, row,
                                                                                            strict=True))
            for row in rows]


class _LiteTx(Tx):
    def __init__(self, conn: sqlite3.Connection, compiled: _Compiled) -> None:
        self.conn = conn
        self.compiled = compiled

    def rows(self, statement: Statement, params: Params = None) -> list[Any]:
        prepared, processors = self.compiled.get(statement)
        sql, bound = prepared.bind(params or {})
        return _processed(self.conn.execute(sql, bound).fetchall(), processors)

    def count(self, statement: Statement, params: Any = None, *,
              many: bool = False) -> int:
        prepared, _ = self.compiled.get(statement)
        if many:
            return self.conn.executemany(prepared.sql, [prepared.params(p) for p in params or ()]).rowcount
        sql, bound = prepared.bind(params or {})
        return self.conn.execute(sql, bound).rowcount

    def lock(self, key: int) -> None:
        """A transaction of the raw road began with BEGIN IMMEDIATE: it holds the database's one write lock."""


class LiteSql(Sql):
    """A SQLite file: the raw sqlite3 road with its group commit (bot/storage/lite.py)."""

    def __init__(self, lite: Lite) -> None:
        self.lite = lite
        self.compiled = _Compiled()

    def delivery_writer(self, db: Database, *, max_batch: int) -> GroupWriter:
        from bot.storage.writer import SqliteWriter  # writer.py builds on this module

        return SqliteWriter(db, max_batch=max_batch)

    async def rows(self, statement: Statement, params: Params = None, *, heavy: bool = False) -> list[Any]:
        prepared, processors = self.compiled.get(statement)
        sql, bound = prepared.bind(params or {})
        found = await self.lite.fetch(sql, bound) if heavy else self.lite.read(sql, bound)
        return _processed(found, processors)

    async def count(self, statement: Statement, params: Any = None, *,
                    many: bool = False, urgent: bool = False) -> int:
        prepared, _ = self.compiled.get(statement)
        if many:
            return int(await self.lite.write(prepared.sql, [prepared.params(p) for p in params or ()],
                                              many=True, urgent=urgent))
        sql, bound = prepared.bind(params or {})
        return int(await self.lite.write(sql, bound, urgent=urgent))

    async def returning(self, statement: Statement, params: Params = None, *, urgent: bool = False) -> list[Any]:
        prepared, processors = self.compiled.get(statement)
        sql, bound = prepared.bind(params or {})
        return _processed(await self.lite.write(sql, bound, rows=True, urgent=urgent), processors)

    async def transaction(self, work: Callable[[Tx], T], *, urgent: bool = False) -> T:
        compiled = self.compiled
        return await self.lite.run(lambda conn: work(_LiteTx(conn, compiled)), urgent=urgent)  # type: ignore[no-any-return]

    async def group(self, work: Callable[[Tx], T], *, timeout: float | None = None) -> T:
        compiled = self.compiled  # every write of the raw road shares the next group commit
        return await self.lite.run(lambda conn: work(_LiteTx(conn, compiled)), timeout=timeout)  # type: ignore[no-any-return]


def _clause(statement: Statement) -> ClauseElement:
    return text(statement) if isinstance(statement, str) else statement


class _EngineTx(Tx):
    def __init__(self, conn: Any) -> None:  # a synchronous sqlalchemy Connection (inside run_sync)
        self.conn = conn

    def rows(self, statement: Statement, params: Params = None) -> list[Any]:
        return list(self.conn.execute(_clause(statement), dict(params or {})))

    def count(self, statement: Statement, params: Any = None, *,
              many: bool = False) -> int:
        given: Any = [dict(p) for p in params or ()] if many else dict(params or {})
        return int(self.conn.execute(_clause(statement), given).rowcount)

    def each(self, statement: Statement, params: Sequence[Mapping[str, Any]]) -> list[Any]:
        if not params:
            return []
        return list(self.conn.execute(_clause(statement), [dict(p) for p in params]))  # one multi-row INSERT

    def lock(self, key: int) -> None:
        self.conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


class EngineSql(Sql):
    """PostgreSQL (or any database without the raw road): SQLAlchemy's async engine."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._grouped: CommitQueue[Callable[[Tx], Any]] = CommitQueue(self._commit_group, name="pmbot-pg-group")

    def delivery_writer(self, db: Database, *, max_batch: int) -> GroupWriter:
        from bot.storage.writer import PostgresWriter  # writer.py builds on this module

        return PostgresWriter(db, max_batch=max_batch)

    async def rows(self, statement: Statement, params: Params = None, *, heavy: bool = False) -> list[Any]:
        async with self.db.connect() as conn:
            return list(await conn.execute(_clause(statement), dict(params or {})))

    async def count(self, statement: Statement, params: Any = None, *,
                    many: bool = False, urgent: bool = False) -> int:
        given: Any = [dict(p) for p in params or ()] if many else dict(params or {})
        if many and not given:
            return 0
        async with self.db.begin(urgent=urgent) as conn:
            return int((await conn.execute(_clause(statement), given)).rowcount)

    async def returning(self, statement: Statement, params: Params = None, *, urgent: bool = False) -> list[Any]:
        async with self.db.begin(urgent=urgent) as conn:
            return list(await conn.execute(_clause(statement), dict(params or {})))

    async def transaction(self, work: Callable[[Tx], T], *, urgent: bool = False) -> T:
        async with self.db.begin(urgent=urgent) as conn:
            return await conn.run_sync(lambda sync_conn: work(_EngineTx(sync_conn)))  # type: ignore[no-any-return]

    async def group(self, work: Callable[[Tx], T], *, timeout: float | None = None) -> T:
        return await self._grouped.put(work, timeout=timeout)  # type: ignore[no-any-return]

    async def _commit_group(self, works: list[Callable[[Tx], Any]]) -> list[Any]:
        """The works in one transaction; if one fails (which aborts a PostgreSQL transaction), each alone."""
        try:
            async with self.db.begin() as conn:
                return await conn.run_sync(lambda sync_conn: _run_grouped(_EngineTx(sync_conn), works))
        except Exception:  # noqa: BLE001 - retried one by one below, so only the failing work's caller hears it
            if len(works) == 1:
                raise
        results: list[Any] = []
        for work in works:
            try:
                results.append(await self.transaction(work))
            except Exception as exc:  # noqa: BLE001 - handed to its own caller
                results.append(exc)
        return results


def _run_grouped(tx: Tx, works: list[Callable[[Tx], Any]]) -> list[Any]:
    """The works of one commit in one transaction; the `batched` statements among them once per statement, with
    every caller's parameters (one executemany, not one round trip each)."""
    results: list[Any] = [None] * len(works)
    same: dict[int, tuple[Statement, list[Mapping[str, Any]]]] = {}
    for index, work in enumerate(works):
        if isinstance(work, _One):
            same.setdefault(id(work.statement), (work.statement, []))[1].append(work.params)
        else:
            results[index] = work(tx)
    for statement, params in same.values():
        tx.count(statement, params, many=True)
    return results
