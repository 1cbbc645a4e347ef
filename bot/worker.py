"""Takes events from the inbox, dispatches them, retries transient failures with backoff."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from bot.dispatcher import Dispatcher, Outcome
from bot.metrics import Metrics
from bot.storage.inbox import Claimed, Inbox
from integrations.events import Event

log = logging.getLogger("pmbot.worker")


def backoff(attempt: int, *, base: float = 2.0, cap: float = 600.0) -> float:
    """Seconds to wait before attempt `attempt + 1`: 2, 4, 8 ... capped."""
    return float(min(cap, base ** max(1, attempt)))


class Worker:
    """One loop per process; several processes share the inbox safely (leases, SKIP LOCKED)."""

    def __init__(
        self,
        inbox: Inbox,
        dispatcher: Dispatcher,
        metrics: Metrics,
        *,
        batch: int = 20,
        idle: float = 0.5,
        max_attempts: int = 8,
        heartbeat: float | None = None,
        renewals: Sequence[Callable[[], Awaitable[int]]] = (),
    ) -> None:
        self.inbox = inbox
        self.renewals = list(renewals)  # other leases the heartbeat keeps (the actions being performed)
        self.dispatcher = dispatcher
        self.metrics = metrics
        self.batch = batch
        self.idle = idle
        self.max_attempts = max_attempts
        # Renewing three times per lease lets two beats go missing before another worker may step in.
        self.heartbeat = heartbeat or inbox.lease.total_seconds() / 3
        self.wakeup = asyncio.Event()
        self._stopping = False
        self.on_processed: list[Callable[[Event, Outcome], None]] = []

    def poke(self) -> None:
        """New work arrived in this process: skip the idle wait."""
        self.wakeup.set()

    async def run_once(self) -> int:
        """Process what is ready now; returns how many events were taken."""
        claimed = await self.inbox.claim(self.batch)
        for item in claimed:
            await self.process(item)
        return len(claimed)

    async def drain(self, *, max_rounds: int = 100) -> int:
        """Process until nothing is ready (tests, `pmbot replay`, the demo)."""
        total = 0
        for _ in range(max_rounds):
            taken = await self.run_once()
            total += taken
            if not taken:
                break
        return total

    async def process(self, item: Claimed) -> Outcome | None:
        event = item.event
        extra = {"event_id": event.id, "source": event.source, "event_type": event.type}
        started = time.perf_counter()
        try:
            outcome = await self.dispatcher.dispatch(event)
        except Exception as exc:  # noqa: BLE001 - the store itself failed; retry the event
            log.exception("dispatch failed", extra=extra)
            await self._retry_or_bury(item, backoff(item.attempts), f"{type(exc).__name__}: {exc}")
            return None
        elapsed = time.perf_counter() - started
        if outcome.retry:
            wait = max(outcome.retry_after, backoff(item.attempts))
            await self._retry_or_bury(item, wait, "; ".join(outcome.errors))
        else:
            await self.inbox.done(item)
            status = "failed" if outcome.failed else "ok"
            self.metrics.events_processed.labels(event.source, event.type, status).inc()
            self.metrics.processing_seconds.labels(event.source).observe(elapsed)
            log.info("event processed", extra={**extra, "agents": outcome.ran, "failed": outcome.failed})
        for callback in self.on_processed:
            callback(event, outcome)
        return outcome

    async def _retry_or_bury(self, item: Claimed, wait: float, error: str) -> None:
        event = item.event
        if item.attempts >= self.max_attempts:
            await self.inbox.dead(item, error=error)
            self.metrics.events_processed.labels(event.source, event.type, "dead").inc()
            log.error("event gave up after %d attempts", item.attempts, extra={"event_id": event.id})
        else:
            await self.inbox.retry(item, after=timedelta(seconds=wait), error=error)
            self.metrics.events_processed.labels(event.source, event.type, "retry").inc()
            log.warning("event retry in %.0fs", wait, extra={"event_id": event.id})

    async def keep_leases(self) -> None:
        """Heartbeat while the worker runs: renew the leases of the events this process holds (a long
        event keeps its lease; a dead holder's lapses within one lease), and release work held by a
        dead process of this host at once, whenever it died - not only when this process started."""
        while True:
            await asyncio.sleep(self.heartbeat)
            try:
                await self.inbox.renew()
                for renew in self.renewals:
                    await renew()
                released = await self.inbox.recover_orphans()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the next beat tries again; the lease has room for two misses
                log.warning("lease heartbeat failed", exc_info=True)
                continue
            if released:
                log.warning("released %d events held by a crashed process", released)
                self.poke()

    async def run_forever(self) -> None:
        heartbeat = asyncio.create_task(self.keep_leases(), name="pmbot-lease-heartbeat")
        try:
            await self._loop()
        finally:
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                taken = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep the loop alive when the database hiccups
                log.exception("worker loop error")
                taken = 0
            if not taken:
                self.wakeup.clear()
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=self.idle)
                except TimeoutError:
                    pass

    def stop(self) -> None:
        self._stopping = True
        self.wakeup.set()
