"""Redeliveries are acknowledged and dropped; pmbot's own Slack bot and GitHub app are never heard;
Slack requests older than five minutes are refused."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.support.platforms import Platforms, platforms, sign_github, sign_slack


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platforms]:
    with platforms(tmp_path_factory.mktemp("dedupe")) as p:
        yield p


def inbox_keys(p: Platforms) -> list[str]:
    return [r["key"] for r in p.pmbot.call(p.pmbot.runtime.store.inbox.rows)]


def post_github(p: Platforms, payload: dict, delivery: str, event: str = "pull_request") -> httpx.Response:
    body = json.dumps(payload).encode()
    return httpx.post(p.pmbot.url + "/webhooks/github", content=body, headers=sign_github(body, event, delivery))


def test_github_redelivery_is_dropped(env: Platforms) -> None:
    payload = json.loads((FIXTURES / "github" / "pull_request.opened.json").read_text())
    first = post_github(env, payload, "dup-1")
    again = post_github(env, payload, "dup-1")  # "Redeliver" in GitHub's UI reuses the delivery id
    assert first.json() == {"ok": True, "accepted": 1, "duplicates": 0}
    assert again.json() == {"ok": True, "accepted": 0, "duplicates": 1}
    assert inbox_keys(env).count("github:dup-1") == 1


def test_github_events_from_our_own_app_are_dropped(env: Platforms) -> None:
    assert env.pmbot.runtime.identities["github"] == "pmbot[bot]"
    payload = json.loads((FIXTURES / "github" / "issue_comment.created.json").read_text())
    payload["sender"] = {"login": "pmbot[bot]", "type": "Bot"}
    response = post_github(env, payload, "own-1", event="issue_comment")
    assert response.status_code == 200 and response.json()["accepted"] == 0
    assert "github:own-1" not in inbox_keys(env)


def slack_event(event: dict, event_id: str) -> bytes:
    return json.dumps({"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()), "event": event}).encode()


def test_slack_retry_of_the_same_event_is_dropped(env: Platforms) -> None:
    body = slack_event({"type": "app_mention", "user": "U0DANA", "text": "<@UBOT> qa", "channel": "C1",
                        "ts": "1.1"}, "Ev-retry-1")
    first = httpx.post(env.pmbot.url + "/slack/events", content=body, headers=sign_slack(body, "application/json"))
    retry_headers = {**sign_slack(body, "application/json"), "X-Slack-Retry-Num": "1",
                     "X-Slack-Retry-Reason": "http_timeout"}
    retry = httpx.post(env.pmbot.url + "/slack/events", content=body, headers=retry_headers)
    assert first.status_code == 200 and retry.status_code == 200
    assert inbox_keys(env).count("slack:Ev-retry-1") == 1


def test_slack_messages_from_our_own_bot_are_dropped(env: Platforms) -> None:
    body = slack_event({"type": "message", "channel_type": "im", "user": "UBOT", "bot_id": "BBOT",
                        "text": "Assigned to Quinn", "channel": "D1", "ts": "2.2"}, "Ev-own-1")
    response = httpx.post(env.pmbot.url + "/slack/events", content=body, headers=sign_slack(body, "application/json"))
    assert response.status_code == 200
    assert "slack:Ev-own-1" not in inbox_keys(env)


def test_slack_request_older_than_five_minutes_is_refused(env: Platforms) -> None:
    body = slack_event({"type": "app_mention", "user": "U0DANA", "text": "hi", "channel": "C1", "ts": "3.3"},
                       "Ev-stale-1")
    stale = sign_slack(body, "application/json", timestamp=int(time.time()) - 6 * 60)
    response = httpx.post(env.pmbot.url + "/slack/events", content=body, headers=stale)
    assert response.status_code == 401
    assert "slack:Ev-stale-1" not in inbox_keys(env)

