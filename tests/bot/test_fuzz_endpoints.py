"""No input produces a 5xx: random bodies and headers, unsigned and correctly signed, at all three receivers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.platforms import Platforms, platforms, sign_clickup, sign_github, sign_slack

ROUTES = ["/webhooks/clickup", "/webhooks/github", "/slack/events"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
# Keys the parsers look at, so the fuzzing reaches past the first type check.
shaped = st.fixed_dictionaries(
    {},
    optional={
        "event": st.sampled_from(["taskStatusUpdated", "taskUpdated", "taskDeleted", "x"]) | st.text(max_size=8),
        "history_items": st.lists(st.dictionaries(
            st.sampled_from(["id", "field", "user", "before", "after", "date", "data"]), json_values, max_size=7),
            max_size=3) | json_values,
        "task_id": json_values, "webhook_id": json_values,
        "action": st.sampled_from(["opened", "closed", "submitted", "completed"]) | json_values,
        "pull_request": st.dictionaries(st.sampled_from(["number", "user", "head", "merged", "title"]),
                                        json_values, max_size=5) | json_values,
        "sender": json_values, "repository": json_values,
        "type": st.sampled_from(["event_callback", "url_verification", "block_actions", "view_submission"])
        | json_values,
        "event_id": json_values, "challenge": json_values,
        "command": st.sampled_from(["/pm"]) | json_values,
    },
)
headers = st.dictionaries(
    st.sampled_from(["X-Signature", "X-Hub-Signature-256", "X-GitHub-Event", "X-GitHub-Delivery",
                     "X-Slack-Signature", "X-Slack-Request-Timestamp", "Content-Type", "X-Slack-Retry-Num"]),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=40),
    max_size=6,
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platforms]:
    with platforms(tmp_path_factory.mktemp("fuzz")) as p:
        yield p


@pytest.fixture(scope="module")
def client(env: Platforms) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=env.pmbot.url, timeout=10) as c:
        yield c


@FUZZ
@given(route=st.sampled_from(ROUTES), body=st.binary(max_size=300), hdrs=headers)
def test_random_bytes_and_headers(client: httpx.Client, route: str, body: bytes, hdrs: dict[str, str]) -> None:
    response = client.post(route, content=body, headers=hdrs)
    assert response.status_code < 500, response.text
    assert response.status_code in (200, 400, 401, 404, 413)


@FUZZ
@given(payload=shaped | json_values, event=st.sampled_from(
    ["pull_request", "push", "check_suite", "workflow_run", "issue_comment", "pull_request_review", "ping",
     "zzz_unknown", ""]))
def test_signed_json_of_any_shape(client: httpx.Client, payload: object, event: str) -> None:
    body = json.dumps(payload).encode()
    for route, hdrs in (
        ("/webhooks/clickup", sign_clickup(body)),
        ("/webhooks/github", sign_github(body, event, "fuzz-delivery")),
        ("/slack/events", sign_slack(body, "application/json")),
    ):
        response = client.post(route, content=body, headers=hdrs)
        assert response.status_code < 500, (route, response.text)


@FUZZ
@given(form=st.dictionaries(st.sampled_from(["command", "text", "user_id", "channel_id", "trigger_id", "payload",
                                             "team_id", "response_url"]), st.text(max_size=30), max_size=6))
def test_signed_slack_forms(client: httpx.Client, form: dict[str, str]) -> None:
    body = httpx.QueryParams(form).__str__().encode()
    response = client.post("/slack/events", content=body,
                           headers=sign_slack(body, "application/x-www-form-urlencoded"))
    assert response.status_code < 500, response.text


def test_signed_garbage_is_400_not_500(client: httpx.Client) -> None:
    body = b"\xff\xfe not json"
    assert client.post("/webhooks/clickup", content=body, headers=sign_clickup(body)).status_code == 400
    gh = client.post("/webhooks/github", content=body, headers=sign_github(body, "push", "g1"))
    assert gh.status_code == 400 and gh.json() == {"error": "body is not JSON"}


def test_unsigned__401_with_json_error(client: httpx.Client) -> None:
    for route in ROUTES:
        response = client.post(route, content=b"{}", headers={"Content-Type": "application/json"})
        assert response.status_code == 401, route
        assert response.json()["error"]


def test_unknown_github_event__200_and_unsupported_log(client: httpx.Client, caplog: pytest.LogCaptureFixture,
                                                       tmp_path: Path) -> None:
    body = b'{"action": "created", "sender": {"login": "someone"}}'
    with caplog.at_level("INFO", logger="pmbot.unsupported"):
        response = client.post("/webhooks/github", content=body, headers=sign_github(body, "sponsorship", "u1"))
    assert response.status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name == "pmbot.unsupported"] == [
        "unsupported github event sponsorship.created"
    ]


def test_json_the_quick_key_reader_cannot_take_is_parsed_whole_and_accepted(client: httpx.Client) -> None:
    """simdjson (the receiver's quick key read) refuses integers past 64 bits; such a body is still JSON."""
    body = (b'{"action": "opened", "pull_request": {}, "sender": {"login": "someone"}, '
            b'"big": 123456789012345678901234567890}')
    response = client.post("/webhooks/github", content=body, headers=sign_github(body, "pull_request", "big-1"))
    assert (response.status_code, response.json()) == (200, {"ok": True, "accepted": 1, "duplicates": 0})
    again = client.post("/webhooks/github", content=body, headers=sign_github(body, "pull_request", "big-1"))
    assert again.json() == {"ok": True, "accepted": 0, "duplicates": 1}
