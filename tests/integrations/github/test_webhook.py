"""GitHubWebhook: every fixture payload, signatures, loops, odd payloads and fuzzing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.errors import BadPayload, InvalidSignature, Unpeekable
from integrations.events import Ref
from integrations.github.webhook import HANDLED_EVENTS, KNOWN_IGNORED, GitHubWebhook, _parser, sign
from integrations.protocols import WebhookSource

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "github"
SECRET = "github-test-secret"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HELLO = "Codertocat/Hello-World"
SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
PR2_BODY = "This is a pretty simple change that we need to pull into master."


def pr2(**extra: Any) -> dict[str, Any]:
    data = {
        "repo": HELLO,
        "number": 2,
        "title": "Update the README with new information.",
        "url": "https://github.com/Codertocat/Hello-World/pull/2",
        "author": "Codertocat",
        "head_ref": "changes",
        "head_sha": SHA,
        "body": PR2_BODY,
        "merged": False,
        "draft": False,
    }
    return {**data, **extra}


PR2_REF = Ref(kind="pull_request", id=f"{HELLO}#2", url="https://github.com/Codertocat/Hello-World/pull/2",
              container=HELLO)

# fixture file -> [(type, actor, occurred_at, subject, data)]; [] = known and ignored
EXPECTED: dict[str, list[tuple[str, str, str, Ref | None, dict[str, Any]]]] = {
    "pull_request.opened.json": [("pr.opened", "Codertocat", "2019-05-15T15:20:33+00:00", PR2_REF, pr2())],
    "pull_request.ready_for_review.json": [
        ("pr.ready_for_review", "Codertocat", "2019-05-15T15:21:18+00:00", PR2_REF, pr2())
    ],
    "pull_request.review_requested.json": [
        ("pr.review_requested", "Codertocat", "2019-05-15T15:20:33+00:00", PR2_REF, pr2(reviewer="octocat"))
    ],
    "pull_request.synchronize.json": [("pr.synchronized", "Codertocat", "2019-05-15T15:20:33+00:00", PR2_REF, pr2())],
    "pull_request.closed.json": [
        (
            "pr.merged",
            "robvanderleek",
            "2020-03-23T06:46:56+00:00",
            Ref(kind="pull_request", id="robvanderleek/create-issue-branch#117",
                url="https://github.com/robvanderleek/create-issue-branch/pull/117",
                container="robvanderleek/create-issue-branch"),
            {
                "repo": "robvanderleek/create-issue-branch",
                "number": 117,
                "title": 'Revert "Update README.md"',
                "url": "https://github.com/robvanderleek/create-issue-branch/pull/117",
                "author": "robvanderleek",
                "head_ref": "issue-111-robvanderleek-patch-1",
                "head_sha": "59a63ccd828afb5fc4739ad8d3176d5c36eaebf6",
                "body": "Reverts robvanderleek/create-issue-branch#111",
                "merged": True,
                "draft": False,
            },
        )
    ],
    "pull_request_review.submitted.json": [
        ("pr.reviewed", "Codertocat", "2019-05-15T15:20:38+00:00", PR2_REF,
         pr2(state="commented", reviewer="Codertocat", review_id=237895671))
    ],
    "check_suite.completed.json": [
        (
            "ci.completed",
            "Codertocat",
            "2019-05-15T15:21:14+00:00",
            Ref(kind="commit", id=f"{HELLO}@{SHA}",
                url="https://api.github.com/repos/Codertocat/Hello-World/check-suites/118578147", container=HELLO),
            {
                "repo": HELLO,
                "conclusion": "success",
                "head_sha": SHA,
                "pr_numbers": [2],
                "url": "https://api.github.com/repos/Codertocat/Hello-World/check-suites/118578147",
                "kind": "check_suite",
                "status": "completed",
                "suite_id": 118578147,
                "app": "octocoders-linter",
            },
        )
    ],
    "workflow_run.completed.json": [
        (
            "ci.completed",
            "Codertocat",
            "2020-10-05T16:33:49+00:00",
            Ref(kind="commit", id="octo-org/octo-repo@3484a3fb816e0859fd6e1cea078d76385ff50625",
                url="https://github.com/octo-org/octo-repo/actions/runs/289782451", container="octo-org/octo-repo"),
            {
                "repo": "octo-org/octo-repo",
                "conclusion": "success",
                "head_sha": "3484a3fb816e0859fd6e1cea078d76385ff50625",
                "pr_numbers": [],
                "url": "https://github.com/octo-org/octo-repo/actions/runs/289782451",
                "kind": "workflow_run",
                "name": "",
                "run_id": 289782451,
                "workflow_id": 2823525,
            },
        )
    ],
    "push.json": [
        (
            "code.pushed",
            "Codertocat",
            "2019-05-15T15:19:25+00:00",
            Ref(kind="ref", id=f"{HELLO}:refs/heads/master", container=HELLO),
            {
                "repo": HELLO,
                "ref": "refs/heads/master",
                "branch": "master",
                "commits": [
                    {"sha": "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "message": "Initial commit",
                     "author": "Codertocat"}
                ],
            },
        )
    ],
    "issue_comment.created.json": [
        (
            "issue.commented",
            "Codertocat",
            "2019-05-15T15:20:21+00:00",
            Ref(kind="issue", id=f"{HELLO}#1", url="https://github.com/Codertocat/Hello-World/issues/1",
                container=HELLO),
            {
                "repo": HELLO,
                "number": 1,
                "title": "Spelling error in the README file",
                "url": "https://github.com/Codertocat/Hello-World/issues/1",
                "author": "Codertocat",
                "comment_id": 492700400,
                "comment": "You are totally right! I'll get this fixed right away.",
                "commenter": "Codertocat",
            },
        )
    ],
    "ping.json": [],
    "issues.opened.json": [],
    "issues.labeled.json": [],
    "issues.closed.json": [],
}


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_bytes())


def headers(event: str, delivery: str | None = "d-1", **extra: str) -> dict[str, str]:
    out = {"X-GitHub-Event": event, **extra}
    if delivery is not None:
        out["X-GitHub-Delivery"] = delivery
    return out


@pytest.fixture
def hook() -> GitHubWebhook:
    return GitHubWebhook(SECRET, self_logins=["pmbot[bot]"], clock=lambda: NOW)


def test_is_a_webhook_source(hook: GitHubWebhook) -> None:
    assert isinstance(hook, WebhookSource)
    assert hook.name == "github"
    assert SECRET not in repr(hook)


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.json")) == sorted(EXPECTED)
    assert (FIXTURES / "MANIFEST.txt").exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(hook: GitHubWebhook, name: str) -> None:
    event_name = name.split(".")[0]
    payload = load(name)
    events = hook.to_events(headers(event_name, "72d3162e-cc78-11e3-81ab-4c9367dc0958"), payload)
    got = [(e.type, e.actor, e.occurred_at.isoformat(), e.subject, e.data) for e in events]
    assert got == EXPECTED[name]
    assert [e.id for e in events] == ["github:72d3162e-cc78-11e3-81ab-4c9367dc0958"] * len(events)
    assert all(e.source == "github" and e.raw == payload for e in events)
    assert hook.is_supported(event_name)


def test_header_names_are_case_insensitive(hook: GitHubWebhook) -> None:
    lower = {"x-github-event": "pull_request", "x-github-delivery": "abc"}
    events = hook.to_events(lower, load("pull_request.opened.json"))
    assert [(e.id, e.type) for e in events] == [("github:abc", "pr.opened")]


def test_missing_delivery_gets_a_stable_id(hook: GitHubWebhook) -> None:
    payload = load("push.json")
    first = hook.to_events(headers("push", None), payload)
    again = hook.to_events(headers("push", None), json.loads(json.dumps(payload)))
    other = hook.to_events(headers("pull_request", None), load("pull_request.opened.json"))
    assert first[0].id == again[0].id and first[0].id.startswith("github:h")
    assert first[0].id != other[0].id


def payload_with(name: str, action: str | None = None, **pr_fields: Any) -> dict[str, Any]:
    payload = load(name)
    if action is not None:
        payload["action"] = action
    payload["pull_request"].update(pr_fields)
    return payload


@pytest.mark.parametrize(
    ("action", "fields", "expected"),
    [
        ("reopened", {}, "pr.opened"),
        ("closed", {"merged": False}, "pr.closed"),
        ("closed", {"merged": True}, "pr.merged"),
        ("edited", {}, "pr.edited"),
        ("converted_to_draft", {"draft": True}, "pr.converted_to_draft"),
        ("review_request_removed", {}, "pr.review_request_removed"),
    ],
)
def test_pull_request_actions(hook: GitHubWebhook, action: str, fields: dict[str, Any], expected: str) -> None:
    events = hook.to_events(headers("pull_request"), payload_with("pull_request.opened.json", action, **fields))
    assert [e.type for e in events] == [expected]
    assert events[0].data["merged"] is fields.get("merged", False)


def test_review_request_removed_names_the_reviewer(hook: GitHubWebhook) -> None:
    payload = load("pull_request.review_requested.json")
    payload["action"] = "review_request_removed"
    (event,) = hook.to_events(headers("pull_request"), payload)
    assert (event.type, event.data["reviewer"]) == ("pr.review_request_removed", "octocat")


@pytest.mark.parametrize("action", ["labeled", "assigned", "unassigned", "locked", "milestoned", "auto_merge_enabled"])
def test_other_pull_request_actions_are_ignored(hook: GitHubWebhook, action: str) -> None:
    assert hook.to_events(headers("pull_request"), payload_with("pull_request.opened.json", action)) == []


def test_comment_on_a_pull_request(hook: GitHubWebhook) -> None:
    payload = load("issue_comment.created.json")
    payload["issue"]["pull_request"] = {"url": "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"}
    (event,) = hook.to_events(headers("issue_comment"), payload)
    assert event.type == "pr.commented"
    assert event.subject == Ref(kind="pull_request", id=f"{HELLO}#1",
                                url="https://github.com/Codertocat/Hello-World/issues/1", container=HELLO)


def test_edited_comments_are_ignored(hook: GitHubWebhook) -> None:
    payload = load("issue_comment.created.json")
    payload["action"] = "edited"
    assert hook.to_events(headers("issue_comment"), payload) == []


def test_long_bodies_are_truncated(hook: GitHubWebhook) -> None:
    (event,) = hook.to_events(headers("pull_request"), payload_with("pull_request.opened.json", body="x" * 5000))
    assert event.data["body"] == "x" * 2000


def test_events_caused_by_pmbot_are_dropped(hook: GitHubWebhook) -> None:
    payload = load("pull_request.opened.json")
    payload["sender"] = {"login": "pmbot[bot]", "type": "Bot"}
    assert hook.to_events(headers("pull_request"), payload) == []
    payload["sender"] = {"login": "PMBOT[bot]", "type": "Bot"}
    assert hook.to_events(headers("pull_request"), payload) == []


def test_unknown_events_are_unsupported_but_harmless(hook: GitHubWebhook) -> None:
    assert hook.to_events(headers("brand_new_event"), {"action": "created"}) == []
    assert hook.to_events({}, load("pull_request.opened.json")) == []
    assert not hook.is_supported("brand_new_event")
    assert hook.is_supported("issues") and hook.is_supported("ping") and hook.is_supported("pull_request.labeled")
    assert KNOWN_IGNORED.isdisjoint(HANDLED_EVENTS)


@pytest.mark.parametrize("payload", [None, [], "text", 3, [{"action": "opened"}]])
def test_non_objects_are_bad_payloads(hook: GitHubWebhook, payload: Any) -> None:
    with pytest.raises(BadPayload):
        hook.to_events(headers("pull_request"), payload)


def test_odd_pull_request_payload(hook: GitHubWebhook) -> None:
    payload = load("pull_request.opened.json")
    del payload["sender"]
    payload["pull_request"].update(body=None, title=None, user=None, head=None, requested_reviewers=None,
                                   updated_at="not a date", draft="maybe")
    payload["pull_request"]["html_url"] = "https://ghe.example.com/Codertocat/Hello-World/pull/2"
    (event,) = hook.to_events(headers("pull_request"), payload)
    assert event.actor is None and event.occurred_at == NOW
    assert event.data == {**pr2(), "title": "", "author": None, "head_ref": None, "head_sha": None, "body": "",
                          "url": "https://ghe.example.com/Codertocat/Hello-World/pull/2"}
    assert event.subject is not None and event.subject.url == "https://ghe.example.com/Codertocat/Hello-World/pull/2"


def test_pull_request_without_number_or_repo_is_skipped(hook: GitHubWebhook) -> None:
    payload = load("pull_request.opened.json")
    payload["pull_request"]["number"] = None
    assert hook.to_events(headers("pull_request"), payload) == []
    assert hook.to_events(headers("pull_request"), {"action": "opened", "pull_request": "nonsense"}) == []


def test_tag_push_and_branch_deletion(hook: GitHubWebhook) -> None:
    tag = {"ref": "refs/tags/v1.0", "commits": [], "head_commit": None, "repository": {"full_name": HELLO},
           "sender": {"login": "Codertocat"}}
    (event,) = hook.to_events(headers("push"), tag)
    assert event.type == "code.pushed"
    assert event.data == {"repo": HELLO, "ref": "refs/tags/v1.0", "branch": None, "commits": []}
    deletion = {**tag, "ref": "refs/heads/old", "deleted": True, "commits": None, "after": "0" * 40}
    (event,) = hook.to_events(headers("push"), deletion)
    assert event.data["commits"] == [] and event.data["branch"] == "old"


def test_check_suite_still_running_is_ignored(hook: GitHubWebhook) -> None:
    payload = load("check_suite.completed.json")
    payload["action"] = "requested"
    assert hook.to_events(headers("check_suite"), payload) == []


# -- signatures ---------------------------------------------------------------------------
def test_good_signature(hook: GitHubWebhook) -> None:
    body = (FIXTURES / "push.json").read_bytes()
    hook.verify({"X-Hub-Signature-256": sign(SECRET, body)}, body)
    hook.verify({"x-hub-signature-256": sign(SECRET, body)}, body)


@pytest.mark.parametrize(
    "given_headers",
    [
        {},
        {"X-Hub-Signature-256": ""},
        {"X-Hub-Signature-256": "sha256=" + "0" * 64},
        {"X-Hub-Signature": "sha1=0000"},
        {"X-Hub-Signature-256": "sha1=" + "0" * 64},
        {"X-Hub-Signature-256": "sha256=ünïcode"},
    ],
)
def test_bad_signatures(hook: GitHubWebhook, given_headers: dict[str, str]) -> None:
    with pytest.raises(InvalidSignature):
        hook.verify(given_headers, b'{"zen": "Design for failure."}')


def test_signature_of_another_body_or_secret(hook: GitHubWebhook) -> None:
    body = b'{"action": "opened"}'
    with pytest.raises(InvalidSignature):
        hook.verify({"X-Hub-Signature-256": sign(SECRET, body + b" ")}, body)
    with pytest.raises(InvalidSignature):
        hook.verify({"X-Hub-Signature-256": sign("other", body)}, body)
    with pytest.raises(InvalidSignature):
        GitHubWebhook("").verify({"X-Hub-Signature-256": sign("", body)}, body)


# -- fuzzing ------------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(
    ["action", "sender", "repository", "pull_request", "review", "requested_reviewer", "check_suite",
     "workflow_run", "ref", "commits", "head_commit", "issue", "comment", "installation"]
)
events = st.sampled_from(sorted(HANDLED_EVENTS | KNOWN_IGNORED) + ["unknown", ""])


@settings(max_examples=300, deadline=None)
@given(event=events, payload=st.dictionaries(field_names, json_values, max_size=8))
def test_fuzz_to_events_never_raises_for_objects(event: str, payload: dict[str, Any]) -> None:
    hook = GitHubWebhook(SECRET, clock=lambda: NOW)
    for found in hook.to_events({"X-GitHub-Event": event, "X-GitHub-Delivery": "f"}, payload):
        assert found.id.startswith("github:f") and found.source == "github"


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(p.name for p in FIXTURES.glob("*.json"))), data=st.data())
def test_fuzz_fixture_mutations(name: str, data: st.DataObject) -> None:
    payload = load(name)
    for key in data.draw(st.lists(st.sampled_from(sorted(payload)), max_size=3)):
        payload[key] = data.draw(json_values)
    GitHubWebhook(SECRET, clock=lambda: NOW).to_events(headers(name.split(".")[0]), payload)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=200), signature=st.text(max_size=80))
def test_fuzz_verify_rejects_forgeries(body: bytes, signature: str) -> None:
    hook = GitHubWebhook(SECRET)
    if signature == sign(SECRET, body):
        hook.verify({"X-Hub-Signature-256": signature}, body)
        return
    with pytest.raises(InvalidSignature):
        hook.verify({"X-Hub-Signature-256": signature}, body)
    hook.verify({"X-Hub-Signature-256": sign(SECRET, body)}, body)


def test_a_handled_event_without_a_repository_becomes_no_event() -> None:
    source = GitHubWebhook("s")
    assert source.to_events({"x-github-event": "push", "x-github-delivery": "d"}, {}) == []
    assert source.to_events({"x-github-event": "push", "x-github-delivery": "d"}, {"ref": "refs/heads/x"}) == []


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.json")))
@pytest.mark.parametrize("delivery", ["d-1", None])
def test_peek_key_reads_the_same_key_as_the_parsed_payload(hook: GitHubWebhook, name: str,
                                                          delivery: str | None) -> None:
    payload = load(name)
    given = headers(name.split(".")[0], delivery)
    assert hook.peek_key(given, json.dumps(payload).encode()) == hook.delivery_key(given, payload)
    payload["sender"] = {"login": "pmbot[bot]"}
    assert hook.peek_key(given, json.dumps(payload).encode()) is hook.delivery_key(given, payload) is None


@pytest.mark.parametrize("body", [b'{"sender": ', b'{"a": "\xff"}', b"", b"{} x"])
def test_peek_key_refuses_what_is_not_json(hook: GitHubWebhook, body: bytes) -> None:
    with pytest.raises(ValueError):
        hook.peek_key(headers("pull_request"), body)


@pytest.mark.parametrize("body", [b"[1]", b'"text"', b"7", b"null"])
def test_peek_key_refuses_json_that_is_not_an_object(hook: GitHubWebhook, body: bytes) -> None:
    with pytest.raises(BadPayload):
        hook.peek_key(headers("pull_request"), body)


def test_what_peek_key_cannot_read_is_left_to_the_full_parse(hook: GitHubWebhook) -> None:
    with pytest.raises(Unpeekable):  # valid JSON: an integer past 64 bits
        hook.peek_key(headers("pull_request"), b'{"n": 123456789012345678901234567890}')
    held = _parser().parse(b'{"sender": {"login": "someone"}}')["sender"]  # a part of a document still held
    with pytest.raises(Unpeekable):
        hook.peek_key(headers("pull_request"), b'{"sender": {"login": "x"}}')
    del held
    body = b'{"action": "opened", "pull_request": {}, "sender": {"login": "x"}}'
    assert hook.peek_key(headers("pull_request"), body) == "github:d-1"
