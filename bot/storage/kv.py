"""Small named pieces of state that must survive restarts (round-robin pointer, watermarks)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

import orjson
from sqlalchemy import bindparam, select
from sqlalchemy import delete as sa_delete

from bot.clock import Clock
from bot.storage.db import Database
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
    """JSON values by key, through `db.sql` (bot/storage/sql.py)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        ins = db.insert(kv).values(key=bindparam("key"), value=bindparam("value"), updated_at=bindparam("updated_at"))
        self._insert_new = ins.on_conflict_do_nothing(index_elements=["key"])
        self._upsert = ins.on_conflict_do_update(
            index_elements=["key"], set_={"value": ins.excluded.value, "updated_at": ins.excluded.updated_at})
        self._read = select(kv.c.value).where(kv.c.key == bindparam("key"))
        self._read_many = select(kv.c.key, kv.c.value).where(kv.c.key.in_(bindparam("keys", expanding=True)))
        self._read_prefix = select(kv.c.key, kv.c.value).where(db.starts_with(kv.c.key, bindparam("prefix")))
        self._delete = sa_delete(kv).where(kv.c.key.in_(bindparam("keys", expanding=True)))

    async def get(self, key: str, default: Any = None) -> Any:
        found = await self.db.sql.rows(self._read, {"key": key})
        return default if not found or found[0][0] is None else orjson.loads(found[0][0])

    async def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The values of those keys that exist, in one query per BATCH keys."""
        found: dict[str, Any] = {}
        for i in range(0, len(keys), BATCH):
            rows = await self.db.sql.rows(self._read_many, {"keys": list(keys[i:i + BATCH])})
            found.update((key, orjson.loads(value)) for key, value in rows)
        return found

    async def get_prefix(self, prefix: str) -> dict[str, Any]:
        """Values of every key starting with `prefix`."""
        rows = await self.db.sql.rows(self._read_prefix, {"prefix": prefix})
        return {key: orjson.loads(value) for key, value in rows}

    async def delete(self, keys: Collection[str]) -> int:
        names = list(keys)
        return sum([await self.db.sql.count(self._delete, {"keys": names[i:i + BATCH]})
                    for i in range(0, len(names), BATCH)])

    async def put(self, key: str, value: Any) -> None:
        await self.db.sql.count(self._upsert, {"key": key, "value": dumps(value), "updated_at": self.clock.now()})

    async def put_new(self, key: str, value: Any) -> bool:
        """Store `value` unless the key exists (whichever replica writes first wins); True if this call wrote."""
        return bool(await self.db.sql.count(self._insert_new, {"key": key, "value": dumps(value),
                                                                "updated_at": self.clock.now()}))
