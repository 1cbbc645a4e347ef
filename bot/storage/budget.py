"""A request budget shared by every replica: per-bucket counters in the key-value table.

Keys are `ratelimit:<platform>:<sha256 of the token, 16 hex>:<bucket, 12 digits>` and values
the count as JSON text, so no migration is needed and the token itself is never stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Integer, Text, cast, delete, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

from bot.storage.db import Database
from bot.storage.tables import kv
from integrations.ratelimit import Sleep, Window


class _Full(Exception):
    """The window is full: roll the counting transaction back and wait."""

    def __init__(self, wait: float, used: int) -> None:
        super().__init__(f"wait {wait:.1f}s")
        self.wait, self.used = wait, used


class DatabaseBudget:
    """A RequestBudget for one token shared by every replica on one database (SQLite or PostgreSQL)."""

    def __init__(
        self,
        db: Database,
        token: str,
        *,
        limit: int = 100,
        platform: str = "clickup",
        background_share: float = 0.8,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.db = db
        self.window = Window(limit, background_share)
        self.used = 0  # requests in the window, as this replica last counted them
        self.throttled = 0  # how often a caller of this replica had to wait
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]
        self._prefix = f"ratelimit:{platform}:{digest}:"
        self._lock_id = int.from_bytes(hashlib.sha256(self._prefix.encode()).digest()[:8], "big", signed=True)
        self._clock = clock
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"DatabaseBudget(prefix={self._prefix!r}, limit={self.limit})"

    @property
    def limit(self) -> int:
        return self.window.limit

    def _key(self, bucket: int) -> str:
        # Fixed width, so keys of one token sort in bucket order and old ones go in one range delete.
        return f"{self._prefix}{bucket:012d}"

    async def usage(self) -> int:
        """Requests counted in the current window by every replica."""
        keys = [self._key(b) for b in self.window.horizon(self.window.bucket(self._clock()))]
        async with self.db.connect() as conn:
            values = (await conn.execute(select(kv.c.value).where(kv.c.key.in_(keys)))).scalars()
            return sum(int(v) for v in values)

    async def try_acquire(self, *, background: bool) -> float:
        """Count one request and return 0.0, or count nothing and return how long to wait."""
        now = self._clock()
        try:
            async with self.db.begin() as conn:
                self.used = await self._count(conn, now, self.window.cap(background))
        except _Full as full:
            self.used = full.used
            return full.wait
        return 0.0

    async def _count(self, conn: AsyncConnection, now: float, cap: int) -> int:
        if self.db.is_postgres:
            # Replicas take turns per token, so two never both see the last free slot.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": self._lock_id})
        current = self.window.bucket(now)
        # Writing first also makes SQLite take its write lock before the read below.
        await conn.execute(self._increment(self._key(current), now))
        buckets = {self._key(b): b for b in self.window.horizon(current)}
        rows = await conn.execute(select(kv.c.key, kv.c.value).where(kv.c.key.in_(buckets)))
        counts = {buckets[key]: int(value) for key, value in rows}
        total = sum(counts.values())
        if total > cap:
            counts[current] -= 1
            raise _Full(self.window.wait(counts, now, cap), total - 1)
        oldest = self._key(current - self.window.buckets)
        await conn.execute(delete(kv).where(kv.c.key.like(f"{self._prefix}%"), kv.c.key < oldest))
        return total

    def _increment(self, key: str, now: float) -> Executable:
        stamp = datetime.fromtimestamp(now, UTC)
        insert = pg_insert(kv) if self.db.is_postgres else sqlite_insert(kv)
        return insert.values(key=key, value="1", updated_at=stamp).on_conflict_do_update(
            index_elements=["key"], set_={"value": cast(cast(kv.c.value, Integer) + 1, Text), "updated_at": stamp}
        )

    async def acquire(self, *, background: bool) -> None:
        while (wait := await self.try_acquire(background=background)) > 0:
            self.throttled += 1
            await self._sleep(wait)
