"""Engine set-up and migrations for SQLite (embedded default) and PostgreSQL (replicas)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Table, and_, event, func, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.storage.lite import Lite
from bot.storage.sql import EngineSql, LiteSql, Sql
from bot.storage.turns import WriteTurns

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK = 727_100_001  # PostgreSQL advisory lock id: one replica migrates at a time
_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets the worker read while webhooks write; NORMAL keeps commits durable across a
    # process crash (SIGKILL), which is the failure the inbox promises to survive.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """One engine per process; the dialect decides how rows are claimed."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo}
        self.created_folder: Path | None = None  # the folder made for the SQLite file, said in the banner
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if not database or database == ":memory:" or parsed.query.get("mode") == "memory":
                # Every connection to an in-memory database sees a database of its own: the worker, the
                # delivery writer and the readers would not share one inbox.
                raise ValueError("pmbot stores in a SQLite file or in PostgreSQL, not in an in-memory SQLite "
                                 "database: set DATABASE_URL to sqlite+aiosqlite:///path/to/pmbot.db")
            folder = Path(database).parent
            if not folder.exists():
                folder.mkdir(parents=True, exist_ok=True)
                self.created_folder = folder
        else:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        self._write_lock: WriteTurns | None = None
        self._lite: Lite | None = None
        self._sql: Sql | None = None
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    async def migrate(self) -> None:
        """Apply Alembic migrations up to every head (safe to run from several replicas at once)."""
        async with self.engine.connect() as conn:
            if self.is_postgres:
                await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
            try:
                await conn.run_sync(self._upgrade)
                await conn.commit()
            finally:
                if self.is_postgres:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                    await conn.commit()

    @staticmethod
    def _upgrade(sync_conn: Any) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = sync_conn
        command.upgrade(cfg, "heads")  # agents may add their own branch from 0001

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - readiness answers "no", it does not raise
            return False

    @asynccontextmanager
    async def write_probe(self, timeout: float) -> AsyncIterator[AsyncConnection]:
        """A write transaction that waits at most about `timeout` seconds for the database's write
        lock and is always rolled back (readiness: can a webhook's commit go through now?)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout

        def remaining_ms() -> int:
            return max(1, int((deadline - loop.time()) * 1000))

        if self.is_postgres:
            async with asyncio.timeout(timeout):  # a pool exhausted by stuck writers is "not ready" too
                conn = await self.engine.connect()
            try:
                ms = remaining_ms()
                await conn.execute(text(f"SET LOCAL lock_timeout = {ms}"))
                await conn.execute(text(f"SET LOCAL statement_timeout = {ms}"))
                yield conn
            finally:
                await conn.rollback()
                await conn.close()
            return
        lock = self._lock()
        async with asyncio.timeout(timeout):
            await lock.acquire()
        try:
            async with self.engine.connect() as conn:
                # The probe's own short busy wait; restored before the connection goes back to the pool.
                await conn.exec_driver_sql(f"PRAGMA busy_timeout={remaining_ms()}")
                try:
                    await conn.exec_driver_sql("BEGIN IMMEDIATE")  # takes the write lock now or fails
                    try:
                        yield conn
                    finally:
                        await conn.rollback()
                finally:
                    await conn.exec_driver_sql(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        finally:
            lock.release()

    def connect(self) -> Any:
        return self.engine.connect()

    def insert(self, table: Table) -> Any:
        """An INSERT that takes ON CONFLICT clauses; PostgreSQL's and SQLite's have the same shape."""
        return pg_insert(table) if self.is_postgres else sqlite_insert(table)

    def starts_with(self, column: Any, prefix: Any) -> Any:
        """`column` begins with `prefix`: a key range on SQLite's binary order (the index is used); PostgreSQL's
        starts_with, whatever the collation. `prefix` is a bindparam whose value is the prefix."""
        if self.is_postgres:
            return func.starts_with(column, prefix)
        return and_(column >= prefix, column < prefix.op("||")("\U0010ffff"))

    def begin(self, *, urgent: bool = False) -> Any:
        """A write transaction. On SQLite, writers of this process queue on an asyncio lock instead
        of colliding on the database lock, whose busy handler sleeps (latency spikes); `urgent` writers
        (someone waits on the commit: a platform, or the record of a platform write) go first."""
        if self.is_postgres:
            return self.engine.begin()
        return self._serialised_begin(urgent)

    def write_lock(self) -> WriteTurns:
        """The turns this process's SQLite writers take (a writer with its own connection takes them too)."""
        return self._lock()

    @property
    def sqlite_path(self) -> str | None:
        """The SQLite file, or None (PostgreSQL, or an in-memory database no other connection can see)."""
        if self.dialect != "sqlite":
            return None
        database = make_url(self.url).database or ""
        return database if database and database != ":memory:" else None

    @property
    def lite(self) -> Lite | None:
        """The raw sqlite3 road on a SQLite file (bot/storage/lite.py), under `sql`; None on PostgreSQL."""
        if self._lite is None and (path := self.sqlite_path) is not None:
            self._lite = Lite(path, self._lock())
        return self._lite

    @property
    def sql(self) -> Sql:
        """How every storage module runs its statements (bot/storage/sql.py): the raw sqlite3 road on SQLite,
        the async engine on PostgreSQL."""
        if self._sql is None:
            lite = self.lite
            self._sql = LiteSql(lite) if lite is not None else EngineSql(self)
        return self._sql

    def _lock(self) -> WriteTurns:
        if self._write_lock is None:
            self._write_lock = WriteTurns()
        return self._write_lock

    @asynccontextmanager
    async def _serialised_begin(self, urgent: bool = False) -> AsyncIterator[AsyncConnection]:
        async with self._lock().turn(urgent=urgent), self.engine.begin() as conn:
            yield conn

    async def dispose(self) -> None:
        if self._lite is not None:
            await self._lite.aclose()
            self._lite = None
        self._sql = None
        await self.engine.dispose()
