"""The store agents see (agents.base.Store), backed by the inbox, actions, due items and key-value tables."""

from __future__ import annotations

from collections.abc import Callable, Collection

from sqlalchemy import select

from agents.base import PendingDue
from bot.clock import Clock
from bot.storage.actions import Actions
from bot.storage.db import Database
from bot.storage.due import DueItems
from bot.storage.inbox import Inbox
from bot.storage.kv import KeyValue
from bot.storage.sql import Tx
from bot.storage.tables import inbox
from integrations.events import Event, Ref


class BotStore:
    """One object over the tables, so agents get a single `ctx.store`."""

    def __init__(self, db: Database, clock: Clock, *, on_enqueue: Callable[[], None] | None = None) -> None:
        self.db = db
        self.clock = clock
        self.inbox = Inbox(db, clock)
        # An action is abandoned when its holder stopped renewing it for one lease, like the event it serves;
        # the worker's heartbeat renews both, so a live holder's slow call is never taken over.
        self.actions = Actions(db, clock, stale_after=self.inbox.lease)
        self.due = DueItems(db, clock)
        self.kv = KeyValue(db, clock)
        self.on_enqueue = on_enqueue
        # What agents call (agents.base.Store), answered by the table that keeps it.
        self.act = self.actions.run
        self.schedule, self.cancel = self.due.schedule, self.due.cancel
        self.get, self.get_many, self.put = self.kv.get, self.kv.get_many, self.kv.put
        self.get_prefix, self.delete = self.kv.get_prefix, self.kv.delete

    async def enqueue(
        self, events: list[Event], raw: str | None = None, *, timeout: float | None = None
    ) -> list[bool]:
        """Commit events (sharing a transaction with concurrent callers); True per event that is new.
        `raw` is the delivery body the events came from, stored as received. Raises `InboxTimeout`
        when the commit has not finished within `timeout` seconds (then answer 503)."""
        fresh = await self.inbox.put(events, raw=raw, timeout=timeout)
        if any(fresh) and self.on_enqueue:
            self.on_enqueue()
        return fresh

    async def recent_events(self, limit: int, types: Collection[str] | None = None) -> list[Event]:
        """The last `limit` inbox events (of `types`, if given), newest first, without their payloads: what a
        rule's dry run replays. Reads only the small normalised column."""
        query = select(inbox.c.event).order_by(inbox.c.id.desc()).limit(max(0, limit))
        if types is not None:
            query = query.where(inbox.c.type.in_(list(types)))
        return [Event.model_validate_json(row[0]) for row in await self.db.sql.rows(query)]

    async def pending_due(self, kind: str, limit: int = 500) -> list[PendingDue]:
        items = await self.due.pending(kind)
        return [PendingDue(i.key, i.kind, i.due_at, i.payload) for i in items[:limit]]

    async def sweep_due(self, limit: int = 100) -> list[Event]:
        """Turn due rows into `due.<kind>` events in one transaction: none is lost or doubled."""
        def sweep(tx: Tx) -> list[Event]:
            events = [
                Event(
                    id=f"due:{item.key}:{item.due_at.isoformat()}",
                    source="scheduler",
                    type=f"due.{item.kind}",
                    occurred_at=item.due_at,
                    subject=Ref(kind="due", id=item.key),
                    data=item.payload,
                )
                for item in self.due.take_due(tx, limit)
            ]
            self.inbox.put_in(tx, events)
            return events

        events = await self.db.sql.transaction(sweep)
        if events and self.on_enqueue:
            self.on_enqueue()
        return events
