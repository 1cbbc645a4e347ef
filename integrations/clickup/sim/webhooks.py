"""Webhook emission for the ClickUp simulator: payloads shaped and signed like ClickUp's."""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from integrations.clickup.webhook import sign

log = logging.getLogger(__name__)

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


@dataclass
class SentWebhook:
    """One delivery the simulator POSTed, as it left."""

    url: str
    event: str
    payload: dict[str, Any]
    headers: dict[str, str]
    body: bytes
    status: int | None = None
    error: str | None = None


class WebhookOutbox:
    """Queues deliveries and POSTs them from its own thread, so a receiver in the same process
    (even one served by the simulator's own event loop) can never deadlock the sender."""

    def __init__(self) -> None:
        self.subscription: WebhookSubscription | None = None
        self.sent: list[SentWebhook] = []
        self._queue: queue.Queue[tuple[WebhookSubscription, dict[str, Any]] | None] = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None

    def subscribe(
        self, url: str, secret: str, webhook_id: str = DEFAULT_WEBHOOK_ID, events: Collection[str] = ("*",)
    ) -> WebhookSubscription:
        self.subscription = WebhookSubscription(url, secret, webhook_id, frozenset(events))
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="clickup-sim-webhooks", daemon=True)
            self._thread.start()
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
                    with self._idle:
                        self._pending += 1
                    self._queue.put((hook, payload))

    def wait(self, timeout: float = 5.0) -> bool:
        """Block until every queued delivery has been POSTed; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        with httpx.Client(timeout=5.0) as http:
            while (job := self._queue.get()) is not None:
                hook, payload = job
                headers, body = signed_delivery(payload, hook.secret)
                sent = SentWebhook(hook.url, payload["event"], payload, headers, body)
                try:
                    sent.status = http.post(hook.url, content=body, headers=headers).status_code
                except httpx.HTTPError as exc:
                    sent.error = type(exc).__name__
                    log.info("clickup simulator could not deliver %s: %s", payload["event"], sent.error)
                with self._idle:
                    self.sent.append(sent)
                    self._pending -= 1
                    self._idle.notify_all()
