"""A captured GitHub delivery cannot be played again: X-GitHub-Delivery and X-GitHub-Event are not signed, so
the same signed body under a new delivery id is a duplicate, a body relabelled as another event is refused, and
no stored delivery keeps the signature that would let a copy of the database be replayed."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from integrations.errors import BadPayload
from integrations.github.webhook import HANDLED_EVENTS, GitHubWebhook
from tests.agents.github_sync.github_sync_support import REPO, fixture, github_world
from tests.conftest import FIXTURES
from tests.support.platforms import sign_clickup, sign_github
from tests.support.world import World

ASKED = (f"Review requested: <https://github.com/{REPO}/pull/2|{REPO}#2 “CU-T1 Apply coupon codes”> by Codertocat. "
         "Task: <https://app.clickup.com/t/T1|Coupons>.")


def post(w: World, body: bytes, event: str, delivery: str) -> httpx.Response:
    answer = httpx.post(f"{w.pmbot.url}/webhooks/github", content=body, headers=sign_github(body, event, delivery))
    w.settle()
    return answer


def stored(w: World) -> list[dict]:
    return list(w.pmbot.call(w.pmbot.runtime.deliveries.rows))


def test_one_captured_review_request_under_three_delivery_ids__one_dm(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        w.github.add_pull(REPO, 2, "CU-T1 Apply coupon codes", "Codertocat", "changes",
                          requested_reviewers=["octocat"])
        body = json.dumps(fixture("pull_request.review_requested", title="CU-T1 Apply coupon codes")).encode()
        answers = [post(w, body, "pull_request", delivery).json() for delivery in ("d-real", "d-copy-1", "d-copy-2")]
        assert answers == [{"ok": True, "accepted": 1, "duplicates": 0},
                           {"ok": True, "accepted": 0, "duplicates": 1},
                           {"ok": True, "accepted": 0, "duplicates": 1}]
        assert [m.text for m in w.slack.dms("U0OLLY")] == [ASKED]
        assert [row["key"] for row in stored(w)] == ["github:d-real"]


def test_a_body_relabelled_as_another_event_is_refused(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        body = json.dumps(fixture("pull_request.opened", title="CU-T1 Apply coupon codes")).encode()
        for n, event in enumerate(("issue_comment", "pull_request_review", "check_suite", "push")):
            answer = post(w, body, event, f"d-relabel-{n}")
            assert answer.status_code == 400, (event, answer.text)
            assert answer.json()["error"].startswith(f"unreadable payload: not a {event} payload (X-GitHub-Event "
                                                     "does not match the body)")
        assert stored(w) == []
        assert post(w, body, "pull_request", "d-real").json() == {"ok": True, "accepted": 1, "duplicates": 0}


def test_no_signature_or_auth_header_is_stored_with_a_delivery(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        body = (FIXTURES / "github" / "push.json").read_bytes()
        headers = {**sign_github(body, "push", "d-push"), "Authorization": "Bearer abc",
                   "X-Slack-Signature": "v0=1", "X-Api-Token": "t", "X-Request-Id": "r-1"}
        assert httpx.post(f"{w.pmbot.url}/webhooks/github", content=body, headers=headers).status_code == 200
        task = json.loads((FIXTURES / "clickup" / "webhook.taskStatusUpdated.json").read_text())
        task["webhook_id"] = "wh-replay"
        cbody = json.dumps(task).encode()
        assert httpx.post(f"{w.pmbot.url}/webhooks/clickup", content=cbody,
                          headers={**sign_clickup(cbody), "X-Slack-Signature": "v0=1"}).status_code == 200
        assert [json.loads(row["headers"]) for row in stored(w)] == [
            {"x-github-event": "push", "x-github-delivery": "d-push", "content-type": "application/json",
             "x-request-id": "r-1"},
            {"content-type": "application/json"},  # ClickUp's X-Signature is not kept either
        ]


@pytest.mark.parametrize("event", sorted(HANDLED_EVENTS))
@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "github").glob("*.json")))
def test_header_and_body_agree__the_quick_reader_and_the_full_parse_decide_alike(event: str, name: str) -> None:
    hook = GitHubWebhook("s")
    payload = json.loads((FIXTURES / "github" / name).read_text())
    headers = {"X-GitHub-Event": event, "X-GitHub-Delivery": "d-1"}
    body = json.dumps(payload).encode()
    if name.split(".")[0] == event:  # the fixture is this event's own payload
        assert hook.peek_key(headers, body) == hook.delivery_key(headers, payload) == "github:d-1"
        return
    with pytest.raises(BadPayload, match="does not match") as quick:
        hook.peek_key(headers, body)
    with pytest.raises(BadPayload, match="does not match") as full:
        hook.delivery_key(headers, payload)
    assert str(quick.value) == str(full.value)
