"""Takes events from the inbox, dispatches them, retries transient failures with backoff.

Stored deliveries are translated first (bot/translate.py). Events about different subjects (tasks, pull
requests ...) are processed side by side, at most `concurrency` at a time; events about one subject one at a
time, in arrival order - the inbox's claim enforces that across replicas, so this loop only bounds the
parallelism. Each event still goes through `Dispatcher.dispatch`, one per event, as before."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.dispatcher import Dispatcher, Outcome
from bot.metrics import Metrics
from bot.storage.inbox import Claimed, Inbox, subject_key
from integrations.events import Event

if TYPE_CHECKING:
    from bot.translate import Translator

log = logging.getLogger("pmbot.worker")
BUSY_PAUSE = 0.1  # how often a worker that gave way to the receive path looks again
BUSY_FLOOR = 2.0  # however busy, a round at least this often (nothing waits forever)
BUSY_ROUND = 4  # events claimed (and a few times as many deliveries translated) by such a round


def default_concurrency() -> int:
    """Events processed side by side per process (`PMBOT_WORKER_CONCURRENCY`, 16): agents mostly wait on
    platform APIs, so a few more than the cores keep them busy without flooding a platform."""
    return max(1, int(os.environ.get("PMBOT_WORKER_CONCURRENCY") or 16))


def backoff(attempt: int, *, base: float = 2.0, cap: float = 600.0) -> float:
    """Seconds to wait before attempt `attempt + 1`: 2, 4, 8 ... capped."""
    return float(min(cap, base ** max(1, attempt)))


class Worker:
    """One loop per process; several processes share the inbox safely (leases, SKIP LOCKED, per-subject order)."""

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
        concurrency: int | None = None,
        translator: Translator | None = None,
        busy: Callable[[], bool] | None = None,
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
        self.concurrency = max(1, concurrency or default_concurrency())
        self.translator = translator  # stored deliveries → inbox events; None: only events arrive
        self.busy = busy  # True while webhooks arrive faster than this process should also work
        self.wakeup = asyncio.Event()
        self._stopping = False
        self._running: set[asyncio.Task[None]] = set()
        self._serial: deque[Claimed] = deque()  # claimed events without a subject, waiting for the lane
        self._lane: asyncio.Task[None] | None = None
        self._held = 0  # claimed by this loop and not settled yet
        self._short = True  # the last claim found less than it asked for: nothing else was ready then
        self._translate_due = True  # deliveries may be waiting (poked, or not looked for a while)
        self.on_processed: list[Callable[[Event, Outcome], None]] = []

    def poke(self) -> None:
        """New work arrived in this process: skip the idle wait."""
        self._translate_due = True
        self.wakeup.set()

    async def translate(self) -> int:
        """Turn every stored delivery waiting now into inbox events; returns how many deliveries were taken."""
        total = 0
        while self.translator is not None and (taken := await self.translator.run_once()):
            total += taken
        return total

    async def run_once(self, *, parallel: int | None = None) -> int:
        """Translate what arrived, then process what is ready now, `parallel` events at a time (default:
        `concurrency`); returns how many were taken. The claim never hands out two events of one subject;
        events without a subject (ticks, CLI) keep their order here, one after the other."""
        await self.translate()
        claimed = await self.inbox.claim(self.batch)
        if parallel == 1 or len(claimed) <= 1:
            for item in claimed:
                await self.process(item)
            return len(claimed)
        limit = asyncio.Semaphore(parallel or self.concurrency)

        async def in_turn(items: list[Claimed]) -> None:
            for item in items:
                async with limit:
                    await self.process(item)

        lanes = [[item] for item in claimed if subject_key(item.head) is not None]
        lanes.append([item for item in claimed if subject_key(item.head) is None])
        await asyncio.gather(*(in_turn(lane) for lane in lanes))
        return len(claimed)

    async def drain(self, *, max_rounds: int = 100) -> int:
        """Process until nothing is ready, one event at a time in inbox order (tests, `pmbot replay`, the demo)."""
        total = 0
        for _ in range(max_rounds):
            taken = await self.run_once(parallel=1)
            total += taken
            if not taken:
                break
        return total

    async def process(self, item: Claimed) -> Outcome | None:
        event = item.head  # without its payload: parsed below only for an event some agent wants
        extra = {"event_id": event.id, "source": event.source, "event_type": event.type}
        started = time.perf_counter()
        try:
            # Most events interest no agent: settle them without reading the payload or what ran before. The
            # payload as received is read only for an agent that reads it (`Agent.reads_raw`).
            if agents := self.dispatcher.interested(event):
                if any(agent.reads_raw for agent in agents):
                    event = (await self.inbox.load_payload(item)).event
                outcome = await self.dispatcher.dispatch(event, agents)
            else:
                outcome = Outcome()
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
        event = item.head
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
        try:
            while not self._stopping:
                paused = 0.0
                while self.busy is not None and self.busy() and paused < BUSY_FLOOR and not self._stopping:
                    # Acknowledge first, work after: while a flood of webhooks arrives the receive path keeps
                    # the CPU (what arrived is durable and waits its turn); a round at least every BUSY_FLOOR.
                    await asyncio.sleep(BUSY_PAUSE)
                    paused += BUSY_PAUSE
                # Cleared before looking for work: a poke or a finished event from now on ends the wait below.
                self.wakeup.clear()
                translated = asked = taken = 0
                # A round taken during a flood is small: its work shares the loop with the acknowledgements.
                flooded = self.busy is not None and self.busy()
                cap = BUSY_ROUND if flooded else self.concurrency
                try:
                    if self.translator is not None and self._translate_due:
                        limit = 5 * BUSY_ROUND if flooded else self.translator.batch
                        translated = await self.translator.run_once(limit)
                        self._translate_due = translated >= limit
                    room = cap - self._held
                    # Refill in bulk while the inbox has more than we can take (one claim per half the slots,
                    # not per finished event); claim at once when it had run dry, so new work starts now.
                    if room >= max(1, cap // 2) or (room > 0 and self._short):
                        asked = min(room, self.batch)
                        claimed = await self.inbox.claim(asked)
                        for item in claimed:
                            self._start(item)
                        taken = len(claimed)
                        self._short = taken < asked
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 - keep the loop alive when the database hiccups
                    log.exception("worker loop error")
                    self._translate_due = True
                if translated or (taken and not self._short and self._held < self.concurrency):
                    continue  # more may be waiting right now
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=self.idle)
                except TimeoutError:
                    self._translate_due = self._short = True  # look again now and then (another replica's)
        finally:
            for task in self._running:
                task.cancel()  # their events stay claimed until the lease ends (or this host restarts)
            await asyncio.gather(*self._running, return_exceptions=True)
            self._serial.clear()
            self._held = 0

    def _start(self, item: Claimed) -> None:
        self._held += 1
        if subject_key(item.head) is None:
            self._serial.append(item)  # no subject: in claim order, one after the other (as before)
            if self._lane is None or self._lane.done():
                self._lane = self._spawn(self._in_turn(), "pmbot-worker-lane")
        else:
            self._spawn(self._one(item), f"pmbot-event-{item.row_id}")

    def _spawn(self, work: Awaitable[None], name: str) -> asyncio.Task[None]:
        task = asyncio.ensure_future(work)
        task.set_name(name)
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return task

    async def _in_turn(self) -> None:
        while self._serial:
            await self._one(self._serial.popleft())

    async def _one(self, item: Claimed) -> None:
        try:
            await self.process(item)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - settling failed (the database): the lease brings the event back
            log.exception("event could not be settled", extra={"event_id": item.key})
        finally:
            self._held -= 1
            self.wakeup.set()  # room again, and the subject's next event may be ready

    def stop(self) -> None:
        self._stopping = True
        self.wakeup.set()
