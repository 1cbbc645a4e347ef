"""`pmbot replay FILE`: a recorded delivery through the same road as a live one."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from agents.team import TeamConfig
from bot.dispatcher import Outcome
from bot.routes.webhooks import receive
from bot.runtime import Runtime
from bot.settings import Settings
from integrations.events import Event
from integrations.registry import platform


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
