"""Small named pieces of state that must survive restarts (round-robin pointer, watermarks)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

import orjson
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy import delete as sa_delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.lite import prepare
from bot.storage.tables import kv

BATCH = 500  # bound parameters per query (SQLite allows 999 in older builds)
# orjson writes what json.dumps(value, default=str) wrote, in a fifth of the time; datetimes and dataclasses
# still go through str(), as before.
_ORJSON = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def dumps(value: Any) -> str:
    try:
        return orjson.dumps(value, default=str, option=_ORJSON).decode()
    except TypeError:  # what orjson does not take (an integer past 64 bits)
        return json.dumps(value, default=str)


class KeyValue:
    """JSON values by key. On a SQLite file reads and writes take the raw sqlite3 road (bot/storage/lite.py)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        ins = pg_insert(kv) if db.is_postgres else sqlite_insert(kv)
        ins = ins.values(key=bindparam("key"), value=bindparam("value"), updated_at=bindparam("updated_at"))
        self._upsert = ins.on_conflict_do_update(
            index_elements=["key"], set_={"value": ins.excluded.value, "updated_at": ins.excluded.updated_at})
        self._read = select(kv.c.value).where(kv.c.key == bindparam("key"))
        self._lite_upsert = prepare(self._upsert) if db.lite is not None else None
        self._lite_read = prepare(self._read) if db.lite is not None else None

    async def get(self, key: str, default: Any = None) -> Any:
        if (lite := self.db.lite) is not None and self._lite_read is not None:
            found = lite.read(self._lite_read, {"key": key})
            value = found[0][0] if found else None
        else:
            async with self.db.connect() as conn:
                value = (await conn.execute(self._read, {"key": key})).scalar()
        return default if value is None else orjson.loads(value)

    async def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The values of those keys that exist, in one query per BATCH keys."""
        found: dict[str, Any] = {}
        chunks = [list(keys[i:i + BATCH]) for i in range(0, len(keys), BATCH)]
        if (lite := self.db.lite) is not None:
            for chunk in chunks:
                rows = lite.read(f"SELECT key, value FROM kv WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update((key, orjson.loads(value)) for key, value in rows)
            return found
        async with self.db.connect() as conn:
            for chunk in chunks:
                rows = await conn.execute(select(kv.c.key, kv.c.value).where(kv.c.key.in_(chunk)))
                found.update((key, orjson.loads(value)) for key, value in rows)
        return found

    async def get_prefix(self, prefix: str) -> dict[str, Any]:
        """Values of every key starting with `prefix` (a key range on SQLite's binary order; PostgreSQL's
        starts_with, whatever the collation)."""
        if (lite := self.db.lite) is not None:
            rows = lite.read("SELECT key, value FROM kv WHERE key >= ? AND key < ?", (prefix, prefix + "\U0010ffff"))
        else:
            query = select(kv.c.key, kv.c.value).where(
                func.starts_with(kv.c.key, prefix) if self.db.is_postgres
                else and_(kv.c.key >= prefix, kv.c.key < prefix + "\U0010ffff"))
            async with self.db.connect() as conn:
                rows = list(await conn.execute(query))
        return {key: orjson.loads(value) for key, value in rows}

    async def delete(self, keys: Collection[str]) -> int:
        removed = 0
        names = list(keys)
        for i in range(0, len(names), BATCH):
            chunk = names[i:i + BATCH]
            if (lite := self.db.lite) is not None:
                removed += await lite.write(f"DELETE FROM kv WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            else:
                async with self.db.begin() as conn:
                    removed += (await conn.execute(sa_delete(kv).where(kv.c.key.in_(chunk)))).rowcount
        return removed

    async def put(self, key: str, value: Any) -> None:
        values = {"key": key, "value": dumps(value), "updated_at": self.clock.now()}
        if (lite := self.db.lite) is not None and self._lite_upsert is not None:
            await lite.write(self._lite_upsert, values)
            return
        async with self.db.begin() as conn:
            await conn.execute(self._upsert, values)
