"""Raw deliveries: each verified webhook body is committed here, under its dedupe key, before the 2xx.
The worker translates them into inbox events in arrival order; `pmbot replay --since` translates them again."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import orjson
from sqlalchemy import and_, bindparam, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.lite import read_time, sqlite_time
from bot.storage.states import DeliveryState
from bot.storage.tables import deliveries
from bot.storage.writer import GroupWriter, PostgresWriter, Row, SqliteWriter

# PostgreSQL advisory lock: one replica at a time turns deliveries into events, so events enter the inbox
# in the order their deliveries did (translation is cheap; the agents' work is what runs in parallel).
TRANSLATE_LOCK = 727_100_014


@dataclass(frozen=True)
class Delivery:
    """A stored delivery."""

    id: int
    key: str
    source: str
    headers: dict[str, str]
    body: str
    received_at: datetime
    status: str = DeliveryState.PENDING

    def payload(self) -> Any:
        return orjson.loads(self.body)


@dataclass(frozen=True)
class Settled:
    """What translating one delivery gave: how many events, or why none."""

    delivery_id: int
    events: int
    error: str | None = None

    @property
    def state(self) -> DeliveryState:
        return DeliveryState.FAILED if self.error else DeliveryState.TRANSLATED


_SETTLE = (update(deliveries).where(deliveries.c.id == bindparam("b_id"))
           .values(events=bindparam("b_events"), error=bindparam("b_error"), status=bindparam("b_status")))


def _delivery(row: Any) -> Delivery:
    return Delivery(row.id, row.key, row.source, orjson.loads(row.headers), row.body, row.received_at, row.status)


class Deliveries:
    """Put (group commit, deduplicated by key), list what waits for translation, settle, read back."""

    def __init__(self, db: Database, clock: Clock, *, max_batch: int = 512) -> None:
        self.db = db
        self.clock = clock
        self.max_batch = max_batch
        self._writer: GroupWriter | None = None

    @property
    def writer(self) -> GroupWriter:
        if self._writer is None:  # built on first use: the SQLite file exists (migrated) by then
            make = PostgresWriter if self.db.is_postgres else SqliteWriter
            self._writer = make(self.db, max_batch=self.max_batch)
        return self._writer

    async def put(self, source: str, key: str, headers: Mapping[str, str], body: bytes | str, *,
                  digest: str | None = None, timeout: float | None = None) -> bool:
        """Commit one delivery; True if new, False if its key - or its `digest`, a second key computed from the
        signed body where the key is not signed - was stored already. Raises `InboxTimeout` when the commit has
        not finished within `timeout` seconds (queued: dropped; being written: lands)."""
        text_body = body if isinstance(body, str) else body.decode("utf-8")
        kept = headers if type(headers) is dict else dict(headers)  # orjson takes only dicts
        row = Row(key, source, orjson.dumps(kept).decode(), text_body, self.clock.now(), digest)
        return await self.writer.put(row, timeout=timeout)

    def busy(self) -> bool:
        """Whether this process receives deliveries faster than it should also be translating and working."""
        return self._writer is not None and self._writer.busy()

    async def pending(self, limit: int = 100) -> list[Delivery]:
        """The oldest deliveries not yet translated, in arrival order."""
        if (lite := self.db.lite) is not None:  # bodies of up to megabytes: read on the reader thread
            rows = await lite.fetch("SELECT id, key, source, headers, body, received_at, status FROM deliveries "
                                    "WHERE status = ? ORDER BY id LIMIT ?", (DeliveryState.PENDING, limit))
            return [Delivery(i, k, s, orjson.loads(h), b, cast(datetime, read_time(r)), st)
                    for i, k, s, h, b, r, st in rows]
        query = (select(deliveries).where(deliveries.c.status == DeliveryState.PENDING)
                 .order_by(deliveries.c.id).limit(limit))
        async with self.db.connect() as conn:
            return [_delivery(row) for row in await conn.execute(query)]

    async def take(self, conn: AsyncConnection, ids: list[int]) -> set[int]:
        """Inside the caller's transaction: mark these deliveries translated unless someone did already;
        the ids this call took. On PostgreSQL translators take turns (see TRANSLATE_LOCK)."""
        if not ids:
            return set()
        if self.db.is_postgres:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": TRANSLATE_LOCK})
        stmt = (update(deliveries)
                .where(and_(deliveries.c.id.in_(ids), deliveries.c.status == DeliveryState.PENDING))
                .values(status=DeliveryState.TRANSLATED, translated_at=self.clock.now())
                .returning(deliveries.c.id))
        return set((await conn.execute(stmt)).scalars().all())

    def take_sqlite(self, conn: sqlite3.Connection, settled: list[Settled]) -> set[int]:
        """`take` and `settle` on the raw sqlite3 road, inside the writer thread's transaction (`Lite.run`): one
        statement per delivery sets its status and outcome together, so its row - the body, up to megabytes -
        is rewritten once, not twice. The ids this call took."""
        now = sqlite_time(self.clock.now())
        return {s.delivery_id for s in settled if conn.execute(
            "UPDATE deliveries SET status = ?, events = ?, error = ?, translated_at = ? WHERE id = ? AND status = ? "
            "RETURNING id", (s.state, s.events, s.error, now, s.delivery_id, DeliveryState.PENDING),
        ).fetchone()}

    async def settle(self, conn: AsyncConnection, settled: list[Settled]) -> None:
        """Record per delivery how many events it became, or the error that left it untranslated."""
        if settled:
            await conn.execute(_SETTLE, [{"b_id": s.delivery_id, "b_events": s.events, "b_error": s.error,
                                          "b_status": s.state} for s in settled])

    async def since(self, when: datetime, *, source: str | None = None, limit: int = 100_000) -> list[Delivery]:
        """Deliveries received at or after `when`, oldest first (what `pmbot replay --since` reads)."""
        query = select(deliveries).where(deliveries.c.received_at >= when)
        if source:
            query = query.where(deliveries.c.source == source)
        async with self.db.connect() as conn:
            return [_delivery(row) for row in await conn.execute(query.order_by(deliveries.c.id).limit(limit))]

    async def bodies(self, ids: set[int]) -> dict[int, str]:
        """The stored bodies of these deliveries (an event translated from one reads its payload here)."""
        if not ids:
            return {}
        async with self.db.connect() as conn:
            rows = await conn.execute(select(deliveries.c.id, deliveries.c.body).where(deliveries.c.id.in_(ids)))
            return {row.id: row.body for row in rows}

    # -- inspection (CLI, tests, benchmarks) ---------------------------------------------------------
    async def counts(self) -> dict[str, int]:
        async with self.db.connect() as conn:
            rows = await conn.execute(select(deliveries.c.status, func.count()).group_by(deliveries.c.status))
            return {row[0]: int(row[1]) for row in rows}

    async def rows(self, *, limit: int = 1000) -> list[dict[str, Any]]:
        query = select(deliveries).order_by(deliveries.c.id).limit(limit)
        async with self.db.connect() as conn:
            return [dict(row) for row in (await conn.execute(query)).mappings()]

    async def aclose(self) -> None:
        if self._writer is not None:
            await self._writer.aclose()
            self._writer = None

