"""Raw deliveries: each verified webhook body is committed here, under its dedupe key, before the 2xx.
The worker translates them into inbox events in arrival order; `pmbot replay --since` translates them again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import and_, bindparam, func, select, update

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.sql import Tx
from bot.storage.states import DeliveryState
from bot.storage.tables import deliveries
from bot.storage.writer import GroupWriter, Row

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


_TAKE = (update(deliveries)
         .where(and_(deliveries.c.id == bindparam("b_id"), deliveries.c.status == DeliveryState.PENDING))
         .values(status=bindparam("b_status"), events=bindparam("b_events"), error=bindparam("b_error"),
                 translated_at=bindparam("b_at")))
_UNTAKEN = select(deliveries.c.id).where(deliveries.c.id.in_(bindparam("ids", expanding=True)),
                                         deliveries.c.status == DeliveryState.PENDING)
_COLUMNS = (deliveries.c.id, deliveries.c.key, deliveries.c.source, deliveries.c.headers, deliveries.c.body,
            deliveries.c.received_at, deliveries.c.status)
_PENDING = (select(*_COLUMNS).where(deliveries.c.status == DeliveryState.PENDING)
            .order_by(deliveries.c.id).limit(bindparam("b_limit")))
_BODIES = select(deliveries.c.id, deliveries.c.body).where(deliveries.c.id.in_(bindparam("ids", expanding=True)))


def _delivery(row: Any) -> Delivery:
    """A row of `_COLUMNS`."""
    return Delivery(row[0], row[1], row[2], orjson.loads(row[3]), row[4], row[5], row[6])


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
            self._writer = self.db.sql.delivery_writer(self.db, max_batch=self.max_batch)
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
        """The oldest deliveries not yet translated, in arrival order (bodies of up to megabytes: a heavy read)."""
        return [_delivery(row) for row in await self.db.sql.rows(_PENDING, {"b_limit": limit}, heavy=True)]

    def take(self, tx: Tx, settled: list[Settled]) -> set[int]:
        """Inside the caller's transaction: mark these deliveries translated, with their outcome, unless someone
        did already; the ids this call took. Translators take turns (TRANSLATE_LOCK), and only they change a
        delivery's status, so those still pending are read once; then one statement per delivery, run as one
        executemany (not a round trip each on PostgreSQL), sets its status and outcome together, so its row -
        the body, up to megabytes - is rewritten once."""
        if not settled:
            return set()
        tx.lock(TRANSLATE_LOCK)
        taken = {row[0] for row in tx.rows(_UNTAKEN, {"ids": sorted({s.delivery_id for s in settled})})}
        if taken:
            at = self.clock.now()
            tx.count(_TAKE, [{"b_id": s.delivery_id, "b_events": s.events, "b_error": s.error,
                              "b_status": s.state, "b_at": at} for s in settled if s.delivery_id in taken], many=True)
        return taken

    def settle(self, tx: Tx, settled: list[Settled]) -> None:
        """Record per delivery how many events it became, or the error that left it untranslated."""
        if settled:
            tx.count(_SETTLE, [{"b_id": s.delivery_id, "b_events": s.events, "b_error": s.error,
                                "b_status": s.state} for s in settled], many=True)

    async def since(self, when: datetime, *, source: str | None = None, limit: int = 100_000) -> list[Delivery]:
        """Deliveries received at or after `when`, oldest first (what `pmbot replay --since` reads)."""
        query = select(*_COLUMNS).where(deliveries.c.received_at >= when)
        if source:
            query = query.where(deliveries.c.source == source)
        rows = await self.db.sql.rows(query.order_by(deliveries.c.id).limit(limit), heavy=True)
        return [_delivery(row) for row in rows]

    async def bodies(self, ids: set[int]) -> dict[int, str]:
        """The stored bodies of these deliveries (an event translated from one reads its payload here)."""
        if not ids:
            return {}
        return dict(await self.db.sql.rows(_BODIES, {"ids": sorted(ids)}, heavy=True))

    # -- inspection (CLI, tests, benchmarks) ---------------------------------------------------------
    async def counts(self) -> dict[str, int]:
        rows = await self.db.sql.rows(select(deliveries.c.status, func.count()).group_by(deliveries.c.status))
        return {row[0]: int(row[1]) for row in rows}

    async def rows(self, *, limit: int = 1000) -> list[dict[str, Any]]:
        return await self.db.sql.dicts(select(deliveries).order_by(deliveries.c.id).limit(limit), heavy=True)

    async def aclose(self) -> None:
        if self._writer is not None:
            await self._writer.aclose()
            self._writer = None

