"""ClickUpWebhook: every documented ClickUp payload, signatures, loops, and fuzzing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.clickup.webhook import KNOWN_EVENTS, TASK_EVENTS, ClickUpWebhook, sign
from integrations.errors import BadPayload, InvalidSignature
from integrations.events import Ref
from integrations.protocols import WebhookSource

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "clickup"
SECRET = "test-webhook-secret"
HOOK = "clickup:7fa3ec74-69a8-4530-a251-8a13730bd204"

# fixture file -> [(event type, history item id, data)]
EXPECTED: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "webhook.taskCreated.json": [
        ("task.status_changed", "2800763136717140857", {"from": None, "to": "to do"}),
        ("task.created", "2800763136700363640", {}),
    ],
    "webhook.taskStatusUpdated.json": [
        ("task.status_changed", "2800787326392370170", {"from": "to do", "to": "in progress"}),
    ],
    "webhook.taskAssigneeUpdated.json": [
        ("task.assignee_changed", "2800789353868594308", {"added": ["184"], "removed": []}),
    ],
    "webhook.taskDueDateUpdated.json": [
        (
            "task.due_date_changed",
            "2800792714143635886",
            {"from": "2022-01-20T18:00:00+00:00", "to": "2022-01-31T06:00:00+00:00"},
        ),
    ],
    "webhook.taskPriorityUpdated.json": [
        ("task.priority_changed", "2800773800802162647", {"from": None, "to": "high"}),
    ],
    "webhook.taskCommentPosted.json": [
        ("task.commented", "2800803631413624919", {"comment_id": "648893191", "text": "comment abc1234\n"}),
    ],
    # ClickUp's documented edit carries the history item of the comment it edits (same id, same date): an edit
    # of its own, keyed by the new text, neither a new comment nor a duplicate of the first.
    "webhook.taskCommentUpdated.json": [
        (
            "task.comment_edited",
            "2800803631413624919.edit.2bb9700e97e22c4b",
            {"comment_id": "648893191", "text": "comment abc1234 56789\n"},
        ),
    ],
    "webhook.taskTagUpdated.json": [
        ("task.tags_changed", "2800797048554170804", {"added": ["def"], "removed": []}),
    ],
    "webhook.taskMoved.json": [
        ("task.moved", "2800800851630274181", {"from": "162641062", "to": "162641285"}),
    ],
    "webhook.taskTimeEstimateUpdated.json": [
        ("task.updated", "2800808904123520175", {"field": "time_estimate"}),
    ],
    "webhook.taskTimeTrackedUpdated.json": [
        ("task.updated", "2800809188061123931", {"field": "time_spent"}),
    ],
    "webhook.taskUpdated.json": [
        ("task.updated", "2800768061568222238", {"field": "content"}),
    ],
    "webhook.taskUpdated.custom_field.json": [
        ("task.updated", "2800771175285296851", {"field": "custom_field"}),
    ],
    "webhook.taskDeleted.json": [
        ("task.deleted", "deleted:1vj37mc", {}),
    ],
}


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def hook() -> ClickUpWebhook:
    return ClickUpWebhook(SECRET)


def test_is_a_webhook_source(hook: ClickUpWebhook) -> None:
    assert isinstance(hook, WebhookSource)
    assert hook.name == "clickup"


def test_every_fixture_has_expectations() -> None:
    assert {p.name for p in FIXTURES.glob("webhook.*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_becomes_expected_events(hook: ClickUpWebhook, name: str) -> None:
    payload = load(name)
    events = hook.to_events({}, payload)
    assert [(e.type, e.id, e.data) for e in events] == [
        (kind, f"{HOOK}:{item_id}", data) for kind, item_id, data in EXPECTED[name]
    ]
    for event, item in zip(events, payload.get("history_items", []), strict=False):
        assert event.source == "clickup"
        assert event.actor == "183"
        # The List the task is in: the history item's parent_id (a moved task's new List).
        assert event.subject == Ref(kind="task", id=payload["task_id"], container=item["parent_id"])
        assert event.occurred_at == datetime.fromtimestamp(int(item["date"]) / 1000, tz=UTC)
        assert event.raw == payload


def test_task_deleted_has_no_actor_and_a_recent_time(hook: ClickUpWebhook) -> None:
    before = datetime.now(UTC)
    [event] = hook.to_events({}, load("webhook.taskDeleted.json"))
    assert event.actor is None
    assert event.subject == Ref(kind="task", id="1vj37mc")
    assert before <= event.occurred_at <= datetime.now(UTC)


def test_a_comment_edit_is_neither_a_duplicate_of_the_comment_nor_of_another_edit(hook: ClickUpWebhook) -> None:
    posted, edited = load("webhook.taskCommentPosted.json"), load("webhook.taskCommentUpdated.json")
    again = json.loads(json.dumps(edited))
    again["history_items"][0]["comment"]["text_content"] = "comment abc1234 56789 (fixed)\n"
    keys = [hook.delivery_key({}, p) for p in (posted, edited, again, edited)]
    assert len(set(keys[:3])) == 3 and keys[3] == keys[1]  # the same edit delivered twice is one
    assert [e.id for e in hook.to_events({}, edited)] == [keys[1]]


# A taskUpdated copy of an edit carries no sign of being one: it dedupes against the comment itself.
@pytest.mark.parametrize("name", sorted(n for n in EXPECTED
                                        if "taskUpdated" not in n and "Deleted" not in n and "CommentUpdated" not in n))
def test_task_updated_copy_has_the_same_dedupe_ids(hook: ClickUpWebhook, name: str) -> None:
    payload = load(name)
    copy = {**payload, "event": "taskUpdated"}
    assert [e.id for e in hook.to_events({}, copy)] == [e.id for e in hook.to_events({}, payload)]


def test_events_caused_by_pmbot_are_dropped() -> None:
    hook = ClickUpWebhook(SECRET, self_user_ids=["183"])
    assert hook.to_events({}, load("webhook.taskStatusUpdated.json")) == []
    assert hook.to_events({}, load("webhook.taskCreated.json")) == []
    assert ClickUpWebhook(SECRET, self_user_ids=["999"]).to_events({}, load("webhook.taskCreated.json"))


def test_assignee_removed_and_tag_removed(hook: ClickUpWebhook) -> None:
    payload = load("webhook.taskAssigneeUpdated.json")
    item = payload["history_items"][0]
    removed = {**item, "field": "assignee_rem", "before": item["after"], "after": None}
    untagged = {**item, "id": "77", "field": "tag_removed", "before": [{"name": "Bug"}], "after": None}
    events = hook.to_events({}, {**payload, "history_items": [removed, untagged]})
    assert [(e.type, e.data) for e in events] == [
        ("task.assignee_changed", {"added": [], "removed": ["184"]}),
        ("task.tags_changed", {"added": [], "removed": ["Bug"]}),
    ]


def test_unknown_event_with_history_maps_by_field(hook: ClickUpWebhook) -> None:
    payload = {**load("webhook.taskStatusUpdated.json"), "event": "taskSomethingNew"}
    [event] = hook.to_events({}, payload)
    assert event.type == "task.status_changed"


@pytest.mark.parametrize(
    "payload",
    [
        {"event": "listCreated", "list_id": "1", "webhook_id": "w", "history_items": [{"id": "1"}]},
        {"event": "taskUpdated", "task_id": "1", "webhook_id": "w", "history_items": []},
        {"event": "taskUpdated", "task_id": "1", "webhook_id": "w"},
        {"event": "taskUpdated", "task_id": "1", "webhook_id": "w", "history_items": None},
    ],
)
def test_known_and_ignored_payloads_give_no_events(hook: ClickUpWebhook, payload: dict) -> None:
    assert hook.to_events({}, payload) == []


@pytest.mark.parametrize(
    "payload",
    [None, [], "taskCreated", {}, {"event": 3}, {"event": "taskCreated", "history_items": "x"},
     {"event": "taskCreated", "task_id": "1", "history_items": [{"id": "1", "field": "status"}]}],
)
def test_unparseable_payloads_are_bad(hook: ClickUpWebhook, payload: Any) -> None:
    with pytest.raises(BadPayload):
        hook.to_events({}, payload)


def test_event_name_constants() -> None:
    assert "taskStatusUpdated" in TASK_EVENTS
    assert "listCreated" in KNOWN_EVENTS - TASK_EVENTS


# -- signatures ---------------------------------------------------------------------------
def test_signature_accepted_whatever_the_header_case(hook: ClickUpWebhook) -> None:
    body = (FIXTURES / "webhook.taskStatusUpdated.json").read_bytes()
    signature = sign(SECRET, body)
    for name in ("X-Signature", "x-signature", "X-SIGNATURE"):
        hook.verify({name: signature}, body)


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Signature": ""}, {"X-Signature": "00" * 32}, {"X-Signature": sign("other-secret", b"{}")}],
)
def test_signature_rejected(hook: ClickUpWebhook, headers: dict[str, str]) -> None:
    with pytest.raises(InvalidSignature):
        hook.verify(headers, b"{}")


def test_tampered_body_rejected(hook: ClickUpWebhook) -> None:
    body = (FIXTURES / "webhook.taskStatusUpdated.json").read_bytes()
    with pytest.raises(InvalidSignature):
        hook.verify({"X-Signature": sign(SECRET, body)}, body.replace(b"in progress", b"done"))


def test_no_secret_configured_rejects_everything() -> None:
    with pytest.raises(InvalidSignature):
        ClickUpWebhook("").verify({"X-Signature": sign("", b"{}")}, b"{}")


# -- fuzzing ------------------------------------------------------------------------------
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
fields = st.sampled_from(
    ["status", "assignee_add", "assignee_rem", "due_date", "priority", "comment", "task_creation", "tag",
     "tag_removed", "section_moved", "name", "custom_field"]
)
history_items = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=8) | st.integers(),
        "date": json_values,
        "field": fields | json_values,
        "user": json_values | st.fixed_dictionaries({"id": st.integers() | st.text(max_size=5)}),
        "before": json_values,
        "after": json_values,
        "data": json_values,
        "comment": json_values,
    },
)
payloads = st.fixed_dictionaries(
    {"event": st.sampled_from(sorted(KNOWN_EVENTS)) | st.text(max_size=10)},
    optional={
        "task_id": json_values,
        "webhook_id": json_values,
        "history_items": st.lists(history_items | json_values, max_size=4) | json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(payload=json_values | payloads)
def test_to_events_raises_only_bad_payload(payload: Any) -> None:
    hook = ClickUpWebhook(SECRET, self_user_ids=["1"])
    try:
        events = hook.to_events({}, payload)
    except BadPayload:
        return
    assert isinstance(events, list)
    for event in events:
        assert event.id.startswith("clickup:")
        assert event.occurred_at.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(headers=st.dictionaries(st.text(max_size=15), st.text(max_size=70), max_size=4), body=st.binary())
def test_verify_raises_only_invalid_signature(headers: dict[str, str], body: bytes) -> None:
    with pytest.raises(InvalidSignature):
        ClickUpWebhook(SECRET).verify(headers, body)


@settings(max_examples=100, deadline=None)
@given(body=st.binary(), name=st.sampled_from(["X-Signature", "x-signature"]))
def test_verify_accepts_any_correctly_signed_body(body: bytes, name: str) -> None:
    ClickUpWebhook(SECRET).verify({name: sign(SECRET, body)}, body)
