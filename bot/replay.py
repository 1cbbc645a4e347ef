"""`pmbot replay FILE`: a recorded delivery through the same road as a live one.
`pmbot replay --since WHEN`: the deliveries stored since then, translated again by today's parsers (after a
parser fix), their new events processed; events already received are duplicates (`--force` runs them again)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agents.team import TeamConfig
from bot.dispatcher import Outcome
from bot.routes.webhooks import _unverified_source, receive
from bot.runtime import Runtime
from bot.settings import Settings
from bot.storage.deliveries import Settled
from bot.storage.sql import Tx
from bot.storage.states import DeliveryState
from bot.translate import Translation, translate
from integrations.events import Event
from integrations.protocols import WebhookSource
from integrations.registry import platform, webhook_platforms

_AGO = re.compile(r"^(\d+(?:\.\d+)?)\s*([mhd])$")


async def replay(
    settings: Settings,
    team: TeamConfig,
    file: Path,
    source: str,
    *,
    event: str | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> int:
    try:
        platform_ = platform(source)
        body = file.read_bytes()
        platform_.parse_body(body) if platform_.parse_body else json.loads(body)
    except (OSError, KeyError, ValueError) as exc:
        print(f"pmbot replay: cannot read {file}: {exc}")
        return 2
    headers = platform_.replay_headers(file.name, body, event) if platform_.replay_headers else {}
    runtime = Runtime(settings.updated(pmbot_dry_run=dry_run), team)
    await runtime.start(worker=False, scheduler=False)
    tag = ("dry-run:" if dry_run else "replay:") + uuid.uuid4().hex[:8]

    def fresh_ids(events: list[Event]) -> list[Event]:
        # A forced replay is processed again; a dry run must not use up the real id.
        if not (force or dry_run):
            return events
        return [e.model_copy(update={"id": f"{tag}:{e.id}"}) for e in events]

    try:
        receipt = await receive(runtime, platform_, headers, body, verify=False, rewrite=fresh_ids)
        if receipt.status != 200:
            print(f"pmbot replay: {file} is not a {source} delivery: {receipt.body.get('error')}")
            return 2
        if not receipt.events:
            print(f"{file}: no events (known and ignored, or caused by pmbot itself)")
            return 0
        outcomes: dict[str, Outcome] = {}
        runtime.worker.on_processed.append(lambda ev, out: outcomes.__setitem__(ev.id, out))
        await runtime.worker.drain()
        mode = " (dry run: nothing written)" if dry_run else ""
        print(f"{file}: {len(receipt.events)} event(s){mode}")
        for ev, is_new in zip(receipt.events, receipt.fresh, strict=True):
            print("  " + describe(ev, outcomes.get(ev.id), duplicate=not is_new))
        return 0
    finally:
        await runtime.stop()


def describe(event: Event, outcome: Outcome | None, *, duplicate: bool = False) -> str:
    head = f"{event.type:<24} {event.id}"
    if duplicate:
        return f"{head}  duplicate: already received, skipped (use --force to process again)"
    if outcome is None:
        return f"{head}  not processed"
    parts = []
    for agent in outcome.ran:
        did = outcome.performed.get(agent) or []
        parts.append(f"{agent}: {', '.join(did) if did else 'no action'}")
    parts += [f"{a}: FAILED" for a in outcome.failed]
    parts += [f"{a}: will retry" for a in outcome.retry]
    return f"{head}  " + ("; ".join(parts) if parts else "no agent handles it")


def parse_since(value: str, now: datetime) -> datetime:
    """`2026-11-23`, `2026-11-23T09:00` (UTC unless it says otherwise), or an age: `90m`, `6h`, `2d`."""
    match = _AGO.match(value.strip().lower())
    if match:
        unit = {"m": "minutes", "h": "hours", "d": "days"}[match.group(2)]
        return now - timedelta(**{unit: float(match.group(1))})
    when = datetime.fromisoformat(value.strip())
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _sources(runtime: Runtime) -> Mapping[str, WebhookSource]:
    """Every webhook platform's parser; a stored delivery was verified when it arrived."""
    sources: dict[str, WebhookSource] = dict(runtime.sources)
    for p in webhook_platforms():
        if p.name not in sources and p.make_webhook is not None and p.receiver == "signed_json":
            sources[p.name] = _unverified_source(runtime, p)
    return sources


async def replay_since(
    settings: Settings,
    team: TeamConfig,
    since: str,
    *,
    source: str | None = None,
    dry_run: bool = False,
    force: bool = False,
) -> int:
    """Translate the stored deliveries received since `since` again and process the events that are new."""
    runtime = Runtime(settings.updated(pmbot_dry_run=dry_run), team)
    await runtime.start(worker=False, scheduler=False)
    try:
        try:
            when = parse_since(since, runtime.clock.now())
        except ValueError:
            print(f"pmbot replay: --since {since!r} is not a date, a time or an age such as 6h or 2d")
            return 2
        stored = await runtime.deliveries.since(when, source=source)
        print(f"pmbot replay: {len(stored)} stored deliveries since {when.isoformat()}"
              + (f" from {source}" if source else "") + (" (dry run: nothing written)" if dry_run else ""))
        if not stored:
            return 0
        tag = ("dry-run:" if dry_run else "replay:") + uuid.uuid4().hex[:8]
        sources = _sources(runtime)
        done: list[Translation] = []
        for delivery in stored:
            t = translate(sources, delivery)
            if force or dry_run:  # processed again under new ids; a dry run must not use up the real ones
                t.events = [e.model_copy(update={"id": f"{tag}:{e.id}"}) for e in t.events]
            done.append(t)
        fresh = await _commit(runtime, done, record=not dry_run)
        outcomes: dict[str, Outcome] = {}
        runtime.worker.on_processed.append(lambda ev, out: outcomes.__setitem__(ev.id, out))
        await runtime.worker.drain()
        for t in done:
            d = t.delivery
            head = f"{d.key}  ({d.source}, received {d.received_at.isoformat(timespec='seconds')})"
            if t.error:
                print(f"{head}: {t.error}")
            elif not t.events:
                print(f"{head}: no events ({t.kind}: {'known and ignored' if t.known else 'unsupported'})")
            else:
                print(f"{head}: {len(t.events)} event(s)")
                for ev in t.events:
                    print("  " + describe(ev, outcomes.get(ev.id), duplicate=not fresh.get(ev.id, False)))
        return 0
    finally:
        await runtime.stop()


async def _commit(runtime: Runtime, done: list[Translation], *, record: bool) -> dict[str, bool]:
    """Put the events in the inbox (their payload stays in the delivery) and, unless a dry run, record what
    each delivery now translates to; a delivery still waiting for the worker is taken here."""
    events = [e for t in done for e in t.events]
    origin: list[int | None] = [t.delivery.id for t in done for _ in t.events]

    def commit(tx: Tx) -> list[bool]:
        if record:
            outcomes = [Settled(t.delivery.id, len(t.events), t.error) for t in done]
            runtime.deliveries.take(tx, [s for s, t in zip(outcomes, done, strict=True)
                                         if t.delivery.status == DeliveryState.PENDING])
            runtime.deliveries.settle(tx, outcomes)
        return runtime.store.inbox.put_in(tx, events, delivery_ids=origin)

    created = await runtime.db.sql.transaction(commit)
    if any(created):
        runtime.worker.poke()
    return {e.id: new for e, new in zip(events, created, strict=True)}
