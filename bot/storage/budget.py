"""A request budget shared by every replica: per-bucket counters in the key-value table.

Keys are `ratelimit:<platform>:<sha256 of the token, 16 hex>:<bucket, 12 digits>` and values
the count as JSON text, so no migration is needed and the token itself is never stored.

A busy replica counts ahead: each transaction reserves a few slots of the current bucket (1, then 2, 4 ...
up to a twentieth of the limit, at most 16) and hands them out in memory, so a burst of requests costs one
database transaction per few requests instead of one each. The reservation counts against every replica at
once, so the shared limit holds; what is left of it when the bucket ends is given back in the next
transaction (a replica that dies keeps its unused slots counted until they leave the window: a little less
throughput, never more requests). A limit under 40 reserves one slot at a time, as before.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Integer, Text, cast, delete, select, update
from sqlalchemy.sql import Executable

from bot.storage.db import Database
from bot.storage.sql import Tx
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
        seconds: float = 60.0,
        buckets: int = 12,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.db = db
        self.window = Window(limit, background_share, seconds, buckets)
        self.used = 0  # requests in the window, as this replica last counted them
        self.throttled = 0  # how often a caller of this replica had to wait
        self.transactions = 0  # counting transactions this replica ran (each reserves one or more slots)
        self._most = max(1, min(16, limit // 20))  # the largest reservation
        self._spare = 0  # reserved in `_spare_bucket` and not handed out yet
        self._spare_bucket: int | None = None
        self._spare_background = False  # reserved under the background cap (then any work may use it)
        self._next = 1  # the next reservation's size, doubling while the bucket lasts
        self._reserving = asyncio.Lock()
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
        """Requests counted in the current window by every replica (less the slots this one holds unused)."""
        current = self.window.bucket(self._clock())
        horizon = list(self.window.horizon(current))
        keys = [self._key(b) for b in horizon]
        counted = sum(int(value) for value, in await self.db.sql.rows(
            select(kv.c.value).where(kv.c.key.in_(keys))))
        # Slots held unused stay counted in their bucket until given back (the next reservation, or close),
        # also once that bucket is past: they were never sent, whichever bucket of the window holds them.
        return counted - (self._spare if self._spare_bucket in horizon else 0)

    async def close(self) -> None:
        """Give back the slots this replica reserved and did not use (on shutdown)."""
        async with self._reserving:
            if self._spare and self._spare_bucket is not None:
                spare, self._spare, bucket = self._spare, 0, self._spare_bucket
                await self.db.sql.transaction(lambda tx: self._give_back(tx, bucket, spare))

    async def try_acquire(self, *, background: bool) -> float:
        """Count one request and return 0.0, or count nothing and return how long to wait."""
        if (taken := self._take_spare(background)) is not None:
            return taken
        # Shielded: a caller cancelled mid-transaction (a page a listing no longer needs) must not abandon
        # an open SQLite write transaction, which would hold the database lock from every other writer.
        return await asyncio.shield(self._reserve_in_turn(background))

    async def _reserve_in_turn(self, background: bool) -> float:
        async with self._reserving:  # callers of this replica wait for one reservation, then share it
            if (taken := self._take_spare(background)) is not None:
                return taken
            return await self._reserve(background)

    def _take_spare(self, background: bool) -> float | None:
        if (self._spare and self._spare_bucket == self.window.bucket(self._clock())
                and (self._spare_background or not background)):
            self._spare -= 1
            return 0.0
        return None

    async def _reserve(self, background: bool) -> float:
        """Under `_reserving`: count up to `_next` slots of the current bucket; the first transaction of a
        bucket counts one and gives back what was left of the last bucket."""
        now = self._clock()
        current = self.window.bucket(now)
        fresh = self._spare_bucket != current
        want = 1 if fresh else self._next
        spare, spare_bucket, cap = self._spare, self._spare_bucket, self.window.cap(background)

        def reserve(tx: Tx) -> tuple[int, int]:
            if fresh and spare and spare_bucket is not None:
                self._give_back(tx, spare_bucket, spare)
            return self._count(tx, now, cap, want, sweep=fresh)

        try:
            self.transactions += 1
            got, self.used = await self.db.sql.transaction(reserve)
        except _Full as full:
            self.used = full.used  # rolled back, the give-back too: it goes with the next transaction
            return full.wait
        if fresh:
            self._spare, self._spare_background, self._spare_bucket = got - 1, background, current
            self._next = min(self._most, 2)
        else:  # this bucket's slots still held are kept with the new ones; background work may use the lot
            self._spare += got - 1  # only if all of it was counted under the background cap
            self._spare_background = self._spare_background and background
            self._next = min(self._most, want * 2)
        return 0.0

    def _give_back(self, tx: Tx, bucket: int, count: int) -> None:
        """Uncount slots reserved in an earlier bucket and never used."""
        tx.count(
            update(kv).where(kv.c.key == self._key(bucket))
            .values(value=cast(cast(kv.c.value, Integer) - count, Text))
        )

    def _count(self, tx: Tx, now: float, cap: int, want: int, *, sweep: bool) -> tuple[int, int]:
        """Reserve up to `want` slots of the current bucket (at least one, or raise _Full):
        (slots reserved, requests now counted in the window)."""
        tx.lock(self._lock_id)  # replicas take turns per token, so two never both see the last free slot
        current = self.window.bucket(now)
        # Writing first also makes SQLite take its write lock before the read below.
        tx.count(self._increment(self._key(current), now, want))
        buckets = {self._key(b): b for b in self.window.horizon(current)}
        rows = tx.rows(select(kv.c.key, kv.c.value).where(kv.c.key.in_(buckets)))
        counts = {buckets[key]: int(value) for key, value in rows}
        total = sum(counts.values())
        over = total - cap
        if over >= want:
            counts[current] -= want
            raise _Full(self.window.wait(counts, now, cap), total - want)
        got = want
        if over > 0:
            got = want - over  # take what is left; uncount the rest in this transaction
            tx.count(update(kv).where(kv.c.key == self._key(current))
                     .values(value=cast(cast(kv.c.value, Integer) - over, Text)))
            total = cap
        if sweep:  # once per bucket: counters that left the window go
            oldest = self._key(current - self.window.buckets)
            tx.count(delete(kv).where(kv.c.key.like(f"{self._prefix}%"), kv.c.key < oldest))
        return got, total

    def _increment(self, key: str, now: float, by: int) -> Executable:
        stamp = datetime.fromtimestamp(now, UTC)
        insert = self.db.insert(kv)
        return insert.values(key=key, value=str(by), updated_at=stamp).on_conflict_do_update(
            index_elements=["key"], set_={"value": cast(cast(kv.c.value, Integer) + by, Text), "updated_at": stamp}
        )

    async def acquire(self, *, background: bool) -> None:
        while (wait := await self.try_acquire(background=background)) > 0:
            self.throttled += 1
            await self._sleep(wait)
