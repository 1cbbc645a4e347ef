"""Work due later (reminders, cut-offs) as stored rows with a due time, swept by a scheduler tick."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, select, update

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.sql import Tx
from bot.storage.states import DueState
from bot.storage.tables import due_items

_COLUMNS = ("key", "kind", "due_at", "payload", "status", "created_at", "fired_at")


@dataclass(frozen=True)
class DueItem:
    """A stored piece of future work."""

    key: str
    kind: str
    due_at: datetime
    payload: dict[str, Any]
    status: str


class DueItems:
    """Schedule, reschedule, cancel and take due rows; each due row is taken by exactly one sweep."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        ins = db.insert(due_items).values(
            {c: bindparam(c) for c in _COLUMNS})
        self._replace = ins.on_conflict_do_update(
            index_elements=["key"], set_={c: ins.excluded[c] for c in ("kind", "due_at", "payload", "status",
                                                                        "fired_at")})
        self._create = ins.on_conflict_do_nothing(index_elements=["key"])
        self._cancel = (update(due_items)
                        .where(and_(due_items.c.key == bindparam("b_key"), due_items.c.status == DueState.PENDING))
                        .values(status=DueState.CANCELLED))

    async def schedule(
        self, key: str, kind: str, due_at: datetime, payload: dict[str, Any], *, replace: bool = True
    ) -> bool:
        """Create or replace the item under `key` (pending again); with `replace=False` only create it, so an
        item that fired already is not armed twice. True when a row was written."""
        values = {
            "key": key,
            "kind": kind,
            "due_at": due_at,
            "payload": json.dumps(payload, default=str),
            "status": DueState.PENDING,
            "created_at": self.clock.now(),
            "fired_at": None,
        }
        return bool(await self.db.sql.count(self._replace if replace else self._create, values))

    async def cancel(self, key: str) -> bool:
        return bool(await self.db.sql.count(self._cancel, {"b_key": key}))

    def take_due(self, tx: Tx, limit: int = 100) -> list[DueItem]:
        """Mark due rows fired (in the caller's transaction) and return them; concurrent sweeps never get the
        same row (SKIP LOCKED on PostgreSQL; SQLite's compiler leaves FOR UPDATE out: one writer at a time)."""
        now = self.clock.now()
        ready = (
            select(due_items.c.id)
            .where(and_(due_items.c.status == DueState.PENDING, due_items.c.due_at <= now))
            .order_by(due_items.c.due_at, due_items.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        stmt = (
            update(due_items)
            .where(and_(due_items.c.id.in_(ready.scalar_subquery()), due_items.c.status == DueState.PENDING))
            .values(status=DueState.FIRED, fired_at=now)
            .returning(due_items.c.key, due_items.c.kind, due_items.c.due_at, due_items.c.payload)
        )
        return [DueItem(key, kind, due_at, json.loads(payload), DueState.FIRED)
                for key, kind, due_at, payload in tx.rows(stmt)]

    async def get(self, key: str) -> DueItem | None:
        found = await self.db.sql.dicts(select(due_items).where(due_items.c.key == key))
        if not found:
            return None
        row = found[0]
        return DueItem(row["key"], row["kind"], row["due_at"], json.loads(row["payload"]), row["status"])

    async def pending(self, kind: str | None = None) -> list[DueItem]:
        query = select(due_items).where(due_items.c.status == DueState.PENDING).order_by(due_items.c.due_at)
        if kind:
            query = query.where(due_items.c.kind == kind)
        rows = await self.db.sql.dicts(query)
        return [DueItem(r["key"], r["kind"], r["due_at"], json.loads(r["payload"]), r["status"]) for r in rows]
