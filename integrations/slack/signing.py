"""Slack's request signing, and builders of the requests Slack sends to an app (tests, sandbox)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

SIGNATURE_HEADER = "X-Slack-Signature"
TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
VERSION = "v0"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def sign(signing_secret: str, timestamp: str, body: bytes) -> str:
    """The X-Slack-Signature value: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    base = f"{VERSION}:{timestamp}:".encode() + body
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return f"{VERSION}={digest}"


def signed_headers(signing_secret: str, body: bytes, timestamp: int | str | None = None) -> dict[str, str]:
    """Headers Slack would send with `body`: signature, timestamp and the matching Content-Type."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": JSON if body.lstrip().startswith(b"{") else FORM,
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: sign(signing_secret, stamp, body),
    }


def _trigger_id() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 10**9}.{uuid.uuid4().hex}"


def slash_command_body(
    command: str,
    text: str,
    user_id: str,
    channel_id: str,
    *,
    team_id: str = "T0SIM",
    trigger_id: str | None = None,
    response_url: str | None = None,
    user_name: str = "",
    channel_name: str = "",
) -> bytes:
    """A slash command as Slack posts it (form-encoded)."""
    trigger = trigger_id or _trigger_id()
    fields = {
        "token": "sim-verification-token",
        "team_id": team_id,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "response_url": response_url or f"https://hooks.slack.com/commands/{team_id}/1/{trigger.split('.')[-1]}",
        "trigger_id": trigger,
    }
    return urlencode(fields).encode()


def event_body(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = "T0SIM",
    api_app_id: str = "A0SIM",
    event_time: int | None = None,
) -> bytes:
    """An Events API `event_callback` envelope around `event` (JSON)."""
    envelope = {
        "token": "sim-verification-token",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()) if event_time is None else event_time,
    }
    return json.dumps(envelope).encode()


def interaction_body(payload: dict[str, Any]) -> bytes:
    """An interactivity request: one form field `payload` holding the JSON."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def block_actions_body(
    user_id: str,
    actions: list[dict[str, Any]],
    *,
    channel_id: str | None = None,
    message_ts: str | None = None,
    trigger_id: str | None = None,
    team_id: str = "T0SIM",
) -> bytes:
    """A `block_actions` payload: `actions` as [{"action_id", "block_id", "value"}, ...]."""
    now = f"{time.time():.6f}"
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "team_id": team_id},
        "team": {"id": team_id},
        "trigger_id": trigger_id or _trigger_id(),
        "actions": [{"type": "button", "action_ts": now, **action} for action in actions],
    }
    if channel_id:
        payload["channel"] = {"id": channel_id}
        payload["container"] = {"type": "message", "channel_id": channel_id, "message_ts": message_ts}
    if message_ts:
        payload["message"] = {"type": "message", "ts": message_ts}
    return interaction_body(payload)


def view_submission_body(
    user_id: str,
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    *,
    view_id: str = "V0SIM",
    view_hash: str | None = None,
    trigger_id: str | None = None,
    team_id: str = "T0SIM",
) -> bytes:
    """A `view_submission` payload; `values` is Slack's `state.values` (block_id -> action_id -> element)."""
    payload = {
        "type": "view_submission",
        "user": {"id": user_id, "team_id": team_id},
        "team": {"id": team_id},
        "trigger_id": trigger_id or _trigger_id(),
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": view_hash or f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
        },
    }
    return interaction_body(payload)
