"""`pmbot replay FILE`: a recorded delivery through the same road as a live one."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from agents.team import TeamConfig
from bot.dispatcher import Outcome
from bot.runtime import Runtime
from bot.settings import Settings
from integrations.clickup.webhook import ClickUpWebhook
from integrations.errors import BadPayload
from integrations.events import Event
from integrations.github.webhook import GitHubWebhook
from integrations.protocols import WebhookSource
from integrations.slack.webhook import SlackWebhook


def parse_body(source: str, body: bytes) -> Any:
    """JSON for ClickUp and GitHub; Slack also sends form bodies (commands, `payload=` interactivity)."""
    text = body.decode("utf-8")
    if source == "slack" and not text.lstrip().startswith("{"):
        form = {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
        return json.loads(form["payload"]) if "payload" in form else form
    return json.loads(text)


def _source(runtime: Runtime, name: str) -> WebhookSource:
    """The configured source, or an unverifying one: a replayed file was verified when recorded."""
    if name in runtime.sources:
        return runtime.sources[name]
    return {"clickup": ClickUpWebhook, "github": GitHubWebhook, "slack": SlackWebhook}[name]("")  # type: ignore[no-any-return]


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
        body = file.read_bytes()
        payload = parse_body(source, body)
    except (OSError, ValueError, KeyError) as exc:
        print(f"pmbot replay: cannot read {file}: {exc}")
        return 2
    headers: dict[str, str] = {}
    if source == "github":
        headers["x-github-event"] = event or file.name.split(".")[0]
        headers["x-github-delivery"] = "replay-" + hashlib.sha256(body).hexdigest()[:16]
    runtime = Runtime(settings.updated(pmbot_dry_run=dry_run), team)
    await runtime.start(worker=False, scheduler=False)
    try:
        try:
            events = _source(runtime, source).to_events(headers, payload)
        except BadPayload as exc:
            print(f"pmbot replay: {file} is not a {source} delivery: {exc}")
            return 2
        if force or dry_run:
            # Fresh ids: a forced replay is processed again; a dry run must not use up the real id.
            tag = ("dry-run:" if dry_run else "replay:") + uuid.uuid4().hex[:8]
            events = [e.model_copy(update={"id": f"{tag}:{e.id}"}) for e in events]
        if not events:
            print(f"{file}: no events (known and ignored, or caused by pmbot itself)")
            return 0
        fresh = await runtime.store.inbox.put(events)
        outcomes: dict[str, Outcome] = {}
        runtime.worker.on_processed.append(lambda ev, out: outcomes.__setitem__(ev.id, out))
        await runtime.worker.drain()
        mode = " (dry run: nothing written)" if dry_run else ""
        print(f"{file}: {len(events)} event(s){mode}")
        for ev, is_new in zip(events, fresh, strict=True):
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
