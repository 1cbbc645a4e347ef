"""JiraWebhook: Atlassian's documented payload and the documented shapes, signatures (good, bad, missing), loops."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from integrations.errors import BadPayload, InvalidSignature, Unpeekable
from integrations.events import Ref
from integrations.jira.webhook import JiraWebhook, sign
from integrations.protocols import WebhookSource

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "jira"
SECRET = "jira-test-secret"
MIA, EMMA = "5b10a2844c20165700ede21g", "5b10ac8d82e05b22cc7d4ef5"


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def headers(body: bytes, *, identifier: str = "d-1", secret: str = SECRET) -> dict[str, str]:
    return {"x-hub-signature": sign(secret, body), "x-atlassian-webhook-identifier": identifier}


def test_it_is_a_webhook_source() -> None:
    assert isinstance(JiraWebhook(SECRET), WebhookSource)


def test_signature_is_atlassians_websub_hmac__their_documented_test_vector() -> None:
    # developer.atlassian.com/cloud/jira/platform/webhooks/: secret "It's a Secret to Everybody", "Hello World!".
    assert sign("It's a Secret to Everybody", b"Hello World!") == (
        "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9")
    JiraWebhook("It's a Secret to Everybody").verify(
        {"X-Hub-Signature": "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9"}, b"Hello World!")


@pytest.mark.parametrize(("given", "why"), [
    (None, "missing"),
    ("", "missing"),
    ("sha256=" + "0" * 64, "does not match"),
    (sign("another-secret", b"{}"), "does not match"),
    ("sha1=" + sign(SECRET, b"{}").partition("=")[2], "method"),
    (sign(SECRET, b"{}").partition("=")[2], "method"),  # the digest without its method
])
def test_a_delivery_not_signed_with_our_secret_is_refused(given: str | None, why: str) -> None:
    source = JiraWebhook(SECRET)
    with pytest.raises(InvalidSignature, match=why):
        source.verify({} if given is None else {"X-Hub-Signature": given}, b"{}")
    assert source.signed({} if given is None else {"X-Hub-Signature": given}) is bool(given)


def test_the_documented_example__two_field_changes__two_task_updated_events() -> None:
    payload = load("webhook.jira_issue_updated.atlassian-docs.json")
    body = json.dumps(payload).encode()
    source = JiraWebhook(SECRET)
    source.verify(headers(body), body)
    assert source.delivery_key(headers(body), payload) == "jira:d-1"
    events = source.to_events(headers(body), payload)
    subject = Ref(kind="task", id="99291", container="JRA",
                  url="https://your-domain.atlassian.net/browse/JRA-20002")
    when = datetime(2020, 11, 27, 12, 33, 56, 302000, tzinfo=UTC)
    # The page's own example spells the actor `accoundId`: no actor is read from it.
    assert [(e.id, e.type, e.actor, e.subject, e.occurred_at, e.data) for e in events] == [
        ("jira:99291:10124:0", "task.updated", None, subject, when, {"field": "summary", "key": "JRA-20002"}),
        ("jira:99291:10124:1", "task.updated", None, subject, when, {"field": "issuetype", "key": "JRA-20002"}),
    ]


def test_status_change__names_lower_cased_and_the_category_it_reached() -> None:
    payload = load("webhook.jira_issue_updated.status.json")
    [event] = JiraWebhook(SECRET).to_events({}, payload)
    assert (event.id, event.type, event.actor, event.subject.container if event.subject else None) == (
        "jira:10002:10150:0", "task.status_changed", MIA, "ED")
    assert event.data == {"from": "in progress", "to": "ready for testing", "category": "in_progress", "key": "ED-1"}


def test_assignee_priority_due_date_and_labels__one_event_each() -> None:
    events = JiraWebhook(SECRET).to_events({}, load("webhook.jira_issue_updated.fields.json"))
    assert [(e.id, e.type, e.data) for e in events] == [
        ("jira:10002:10151:0", "task.assignee_changed", {"added": [EMMA], "removed": [MIA], "key": "ED-1"}),
        ("jira:10002:10151:1", "task.priority_changed", {"from": "medium", "to": "high", "key": "ED-1"}),
        ("jira:10002:10151:2", "task.due_date_changed", {"from": None, "to": "2019-05-11T00:00:00+00:00",
                                                         "key": "ED-1"}),
        ("jira:10002:10151:3", "task.tags_changed", {"added": ["blitz_test"], "removed": [], "key": "ED-1"}),
    ]


def test_comment_created__its_adf_body_as_text() -> None:
    [event] = JiraWebhook(SECRET).to_events({}, load("webhook.comment_created.json"))
    assert (event.id, event.type, event.actor) == ("jira:comment:10000", "task.commented", MIA)
    assert event.data["comment_id"] == "10000" and event.data["key"] == "EX-1"
    assert event.data["text"].startswith("Lorem ipsum dolor sit amet") and event.data["text"].endswith("semper.")


def test_comment_updated__an_edit_keyed_by_its_new_text() -> None:
    payload = load("webhook.comment_created.json")
    edited = {**payload, "webhookEvent": "comment_updated"}
    edited["comment"] = {**payload["comment"], "body": {"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "Edited"}]}]}}
    [first] = JiraWebhook(SECRET).to_events({}, edited)
    assert first.type == "task.comment_edited" and first.data["text"] == "Edited"
    assert first.id.startswith("jira:comment:10000:edit:") and first.id != "jira:comment:10000"


def test_changes_pmbot_made_itself_are_dropped_before_storing() -> None:
    payload = load("webhook.jira_issue_updated.status.json")
    source = JiraWebhook(SECRET, self_account_ids=[MIA])
    assert source.delivery_key({"x-atlassian-webhook-identifier": "d-9"}, payload) is None
    assert source.to_events({}, payload) == []
    assert source.to_events({}, load("webhook.comment_created.json")) == []  # its own comment too


def test_an_issue_updated_copy_of_a_comment_carries_no_event() -> None:
    payload = {**load("webhook.comment_created.json"), "webhookEvent": "jira:issue_updated",
               "issue_event_type_name": "issue_commented"}
    assert JiraWebhook(SECRET).to_events({}, payload) == []


@pytest.mark.parametrize(("event", "known"), [("sprint_started", True), ("worklog_created", True),
                                              ("jira:issue_updated", True), ("something_new", False)])
def test_events_pmbot_does_not_translate_are_ignored_or_unsupported(event: str, known: bool) -> None:
    source = JiraWebhook(SECRET)
    assert source.classify({}, {"webhookEvent": event}) == (event, known)
    if event != "jira:issue_updated":
        assert source.delivery_key({}, {"webhookEvent": event, "timestamp": "not even a number"}) is None


def test_no_identifier_header__the_key_is_the_bodys_hash_and_stable() -> None:
    payload = load("webhook.jira_issue_updated.status.json")
    source = JiraWebhook(SECRET)
    key = source.delivery_key({}, payload)
    assert key is not None and key.startswith("jira:h") and key == source.delivery_key({}, dict(payload))


@pytest.mark.parametrize("payload", [[], "x", {"webhookEvent": 3}, {"webhookEvent": "jira:issue_updated",
                                                                     "issue": "not an object"}])
def test_unreadable_payloads_are_bad(payload: Any) -> None:
    with pytest.raises(BadPayload):
        JiraWebhook(SECRET).delivery_key({}, payload)


def test_no_peeking__pmbots_own_changes_are_read_from_the_payload() -> None:
    with pytest.raises(Unpeekable):
        JiraWebhook(SECRET).peek_key({}, b"{}")
