"""Jira's webhooks through `POST /webhooks/jira` into the inbox: the simulator's signed deliveries when a person
changes an issue, translated to events; pmbot's own changes, redeliveries and bad signatures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from agents.team import TeamConfig
from integrations.jira.sim import JiraSimulator
from integrations.jira.webhook import sign
from tests.support.server import ThreadServer, make_settings, wait_until

EMAIL, TOKEN, SECRET = "pmbot@example.com", "jira-route-token", "jira-route-secret"
DEV, QA, BOT = "acc-dev-1", "acc-qa-1", "acc-pmbot"


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[JiraSimulator, ThreadServer]]:
    sim = JiraSimulator(email=EMAIL, token=TOKEN, bot_account_id=BOT)
    sim.add_user(DEV, "Dana Dev", "dana@example.com")
    sim.add_user(QA, "Quinn Tester", "quinn@example.com")
    sim.add_project("ENG", "Engineering")
    sim.add_issue("ENG-1", "Coupon codes", "To Do", assignee=DEV)
    sim.start()
    settings = make_settings(jira_base_url=sim.base_url, jira_email=EMAIL, jira_api_token=TOKEN,
                             jira_webhook_secret=SECRET,
                             pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}")
    try:
        with ThreadServer(settings, TeamConfig(), agents=[]) as server:
            sim.set_webhook(f"{server.url}/webhooks/jira", SECRET)
            yield sim, server
    finally:
        sim.stop()


def events(server: ThreadServer) -> list[dict[str, Any]]:
    server.drain()
    return [r["event"] for r in server.call(server.runtime.store.inbox.rows)]


def delivered(sim: JiraSimulator, count: int) -> list[Any]:
    assert sim.wait_for_webhooks()
    wait_until(lambda: len(sim.sent_webhooks) >= count)
    return sim.sent_webhooks


def test_a_person_moves_an_issue__a_signed_delivery__one_status_event(env: tuple[JiraSimulator, ThreadServer]) -> None:
    sim, server = env
    assert server.runtime.identities["jira"] == BOT  # GET /myself: pmbot's own account, for dropping its changes
    sim.human_move("ENG-1", DEV, "In Progress")
    [sent] = delivered(sim, 1)
    assert sent.headers["X-Hub-Signature"] == sign(SECRET, sent.body) and sent.status == 200
    assert sent.headers["X-Atlassian-Webhook-Identifier"]
    issue = sim.find("ENG-1")
    [event] = [e for e in events(server) if e["source"] == "jira"]
    assert (event["type"], event["actor"], event["subject"]["id"], event["subject"]["container"]) == (
        "task.status_changed", DEV, issue["id"], "ENG")
    assert event["data"] == {"from": "to do", "to": "in progress", "category": "in_progress", "key": "ENG-1"}
    assert event["id"] == f"jira:{issue['id']}:{sent.payload['changelog']['id']}:0"


def test_a_redelivery_is_a_duplicate_and_pmbots_own_change_is_dropped(
        env: tuple[JiraSimulator, ThreadServer]) -> None:
    sim, server = env
    sim.human_assign("ENG-1", DEV, QA)
    [sent] = delivered(sim, 1)
    again = httpx.post(f"{server.url}/webhooks/jira", content=sent.body, headers=sent.headers)
    assert again.json() == {"ok": True, "accepted": 0, "duplicates": 1}
    sim.transition(sim.find("ENG-1"), BOT, "11")  # what pmbot's own transition sends back
    own = delivered(sim, 2)[1]
    assert own.status == 200 and own.payload["user"]["accountId"] == BOT
    found = [(e["type"], e["data"]) for e in events(server) if e["source"] == "jira"]
    assert found == [("task.assignee_changed", {"added": [QA], "removed": [DEV], "key": "ENG-1"})]


def test_a_comment__one_event__its_issue_updated_copy_none(env: tuple[JiraSimulator, ThreadServer]) -> None:
    sim, server = env
    comment_id = sim.human_comment("ENG-1", QA, "Found a bug\nin checkout")
    sent = delivered(sim, 2)
    assert sorted(s.event for s in sent) == ["comment_created", "jira:issue_updated"]
    assert all(s.status == 200 for s in sent)
    found = [(e["type"], e["actor"], e["data"]) for e in events(server) if e["source"] == "jira"]
    assert found == [("task.commented", QA, {"comment_id": comment_id, "text": "Found a bug\nin checkout",
                                              "key": "ENG-1"})]


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, sign("not-the-secret", b"{}")])
def test_unsigned_or_wrongly_signed__401_and_nothing_stored(env: tuple[JiraSimulator, ThreadServer],
                                                           signature: str | None) -> None:
    _, server = env
    body = b'{"webhookEvent": "jira:issue_deleted", "issue": {"id": "1", "key": "ENG-9"}}'
    headers = {"Content-Type": "application/json", "X-Atlassian-Webhook-Identifier": "bad-1"}
    if signature is not None:
        headers["X-Hub-Signature"] = signature
    answer = httpx.post(f"{server.url}/webhooks/jira", content=body, headers=headers)
    assert answer.status_code == 401 and answer.json() == {"error": "invalid signature"}
    assert events(server) == []


def test_a_signed_event_pmbot_ignores__200_named(env: tuple[JiraSimulator, ThreadServer]) -> None:
    _, server = env
    body = b'{"webhookEvent": "sprint_started", "timestamp": 1717243200000, "sprint": {"id": 5}}'
    headers = {"X-Hub-Signature": sign(SECRET, body), "X-Atlassian-Webhook-Identifier": "sprint-1"}
    answer = httpx.post(f"{server.url}/webhooks/jira", content=body, headers=headers)
    assert answer.status_code == 200 and answer.json() == {"ok": True, "accepted": 0, "duplicates": 0,
                                                           "ignored": "sprint_started"}
