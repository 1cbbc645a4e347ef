"""Persist, then acknowledge: a SIGKILL after the 2xx loses nothing and doubles nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.clock import SystemClock
from bot.storage.db import Database
from bot.storage.deliveries import Deliveries
from bot.storage.inbox import Inbox
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.clickup.sim.webhooks import signed_delivery, webhook_payloads
from tests.support.server import ProcessServer, wait_until

SECRET = "kill-test-secret"
TOKEN = "pk_kill_test"
N = 40


@pytest.fixture
def clickup() -> Iterator[ClickUpSimulator]:
    sim = ClickUpSimulator(token=TOKEN, team_id="9000", bot_user_id="900")
    sim.add_user("101", "Dana")
    sim.add_list("L1", "Board", ["to do", "in progress", "done"])
    for i in range(N):
        sim.add_task(f"T{i}", f"Task {i}", "L1", "to do")
    sim.start()
    yield sim
    sim.stop()


def env_for(sim: ClickUpSimulator, db: Path) -> dict[str, str]:
    return {
        "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "PMBOT_SANDBOX": "false",
        "PMBOT_SCHEDULER": "false",
        "CLICKUP_API_TOKEN": TOKEN,
        "CLICKUP_WEBHOOK_SECRET": SECRET,
        "CLICKUP_TEAM_ID": "9000",
        "CLICKUP_API_URL": sim.base_url,
        "PMBOT_AGENTS": "tests.support.agents:CommentOnEveryTaskEvent",
        "PMBOT_CONFIG": str(Path(__file__).resolve().parents[2] / "config" / "pmbot.example.yaml"),
    }


def deliveries() -> list[tuple[str, dict[str, str], bytes]]:
    out = []
    for i in range(N):
        item = {"id": f"99{i:04d}", "type": 1, "date": "1764000000000", "field": "status", "parent_id": "L1",
                "data": {}, "source": None, "user": {"id": 101, "username": "Dana"},
                "before": {"status": "to do"}, "after": {"status": "in progress"}}
        payload = webhook_payloads(f"T{i}", [item], "taskStatusUpdated", webhook_id="wh-kill")[0]
        headers, body = signed_delivery(payload, SECRET)
        out.append((f"T{i}", headers, body))
    return out


def rows(db: Path) -> list[dict]:
    async def read() -> list[dict]:
        database = Database(f"sqlite+aiosqlite:///{db}")
        try:
            return await Inbox(database, SystemClock()).rows()
        finally:
            await database.dispose()

    return asyncio.run(read())


def stored_deliveries(db: Path) -> list[dict]:
    """The raw deliveries pmbot committed before answering (the worker translates them into inbox events)."""
    async def read() -> list[dict]:
        database = Database(f"sqlite+aiosqlite:///{db}")
        try:
            return await Deliveries(database, SystemClock()).rows()
        finally:
            await database.dispose()

    return asyncio.run(read())


def comment_texts(sim: ClickUpSimulator) -> list[str]:
    return sorted(r.json["comment_text"] for r in sim.calls("POST") if r.path.endswith("/comment"))


@pytest.mark.parametrize("worker_running", [False, True], ids=["killed_before_processing", "killed_while_processing"])
def test_sigkill_after_ack_then_restart_processes_every_event_exactly_once(
    clickup: ClickUpSimulator, tmp_path: Path, worker_running: bool
) -> None:
    db = tmp_path / "pmbot.db"
    env = env_for(clickup, db)
    first = ProcessServer(env, *([] if worker_running else ["--no-worker"]))
    first.start()
    try:
        for _task, headers, body in deliveries():
            response = httpx.post(f"{first.url}/webhooks/clickup", content=body, headers=headers, timeout=10)
            assert response.status_code == 200 and response.json()["accepted"] == 1
    finally:
        first.kill()  # SIGKILL: no shutdown hooks, no flush
    acked = stored_deliveries(db)
    assert len(acked) == N  # every acknowledged delivery was already on disk
    if not worker_running:
        assert {r["status"] for r in acked} == {"pending"} and rows(db) == [] and comment_texts(clickup) == []

    second = ProcessServer(env, port=first.port)
    second.start()
    try:
        wait_until(lambda: len(done := rows(db)) == N and all(r["status"] == "done" for r in done), timeout=60)
    finally:
        second.stop()
    expected = sorted(f"saw clickup:wh-kill:99{i:04d}" for i in range(N))
    assert comment_texts(clickup) == expected  # each exactly once, none lost
