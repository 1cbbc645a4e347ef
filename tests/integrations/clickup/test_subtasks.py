"""ClickUp leaves subtasks out of task listings unless asked; find_tasks asks by default."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from integrations.clickup.client import ClickUpTracker
from integrations.clickup.sim.api import ClickUpSimulator

TOKEN = "pk_test_0123456789"
TEAM = "9011000001"
ANN = "101"


@pytest.fixture
def sim() -> Iterator[ClickUpSimulator]:
    simulator = ClickUpSimulator(token=TOKEN, team_id=TEAM)
    simulator.add_user(ANN, "Ann Lee", "ann@example.com")
    simulator.add_list("L1", "Sprint", ["to do", "ready for testing", "done"])
    simulator.add_task("epic", "Checkout", "L1", "to do")
    simulator.add_task("sub", "Coupons", "L1", "ready for testing", assignees=[ANN], parent="epic")
    simulator.add_task("subsub", "Coupon API", "L1", "ready for testing", parent="sub")
    with simulator:
        yield simulator


@pytest.fixture
async def tracker(sim: ClickUpSimulator) -> AsyncIterator[ClickUpTracker]:
    async with ClickUpTracker(TOKEN, base_url=sim.base_url, team_id=TEAM) as client:
        yield client


def queries(sim: ClickUpSimulator, path: str) -> list[dict[str, list[str]]]:
    return [r.query for r in sim.calls("GET", path)]


async def test_list_query_includes_subtasks(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    found = await tracker.find_tasks(list_id="L1", statuses=["ready for testing"])
    assert [t.id for t in found] == ["sub", "subsub"]
    assert queries(sim, "/api/v2/list/L1/task") == [
        {"page": ["0"], "statuses[]": ["ready for testing"], "include_closed": ["false"], "include_timl": ["true"],
         "subtasks": ["true"]}
    ]


async def test_team_query_includes_subtasks(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    assert [t.id for t in await tracker.find_tasks(assignees=[ANN])] == ["sub"]
    assert queries(sim, f"/api/v2/team/{TEAM}/task") == [
        {"page": ["0"], "assignees[]": [ANN], "include_closed": ["false"], "subtasks": ["true"]}
    ]


async def test_subtasks_can_be_left_out(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    assert [t.id for t in await tracker.find_tasks(list_id="L1", subtasks=False)] == ["epic"]
    assert queries(sim, "/api/v2/list/L1/task") == [
        {"page": ["0"], "include_closed": ["false"], "include_timl": ["true"], "subtasks": ["false"]}
    ]


def test_simulator_leaves_subtasks_out_by_default(sim: ClickUpSimulator) -> None:
    auth = {"Authorization": TOKEN}
    plain = httpx.get(f"{sim.base_url}/list/L1/task", headers=auth).json()["tasks"]
    team = httpx.get(f"{sim.base_url}/team/{TEAM}/task", headers=auth).json()["tasks"]
    every = httpx.get(f"{sim.base_url}/list/L1/task", params={"subtasks": "true"}, headers=auth).json()["tasks"]
    assert [t["id"] for t in plain] == [t["id"] for t in team] == ["epic"]
    assert [(t["id"], t["parent"], t["top_level_parent"]) for t in every] == [
        ("epic", None, None), ("sub", "epic", "epic"), ("subsub", "sub", "epic")
    ]
