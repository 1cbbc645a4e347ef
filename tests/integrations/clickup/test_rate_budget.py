"""ClickUpTracker asks its request budget before every request it sends, retries included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from integrations.clickup.client import ClickUpTracker
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.ratelimit import InProcessBudget, as_background

TOKEN = "pk_test_0123456789"
TEAM = "9011000001"


class RecordingBudget:
    """A budget that lets everything through and remembers what kind of work asked."""

    def __init__(self) -> None:
        self.asked: list[bool] = []

    async def acquire(self, *, background: bool) -> None:
        self.asked.append(background)


@pytest.fixture
def sim() -> Iterator[ClickUpSimulator]:
    simulator = ClickUpSimulator(token=TOKEN, team_id=TEAM)
    simulator.add_list("L1", "Sprint")
    simulator.add_task("t1", "Fix login", "L1")
    with simulator:
        yield simulator


async def test_every_request_asks_the_budget_with_its_kind_of_work(sim: ClickUpSimulator) -> None:
    budget = RecordingBudget()
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    sim.fail_next("/api/v2/task/t1", 503)
    async with ClickUpTracker(TOKEN, base_url=sim.base_url, team_id=TEAM, budget=budget, sleep=no_sleep) as tracker:
        await tracker.get_task("t1")  # a 503 and its retry: two requests
        with as_background():
            await tracker.find_tasks(list_id="L1")
        await tracker.comments("t1")
    assert [(r.method, r.path) for r in sim.calls()] == [
        ("GET", "/api/v2/task/t1"),
        ("GET", "/api/v2/task/t1"),
        ("GET", "/api/v2/list/L1/task"),
        ("GET", "/api/v2/task/t1/comment"),
    ]
    assert budget.asked == [False, False, True, False]


async def test_requests_beyond_the_limit_wait_before_they_are_sent(sim: ClickUpSimulator) -> None:
    now = [1_800_000_000.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    budget = InProcessBudget(2, clock=lambda: now[0], sleep=sleep)
    async with ClickUpTracker(TOKEN, base_url=sim.base_url, team_id=TEAM, budget=budget) as tracker:
        for _ in range(2):
            await tracker.get_task("t1")
        assert (len(sim.calls()), slept) == (2, [])
        await tracker.get_task("t1")
    assert (len(sim.calls()), slept, budget.used) == (3, [65.0], 1)
