"""Stored deliveries → inbox events: the worker's first step (and `pmbot replay --since`'s).

The webhook route only verified a delivery, checked that its body parses and stored it under its dedupe key.
Here it is translated by its platform's parser, in arrival order; its events enter the inbox deduplicated by
event id, which catches what the delivery key could not (ClickUp repeats a change's history items in other
deliveries)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.metrics import Metrics
from bot.storage.deliveries import Deliveries, Delivery, Settled
from bot.storage.inbox import Inbox
from bot.storage.sql import Tx
from bot.triage import Verdict, count, triage
from integrations.events import Event
from integrations.protocols import WebhookSource

log = logging.getLogger("pmbot.translate")


@dataclass
class Translation:
    """One delivery's events, or why it has none (`error`: unreadable; `kind`: ignored or unsupported)."""

    delivery: Delivery
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    kind: str | None = None
    verdict: Verdict = Verdict.ACCEPTED

    @property
    def known(self) -> bool:
        return self.verdict is not Verdict.UNSUPPORTED


def translate(sources: Mapping[str, WebhookSource], delivery: Delivery) -> Translation:
    """Run the platform's parser over a stored delivery (no I/O)."""
    source = sources.get(delivery.source)
    if source is None:
        return Translation(delivery, error=f"{delivery.source} webhooks are not configured on this pmbot",
                           verdict=Verdict.REJECTED)
    try:
        payload = delivery.payload()
    except ValueError as exc:
        return Translation(delivery, error=f"unreadable payload: {exc}", verdict=Verdict.REJECTED)
    found = triage(source, delivery.headers, payload)
    return Translation(delivery, found.events, found.error, found.kind, found.verdict)


def _events_of(mine: list[Translation]) -> tuple[list[Event], list[int | None]]:
    """The events of these translations, and for each the delivery it came from."""
    return [e for t in mine for e in t.events], [t.delivery.id for t in mine for _ in t.events]


class Translator:
    """Takes pending deliveries oldest first, translates them, and commits their events to the inbox in the
    same transaction that marks them translated (a crash in between leaves them pending: nothing lost)."""

    def __init__(
        self,
        deliveries: Deliveries,
        inbox: Inbox,
        sources: Callable[[], Mapping[str, WebhookSource]],
        metrics: Metrics,
        *,
        batch: int = 100,
    ) -> None:
        self.deliveries = deliveries
        self.inbox = inbox
        self.sources = sources
        self.metrics = metrics
        self.batch = batch

    async def run_once(self, limit: int | None = None) -> int:
        """Translate up to `limit` (default `batch`) pending deliveries; returns how many were taken."""
        pending = await self.deliveries.pending(limit or self.batch)
        if not pending:
            return 0
        sources = self.sources()
        done: list[Translation] = []
        for delivery in pending:
            done.append(translate(sources, delivery))
            await asyncio.sleep(0)  # parsing is CPU: let the requests this process serves go first
        mine = await self.inbox.db.sql.transaction(lambda tx: self._store(tx, done))
        for t in mine:
            self._count(t)
        return len(pending)

    def _store(self, tx: Tx, done: list[Translation]) -> list[Translation]:
        """In one transaction: take the deliveries nobody took meanwhile, with their outcome, and put their
        events in the inbox. The translations this call took."""
        taken = self.deliveries.take(tx, [Settled(t.delivery.id, len(t.events), t.error) for t in done])
        mine = [t for t in done if t.delivery.id in taken]
        events, origin = _events_of(mine)
        self.inbox.put_in(tx, events, delivery_ids=origin)
        return mine

    def _count(self, t: Translation) -> None:
        if t.error is not None:
            log.warning("stored delivery could not be translated: %s", t.error,
                        extra={"source": t.delivery.source, "event_id": t.delivery.key})
        if t.verdict is not Verdict.ACCEPTED:  # an accepted delivery was counted when it arrived
            count(self.metrics, t.delivery.source, t.verdict, t.kind)
