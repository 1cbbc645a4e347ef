"""Webhook receivers, one route per platform in the registry.

Signed JSON platforms (ClickUp, GitHub) are served by a lean ASGI endpoint beside FastAPI: verify → check that
the body parses → the delivery's dedupe key → commit the raw delivery (group commit) → 2xx. The worker
translates stored deliveries into events (bot/translate.py). Slack goes through slack-bolt, whose listeners
acknowledge after persisting (its ack semantics, url_verification, request-path work such as opening a modal).
`receive()` translates at once: `pmbot replay FILE` and a platform whose parser cannot key a delivery before
translating it go through it."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from sqlalchemy.exc import SQLAlchemyError
from starlette.routing import Route

from bot.runtime import Runtime
from bot.storage.inbox import InboxTimeout
from bot.triage import Triage, Verdict, count, skipped, triage
from integrations.errors import BadPayload, InvalidSignature, Unkeyable, Unpeekable
from integrations.events import Event
from integrations.platform import Platform
from integrations.protocols import WebhookSource
from integrations.registry import webhook_platforms

log = logging.getLogger("pmbot.webhooks")

# Below each platform's own webhook timeout (ClickUp 7 s, GitHub 10 s, Slack 3 s): a stalled database
# answers 503 in time for the platform to retry, instead of the platform giving up on us. (Jira retries a 5xx or
# a timeout for up to 30 minutes - its webhook retry policy - and documents no timeout: GitHub's deadline.)
COMMIT_DEADLINE = {"clickup": 5.0, "github": 8.0, "slack": 2.0, "jira": 8.0}
TOO_LARGE = "body too large"


@dataclass
class Receipt:
    """What became of one delivery: the HTTP answer, and the events it carried."""

    status: int
    body: dict[str, Any]
    events: list[Event] = field(default_factory=list)
    fresh: list[bool] = field(default_factory=list)


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is known to exceed `limit` (by Content-Length, or while streaming),
    so an oversized delivery is never held in memory."""
    length = request.headers.get("content-length")
    if length is not None and (not length.strip().isdigit() or int(length) > limit):
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Starlette's cache: later readers (slack-bolt) get the same bytes
    return body


def _parse(platform: Platform, body: bytes) -> Any:
    if platform.parse_body is not None:
        return platform.parse_body(body)
    return orjson.loads(body)


async def receive(
    runtime: Runtime,
    platform: Platform,
    headers: dict[str, str],
    body: bytes,
    *,
    verify: bool = True,
    rewrite: Callable[[list[Event]], list[Event]] | None = None,
) -> Receipt:
    """The receiver that translates at once (live for a platform whose deliveries are keyed by their events, and
    `pmbot replay FILE` with `verify=False`)."""
    name = platform.name
    source = runtime.sources.get(name) or (None if verify else _unverified_source(runtime, platform))
    if source is None:
        return Receipt(404, {"error": f"{name} webhooks are not configured on this pmbot"})
    if verify:
        try:
            source.verify(headers, body)
        except InvalidSignature:
            bad_signature(runtime, name)
            return Receipt(401, {"error": "invalid signature"})
    return await _translate_now(runtime, platform, source, headers, body, rewrite=rewrite)


async def _translate_now(
    runtime: Runtime, platform: Platform, source: WebhookSource, headers: dict[str, str], body: bytes,
    payload: Any = None, *, rewrite: Callable[[list[Event]], list[Event]] | None = None,
) -> Receipt:
    """A verified delivery translated and its events committed to the inbox; `payload`, when parsed already."""
    name, metrics = platform.name, runtime.metrics
    if payload is None:
        try:
            payload = _parse(platform, body)
        except (ValueError, KeyError, UnicodeDecodeError):
            count(metrics, name, Verdict.REJECTED)
            return Receipt(400, {"error": "body is not JSON"})
    found = triage(source, headers, payload)
    if found.verdict is not Verdict.ACCEPTED:
        count(metrics, name, found.verdict, found.kind)
        return Receipt(*_answer_for(found))
    events = rewrite(found.events) if rewrite is not None else found.events
    try:
        fresh = await runtime.ingest(name, events, raw=body.decode(), timeout=COMMIT_DEADLINE.get(name))
    except (SQLAlchemyError, InboxTimeout):
        # Storage is down or stalled: ask the platform to retry. Never 401/410 (ClickUp would suspend us).
        log.exception("inbox unavailable", extra={"source": name})
        return Receipt(503, {"error": "temporarily unavailable, retry later"})
    accepted = sum(fresh)
    return Receipt(200, {"ok": True, "accepted": accepted, "duplicates": len(fresh) - accepted}, events, fresh)


def _answer_for(found: Triage) -> tuple[int, dict[str, Any]]:
    """The HTTP answer to a delivery that brought no event: 400 when unreadable, else 200 naming what it was."""
    if found.verdict is Verdict.REJECTED:
        return 400, {"error": found.reason}
    return 200, {"ok": True, "accepted": 0, "duplicates": 0, "ignored": found.kind}


def bad_signature(runtime: Runtime, name: str) -> None:
    count(runtime.metrics, name, Verdict.REJECTED)
    log.warning("rejected delivery: bad signature", extra={"source": name})


def _unverified_source(runtime: Runtime, platform: Platform) -> Any:
    """A replayed file was verified when it was recorded: translate it with an empty secret."""
    settings = runtime.settings.updated(**{c: "replay" for c in platform.credentials if "secret" in c})
    assert platform.make_webhook is not None
    return platform.make_webhook(settings, runtime.identity_details.get(platform.name))


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
_JSON = [(b"content-type", b"application/json")]


# Never stored: with its signature beside it, a stored body is a delivery ready to be replayed
# (x-hub-signature-256, x-slack-signature, ClickUp's x-signature, authorization, tokens, cookies).
_CREDENTIAL = re.compile("signature|authorization|token|secret|cookie|api-?key").search


def kept_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers stored with a delivery: the platform's own (`x-…`: event name, delivery id) and the content
    type - what a parser may read when it translates the body later - without anything that proves or grants
    access (signatures, auth)."""
    return {k: v for k, v in headers.items() if (k.startswith("x-") or k == "content-type")
            and not _CREDENTIAL(k)}


async def accept(runtime: Runtime, platform: Platform, headers: dict[str, str], body: bytes, *,
                 verified: Callable[[], None] | None = None) -> tuple[int, Any]:
    """The lean receiver: verify (then call `verified`), check that the body parses, store the raw delivery under
    its dedupe keys (a platform whose deliveries are keyed by their events is translated at once instead)."""
    name, metrics = platform.name, runtime.metrics
    source = runtime.sources.get(name)
    if source is None:
        return 404, {"error": f"{name} webhooks are not configured on this pmbot"}
    try:
        source.verify(headers, body)
    except InvalidSignature:
        bad_signature(runtime, name)
        return 401, {"error": "invalid signature"}
    if verified is not None:
        verified()
    payload: Any = None
    try:
        try:
            key = source.peek_key(headers, body)
            if key is None:
                payload = _parse(platform, body)  # what it is, below
        except Unpeekable:
            payload = _parse(platform, body)
            key = source.delivery_key(headers, payload)
    except Unkeyable:
        receipt = await _translate_now(runtime, platform, source, headers, body, payload)
        return receipt.status, receipt.body
    except (ValueError, KeyError, UnicodeDecodeError):
        count(metrics, name, Verdict.REJECTED)
        return 400, {"error": "body is not JSON"}
    except BadPayload as exc:
        count(metrics, name, Verdict.REJECTED)
        return 400, {"error": f"unreadable payload: {exc}"}
    except Exception:  # noqa: BLE001 - no input may produce a 5xx; a parser bug is our 400 to own
        count(metrics, name, Verdict.REJECTED)
        log.exception("delivery key failed on a verified delivery", extra={"source": name})
        return 400, {"error": "unreadable payload"}
    if key is None:
        found = skipped(source, headers, payload)
        count(metrics, name, found.verdict, found.kind)
        return _answer_for(found)
    digest_of = getattr(source, "body_digest", None)
    try:
        fresh = await runtime.deliveries.put(name, key, kept_headers(headers), body,
                                             digest=digest_of(headers, body) if digest_of is not None else None,
                                             timeout=COMMIT_DEADLINE.get(name))
    except InboxTimeout:
        log.warning("delivery not committed before the deadline", extra={"source": name})
        return 503, {"error": "temporarily unavailable, retry later"}
    except Exception:  # noqa: BLE001 - storage is down: ask the platform to retry. Never 401/410 (ClickUp suspends).
        log.exception("deliveries unavailable", extra={"source": name})
        return 503, {"error": "temporarily unavailable, retry later"}
    count(metrics, name, Verdict.ACCEPTED if fresh else Verdict.DUPLICATE)
    if fresh:
        runtime.worker.poke()
    return 200, {"ok": True, "accepted": int(fresh), "duplicates": int(not fresh)}


class _Gone(Exception):
    """The client went away before its body arrived: nothing to answer."""


class _Busy(Exception):
    """The bytes of bodies not yet verified are at their budget: ask the platform to retry."""


MB = 1024 * 1024


class UnverifiedBytes:
    """The bytes held by webhook bodies not yet verified, summed over every request in flight, and their cap:
    without one, eight unsigned 24 MB posts (each under GitHub's 25 MB cap) were all held before any signature
    was checked. A body is counted by its declared length before it is read (or as it streams in) and refused
    503 when it would pass the cap; the last `reserve` bytes are kept for bodies of up to `small` bytes, so large
    bogus bodies cannot crowd out ordinary deliveries (a pull request event is ~28 KB). One event loop serves
    every request: no lock."""

    def __init__(self, limit: int = 64 * MB, *, reserve: int = 8 * MB, small: int = MB) -> None:
        self.limit, self.reserve, self.small = limit, reserve, small
        self.held = 0
        self.peak = 0  # the most ever held at once (tests, and a person reading /metrics' neighbours)
        self.refused = 0

    def take(self, size: int, *, total: int) -> bool:
        """Hold `size` more bytes for a body now known to be `total` bytes long; False (and nothing held) when
        that would pass the cap."""
        ceiling = self.limit if total <= self.small else self.limit - self.reserve
        if self.held + size > ceiling:
            self.refused += 1
            return False
        self.held += size
        self.peak = max(self.peak, self.held)
        return True

    def give(self, size: int) -> None:
        self.held -= size


class WebhookEndpoint:
    """A plain ASGI endpoint for one platform's signed JSON webhooks (no request object, no dependency layer):
    a delivery without a signature is refused before its body is read; the body is read up to the platform's
    cap - refused by its declared length before reading, or as soon as the stream passes the cap - within the
    budget of bytes not yet verified (`UnverifiedBytes`, shared by every endpoint), and handed to `accept`."""

    def __init__(self, platform: Platform, budget: UnverifiedBytes | None = None) -> None:
        self.platform = platform
        self.budget = budget or UnverifiedBytes()
        self.__name__ = f"{platform.name}_webhook"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        runtime: Runtime | None = getattr(scope["app"].state, "runtime", None)
        if runtime is None:  # still starting, or stopping
            await _answer(send, 503, {"error": "temporarily unavailable, retry later"})
            return
        name = self.platform.name
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        signed = getattr(runtime.sources.get(name), "signed", None)
        if signed is not None and not signed(headers):  # no signature to check: no reason to read the body
            bad_signature(runtime, name)
            await _answer(send, 401, {"error": "invalid signature"})
            return
        held = [0]  # bytes this request holds of the budget, given back once verified (or answered)

        def verified() -> None:
            self.budget.give(held[0])
            held[0] = 0

        try:
            try:
                body = await self._body(receive, headers.get("content-length"), held)
            except _Gone:
                return
            except _Busy:
                count(runtime.metrics, name, Verdict.REJECTED)
                log.warning("delivery refused: unverified bodies at their memory budget", extra={"source": name})
                await _answer(send, 503, {"error": "temporarily unavailable, retry later"})
                return
            if body is None:
                count(runtime.metrics, name, Verdict.REJECTED)
                await _answer(send, 413, {"error": TOO_LARGE, "limit": self.platform.max_body})
                return
            try:
                status, answer = await accept(runtime, self.platform, headers, body, verified=verified)
            except Exception:  # noqa: BLE001 - never a 5xx other than "retry later" (never 401/410: ClickUp suspends)
                log.exception("webhook receiver failed", extra={"source": name})
                status, answer = 503, {"error": "temporarily unavailable, retry later"}
        finally:
            verified()
        await _answer(send, status, answer)

    async def _body(self, receive: Receive, length: str | None, held: list[int]) -> bytes | None:
        limit, budget = self.platform.max_body, self.budget
        if length is not None:
            if not length.strip().isdigit() or int(length) > limit:
                return None
            if not budget.take(int(length), total=int(length)):
                raise _Busy
            held[0] = int(length)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                raise _Gone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            if size > held[0]:  # more than declared, or no length declared: count it as it arrives
                if not budget.take(size - held[0], total=size):
                    raise _Busy
                held[0] = size
            chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _answer(send: Send, status: int, answer: Any) -> None:
    body = orjson.dumps(answer)
    await send({"type": "http.response.start", "status": status,
                "headers": [*_JSON, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class PmbotApp(FastAPI):
    """FastAPI, with a POST to a signed-JSON webhook route served before any of FastAPI's layers (its error,
    telemetry and body-limit middleware, routing): straight to its endpoint, which answers every error itself.
    Every other request (Slack, the dashboard, health) goes through FastAPI as usual."""

    lean_webhooks: dict[str, WebhookEndpoint] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            endpoint = self.lean_webhooks.get(scope["path"])
            if endpoint is not None:
                scope["app"] = self
                await endpoint(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def _bolt_receiver(platform: Platform) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        handler: AsyncSlackRequestHandler | None = request.app.state.bolt_handlers.get(platform.name)
        if handler is None:
            return _error(404, f"{platform.name} is not configured on this pmbot")
        body = await read_capped(request, platform.max_body)
        if body is None:
            count(runtime.metrics, platform.name, Verdict.REJECTED)
            return _error(413, TOO_LARGE, limit=platform.max_body)
        source = runtime.sources.get(platform.name)
        try:
            # The platform's own check first: slack-bolt's raises ValueError on a non-numeric timestamp (a 400),
            # where a request that fails verification is a 401.
            if source is not None:
                source.verify(request.headers, body)
        except InvalidSignature:
            count(runtime.metrics, platform.name, Verdict.REJECTED)
            return _error(401, "invalid signature")
        try:
            response = await handler.handle(request)
        except (SQLAlchemyError, InboxTimeout):
            log.exception("inbox unavailable", extra={"source": platform.name})
            return _error(503, "temporarily unavailable, retry later")
        except Exception:  # noqa: BLE001 - malformed input must not become a 5xx
            log.warning("request could not be read", extra={"source": platform.name})
            return _error(400, "unreadable request")
        if response.status_code == 401:
            count(runtime.metrics, platform.name, Verdict.REJECTED)
            return _error(401, "invalid signature")
        if response.status_code == 404:
            # Bolt found no listener: a verified request of a kind we do not handle.
            count(runtime.metrics, platform.name, Verdict.UNSUPPORTED, "request without a listener")
            return JSONResponse({"ok": True, "accepted": 0})
        if response.status_code == 503:
            return _error(503, "temporarily unavailable, retry later")
        if response.status_code >= 500:
            return _error(400, "unreadable request")
        return response

    endpoint.__name__ = f"{platform.name}_events"
    return endpoint


def mount(app: PmbotApp) -> None:
    """One POST route per platform that receives webhooks: a lean ASGI endpoint for signed JSON (served by
    `PmbotApp` before FastAPI's layers; the route stays listed, and answers 405 to other methods), the FastAPI
    route into slack-bolt for Slack."""
    lean: dict[str, WebhookEndpoint] = {}
    budget = UnverifiedBytes()  # one for the process: every route's unverified bodies share it
    for platform in webhook_platforms():
        assert platform.route is not None
        if platform.receiver == "slack_bolt":
            app.add_api_route(platform.route, _bolt_receiver(platform), methods=["POST"], include_in_schema=False)
        else:
            lean[platform.route] = WebhookEndpoint(platform, budget)
            app.router.routes.append(Route(platform.route, lean[platform.route], methods=["POST"],
                                           include_in_schema=False))
    app.lean_webhooks = lean
