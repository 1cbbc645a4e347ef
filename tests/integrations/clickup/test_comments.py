"""Task comments come 25 a page, newest first; ClickUpTracker.comments reads them all, oldest first."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from integrations.clickup.client import ClickUpTracker
from integrations.clickup.sim.api import ClickUpSimulator

TOKEN = "pk_test_0123456789"
TEAM = "9011000001"
ANN, BOB = "101", "102"
T0 = 1_795_000_000_000  # ms


@pytest.fixture
def sim() -> Iterator[ClickUpSimulator]:
    simulator = ClickUpSimulator(token=TOKEN, team_id=TEAM)
    simulator.add_user(ANN, "Ann Lee", "ann@example.com")
    simulator.add_user(BOB, "Bob Ray", "bob@example.com")
    simulator.add_list("L1", "Sprint")
    simulator.add_task("t1", "Fix login", "L1")
    with simulator:
        yield simulator


@pytest.fixture
async def tracker(sim: ClickUpSimulator) -> AsyncIterator[ClickUpTracker]:
    async with ClickUpTracker(TOKEN, base_url=sim.base_url, team_id=TEAM) as client:
        yield client


def seed(sim: ClickUpSimulator, count: int) -> list[str]:
    """`count` comments a second apart, alternating authors; their ids, oldest first."""
    return [sim.human_comment("t1", (ANN, BOB)[n % 2], f"comment {n}", date=T0 + n * 1000) for n in range(count)]


def page_queries(sim: ClickUpSimulator) -> list[dict[str, list[str]]]:
    return [r.query for r in sim.calls("GET", "/api/v2/task/t1/comment")]


async def test_comments_page_until_a_short_page(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    ids = seed(sim, 60)
    thread = await tracker.comments("t1")
    assert [(c.id, c.text, c.author.id if c.author else None) for c in thread] == [
        (ids[n], f"comment {n}", (ANN, BOB)[n % 2]) for n in range(60)
    ]
    # Page 1 holds comments 59..35, page 2 34..10, page 3 the last ten (short: stop).
    assert page_queries(sim) == [
        {},
        {"start": [str(T0 + 35_000)], "start_id": [ids[35]]},
        {"start": [str(T0 + 10_000)], "start_id": [ids[10]]},
    ]


async def test_a_full_last_page_costs_one_empty_read(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    ids = seed(sim, 25)
    assert [c.id for c in await tracker.comments("t1")] == ids
    assert page_queries(sim) == [{}, {"start": [str(T0)], "start_id": [ids[0]]}]


async def test_no_comments(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    assert await tracker.comments("t1") == []
    assert page_queries(sim) == [{}]


def test_simulator_pages_newest_first_from_start_and_start_id(sim: ClickUpSimulator) -> None:
    ids = seed(sim, 30)
    auth = {"Authorization": TOKEN}
    url = f"{sim.base_url}/task/t1/comment"
    first = httpx.get(url, headers=auth).json()["comments"]
    assert [c["id"] for c in first] == ids[29:4:-1]
    older = httpx.get(url, params={"start": first[-1]["date"], "start_id": first[-1]["id"]}, headers=auth)
    assert [c["id"] for c in older.json()["comments"]] == ids[4::-1]
    half = httpx.get(url, params={"start": first[-1]["date"]}, headers=auth)
    assert half.status_code == 400
