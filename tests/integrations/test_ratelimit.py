"""The in-process request budget: a sliding one-minute window with a reserve for agent work."""

from __future__ import annotations

import asyncio

import pytest

from integrations.ratelimit import InProcessBudget, RequestBudget, Window, as_background, background_work

T0 = 1_800_000_000.0  # on a bucket boundary (a multiple of 5 s)


class FakeTime:
    """A clock that only moves when a caller sleeps."""

    def __init__(self, start: float = T0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def budget(limit: int, fake: FakeTime, share: float = 0.8) -> InProcessBudget:
    return InProcessBudget(limit, background_share=share, clock=fake, sleep=fake.sleep)


def test_is_a_request_budget() -> None:
    assert isinstance(InProcessBudget(), RequestBudget)
    assert (InProcessBudget().limit, InProcessBudget(1000).limit) == (100, 1000)


async def test_requests_past_the_limit_wait_for_the_window_to_slide() -> None:
    fake = FakeTime()
    b = budget(3, fake)
    for _ in range(3):
        await b.acquire(background=False)
    assert (fake.slept, b.used) == ([], 3)
    await b.acquire(background=False)
    # Counted in 5-second buckets, the first three leave the window once 65 s cover them for sure.
    assert fake.slept == [65.0]
    assert (b.used, b.throttled) == (1, 1)


async def test_no_minute_ever_holds_more_than_the_limit() -> None:
    fake = FakeTime(T0 + 2.5)
    b = budget(10, fake)
    sent: list[float] = []
    for n in range(45):
        await b.acquire(background=False)
        sent.append(fake.now)
        fake.now += 0.7 * (n % 4)  # uneven gaps, so requests straddle bucket edges
    busiest = max(sum(1 for t in sent if start <= t < start + 60) for start in sent)
    assert busiest == 10
    assert sent[-1] - sent[0] < 5 * 65  # it waits no longer than it must


async def test_background_work_leaves_a_reserve_for_agents() -> None:
    fake = FakeTime()
    b = budget(5, fake)  # background may fill 4 of 5
    for _ in range(4):
        assert await b.try_acquire(background=True) == 0.0
    assert await b.try_acquire(background=True) == 65.0
    assert await b.try_acquire(background=False) == 0.0
    assert await b.try_acquire(background=False) == 65.0
    assert b.used == 5


async def test_wait_is_for_the_oldest_bucket_that_frees_enough() -> None:
    fake = FakeTime()
    b = budget(4, fake)
    for gap in (0, 10, 10, 10):
        fake.now += gap
        assert await b.try_acquire(background=False) == 0.0
    # Requests at T0, +10, +20, +30; at +30 one free slot appears when T0's bucket leaves: T0 + 65.
    assert await b.try_acquire(background=False) == pytest.approx(35.0)


def test_window_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        Window(0)
    with pytest.raises(ValueError):
        Window(100, background_share=0)
    assert (Window(100).cap(True), Window(100).cap(False), Window(1).cap(True)) == (80, 100, 1)


async def test_as_background_marks_work_and_its_tasks() -> None:
    async def flag() -> bool:
        return background_work.get()

    assert background_work.get() is False
    with as_background():
        assert background_work.get() is True
        assert await asyncio.create_task(flag()) is True
    assert background_work.get() is False
    assert await asyncio.create_task(flag()) is False
