"""Small named pieces of state that must survive restarts (round-robin pointer, watermarks)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.tables import kv

BATCH = 500  # bound parameters per query (SQLite allows 999 in older builds)


class KeyValue:
    """JSON values by key."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def get(self, key: str, default: Any = None) -> Any:
        async with self.db.connect() as conn:
            value = (await conn.execute(select(kv.c.value).where(kv.c.key == key))).scalar()
        return default if value is None else json.loads(value)

    async def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The values of those keys that exist, in one query per BATCH keys."""
        found: dict[str, Any] = {}
        async with self.db.connect() as conn:
            for i in range(0, len(keys), BATCH):
                rows = await conn.execute(select(kv.c.key, kv.c.value).where(kv.c.key.in_(list(keys[i:i + BATCH]))))
                found.update((key, json.loads(value)) for key, value in rows)
        return found

    async def put(self, key: str, value: Any) -> None:
        values = {"key": key, "value": json.dumps(value, default=str), "updated_at": self.clock.now()}
        ins = pg_insert(kv) if self.db.is_postgres else sqlite_insert(kv)
        stmt = ins.values(values).on_conflict_do_update(
            index_elements=["key"], set_={"value": values["value"], "updated_at": values["updated_at"]}
        )
        async with self.db.begin() as conn:
            await conn.execute(stmt)
