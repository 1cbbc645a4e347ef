"""ClickUpTracker against a running ClickUpSimulator, over real HTTP."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest

from integrations.clickup.client import ClickUpTracker
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.errors import AuthFailed, NotFound, PlatformRejected, RateLimited, Unavailable
from integrations.models import Member
from integrations.protocols import TaskTracker
from integrations.sim_base import free_port

TOKEN = "pk_test_0123456789"
TEAM = "9011000001"
ANN, BOB = "101", "102"


@pytest.fixture
def sim() -> Iterator[ClickUpSimulator]:
    simulator = ClickUpSimulator(token=TOKEN, team_id=TEAM)
    simulator.add_user(ANN, "Ann Lee", "ann@example.com")
    simulator.add_user(BOB, "Bob Ray", "bob@example.com")
    simulator.add_list("L1", "Sprint", ["to do", "in progress", "in review", "done"])
    simulator.add_task("t1", "Fix login", "L1", "to do", assignees=[ANN], tags=["bug"], custom_id="APP-7")
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
async def tracker(sim: ClickUpSimulator, waits: list[float]) -> AsyncIterator[ClickUpTracker]:
    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    client = ClickUpTracker(TOKEN, base_url=sim.base_url, team_id=TEAM, sleep=fake_sleep)
    yield client
    await client.aclose()


def queries(sim: ClickUpSimulator, path: str) -> list[dict[str, list[str]]]:
    return [r.query for r in sim.calls("GET", path)]


def test_is_a_task_tracker(tracker: ClickUpTracker) -> None:
    assert isinstance(tracker, TaskTracker)
    assert TOKEN not in repr(tracker)


async def test_get_task_converts_clickup_json(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    task = await tracker.get_task("t1")
    assert (task.id, task.name, task.status, task.list_id, task.custom_id) == (
        "t1",
        "Fix login",
        "to do",
        "L1",
        "APP-7",
    )
    assert task.url == "https://app.clickup.com/t/t1"
    assert task.assignees == [Member(id=ANN, username="Ann Lee", email="ann@example.com")]
    assert task.tags == ["bug"]
    assert task.date_updated is not None and task.date_updated.tzinfo is not None
    [call] = sim.calls("GET", "/api/v2/task/t1")
    assert call.headers["authorization"] == TOKEN
    assert call.query == {}


async def test_custom_id_lookup(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    task = await tracker.get_task("APP-7", custom_id=True)
    assert task.id == "t1"
    assert queries(sim, "/api/v2/task/APP-7") == [{"custom_task_ids": ["true"], "team_id": [TEAM]}]


async def test_pagination_across_250_tasks(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    sim.add_list("L2", "Big")
    for n in range(250):
        sim.add_task(f"b{n:03}", f"Task {n}", "L2")
    tasks = await tracker.find_tasks(list_id="L2")
    assert [t.id for t in tasks] == [f"b{n:03}" for n in range(250)]
    assert queries(sim, "/api/v2/list/L2/task") == [
        {"page": [str(page)], "include_closed": ["false"], "include_timl": ["true"], "subtasks": ["true"]}
        for page in range(3)
    ]


async def test_pagination_stops_on_last_page(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    sim.add_list("L3", "Exactly one page")
    for n in range(100):
        sim.add_task(f"c{n}", f"Task {n}", "L3")
    assert len(await tracker.find_tasks(list_id="L3")) == 100
    assert queries(sim, "/api/v2/list/L3/task") == [
        {"page": ["0"], "include_closed": ["false"], "include_timl": ["true"], "subtasks": ["true"]}]


async def test_a_lists_listing_includes_tasks_added_to_it_from_another_list(
        tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    sim.add_list("L4", "QA board")
    sim.add_task("m1", "Lives in L1, shown on the QA board", "L1")
    sim.add_to_list("m1", "L4")
    sim.add_task("m2", "Lives on the QA board", "L4")
    found = await tracker.find_tasks(list_id="L4")
    assert [(t.id, t.lists) for t in found] == [("m1", ["L1", "L4"]), ("m2", ["L4"])]
    assert (await tracker.get_task("m1")).other_lists == ["L4"]


async def test_team_search_with_filters(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    sim.add_task("t2", "Review docs", "L1", "In Review", assignees=[BOB])
    sim.add_task("t3", "Old one", "L1", "in review", assignees=[BOB], date_updated=1_000)
    sim.add_task("t4", "Shipped", "L1", "done", assignees=[BOB])
    since = datetime(2020, 1, 1, tzinfo=UTC)
    found = await tracker.find_tasks(statuses=["IN REVIEW", "done"], assignees=[BOB], updated_since=since)
    assert [t.id for t in found] == ["t2"]
    closed_too = await tracker.find_tasks(
        statuses=["in review", "done"], assignees=[BOB], include_closed=True
    )
    assert [t.id for t in closed_too] == ["t2", "t3", "t4"]
    assert queries(sim, f"/api/v2/team/{TEAM}/task") == [
        {
            "page": ["0"],
            "statuses[]": ["IN REVIEW", "done"],
            "assignees[]": [BOB],
            "date_updated_gt": [str(int(since.timestamp() * 1000))],
            "include_closed": ["false"],
            "subtasks": ["true"],
        },
        {
            "page": ["0"],
            "statuses[]": ["in review", "done"],
            "assignees[]": [BOB],
            "include_closed": ["true"],
            "subtasks": ["true"],
        },
    ]


async def test_status_and_assignees_in_one_put(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    task = await tracker.update_task("t1", status="in review", add_assignees=[BOB], remove_assignees=[ANN])
    assert task.status == "in review"
    assert [m.id for m in task.assignees] == [BOB]
    assert [(r.method, r.path, r.json) for r in sim.writes()] == [
        ("PUT", "/api/v2/task/t1", {"status": "in review", "assignees": {"add": [102], "rem": [101]}}),
    ]
    assert [h["field"] for h in sim.history["t1"]] == ["status", "assignee_add", "assignee_rem"]
    assert {h["user"]["id"] for h in sim.history["t1"]} == {int(sim.bot_user_id)}


async def test_due_date_and_priority(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    due = datetime(2030, 5, 17, 12, 0, tzinfo=UTC)
    task = await tracker.update_task("t1", due_date=due, priority=2)
    assert (task.due_date, task.priority) == (due, "high")
    [put] = sim.writes()
    assert put.json == {"due_date": 1905249600000, "priority": 2}


async def test_unknown_status_is_rejected_with_clickups_code(tracker: ClickUpTracker) -> None:
    with pytest.raises(PlatformRejected, match="SIM_STATUS_001"):
        await tracker.update_task("t1", status="shipped to mars")


async def test_comment_and_comments(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    sim.human_comment("t1", ANN, "Is this ready?")
    comment_id = await tracker.comment("t1", "Looking now.")
    [post] = sim.calls("POST", "/api/v2/task/t1/comment")
    assert post.json == {"comment_text": "Looking now.", "notify_all": False}
    thread = await tracker.comments("t1")
    assert [(c.text, c.author.id if c.author else None) for c in thread] == [
        ("Is this ready?", ANN),
        ("Looking now.", sim.bot_user_id),
    ]
    assert thread[1].id == comment_id


async def test_members_statuses_whoami(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    assert [m.id for m in await tracker.members()] == [sim.bot_user_id, ANN, BOB]
    assert await tracker.list_statuses("L1") == ["to do", "in progress", "in review", "done"]
    assert (await tracker.whoami()).id == sim.bot_user_id


async def test_rate_limit_reset_is_honoured(
    tracker: ClickUpTracker, sim: ClickUpSimulator, waits: list[float]
) -> None:
    reset = int(time.time()) + 3
    sim.fail_next(
        "/api/v2/task/t1",
        429,
        headers={"X-RateLimit-Reset": str(reset)},
        body={"err": "Rate limit reached", "ECODE": "APP_002"},
    )
    assert (await tracker.get_task("t1")).id == "t1"
    assert len(sim.calls("GET", "/api/v2/task/t1")) == 2
    [wait] = waits
    assert 1.0 < wait <= 3.0


async def test_rate_limit_beyond_max_wait_raises(
    tracker: ClickUpTracker, sim: ClickUpSimulator, waits: list[float]
) -> None:
    sim.fail_next("/api/v2/task/t1", 429, headers={"X-RateLimit-Reset": str(int(time.time()) + 120)})
    with pytest.raises(RateLimited) as caught:
        await tracker.get_task("t1")
    assert 100 < caught.value.retry_after <= 120
    assert waits == []
    assert len(sim.calls("GET", "/api/v2/task/t1")) == 1


async def test_rate_limit_that_never_ends_raises_after_retries(
    tracker: ClickUpTracker, sim: ClickUpSimulator, waits: list[float]
) -> None:
    sim.fail_next("/api/v2/task/t1", 429, times=10, headers={"X-RateLimit-Reset": str(int(time.time()) + 1)})
    with pytest.raises(RateLimited):
        await tracker.get_task("t1")
    assert len(waits) == 3
    assert len(sim.calls("GET", "/api/v2/task/t1")) == 4


async def test_bad_token_is_auth_failed(sim: ClickUpSimulator) -> None:
    client = ClickUpTracker("pk_wrong_token", base_url=sim.base_url, team_id=TEAM)
    try:
        with pytest.raises(AuthFailed, match="OAUTH_025") as caught:
            await client.whoami()
        assert "pk_wrong_token" not in str(caught.value)
    finally:
        await client.aclose()


async def test_missing_task_is_not_found(tracker: ClickUpTracker) -> None:
    with pytest.raises(NotFound):
        await tracker.get_task("nope")


async def test_server_errors_retry_then_unavailable(
    tracker: ClickUpTracker, sim: ClickUpSimulator, waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sim.fail_next("/api/v2/task/t1", 500, times=10, body={"err": "Internal", "ECODE": "SRV_1"})
    with pytest.raises(Unavailable):
        await tracker.get_task("t1")
    assert len(sim.calls("GET", "/api/v2/task/t1")) == 4
    assert waits == [0.25, 0.5, 1.0]
    assert TOKEN not in caplog.text


async def test_one_server_error_is_retried(
    tracker: ClickUpTracker, sim: ClickUpSimulator, waits: list[float]
) -> None:
    sim.fail_next("/api/v2/task/t1", 503)
    assert (await tracker.get_task("t1")).id == "t1"
    assert len(waits) == 1


async def test_connection_refused_is_unavailable(waits: list[float]) -> None:
    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    client = ClickUpTracker(TOKEN, base_url=f"http://127.0.0.1:{free_port()}/api/v2", sleep=fake_sleep)
    try:
        with pytest.raises(Unavailable):
            await client.get_task("t1")
    finally:
        await client.aclose()
    assert len(waits) == 3
