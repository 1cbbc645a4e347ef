"""The lean receive path: a verified delivery is stored raw under its dedupe key before the 2xx, the worker
translates it, events are deduplicated a second time; group commits; a stalled database answers 503 in time."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.storage.deliveries import Deliveries
from tests.bot.test_stall import table_locked
from tests.conftest import FIXTURES
from tests.support.platforms import Platforms, platforms, sign_clickup, sign_github


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Platforms]:
    with platforms(tmp_path, pmbot_worker=False) as p:  # the test runs the worker itself (drain)
        yield p


def stored(p: Platforms) -> list[dict]:
    return list(p.pmbot.call(p.pmbot.runtime.deliveries.rows))


def inbox(p: Platforms) -> list[dict]:
    return list(p.pmbot.call(p.pmbot.runtime.store.inbox.rows))


def test_the_raw_delivery_is_stored_before_the_2xx_and_translated_by_the_worker(env: Platforms) -> None:
    body = (FIXTURES / "github" / "pull_request.opened.json").read_bytes()
    headers = sign_github(body, "pull_request", "d-raw-1")
    answer = httpx.post(env.pmbot.url + "/webhooks/github", content=body, headers={**headers, "X-Other": "1"})
    assert answer.json() == {"ok": True, "accepted": 1, "duplicates": 0}
    [row] = stored(env)
    assert (row["key"], row["source"], row["status"], row["events"]) == ("github:d-raw-1", "github", "pending", None)
    assert row["body"].encode() == body  # as received, byte for byte
    # Not the signature: beside its body, a stored signature makes the database a set of replayable deliveries.
    assert json.loads(row["headers"]) == {"x-github-event": "pull_request", "x-github-delivery": "d-raw-1",
                                          "content-type": "application/json", "x-other": "1"}
    assert inbox(env) == []  # nothing translated on the request path
    env.pmbot.drain()
    [row] = stored(env)
    assert (row["status"], row["events"], row["error"]) == ("translated", 1, None)
    [event] = inbox(env)
    assert (event["key"], event["type"], event["status"]) == ("github:d-raw-1", "pr.opened", "done")
    assert (event["subject"], event["delivery_id"]) == ("pull_request:Codertocat/Hello-World#2", row["id"])
    assert event["raw"] == json.loads(body)  # read from the delivery, not stored twice


def clickup_items(*ids: str, user: int = 101) -> list[dict]:
    return [{"id": i, "type": 1, "date": "1764000000000", "field": "status", "user": {"id": user},
             "before": {"status": "to do"}, "after": {"status": f"status {i}"}} for i in ids]


def post_clickup(p: Platforms, event: str, items: list[dict], task: str = "T1") -> httpx.Response:
    body = json.dumps({"event": event, "task_id": task, "webhook_id": "wh-1", "history_items": items}).encode()
    return httpx.post(p.pmbot.url + "/webhooks/clickup", content=body, headers=sign_clickup(body))


def test_clickup__the_taskUpdated_copy_is_the_same_delivery_and_overlapping_items_are_deduplicated_as_events(
    env: Platforms,
) -> None:
    assert post_clickup(env, "taskStatusUpdated", clickup_items("h1", "h2")).json()["accepted"] == 1
    assert post_clickup(env, "taskUpdated", clickup_items("h1", "h2")).json() == {
        "ok": True, "accepted": 0, "duplicates": 1}  # ClickUp's copy: same webhook, same history items
    assert post_clickup(env, "taskUpdated", clickup_items("h2", "h3")).json()["accepted"] == 1  # needs the body
    assert post_clickup(env, "taskStatusUpdated", clickup_items("h9", user=900)).json() == {
        "ok": True, "accepted": 0, "duplicates": 0, "ignored": "taskStatusUpdated"}  # pmbot's own change
    assert [r["key"] for r in stored(env)] == ["clickup:wh-1:h1,h2", "clickup:wh-1:h2,h3"]
    env.pmbot.drain()
    assert [r["key"] for r in inbox(env)] == ["clickup:wh-1:h1", "clickup:wh-1:h2", "clickup:wh-1:h3"]
    assert [(r["status"], r["events"]) for r in stored(env)] == [("translated", 2), ("translated", 2)]


def test_a_delivery_its_parser_cannot_read_is_kept_as_failed_and_the_worker_goes_on(env: Platforms) -> None:
    bad = clickup_items("h5")
    bad[0]["user"] = "not an object"  # the key needs only ids; the parser's model refuses it
    assert post_clickup(env, "taskStatusUpdated", bad).status_code == 200
    assert post_clickup(env, "taskStatusUpdated", clickup_items("h6"), task="T2").status_code == 200
    env.pmbot.drain()
    rows = stored(env)
    assert [(r["status"], r["events"]) for r in rows] == [("failed", 0), ("translated", 1)]
    assert rows[0]["error"].startswith("unreadable payload: ClickUp payload does not parse")
    assert [r["key"] for r in inbox(env)] == ["clickup:wh-1:h6"]


@pytest.fixture
async def deliveries(db_url: str, clock: FrozenClock) -> AsyncIterator[Deliveries]:
    db = Database(db_url)
    await db.migrate()
    store = Deliveries(db, clock)
    yield store
    await store.aclose()
    await db.dispose()


async def test_concurrent_deliveries_share_commits_and_each_learns_whether_it_was_new(deliveries: Deliveries) -> None:
    results = await asyncio.gather(*(deliveries.put("github", f"github:d{i % 150}", {"x-github-event": "push"},
                                                    b'{"n": %d}' % i, timeout=30) for i in range(300)))
    assert sum(results) == 150 and results[:150] == [True] * 150 and results[150:] == [False] * 150
    writer = deliveries.writer
    assert writer.rows == 300 and writer.batches < 300  # grouped: requests queued meanwhile share a commit
    assert await deliveries.counts() == {"pending": 150}
    first = (await deliveries.pending(1))[0]
    assert (first.key, first.headers, first.payload()) == ("github:d0", {"x-github-event": "push"}, {"n": 0})


async def test_two_replicas_storing_the_same_deliveries_accept_each_once(db_url: str, clock: FrozenClock) -> None:
    dbs = [Database(db_url), Database(db_url)]
    await dbs[0].migrate()
    stores = [Deliveries(db, clock) for db in dbs]
    try:
        results = await asyncio.gather(*(store.put("clickup", f"clickup:w:{i}", {}, b"{}", timeout=30)
                                         for i in range(100) for store in stores))
        assert sum(results) == 100
        assert await stores[1].counts() == {"pending": 100}
    finally:
        for store, db in zip(stores, dbs, strict=True):
            await store.aclose()
            await db.dispose()


@pytest.fixture
def deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    from bot.routes import webhooks

    monkeypatch.setitem(webhooks.COMMIT_DEADLINE, "clickup", 1.0)
    return 1.0


def test_a_stalled_database_answers_503_at_the_deadline_and_the_retry_is_stored(
    tmp_path: Path, db_url: str, deadline: float
) -> None:
    with platforms(tmp_path, db_url=db_url, pmbot_worker=False) as p:
        body = json.dumps({"event": "taskStatusUpdated", "task_id": "T1", "webhook_id": "wh-1",
                           "history_items": clickup_items("h7")}).encode()

        async def locked_post() -> tuple[int, float]:
            async with table_locked(db_url, "deliveries"):
                started = time.monotonic()
                async with httpx.AsyncClient(timeout=30) as client:
                    answer = await client.post(p.pmbot.url + "/webhooks/clickup", content=body,
                                               headers=sign_clickup(body))
                return answer.status_code, time.monotonic() - started

        status, took = asyncio.run(locked_post())
        assert status == 503 and deadline <= took < deadline + 3
        again = httpx.post(p.pmbot.url + "/webhooks/clickup", content=body, headers=sign_clickup(body), timeout=30)
        assert again.status_code == 200  # accepted, or a duplicate of the commit that was under way
        assert [r["key"] for r in stored(p)] == ["clickup:wh-1:h7"]


async def test_the_receive_path_counts_as_busy_only_while_deliveries_keep_arriving() -> None:
    from datetime import UTC, datetime

    from bot.storage.writer import BUSY_RATE, GroupWriter, Row

    class Instant(GroupWriter):
        async def _commit(self, rows: list[Row]) -> list[bool]:
            return [True] * len(rows)

    writer = Instant()
    burst = int(BUSY_RATE)  # all at once: far above BUSY_RATE per second
    now = datetime.now(UTC)
    await asyncio.gather(*(writer.put(Row(f"k{n}", "github", "{}", "{}", now)) for n in range(burst)))
    assert writer.busy()  # the worker gives way while the flood lasts
    await asyncio.sleep(0.15)
    # The burst is over: the worker starts now, not once the burst's average rate has decayed (about a second).
    assert not writer.busy()
