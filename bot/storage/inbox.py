"""The durable inbox: every event is committed here before its delivery is acknowledged."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import orjson
from sqlalchemy import and_, bindparam, exists, func, or_, select, update

from bot.clock import Clock
from bot.storage.commit_queue import CommitTimeout
from bot.storage.db import Database
from bot.storage.owner import is_orphan, worker_id
from bot.storage.sql import Tx
from bot.storage.states import WAITING, DeliveryState, EventState
from bot.storage.tables import agent_runs, deliveries, inbox
from integrations.events import Event

_PUT_COLUMNS = ("key", "source", "type", "event", "raw", "subject", "delivery_id", "status", "attempts",
                "available_at", "received_at")
_BODY = select(deliveries.c.body).where(deliveries.c.id == bindparam("b_id"))
_RUNS = (select(agent_runs.c.event_key, agent_runs.c.agent, agent_runs.c.status)
         .where(agent_runs.c.event_key.in_(bindparam("keys", expanding=True))))
log = logging.getLogger("pmbot.inbox")


def default_lease() -> timedelta:
    """How long a claimed event stays with its worker without a heartbeat (`PMBOT_LEASE_SECONDS`, 30).
    Short, so a dead holder's work resumes within a minute on any replica; the worker renews it."""
    return timedelta(seconds=float(os.environ.get("PMBOT_LEASE_SECONDS") or 30))


def subject_key(event: Event) -> str | None:
    """What orders an event: events with the same key are processed one at a time, in arrival order."""
    if event.subject is None:
        return None
    return f"{event.subject.kind}:{event.subject.id}"[:255]


@dataclass
class Claimed:
    """An inbox row a worker holds under a lease. `head` is the event without its payload (what decides who
    wants it); `event` adds the payload (read from its delivery by `Inbox.load_payload` when it lives there),
    parsed only when asked for: most events interest no agent."""

    row_id: int
    key: str
    attempts: int
    stored: str  # the normalised event as JSON
    raw: str | None = None  # the payload as received
    delivery_id: int | None = None  # where the payload is, when it is not in `raw`

    @cached_property
    def head(self) -> Event:
        return Event.model_validate_json(self.stored)

    @cached_property
    def event(self) -> Event:
        return self.head.model_copy(update={"raw": orjson.loads(self.raw)}) if self.raw else self.head


InboxTimeout = CommitTimeout  # the inbox did not commit within the caller's deadline: answer 503


class Inbox:
    """Put events (deduplicated by id), claim them under a lease, settle them."""

    def __init__(self, db: Database, clock: Clock, *, lease: timedelta | None = None) -> None:
        self.db = db
        self.clock = clock
        self.lease = lease or default_lease()
        self.me = worker_id()
        self._statuses: dict[str, dict[str, str]] = {}  # agent runs read with the claim, until dispatched
        self._statements: dict[str, Any] = {}

    def _insert(self) -> Any:
        return self.db.insert(inbox)

    def _row(
        self, event: Event, now: datetime, available_at: datetime | None = None, raw: str | None = None,
        delivery_id: int | None = None,
    ) -> dict[str, Any]:
        # The payload is stored once, as received: in its delivery's row, or here beside the normalised event.
        if delivery_id is not None:
            raw = None
        elif raw is None and event.raw:
            raw = orjson.dumps(event.raw).decode()
        return {
            "key": event.id,
            "source": event.source,
            "type": event.type,
            "event": event.model_dump_json(exclude={"raw"}),
            "raw": raw,
            "subject": subject_key(event),
            "delivery_id": delivery_id,
            "status": EventState.PENDING,
            "attempts": 0,
            "available_at": available_at or now,
            "received_at": now,
        }

    async def put(
        self, events: list[Event], *, available_at: datetime | None = None, raw: str | None = None,
        timeout: float | None = None,
    ) -> list[bool]:
        """Commit the events, sharing a transaction with concurrent callers; per event, True if new and False if
        a duplicate. Raises `InboxTimeout` when the commit has not finished within `timeout` seconds."""
        if not events:
            return []
        return await self.db.sql.group(lambda tx: self.put_in(tx, events, available_at=available_at, raw=raw),
                                       timeout=timeout)

    def put_in(
        self,
        tx: Tx,
        events: list[Event],
        *,
        available_at: datetime | None = None,
        raw: str | None = None,
        raws: list[str | None] | None = None,
        delivery_ids: list[int | None] | None = None,
    ) -> list[bool]:
        """`put` inside the caller's transaction. `raw` is the delivery body all events came from
        (or `raws`, one per event; or `delivery_ids`, the stored deliveries they were translated from);
        duplicates, in the table or within the batch, are skipped.
        True means this insert created the row: a replica that committed the same key first, even
        a moment ago, makes it False here."""
        if not events:
            return []
        now = self.clock.now()
        first: dict[str, int] = {}
        for index, event in enumerate(events):
            first.setdefault(event.id, index)
        rows = [self._row(events[i], now, available_at, raws[i] if raws is not None else raw,
                          delivery_ids[i] if delivery_ids is not None else None) for i in first.values()]
        # A row a concurrent replica inserted is skipped by the conflict clause and not returned: a check
        # before the insert could not see a row committed between the check and the insert.
        created = {row[0] for row in tx.each(self._put_statement(), rows)}
        return [event.id in created and first[event.id] == i for i, event in enumerate(events)]

    def _put_statement(self) -> Any:
        if "put" not in self._statements:
            self._statements["put"] = (self._insert().values({c: bindparam(c) for c in _PUT_COLUMNS})
                                       .on_conflict_do_nothing(index_elements=["key"]).returning(inbox.c.key))
        return self._statements["put"]

    async def writable(self, timeout: float = 1.0) -> bool:
        """True when the inbox takes a write within about `timeout` seconds (a probe row, rolled back)."""
        now = self.clock.now()
        probe = {"key": f"probe:{self.me}", "source": "pmbot", "type": "probe", "event": "{}",
                 "status": EventState.DONE, "attempts": 0, "available_at": now, "received_at": now}
        delivery = {"key": f"probe:{self.me}", "source": "pmbot", "headers": "{}", "body": "",
                    "status": DeliveryState.TRANSLATED, "received_at": now}
        try:
            async with asyncio.timeout(timeout + 1.0):  # a backstop: the database bounds its own waits
                async with self.db.write_probe(timeout) as conn:
                    await conn.execute(inbox.insert().values(probe))
                    await conn.execute(deliveries.insert().values(delivery))  # where webhooks commit
        except Exception as exc:  # noqa: BLE001 - readiness answers "no", it does not raise
            log.warning("inbox write probe failed: %s", type(exc).__name__)
            return False
        return True

    def _claim_statements(self) -> tuple[Any, Any]:
        """(release expired leases, claim ready events), built once with bound parameters."""
        if "claim" in self._statements:
            return self._statements["expired"], self._statements["claim"]
        now: Any = bindparam("b_now")
        expired = (
            update(inbox)
            .where(and_(inbox.c.status == EventState.PROCESSING, inbox.c.locked_until < now))
            .values(status=EventState.PENDING, locked_until=None, locked_by=None)
        )
        earlier = inbox.alias("earlier")
        blocked = exists().where(
            earlier.c.subject == inbox.c.subject,
            earlier.c.status.in_(WAITING),
            earlier.c.id < inbox.c.id,
        )
        ready = (
            select(inbox.c.id)
            .where(inbox.c.status == EventState.PENDING, inbox.c.available_at <= now,
                   or_(inbox.c.subject.is_(None), ~blocked))
            .order_by(inbox.c.available_at, inbox.c.id)
            .limit(bindparam("b_limit"))
        )
        # One statement for both dialects: the chosen rows as a materialised CTE (an IN (subquery ... LIMIT)
        # may be re-run by PostgreSQL's planner and then lock more rows than asked for), locked with SKIP
        # LOCKED on PostgreSQL (SQLite has no row locks: its write transaction is the lock, and the clause is
        # not rendered), joined by UPDATE ... FROM (SQLite 3.33+).
        chosen = ready.with_for_update(skip_locked=True).cte("chosen").prefix_with("MATERIALIZED")
        claim = (
            update(inbox)
            .where(and_(inbox.c.id == chosen.c.id, inbox.c.status == EventState.PENDING))
            .values(status=EventState.PROCESSING, locked_until=bindparam("b_until"), locked_by=bindparam("b_me"),
                    attempts=inbox.c.attempts + 1)
            .returning(inbox.c.id, inbox.c.key, inbox.c.attempts, inbox.c.event, inbox.c.raw, inbox.c.delivery_id)
        )
        self._statements["expired"], self._statements["claim"] = expired, claim
        return expired, claim

    async def claim(self, limit: int = 10) -> list[Claimed]:
        """Take up to `limit` ready events under a lease (SKIP LOCKED on PostgreSQL). An event waits while an
        earlier event about the same subject is pending or being processed, by any replica: one subject's
        events run one at a time, in arrival order; different subjects' events run side by side."""
        now = self.clock.now()
        expired, claim = self._claim_statements()
        params = {"b_now": now, "b_until": now + self.lease, "b_me": self.me, "b_limit": limit}

        def take(tx: Tx) -> list[Any]:
            tx.count(expired, {"b_now": now})  # a dead worker keeps its events until its lease ends
            return tx.rows(claim, params)

        rows = await self.db.sql.transaction(take)
        claimed = [Claimed(*row) for row in rows]
        await self._read_statuses([item.key for item in claimed])
        return sorted(claimed, key=lambda c: c.row_id)

    async def load_payload(self, item: Claimed) -> Claimed:
        """Read the payload of an event translated from a stored delivery (before `item.event` is used)."""
        if item.raw is None and item.delivery_id is not None and "event" not in item.__dict__:
            found = await self.db.sql.rows(_BODY, {"b_id": item.delivery_id})
            item.raw = found[0][0] if found else None
        return item

    async def renew(self) -> int:
        """Extend the lease of every event this process holds (the worker's heartbeat)."""
        return await self.db.sql.count(
            update(inbox)
            .where(and_(inbox.c.status == EventState.PROCESSING, inbox.c.locked_by == self.me))
            .values(locked_until=self.clock.now() + self.lease)
        )

    async def recover_orphans(self) -> int:
        """Release events held by a dead process of this host, so a restart need not wait for leases."""
        def release(tx: Tx) -> int:
            owners = [row[0] for row in tx.rows(
                select(inbox.c.locked_by).where(inbox.c.status == EventState.PROCESSING).distinct())]
            return sum(tx.count(update(inbox)
                                .where(and_(inbox.c.status == EventState.PROCESSING, inbox.c.locked_by == owner))
                                .values(status=EventState.PENDING, locked_until=None, locked_by=None))
                       for owner in filter(is_orphan, owners))

        return await self.db.sql.transaction(release)

    async def requeue_done(self, keys: Sequence[str]) -> int:
        """Send these events back to the inbox if they are done (a resumed agent's skipped events: only the
        agents that did not finish re-run); how many went back. 500 keys per transaction."""
        released = 0
        now = self.clock.now()
        for start in range(0, len(keys), 500):
            released += await self.db.sql.count(
                update(inbox)
                .where(and_(inbox.c.key.in_(keys[start:start + 500]), inbox.c.status == EventState.DONE))
                .values(status=EventState.PENDING, available_at=now, attempts=0, processed_at=None)
            )
        return released

    async def settle_dead(self, key: str, *, retry: bool) -> int:
        """A dead letter sent back to the inbox (`retry`) or discarded for good: 1 if it was a dead letter."""
        values: dict[str, Any] = ({"status": EventState.PENDING, "available_at": self.clock.now(), "attempts": 0}
                                  if retry else {"status": EventState.DISCARDED})
        return await self.db.sql.count(
            update(inbox).where(and_(inbox.c.key == key, inbox.c.status == EventState.DEAD)).values(values))

    async def done(self, claimed: Claimed) -> None:
        await self._settle(claimed, EventState.DONE, self.clock.now(), None)

    async def retry(self, claimed: Claimed, *, after: timedelta, error: str) -> None:
        await self._settle(claimed, EventState.PENDING, self.clock.now() + after, error[:2000])

    async def dead(self, claimed: Claimed, *, error: str) -> None:
        await self._settle(claimed, EventState.DEAD, self.clock.now(), error[:2000])

    async def _settle(self, claimed: Claimed, status: str, at: datetime, error: str | None) -> None:
        self._statuses.pop(claimed.key, None)
        name = f"settle:{status}"
        if name not in self._statements:
            when = inbox.c.available_at if status == EventState.PENDING else inbox.c.processed_at
            self._statements[name] = (
                update(inbox)
                .where(and_(inbox.c.id == bindparam("b_id"), inbox.c.locked_by == bindparam("b_me")))
                .values({inbox.c.status: status, when: bindparam("b_at"), inbox.c.last_error: bindparam("b_error"),
                         inbox.c.locked_until: None, inbox.c.locked_by: None})
            )
        await self.db.sql.batched(self._statements[name],
                                  {"b_id": claimed.row_id, "b_me": self.me, "b_at": at, "b_error": error})

    # -- per-agent progress, so a retried event does not re-run agents that finished ----------
    async def _read_statuses(self, keys: list[str]) -> None:
        """What agents already did with the events just claimed (one query for the batch)."""
        if not keys:
            return
        found: dict[str, dict[str, str]] = {key: {} for key in keys}
        rows = await self.db.sql.rows(_RUNS, {"keys": keys})
        for event_key, agent, status in rows:
            found[event_key][agent] = status
        self._statuses.update(found)

    async def agent_status(self, event_key: str) -> dict[str, str]:
        known = self._statuses.pop(event_key, None)  # read with the claim, and only this holder writes them
        if known is not None:
            return known
        return {agent: status for _, agent, status in await self.db.sql.rows(_RUNS, {"keys": [event_key]})}

    async def record_agent(self, event_key: str, agent: str, status: str, error: str | None = None) -> None:
        if "agent_run" not in self._statements:
            ins = self.db.insert(agent_runs)
            ins = ins.values({c.name: bindparam(c.name) for c in agent_runs.columns})
            self._statements["agent_run"] = ins.on_conflict_do_update(
                index_elements=["event_key", "agent"],
                set_={"status": ins.excluded.status, "attempts": agent_runs.c.attempts + 1,
                      "error": ins.excluded.error, "finished_at": ins.excluded.finished_at},
            )
        await self.db.sql.batched(self._statements["agent_run"], {
            "event_key": event_key,
            "agent": agent,
            "status": status,
            "attempts": 1,
            "error": (error or "")[:2000] or None,
            "finished_at": self.clock.now(),
        })

    # -- inspection (CLI, tests, dashboard) ----------------------------------------------------
    async def counts(self) -> dict[str, int]:
        rows = await self.db.sql.rows(select(inbox.c.status, func.count()).group_by(inbox.c.status))
        return {row[0]: int(row[1]) for row in rows}

    async def rows(self, *, status: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        query = (select(inbox, deliveries.c.body.label("delivery_body"))
                 .select_from(inbox.outerjoin(deliveries, deliveries.c.id == inbox.c.delivery_id))
                 .order_by(inbox.c.id).limit(limit))
        if status:
            query = query.where(inbox.c.status == status)
        out = []
        for item in await self.db.sql.dicts(query, heavy=True):
            raw = item["raw"] or item.pop("delivery_body")
            item.pop("delivery_body", None)
            item["event"] = json.loads(item["event"])
            item["raw"] = orjson.loads(raw) if raw else None
            out.append(item)
        return out
