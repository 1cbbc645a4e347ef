"""GitHub's secondary limits: mutating requests one at a time and at least a second apart, per token and across
replicas; the simulator refuses writes that come closer, as GitHub does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from bot.storage.budget import DatabaseBudget
from bot.storage.db import Database
from integrations.github.client import GitHubHost
from integrations.github.sim.api import GitHubSimulator

TOKEN = "ghp_test_0123456789abcdef"
REPO = "acme/webapp"


@pytest.fixture
def sim() -> Iterator[GitHubSimulator]:
    simulator = GitHubSimulator(token=TOKEN)
    simulator.add_repo(REPO)
    simulator.add_pull(REPO, 7, "CU-42 Coupon codes", "dana", "feature/CU-42-coupons")
    simulator.start()
    yield simulator
    simulator.stop()


def test_the_simulator_refuses_writes_less_than_a_second_apart(sim: GitHubSimulator) -> None:
    headers = {"Authorization": f"token {TOKEN}"}
    url = f"{sim.base_url}/repos/{REPO}/issues/7/comments"
    first = httpx.post(url, json={"body": "one"}, headers=headers)
    second = httpx.post(url, json={"body": "two"}, headers=headers)
    assert first.status_code == 201
    assert second.status_code == 403 and "secondary rate limit" in second.json()["message"]


async def test_concurrent_comments_go_one_at_a_time_a_second_apart(sim: GitHubSimulator) -> None:
    host = GitHubHost(TOKEN, base_url=sim.base_url, retries=0)
    try:
        await asyncio.gather(*(host.comment(REPO, 7, f"note {n}") for n in range(3)))
    finally:
        await host.aclose()
    assert sorted(sim.comments_on(REPO, 7)) == ["note 0", "note 1", "note 2"]
    assert sim.secondary_refused == 0


async def test_two_replicas_share_the_spacing_through_the_database(sim: GitHubSimulator, db_url: str) -> None:
    db = Database(db_url)
    await db.migrate()
    hosts = [GitHubHost(TOKEN, base_url=sim.base_url, retries=0,
                        write_budget=DatabaseBudget(db, TOKEN, limit=1, platform="github-writes",
                                                    background_share=1.0, seconds=1.0, buckets=1))
             for _ in range(2)]
    try:
        await asyncio.gather(*(h.comment(REPO, 7, f"from {n}") for n, h in enumerate(hosts)))
        assert sim.secondary_refused == 0  # each replica alone would have sent its write at once
        assert sorted(sim.comments_on(REPO, 7)) == ["from 0", "from 1"]
    finally:
        for h in hosts:
            await h.aclose()
        await db.dispose()
