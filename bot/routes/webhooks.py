"""Webhook receivers: verify → parse → persist to the inbox (deduplicated) → 2xx."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from sqlalchemy.exc import SQLAlchemyError

from bot.runtime import Runtime
from integrations.errors import BadPayload, InvalidSignature

log = logging.getLogger("pmbot.webhooks")
unsupported = logging.getLogger("pmbot.unsupported")
router = APIRouter()
MAX_BODY = 5 * 1024 * 1024


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


async def receive(request: Request, name: str) -> Response:
    """The one receiver every platform webhook goes through."""
    runtime = _runtime(request)
    metrics = runtime.metrics
    source = runtime.sources.get(name)
    if source is None:
        return _error(404, f"{name} webhooks are not configured on this pmbot")
    body = await request.body()
    if len(body) > MAX_BODY:
        metrics.deliveries.labels(name, "rejected").inc()
        return _error(413, "body too large")
    headers = {k.lower(): v for k, v in request.headers.items()}
    try:
        source.verify(headers, body)
    except InvalidSignature:
        metrics.deliveries.labels(name, "rejected").inc()
        log.warning("rejected delivery: bad signature", extra={"source": name})
        return _error(401, "invalid signature")
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        metrics.deliveries.labels(name, "rejected").inc()
        return _error(400, "body is not JSON")
    if name == "github" and headers.get("x-github-event") == "ping":
        metrics.deliveries.labels(name, "ignored").inc()
        return JSONResponse({"ok": True, "pong": True})
    try:
        events = source.to_events(headers, payload)
    except BadPayload as exc:
        metrics.deliveries.labels(name, "rejected").inc()
        return _error(400, f"unreadable payload: {exc}")
    except Exception:  # noqa: BLE001 - no input may produce a 5xx; a parser bug is our 400 to own
        metrics.deliveries.labels(name, "rejected").inc()
        log.exception("parser failed on a verified delivery", extra={"source": name})
        return _error(400, "unreadable payload")
    if not events:
        kind = _kind(name, headers, payload)
        supported = getattr(source, "is_supported", None)
        if supported is not None and not supported(kind):
            unsupported.info("unsupported %s event %s", name, kind, extra={"source": name, "kind": kind})
            metrics.deliveries.labels(name, "unsupported").inc()
        else:
            metrics.deliveries.labels(name, "ignored").inc()
        return JSONResponse({"ok": True, "accepted": 0, "duplicates": 0, "ignored": kind})
    try:
        fresh = await runtime.ingest(name, events, raw=body.decode())
    except SQLAlchemyError:
        # Storage is down: ask the platform to retry. Never 401/410 (ClickUp would suspend us).
        log.exception("inbox unavailable", extra={"source": name})
        return _error(503, "temporarily unavailable, retry later")
    accepted = sum(fresh)
    return JSONResponse({"ok": True, "accepted": accepted, "duplicates": len(fresh) - accepted})


def _kind(name: str, headers: dict[str, str], payload: Any) -> str:
    if name == "github":
        action = payload.get("action") if isinstance(payload, dict) else None
        event = headers.get("x-github-event", "?")
        return f"{event}.{action}" if action else event
    if isinstance(payload, dict):
        return str(payload.get("event") or payload.get("type") or "?")
    return "?"


@router.post("/webhooks/clickup")
async def clickup_webhook(request: Request) -> Response:
    return await receive(request, "clickup")


@router.post("/webhooks/github")
async def github_webhook(request: Request) -> Response:
    return await receive(request, "github")


@router.post("/slack/events")
async def slack_events(request: Request) -> Response:
    handler: AsyncSlackRequestHandler | None = request.app.state.slack_handler
    if handler is None:
        return _error(404, "slack is not configured on this pmbot")
    try:
        response = await handler.handle(request)
    except SQLAlchemyError:
        log.exception("inbox unavailable", extra={"source": "slack"})
        return _error(503, "temporarily unavailable, retry later")
    except Exception:  # noqa: BLE001 - malformed input must not become a 5xx
        log.warning("slack request could not be read", extra={"source": "slack"})
        return _error(400, "unreadable request")
    runtime = _runtime(request)
    if response.status_code == 401:
        runtime.metrics.deliveries.labels("slack", "rejected").inc()
        return _error(401, "invalid signature")
    if response.status_code == 404:
        # Bolt found no listener: a verified request of a kind we do not handle.
        unsupported.info("unsupported slack request", extra={"source": "slack"})
        runtime.metrics.deliveries.labels("slack", "unsupported").inc()
        return JSONResponse({"ok": True, "accepted": 0})
    if response.status_code == 503:
        return _error(503, "temporarily unavailable, retry later")
    if response.status_code >= 500:
        return _error(400, "unreadable request")
    return response
