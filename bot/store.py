"""The store agents see (agents.base.Store), backed by the inbox, actions, due items and key-value tables."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from agents.base import PendingDue
from bot.clock import Clock
from bot.storage.actions import Actions
from bot.storage.db import Database
from bot.storage.due import DueItems
from bot.storage.inbox import GroupCommit, Inbox
from bot.storage.kv import KeyValue
from bot.storage.tables import inbox
from integrations.events import Event, Ref


class BotStore:
    """One object over the tables, so agents get a single `ctx.store`."""

    def __init__(self, db: Database, clock: Clock, *, on_enqueue: Callable[[], None] | None = None) -> None:
        self.db = db
        self.clock = clock
        self.inbox = Inbox(db, clock)
        self.group = GroupCommit(self.inbox)
        # An action is abandoned when its holder stopped renewing it for one lease, like the event it serves;
        # the worker's heartbeat renews both, so a live holder's slow call is never taken over.
        self.actions = Actions(db, clock, stale_after=self.inbox.lease)
        self.due = DueItems(db, clock)
        self.kv = KeyValue(db, clock)
        self.on_enqueue = on_enqueue

    async def act(
        self,
        key: str,
        kind: str,
        perform: Callable[[], Awaitable[Any]],
        *,
        target: str | None = None,
        event_key: str | None = None,
        agent: str | None = None,
        dry_run: bool = False,
        verify: Callable[[], Awaitable[Any]] | None = None,
    ) -> tuple[bool, Any]:
        return await self.actions.run(
            key, kind, perform, target=target, event_key=event_key, agent=agent, dry_run=dry_run, verify=verify
        )

    async def schedule(
        self, key: str, kind: str, due_at: datetime, payload: dict[str, Any], *, replace: bool = True
    ) -> bool:
        return await self.due.schedule(key, kind, due_at, payload, replace=replace)

    async def cancel(self, key: str) -> bool:
        return await self.due.cancel(key)

    async def get(self, key: str, default: Any = None) -> Any:
        return await self.kv.get(key, default)

    async def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """Values by key for those that exist (agents read these through `ctx.state.load_many`)."""
        return await self.kv.get_many(keys)

    async def put(self, key: str, value: Any) -> None:
        await self.kv.put(key, value)

    async def get_prefix(self, prefix: str) -> dict[str, Any]:
        return await self.kv.get_prefix(prefix)

    async def delete(self, keys: Collection[str]) -> int:
        return await self.kv.delete(keys)

    async def enqueue(
        self, events: list[Event], raw: str | None = None, *, timeout: float | None = None
    ) -> list[bool]:
        """Commit events (sharing a transaction with concurrent callers); True per event that is new.
        `raw` is the delivery body the events came from, stored as received. Raises `InboxTimeout`
        when the commit has not finished within `timeout` seconds (then answer 503)."""
        fresh = await self.group.put(events, raw, timeout=timeout)
        if any(fresh) and self.on_enqueue:
            self.on_enqueue()
        return fresh

    async def recent_events(self, limit: int, types: Collection[str] | None = None) -> list[Event]:
        """The last `limit` inbox events (of `types`, if given), newest first, without their payloads: what a
        rule's dry run replays. Reads only the small normalised column."""
        query = select(inbox.c.event).order_by(inbox.c.id.desc()).limit(max(0, limit))
        if types is not None:
            query = query.where(inbox.c.type.in_(list(types)))
        async with self.db.connect() as conn:
            rows = (await conn.execute(query)).scalars().all()
        return [Event.model_validate_json(row) for row in rows]

    async def pending_due(self, kind: str, limit: int = 500) -> list[PendingDue]:
        items = await self.due.pending(kind)
        return [PendingDue(i.key, i.kind, i.due_at, i.payload) for i in items[:limit]]

    async def sweep_due(self, limit: int = 100) -> list[Event]:
        """Turn due rows into `due.<kind>` events in one transaction: none is lost or doubled."""
        async with self.db.begin() as conn:
            items = await self.due.take_due(conn, limit)
            events = [
                Event(
                    id=f"due:{item.key}:{item.due_at.isoformat()}",
                    source="scheduler",
                    type=f"due.{item.kind}",
                    occurred_at=item.due_at,
                    subject=Ref(kind="due", id=item.key),
                    data=item.payload,
                )
                for item in items
            ]
            await self.inbox.put_in(conn, events)
        if events and self.on_enqueue:
            self.on_enqueue()
        return events
