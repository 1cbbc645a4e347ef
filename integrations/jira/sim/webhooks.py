"""Webhook deliveries of the Jira simulator: bodies shaped like Jira's documented callbacks and headers as Jira
sends them (X-Hub-Signature when the webhook has a secret, X-Atlassian-Webhook-Identifier, -Flow)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from integrations.jira.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, sign
from integrations.sim_base import SentWebhook, WebhookSender

__all__ = ["JiraOutbox", "SentWebhook", "Subscription", "signed_delivery"]


def signed_delivery(payload: dict[str, Any], secret: str, identifier: str) -> tuple[dict[str, str], bytes]:
    """Headers and raw body of one delivery, signed as an admin webhook with a secret is."""
    body = json.dumps(payload).encode("utf-8")
    return {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body),
            DELIVERY_HEADER: identifier, "X-Atlassian-Webhook-Flow": "Primary"}, body


@dataclass(frozen=True)
class Subscription:
    """An admin webhook: where the site sends which events, signed with which secret."""

    url: str
    secret: str
    events: frozenset[str] = frozenset({"*"})

    def wants(self, event: str) -> bool:
        return "*" in self.events or event in self.events


class JiraOutbox:
    """Queues the site's deliveries on a `WebhookSender`; each gets its own identifier."""

    def __init__(self) -> None:
        self.subscription: Subscription | None = None
        self._sender = WebhookSender("jira")
        self._identifiers = itertools.count(1)

    @property
    def sent(self) -> list[SentWebhook]:
        return self._sender.sent

    def subscribe(self, url: str, secret: str, events: Collection[str] = ("*",)) -> Subscription:
        self.subscription = Subscription(url, secret, frozenset(events))
        self._sender.start()
        return self.subscription

    def emit(self, payload: dict[str, Any]) -> None:
        hook = self.subscription
        if hook is None or not hook.wants(payload["webhookEvent"]):
            return
        identifier = f"sim-{next(self._identifiers):08d}-0000-4000-8000-000000000000"
        headers, body = signed_delivery(payload, hook.secret, identifier)
        self._sender.put(hook.url, payload["webhookEvent"], payload, headers, body)

    def wait(self, timeout: float = 5.0) -> bool:
        return self._sender.wait(timeout)

    def close(self) -> None:
        self._sender.close()
