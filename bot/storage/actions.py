"""Every platform write runs through `Actions.run` under an idempotency key and leaves an audit row."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, bindparam, or_, select, update

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.inbox import is_orphan, worker_id
from bot.storage.sql import Tx
from bot.storage.states import ActionState
from bot.storage.tables import actions

T = TypeVar("T")
_INSERTED = ("key", "kind", "target", "status", "event_key", "agent", "owner", "created_at", "started_at")


class ActionInProgress(Exception):
    """Another worker holds this action right now; the event is retried later."""

    transient = True


class Actions:
    """Exactly-once effects over at-least-once delivery: a unique key per platform write."""

    def __init__(self, db: Database, clock: Clock, *, stale_after: timedelta = timedelta(minutes=5)) -> None:
        self.db = db
        self.clock = clock
        self.stale_after = stale_after
        self.me = worker_id()
        self._insert = db.insert(actions).values(
            {c: bindparam(c) for c in _INSERTED}).on_conflict_do_nothing(index_elements=["key"])
        self._finish_statement = (update(actions).where(actions.c.key == bindparam("b_key"))
                                  .values(status=bindparam("b_status"), finished_at=bindparam("b_at"),
                                          result=bindparam("b_result"), error=bindparam("b_error")))

    async def run(
        self,
        key: str,
        kind: str,
        perform: Callable[[], Awaitable[T]],
        *,
        target: str | None = None,
        event_key: str | None = None,
        agent: str | None = None,
        dry_run: bool = False,
        verify: Callable[[], Awaitable[Any]] | None = None,
    ) -> tuple[bool, Any]:
        """Perform once per key. Returns (performed_now, result); result of a done key is stored JSON.

        `verify` (optional) looks on the platform for this write: when the key is taken over from a holder that
        died while performing it, the write may have landed before the holder could record it, so `verify` is
        asked first and a result it finds (not None) is recorded as done instead of writing again."""
        now = self.clock.now()
        row = {
            "key": key,
            "kind": kind,
            "target": target,
            "status": ActionState.DRY_RUN if dry_run else ActionState.RUNNING,
            "event_key": event_key,
            "agent": agent,
            "owner": self.me,
            "created_at": now,
            "started_at": now,
        }
        abandoned: list[bool] = []
        # On SQLite the insert shares a group commit with the other events' writes; a key that exists already
        # (a retry) is looked at in a transaction of its own.
        taken = await self.db.sql.count(self._insert, row) or \
            await self.db.sql.transaction(lambda tx: self._retake(tx, key, now, abandoned))
        if not taken:
            existing = await self.get(key)
            if existing and existing["status"] == ActionState.RUNNING:
                raise ActionInProgress(key)
            result = existing.get("result") if existing else None
            return False, json.loads(result) if result else None
        if dry_run:
            return False, None
        if abandoned and verify is not None:
            try:
                found = await verify()
            except BaseException as exc:
                await self._finish(key, ActionState.FAILED, error=f"{type(exc).__name__}: {exc}")
                raise
            if found is not None:
                await self._finish(key, ActionState.DONE, result=found)
                return False, found
        try:
            result = await perform()
        except BaseException as exc:
            await self._finish(key, ActionState.FAILED, error=f"{type(exc).__name__}: {exc}")
            raise
        await self._finish(key, ActionState.DONE, result=result)
        return True, result

    def _retake(self, tx: Tx, key: str, now: datetime, abandoned: list[bool]) -> int:
        """The key exists: take it over if its attempt failed, was a dry run, or was abandoned (1 taken, else 0).
        A holder's abandoned attempt (it died, or went silent, while performing) appends True to `abandoned`."""
        found = tx.rows(select(actions.c.status).where(actions.c.key == key))
        status = found[0][0] if found else None
        retaken = tx.count(
            update(actions)
            .where(
                and_(
                    actions.c.key == key,
                    or_(
                        actions.c.status.in_((ActionState.FAILED, ActionState.DRY_RUN)),
                        and_(actions.c.status == ActionState.RUNNING, actions.c.started_at < now - self.stale_after),
                    ),
                )
            )
            .values(status=ActionState.RUNNING, started_at=now, error=None, owner=self.me)
        )
        if retaken:
            if status == ActionState.RUNNING:
                abandoned.append(True)
            return retaken
        # Held by a process of this host that died mid-action: take it over now.
        holders = tx.rows(select(actions.c.owner)
                          .where(and_(actions.c.key == key, actions.c.status == ActionState.RUNNING)))
        holder = holders[0][0] if holders else None
        if not is_orphan(holder):
            return 0
        retaken = tx.count(
            update(actions)
            .where(and_(actions.c.key == key, actions.c.owner == holder, actions.c.status == ActionState.RUNNING))
            .values(status=ActionState.RUNNING, started_at=now, error=None, owner=self.me)
        )
        if retaken:
            abandoned.append(True)
        return retaken

    async def _finish(self, key: str, status: str, *, result: Any = None, error: str | None = None) -> None:
        encoded = None
        if result is not None:
            try:
                encoded = json.dumps(result, default=str)[:4000]
            except (TypeError, ValueError):
                encoded = None
        # Urgent: until this commits, a crash would make a takeover perform the platform write again.
        values = {"b_key": key, "b_status": status, "b_at": self.clock.now(), "b_result": encoded, "b_error": error}
        await self.db.sql.count(self._finish_statement, values, urgent=True)

    async def renew(self) -> int:
        """Keep the actions this process is performing from looking abandoned (the worker's heartbeat)."""
        return await self.db.sql.count(
            update(actions)
            .where(and_(actions.c.status == ActionState.RUNNING, actions.c.owner == self.me))
            .values(started_at=self.clock.now())
        )

    async def get(self, key: str) -> dict[str, Any] | None:
        found = await self.db.sql.dicts(select(actions).where(actions.c.key == key))
        return found[0] if found else None

    async def recent(self, limit: int = 100) -> list[dict[str, Any]]:
        return await self.db.sql.dicts(select(actions).order_by(actions.c.created_at.desc()).limit(limit))
