"""Verifies ClickUp webhook deliveries and turns them into Events (no I/O here)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from integrations.clickup.schemas import HistoryItem, WebhookPayload, _id_to_str, ms_to_datetime
from integrations.errors import BadPayload, InvalidSignature, Unpeekable
from integrations.events import Event, Ref
from integrations.headers import header, stable_id

SIGNATURE_HEADER = "X-Signature"

# Task events pmbot subscribes to and translates.
TASK_EVENTS: frozenset[str] = frozenset(
    {
        "taskCreated",
        "taskUpdated",
        "taskDeleted",
        "taskPriorityUpdated",
        "taskStatusUpdated",
        "taskAssigneeUpdated",
        "taskDueDateUpdated",
        "taskTagUpdated",
        "taskMoved",
        "taskCommentPosted",
        "taskCommentUpdated",
        "taskTimeEstimateUpdated",
        "taskTimeTrackedUpdated",
    }
)

# Workspace-structure events ClickUp can send that pmbot deliberately ignores.
IGNORED_EVENTS: frozenset[str] = frozenset(
    {
        "listCreated",
        "listUpdated",
        "listDeleted",
        "folderCreated",
        "folderUpdated",
        "folderDeleted",
        "spaceCreated",
        "spaceUpdated",
        "spaceDeleted",
        "goalCreated",
        "goalUpdated",
        "goalDeleted",
        "keyResultCreated",
        "keyResultUpdated",
        "keyResultDeleted",
    }
)

KNOWN_EVENTS: frozenset[str] = TASK_EVENTS | IGNORED_EVENTS
KEY_LIMIT = 200  # a delivery key longer than this (many history items) is hashed


def sign(secret: str, body: bytes) -> str:
    """The X-Signature value ClickUp sends: hex HMAC-SHA256 of the raw body."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _lower(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) else None


def _field_of(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _id_of(value: Any) -> str | None:
    uid = _field_of(value, "id")
    if isinstance(uid, bool) or uid is None:
        return None
    return str(uid)


def _plain_id(value: Any) -> str | None:
    """An id as the payload models read it (numbers as text); None when absent or not an id."""
    value = _id_to_str(value)
    if not isinstance(value, str) or not value:
        return None
    return value


def _iso(value: Any) -> str | None:
    when = ms_to_datetime(value)
    return when.isoformat() if when is not None else None


def _tag_names(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [tag["name"] for tag in value if isinstance(tag, dict) and isinstance(tag.get("name"), str)]


def _from_to(item: HistoryItem, key: str) -> dict[str, Any]:
    return {"from": _lower(_field_of(item.before, key)), "to": _lower(_field_of(item.after, key))}


def _status(item: HistoryItem) -> dict[str, Any]:
    return _from_to(item, "status")


def _assignee_added(item: HistoryItem) -> dict[str, Any]:
    uid = _id_of(item.after)
    return {"added": [uid] if uid else [], "removed": []}


def _assignee_removed(item: HistoryItem) -> dict[str, Any]:
    # ClickUp puts the removed user in `before`; fall back to `after` for older payloads.
    uid = _id_of(item.before) or _id_of(item.after)
    return {"added": [], "removed": [uid] if uid else []}


def _due_date(item: HistoryItem) -> dict[str, Any]:
    return {"from": _iso(item.before), "to": _iso(item.after)}


def _priority(item: HistoryItem) -> dict[str, Any]:
    return _from_to(item, "priority")


def _comment(item: HistoryItem) -> dict[str, Any]:
    comment_id = _field_of(item.comment, "id") or item.after
    text = _field_of(item.comment, "text_content")
    data: dict[str, Any] = {"comment_id": str(comment_id) if comment_id is not None else None}
    if isinstance(text, str):
        data["text"] = text
    return data


def _tag_added(item: HistoryItem) -> dict[str, Any]:
    return {"added": _tag_names(item.after), "removed": []}


def _tag_removed(item: HistoryItem) -> dict[str, Any]:
    return {"added": [], "removed": _tag_names(item.before) or _tag_names(item.after)}


def _moved(item: HistoryItem) -> dict[str, Any]:
    return {"from": _id_of(item.before), "to": _id_of(item.after)}


def _nothing(item: HistoryItem) -> dict[str, Any]:
    return {}


_FIELD_MAP: dict[str, tuple[str, Callable[[HistoryItem], dict[str, Any]]]] = {
    "status": ("task.status_changed", _status),
    "assignee_add": ("task.assignee_changed", _assignee_added),
    "assignee_rem": ("task.assignee_changed", _assignee_removed),
    "due_date": ("task.due_date_changed", _due_date),
    "priority": ("task.priority_changed", _priority),
    "comment": ("task.commented", _comment),
    "task_creation": ("task.created", _nothing),
    "tag": ("task.tags_changed", _tag_added),
    "tag_removed": ("task.tags_changed", _tag_removed),
    "section_moved": ("task.moved", _moved),
}


COMMENT_EDITED = "taskCommentUpdated"


def _item_key(item_id: str | None, raw: Any, event: str) -> str:
    # No id: derive a stable one from the content so the taskUpdated copy still dedupes.
    key = item_id or "h" + stable_id(raw, length=24)
    if event == COMMENT_EDITED:
        # ClickUp's edit carries the history item of the comment it edits (same id, same date): keyed by the new
        # text, so an edit is neither the comment again nor the same as another edit of it.
        comment = raw.get("comment") if isinstance(raw, dict) else None
        return f"{key}.edit.{stable_id(comment, length=16)}"
    return key


class ClickUpWebhook:
    """Verifies and translates ClickUp task webhooks."""

    name = "clickup"

    def __init__(self, secret: str, *, self_user_ids: Collection[str] = ()) -> None:
        self._secret = secret
        self._self_user_ids = frozenset(str(uid) for uid in self_user_ids)

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        given = header(headers, SIGNATURE_HEADER)
        if not self._secret or not given or not isinstance(body, bytes | bytearray):
            raise InvalidSignature("missing ClickUp signature")
        expected = sign(self._secret, bytes(body))
        if not hmac.compare_digest(expected.encode("ascii"), given.strip().lower().encode("utf-8")):
            raise InvalidSignature("ClickUp signature does not match")

    def classify(self, headers: Mapping[str, str], payload: Any) -> tuple[str, bool]:
        kind = str(payload.get("event") or "?") if isinstance(payload, dict) else "?"
        return kind, kind in KNOWN_EVENTS

    def delivery_key(self, headers: Mapping[str, str], payload: Any) -> str | None:
        """The dedupe key of a delivery before translation: the webhook and its history item ids (ClickUp sends
        no delivery id; its taskUpdated copy of a change carries the same items, so it is the same delivery).
        None when it carries nothing for pmbot (an ignored event, or only changes pmbot made itself)."""
        if not isinstance(payload, dict) or not isinstance(payload.get("event"), str):
            raise BadPayload("ClickUp payload must be an object with a string 'event'")
        task_id, webhook_id = _plain_id(payload.get("task_id")), _plain_id(payload.get("webhook_id"))
        if payload["event"] in IGNORED_EVENTS or not task_id:
            return None
        if not webhook_id:
            raise BadPayload("ClickUp payload has no webhook_id")
        if payload["event"] == "taskDeleted":
            return f"clickup:{webhook_id}:deleted:{task_id}"
        items = payload.get("history_items") or []
        if not isinstance(items, list):
            raise BadPayload("ClickUp history_items must be a list")
        keys = []
        for raw in items:
            if not isinstance(raw, dict):
                raise BadPayload("ClickUp history item must be an object")
            user = raw.get("user")
            actor = _plain_id(user.get("id")) if isinstance(user, dict) else None
            if actor is not None and actor in self._self_user_ids:
                continue  # caused by pmbot itself
            keys.append(_item_key(_plain_id(raw.get("id")), raw, payload["event"]))
        if not keys:
            return None
        key = f"clickup:{webhook_id}:{','.join(keys)}"
        return key if len(key) <= KEY_LIMIT else f"clickup:{webhook_id}:h{stable_id(keys, length=32)}"

    def peek_key(self, headers: Mapping[str, str], body: bytes) -> str | None:
        """No shortcut: the key is read from the history items, so the body is parsed whole."""
        raise Unpeekable("a ClickUp delivery is keyed from its parsed payload")

    def to_events(self, headers: Mapping[str, str], payload: Any) -> list[Event]:
        if not isinstance(payload, dict) or not isinstance(payload.get("event"), str):
            raise BadPayload("ClickUp payload must be an object with a string 'event'")
        try:
            parsed = WebhookPayload.model_validate(payload)
        except ValidationError as exc:
            raise BadPayload(f"ClickUp payload does not parse ({exc.error_count()} errors)") from None
        if parsed.event in IGNORED_EVENTS or not parsed.task_id:
            return []
        if not parsed.webhook_id:
            raise BadPayload("ClickUp payload has no webhook_id")
        # A history item's parent_id is the List the task is in (after a move, its new List): ClickUp's task
        # webhook payloads. Agents that watch some Lists skip the others' tasks without asking the API.
        parents = {str(item.parent_id) for item in parsed.history_items if item.parent_id is not None}
        subject = Ref(kind="task", id=parsed.task_id, container=parents.pop() if len(parents) == 1 else None)
        if parsed.event == "taskDeleted":
            return [
                Event(
                    id=f"clickup:{parsed.webhook_id}:deleted:{parsed.task_id}",
                    source="clickup",
                    type="task.deleted",
                    occurred_at=datetime.now(UTC),
                    subject=subject,
                    raw=payload,
                )
            ]
        raw_items = payload.get("history_items") or []
        events = []
        for item, raw_item in zip(parsed.history_items, raw_items, strict=False):
            actor = item.user.id if item.user else None
            if actor is not None and actor in self._self_user_ids:
                continue  # caused by pmbot itself: acting on it would loop
            events.append(self._event(parsed, item, raw_item, actor, subject, payload))
        return events

    def _event(
        self,
        parsed: WebhookPayload,
        item: HistoryItem,
        raw_item: Any,
        actor: str | None,
        subject: Ref,
        payload: dict[str, Any],
    ) -> Event:
        field = item.field or ""
        if field == "comment" and parsed.event == COMMENT_EDITED:
            event_type, data = "task.comment_edited", _comment(item)
        elif field in _FIELD_MAP:
            event_type, extract = _FIELD_MAP[field]
            data = extract(item)
        else:
            event_type, data = "task.updated", {"field": field or None}
        return Event(
            id=f"clickup:{parsed.webhook_id}:{_item_key(item.id, raw_item, parsed.event)}",
            source="clickup",
            type=event_type,
            occurred_at=ms_to_datetime(item.date) or datetime.now(UTC),
            actor=actor,
            subject=subject,
            data=data,
            raw=payload,
        )
