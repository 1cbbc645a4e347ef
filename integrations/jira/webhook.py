"""Verifies Jira Cloud webhook deliveries and turns them into Events (no I/O here).

An admin webhook registered with a secret is signed `X-Hub-Signature: sha256=<hex>` (HMAC-SHA256 of the raw body,
WebSub's `method=signature`); every delivery carries `X-Atlassian-Webhook-Identifier`, "unique within a Jira Cloud
tenant and the same across retries" (developer.atlassian.com/cloud/jira/platform/webhooks/)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from integrations.errors import BadPayload, InvalidSignature, Unpeekable
from integrations.events import Event, Ref
from integrations.headers import header, stable_id
from integrations.jira.adf import to_text
from integrations.jira.schemas import ChangeItem, WebhookPayload, parse_time

SIGNATURE_HEADER = "X-Hub-Signature"
DELIVERY_HEADER = "X-Atlassian-Webhook-Identifier"
METHOD = "sha256"

ISSUE_EVENTS = frozenset({"jira:issue_created", "jira:issue_updated", "jira:issue_deleted"})
COMMENT_EVENTS = frozenset({"comment_created", "comment_updated"})
TRANSLATED = ISSUE_EVENTS | COMMENT_EVENTS
# Events an admin can tick that pmbot deliberately ignores (the webhooks page's list of available events).
IGNORED_EVENTS = frozenset({
    "comment_deleted", "worklog_created", "worklog_updated", "worklog_deleted", "attachment_created",
    "attachment_deleted", "issuelink_created", "issuelink_deleted", "issue_property_set", "issue_property_deleted",
    "issuetype_created", "issuetype_updated", "issuetype_deleted", "project_created", "project_updated",
    "project_deleted", "project_soft_deleted", "project_restored_deleted", "project_archived",
    "project_restored_archived", "jira:version_released", "jira:version_unreleased", "jira:version_created",
    "jira:version_moved", "jira:version_updated", "jira:version_deleted", "filter_created", "filter_updated",
    "filter_deleted", "user_created", "user_updated", "user_deleted", "sprint_created", "sprint_deleted",
    "sprint_updated", "sprint_started", "sprint_closed", "board_created", "board_updated", "board_deleted",
    "board_configuration_changed",
})
KEY_LIMIT = 200


def sign(secret: str, body: bytes) -> str:
    """The X-Hub-Signature value Jira sends: `sha256=` and the hex HMAC-SHA256 of the raw body."""
    return f"{METHOD}=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


def _day(value: str | None) -> str | None:
    # A due date's changelog holds "2024-05-01" in from/to and "2024-05-01 00:00:00.0" in the strings.
    when = parse_time(value[:10]) if value else None
    return when.isoformat() if when is not None else None


def _status(item: ChangeItem) -> dict[str, Any]:
    return {"from": _lower(item.before_text), "to": _lower(item.after_text)}


def _assignee(item: ChangeItem) -> dict[str, Any]:
    # One assignee: a change removes the one before (if any) and adds the one after (if any).
    return {"added": [item.after] if item.after else [], "removed": [item.before] if item.before else []}


def _due(item: ChangeItem) -> dict[str, Any]:
    return {"from": _day(item.before or item.before_text), "to": _day(item.after or item.after_text)}


def _labels(item: ChangeItem) -> dict[str, Any]:
    # Labels arrive as one space-separated string each side (a label has no spaces).
    before, after = (item.before_text or "").split(), (item.after_text or "").split()
    return {"added": [x for x in after if x not in before], "removed": [x for x in before if x not in after]}


_FIELD_MAP: dict[str, tuple[str, Callable[[ChangeItem], dict[str, Any]]]] = {
    "status": ("task.status_changed", _status),
    "assignee": ("task.assignee_changed", _assignee),
    "priority": ("task.priority_changed", _status),
    "duedate": ("task.due_date_changed", _due),
    "labels": ("task.tags_changed", _labels),
}


class JiraWebhook:
    """Verifies and translates Jira Cloud issue and comment webhooks."""

    name = "jira"

    def __init__(self, secret: str, *, self_account_ids: Collection[str] = ()) -> None:
        self._secret = secret
        self._self = frozenset(self_account_ids)

    def __repr__(self) -> str:  # never shows the secret
        return f"JiraWebhook(self_account_ids={sorted(self._self)!r})"

    @staticmethod
    def signed(headers: Mapping[str, str]) -> bool:
        """Whether a delivery carries a signature at all: one that does not is refused before its body is read."""
        return bool((header(headers, SIGNATURE_HEADER) or "").strip())

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        given = (header(headers, SIGNATURE_HEADER) or "").strip()
        if not self._secret or not given or not isinstance(body, bytes | bytearray):
            raise InvalidSignature("missing Jira signature")
        method, _, digest = given.partition("=")
        if method.lower() != METHOD:  # the only method Jira uses today (its docs warn it may add others)
            raise InvalidSignature(f"Jira signature method {method!r} is not {METHOD}")
        expected = sign(self._secret, bytes(body)).partition("=")[2]
        if not hmac.compare_digest(expected.encode("ascii"), digest.lower().encode("utf-8", "replace")):
            raise InvalidSignature("Jira signature does not match")

    def classify(self, headers: Mapping[str, str], payload: Any) -> tuple[str, bool]:
        kind = payload.get("webhookEvent") if isinstance(payload, dict) else None
        kind = kind if isinstance(kind, str) and kind else "?"
        return kind, kind in TRANSLATED or kind in IGNORED_EVENTS

    def delivery_key(self, headers: Mapping[str, str], payload: Any) -> str | None:
        """`jira:<X-Atlassian-Webhook-Identifier>` (a hash of the body where a proxy dropped the header); None for an
        event pmbot does not translate or one its own account caused."""
        parsed = self._parse(payload)
        if parsed is None or self._own(parsed):
            return None
        delivery = (header(headers, DELIVERY_HEADER) or "").strip() or "h" + stable_id(payload, length=32)
        return f"jira:{delivery}" if len(delivery) <= KEY_LIMIT else f"jira:h{stable_id(delivery, length=32)}"

    def peek_key(self, headers: Mapping[str, str], body: bytes) -> str | None:
        """No shortcut: whether pmbot itself caused a delivery is read from its payload."""
        raise Unpeekable("a Jira delivery is keyed from its parsed payload")

    def to_events(self, headers: Mapping[str, str], payload: Any) -> list[Event]:
        parsed = self._parse(payload)
        if parsed is None or self._own(parsed) or parsed.issue is None:
            return []
        issue = parsed.issue
        project = issue.fields.project.key if issue.fields.project else None
        if project is None and issue.key and "-" in issue.key:
            project = issue.key.rsplit("-", 1)[0]
        site = issue.self_url.split("/rest/", 1)[0] if issue.self_url else None
        subject = Ref(kind="task", id=issue.id, container=project,
                      url=f"{site}/browse/{issue.key}" if site and issue.key else None)
        when = datetime.fromtimestamp(parsed.timestamp / 1000, tz=UTC) if parsed.timestamp else datetime.now(UTC)
        actor = parsed.user.account_id if parsed.user else None
        base = {"source": "jira", "occurred_at": when, "subject": subject, "raw": payload}
        key = issue.key or issue.id
        event = parsed.webhook_event
        if event == "jira:issue_created":
            return [Event(id=f"jira:{issue.id}:created", type="task.created", actor=actor, data={"key": key}, **base)]
        if event == "jira:issue_deleted":
            return [Event(id=f"jira:{issue.id}:deleted", type="task.deleted", actor=actor, data={"key": key}, **base)]
        if event in COMMENT_EVENTS:
            return [self._comment_event(parsed, key, base)]
        return self._changes(parsed, headers, key, actor, base)

    def _changes(self, parsed: WebhookPayload, headers: Mapping[str, str], key: str, actor: str | None,
                 base: dict[str, Any]) -> list[Event]:
        """One event per changed field; an update with no changelog (a comment's copy) is none: comments come
        as comment_created / comment_updated."""
        if parsed.changelog is None or not parsed.changelog.items:
            return []
        assert parsed.issue is not None
        change = parsed.changelog.id if parsed.changelog.id is not None else (
            header(headers, DELIVERY_HEADER) or stable_id(base["raw"], length=24))
        status = parsed.issue.fields.status
        events = []
        for index, item in enumerate(parsed.changelog.items):
            field = (item.field_id or item.field).lower()
            if field in _FIELD_MAP:
                kind, extract = _FIELD_MAP[field]
                data = {**extract(item), "key": key}
            else:
                kind, data = "task.updated", {"field": item.field or None, "key": key}
            if kind == "task.status_changed" and status is not None:
                data["category"] = status.neutral_category  # the issue's status now: the one moved to
            events.append(Event(id=f"jira:{parsed.issue.id}:{change}:{index}", type=kind, actor=actor, data=data,
                                **base))
        return events

    @staticmethod
    def _comment_event(parsed: WebhookPayload, key: str, base: dict[str, Any]) -> Event:
        comment = parsed.comment
        if comment is None:
            raise BadPayload(f"Jira {parsed.webhook_event} has no comment")
        text = to_text(comment.body)
        if parsed.webhook_event == "comment_created":
            return Event(id=f"jira:comment:{comment.id}", type="task.commented",
                         actor=comment.author.account_id if comment.author else None,
                         data={"comment_id": comment.id, "text": text, "key": key}, **base)
        # An edit keeps the comment's id: keyed by its new text, so each edit is its own event.
        editor = comment.update_author or comment.author
        return Event(id=f"jira:comment:{comment.id}:edit:{stable_id(text, length=16)}", type="task.comment_edited",
                     actor=editor.account_id if editor else None,
                     data={"comment_id": comment.id, "text": text, "key": key}, **base)

    def _own(self, parsed: WebhookPayload) -> bool:
        """Caused by pmbot's own account (its comment, its transition): acting on it would loop."""
        if parsed.webhook_event in COMMENT_EVENTS and parsed.comment is not None:
            who = parsed.comment.update_author or parsed.comment.author
        else:
            who = parsed.user
        return bool(who and who.account_id and who.account_id in self._self)

    @staticmethod
    def _parse(payload: Any) -> WebhookPayload | None:
        """The payload of an event pmbot translates; None for any other event (not read further)."""
        if not isinstance(payload, dict) or not isinstance(payload.get("webhookEvent"), str):
            raise BadPayload("Jira payload must be an object with a string 'webhookEvent'")
        if payload["webhookEvent"] not in TRANSLATED:
            return None
        try:
            return WebhookPayload.model_validate(payload)
        except ValidationError as exc:
            raise BadPayload(f"Jira payload does not parse ({exc.error_count()} errors)") from None
