"""The one road, end to end over real HTTP: ClickUp simulator → signed webhook → inbox → worker →
agents → idempotent action → the ClickUp simulator's recorded requests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from agents.team import TeamConfig
from bot.clock import SystemClock
from bot.storage.db import Database
from bot.storage.inbox import Inbox
from integrations.clickup.client import ClickUpTracker
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.clickup.sim.webhooks import signed_delivery, webhook_payloads
from tests.support.agents import CommentOnEveryTaskEvent, Crashes
from tests.support.server import ThreadServer, make_settings, wait_until

SECRET = "clickup-test-secret"
TOKEN = "pk_test_token"


@pytest.fixture
def clickup() -> Iterator[ClickUpSimulator]:
    sim = ClickUpSimulator(token=TOKEN, team_id="9000", bot_user_id="900")
    sim.add_user("101", "Dana")
    sim.add_user("102", "Devon")
    sim.add_list("L1", "Board", ["to do", "in progress", "ready for testing", "in testing", "done"])
    sim.add_task("T1", "Coupons", "L1", "in progress", assignees=["101"])
    sim.start()
    yield sim
    sim.stop()


def inbox_rows(url: str) -> list[dict]:
    async def read() -> list[dict]:
        db = Database(url)
        try:
            return await Inbox(db, SystemClock()).rows()
        finally:
            await db.dispose()

    return asyncio.run(read())


@pytest.fixture
def server(clickup: ClickUpSimulator, tmp_path: Path) -> Iterator[ThreadServer]:
    settings = make_settings(
        clickup_api_token=TOKEN,
        clickup_webhook_secret=SECRET,
        clickup_team_id="9000",
        clickup_api_url=clickup.base_url,
        pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}",
    )
    with ThreadServer(settings, TeamConfig(), agents=[Crashes(), CommentOnEveryTaskEvent()]) as srv:
        clickup.set_webhook(f"{srv.url}/webhooks/clickup", SECRET)
        yield srv


def comments(sim: ClickUpSimulator) -> list[dict]:
    return [r.json for r in sim.calls("POST", "/api/v2/task/T1/comment")]


def test_status_change__processed_once_despite_taskUpdated_copy(
    server: ThreadServer, clickup: ClickUpSimulator
) -> None:
    history = clickup.human_update("T1", "101", status="ready for testing")
    assert clickup.wait_for_webhooks()
    assert [w.payload["event"] for w in clickup.sent_webhooks] == ["taskStatusUpdated", "taskUpdated"]
    assert [w.status for w in clickup.sent_webhooks] == [200, 200]
    event_id = f"clickup:{clickup.webhook.webhook_id}:{history[0]['id']}"
    wait_until(lambda: len(comments(clickup)) == 1)
    wait_until(lambda: all(r["status"] == "done" for r in inbox_rows(server.runtime.settings.pmbot_database_url)))
    assert comments(clickup) == [{"comment_text": f"saw {event_id}", "notify_all": False}]
    rows = inbox_rows(server.runtime.settings.pmbot_database_url)
    assert [(r["key"], r["type"], r["status"], r["attempts"]) for r in rows] == [
        (event_id, "task.status_changed", "done", 1)
    ]
    assert rows[0]["event"]["data"] == {"from": "in progress", "to": "ready for testing"}


def test_redelivery_is_acknowledged_and_dropped(server: ThreadServer, clickup: ClickUpSimulator) -> None:
    items = clickup.human_update("T1", "101", status="in testing")
    assert clickup.wait_for_webhooks()
    headers, body = signed_delivery(webhook_payloads("T1", items, "taskStatusUpdated",
                                                     webhook_id=clickup.webhook.webhook_id)[0], SECRET)
    again = httpx.post(f"{server.url}/webhooks/clickup", content=body, headers=headers)
    assert again.status_code == 200 and again.json() == {"ok": True, "accepted": 0, "duplicates": 1}
    wait_until(lambda: len(comments(clickup)) == 1)
    wait_until(lambda: all(r["status"] == "done" for r in inbox_rows(server.runtime.settings.pmbot_database_url)))
    assert len(comments(clickup)) == 1


def test_events_caused_by_pmbot_itself_are_dropped(server: ThreadServer, clickup: ClickUpSimulator) -> None:
    """A PUT with pmbot's token comes back as a webhook whose actor is pmbot's ClickUp user: no loop."""

    async def own_update() -> None:
        tracker = ClickUpTracker(TOKEN, base_url=clickup.base_url, team_id="9000")
        try:
            await tracker.update_task("T1", status="done")
        finally:
            await tracker.aclose()

    asyncio.run(own_update())
    assert clickup.wait_for_webhooks()
    assert clickup.sent_webhooks and all(w.status == 200 for w in clickup.sent_webhooks)
    assert all(str(w.payload["history_items"][0]["user"]["id"]) == "900" for w in clickup.sent_webhooks)
    assert inbox_rows(server.runtime.settings.pmbot_database_url) == []
    assert comments(clickup) == []


def test_a_crashing_agent_does_not_stop_the_others(server: ThreadServer, clickup: ClickUpSimulator) -> None:
    clickup.human_comment("T1", "101", "looks good")
    clickup.human_update("T1", "101", add_assignees=["102"])
    assert clickup.wait_for_webhooks()
    url = server.runtime.settings.pmbot_database_url
    wait_until(lambda: len(inbox_rows(url)) == 2 and all(r["status"] == "done" for r in inbox_rows(url)))
    by_event: dict[str, dict[str, str]] = {}
    for key, agent, status in asyncio.run(_agent_runs(url)):
        by_event.setdefault(key, {})[agent] = status
    types = {r["key"]: r["type"] for r in inbox_rows(url)}
    assert {types[k]: v for k, v in by_event.items()} == {
        "task.commented": {"test_crasher": "failed"},
        "task.assignee_changed": {"test_crasher": "failed", "test_commenter": "done"},
    }
    assert len(comments(clickup)) == 1


async def _agent_runs(url: str) -> list[tuple[str, str, str]]:
    from sqlalchemy import select

    from bot.storage.tables import agent_runs

    db = Database(url)
    try:
        async with db.connect() as conn:
            rows = await conn.execute(select(agent_runs.c.event_key, agent_runs.c.agent, agent_runs.c.status)
                                      .order_by(agent_runs.c.event_key, agent_runs.c.agent))
            return [tuple(r) for r in rows]
    finally:
        await db.dispose()


def test_identity_comes_from_the_platform(server: ThreadServer) -> None:
    assert server.runtime.identities["clickup"] == "900"
