"""Webhook emission for the ClickUp simulator: payloads shaped and signed like ClickUp's."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from integrations.clickup.webhook import sign
from integrations.sim_base import SentWebhook, WebhookSender

__all__ = ["SentWebhook", "WebhookOutbox", "WebhookSubscription", "signed_delivery", "webhook_payloads"]

DEFAULT_WEBHOOK_ID = "5c7e0b3a-51a0-4f00-9000-000000000001"
# The specific event ClickUp sends for a history item's field; any other field is taskUpdated.
EVENT_BY_FIELD = {
    "status": "taskStatusUpdated",
    "assignee_add": "taskAssigneeUpdated",
    "assignee_rem": "taskAssigneeUpdated",
    "due_date": "taskDueDateUpdated",
    "priority": "taskPriorityUpdated",
    "comment": "taskCommentPosted",
    "tag": "taskTagUpdated",
    "section_moved": "taskMoved",
}


def webhook_payloads(
    task_id: str,
    history_items: Sequence[dict[str, Any]],
    event: str,
    *,
    webhook_id: str = DEFAULT_WEBHOOK_ID,
) -> list[dict[str, Any]]:
    """The bodies ClickUp POSTs for one change: the specific event, then its taskUpdated copy."""
    specific = {
        "event": event,
        "history_items": list(history_items),
        "task_id": task_id,
        "webhook_id": webhook_id,
    }
    if event in ("taskUpdated", "taskDeleted"):
        return [specific]
    return [specific, {**specific, "event": "taskUpdated"}]


def signed_delivery(payload: dict[str, Any], secret: str) -> tuple[dict[str, str], bytes]:
    """Headers and raw body of one delivery, signed the way ClickUp signs it."""
    body = json.dumps(payload).encode("utf-8")
    return {"Content-Type": "application/json", "X-Signature": sign(secret, body)}, body


@dataclass(frozen=True)
class WebhookSubscription:
    """Where the simulated workspace sends its webhooks."""

    url: str
    secret: str
    webhook_id: str = DEFAULT_WEBHOOK_ID
    events: frozenset[str] = frozenset({"*"})

    def wants(self, event: str) -> bool:
        return "*" in self.events or event in self.events


class WebhookOutbox:
    """Queues ClickUp's deliveries on a `WebhookSender` (its own thread: a receiver in the same process can never
    deadlock the sender)."""

    def __init__(self) -> None:
        self.subscription: WebhookSubscription | None = None
        self._sender = WebhookSender("clickup")

    @property
    def sent(self) -> list[SentWebhook]:
        return self._sender.sent

    def subscribe(
        self, url: str, secret: str, webhook_id: str = DEFAULT_WEBHOOK_ID, events: Collection[str] = ("*",)
    ) -> WebhookSubscription:
        self.subscription = WebhookSubscription(url, secret, webhook_id, frozenset(events))
        self._sender.start()
        return self.subscription

    def emit(self, task_id: str, items: Sequence[dict[str, Any]], event: str | None = None) -> None:
        """Queue the deliveries for these history items, grouped into ClickUp's event names (or all under
        `event`, as ClickUp sends a new task's items in one taskCreated)."""
        hook = self.subscription
        if hook is None or not items:
            return
        groups: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            name = event or EVENT_BY_FIELD.get(item.get("field", ""), "taskUpdated")
            groups.setdefault(name, []).append(item)
        for event, grouped in groups.items():
            for payload in webhook_payloads(task_id, grouped, event, webhook_id=hook.webhook_id):
                if hook.wants(payload["event"]):
                    headers, body = signed_delivery(payload, hook.secret)
                    self._sender.put(hook.url, payload["event"], payload, headers, body)

    def wait(self, timeout: float = 5.0) -> bool:
        """Block until every queued delivery has been POSTed; False on timeout."""
        return self._sender.wait(timeout)

    def close(self) -> None:
        self._sender.close()
