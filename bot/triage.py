"""What pmbot does with a verified delivery: accept its events, skip it (known and ignored, or unsupported), or
reject it as unreadable - decided here once for the webhook routes, the worker's translator, `pmbot replay` and
Slack (HTTP and Socket Mode), and counted here once (the `deliveries` metric, the `pmbot.unsupported` log)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.metrics import Metrics
from integrations.errors import BadPayload
from integrations.events import Event
from integrations.protocols import WebhookSource

log = logging.getLogger("pmbot.triage")
unsupported = logging.getLogger("pmbot.unsupported")


class Verdict(StrEnum):
    """A delivery's fate; the value is its label on the `deliveries` metric."""

    ACCEPTED = "accepted"  # new events (or a new delivery) committed
    DUPLICATE = "duplicate"  # committed before: nothing new
    IGNORED = "ignored"  # known, and deliberately not translated (or caused by pmbot itself)
    UNSUPPORTED = "unsupported"  # a kind pmbot does not know: 200, and logged on its own logger
    REJECTED = "rejected"  # a bad signature or an unreadable body: 401 / 400


@dataclass(frozen=True, slots=True)
class Triage:
    """A delivery's verdict with what it rests on: the events accepted, the kind skipped, or why it was rejected
    (`reason`, what the sender is told; `error`, what is stored and logged - a parser bug's details stay here)."""

    verdict: Verdict
    events: list[Event]
    kind: str | None = None
    reason: str | None = None
    error: str | None = None


def skipped(source: WebhookSource, headers: Mapping[str, str], payload: Any) -> Triage:
    """A delivery that became no event: known and ignored, or unsupported."""
    kind, known = source.classify(headers, payload)
    return Triage(Verdict.IGNORED if known else Verdict.UNSUPPORTED, [], kind)


def rejected(reason: str, error: str | None = None) -> Triage:
    return Triage(Verdict.REJECTED, [], reason=reason, error=error or reason)


def triage(source: WebhookSource, headers: Mapping[str, str], payload: Any) -> Triage:
    """Translate a verified, parsed payload: its events (ACCEPTED until storage says DUPLICATE), or why none.
    Never raises: no input may become a 5xx, and a parser bug fails only its delivery."""
    try:
        events = source.to_events(headers, payload)
    except BadPayload as exc:
        return rejected(f"unreadable payload: {exc}")
    except Exception as exc:  # noqa: BLE001 - a parser bug: our 400 to own, logged with its traceback
        log.exception("parser failed on a verified delivery", extra={"source": source.name})
        return rejected("unreadable payload", f"parser failed: {type(exc).__name__}: {exc}")
    if events:
        return Triage(Verdict.ACCEPTED, events)
    return skipped(source, headers, payload)


def count(metrics: Metrics, name: str, verdict: Verdict, kind: str | None = None) -> None:
    """Count a delivery of platform `name` under its verdict; an unsupported kind is also logged."""
    if verdict is Verdict.UNSUPPORTED:
        unsupported.info("unsupported %s event %s", name, kind, extra={"source": name, "kind": kind})
    if verdict is Verdict.ACCEPTED or verdict is Verdict.DUPLICATE:
        metrics.delivered(name, verdict)
    else:
        metrics.deliveries.labels(name, verdict).inc()
