"""GitHub's rate-limit headers and the client's rule for telling a rate limit from a permission error."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from integrations.errors import PlatformRejected, RateLimited
from integrations.github.client import GitHubHost
from integrations.github.sim.api import GitHubSimulator

TOKEN = "ghp_test_0123456789abcdef"
REPO = "acme/webapp"
RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset",
                "x-ratelimit-resource")


@pytest.fixture
def sim() -> Iterator[GitHubSimulator]:
    simulator = GitHubSimulator(token=TOKEN, rate_limit=5)
    simulator.add_repo(REPO)
    simulator.add_pull(REPO, 7, "CU-42 Coupon codes", "dana", "feature/CU-42-coupons")
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
async def host(sim: GitHubSimulator) -> AsyncIterator[GitHubHost]:
    client = GitHubHost(TOKEN, base_url=sim.base_url, retries=0)
    yield client
    await client.aclose()


def rate(response: httpx.Response) -> dict[str, str]:
    return {name: response.headers[name] for name in RATE_HEADERS if name in response.headers}


def test_simulator_sends_rate_limit_headers_on_every_response(sim: GitHubSimulator) -> None:
    auth = {"Authorization": f"token {TOKEN}"}
    ok = httpx.get(f"{sim.base_url}/repos/{REPO}", headers=auth)
    missing = httpx.get(f"{sim.base_url}/repos/{REPO}/pulls/404", headers=auth)
    sim.fail_next("/repos", 403, body={"message": "Resource not accessible by integration"})
    faulted = httpx.post(f"{sim.base_url}/repos/{REPO}/issues/7/comments", json={"body": "hi"}, headers=auth)
    anonymous = httpx.get(f"{sim.base_url}/repos/{REPO}")
    reset = rate(ok)["x-ratelimit-reset"]
    assert int(reset) > time.time()
    # Each credential's hour starts at its first request: the anonymous one began a moment later.
    anonymous_reset = rate(anonymous)["x-ratelimit-reset"]
    assert 0 <= int(anonymous_reset) - int(reset) <= 5
    assert [(r.status_code, rate(r)) for r in (ok, missing, faulted, anonymous)] == [
        (200, {"x-ratelimit-limit": "5", "x-ratelimit-remaining": "4", "x-ratelimit-used": "1",
               "x-ratelimit-reset": reset, "x-ratelimit-resource": "core"}),
        (404, {"x-ratelimit-limit": "5", "x-ratelimit-remaining": "3", "x-ratelimit-used": "2",
               "x-ratelimit-reset": reset, "x-ratelimit-resource": "core"}),
        (403, {"x-ratelimit-limit": "5", "x-ratelimit-remaining": "2", "x-ratelimit-used": "3",
               "x-ratelimit-reset": reset, "x-ratelimit-resource": "core"}),
        # Requests without valid credentials count against GitHub's 60-an-hour anonymous limit.
        (401, {"x-ratelimit-limit": "60", "x-ratelimit-remaining": "59", "x-ratelimit-used": "1",
               "x-ratelimit-reset": anonymous_reset, "x-ratelimit-resource": "core"}),
    ]


async def test_permission_error_is_rejected_with_githubs_message(host: GitHubHost, sim: GitHubSimulator) -> None:
    """A 403 that is not a rate limit still carries x-ratelimit-reset (an hour ahead): it must not wait."""
    sim.fail_next("/repos", 403, body={"message": "Resource not accessible by integration"})
    with pytest.raises(PlatformRejected, match="403: Resource not accessible by integration"):
        await host.comment(REPO, 7, "hi")
    assert [(r.method, r.path) for r in sim.calls()] == [("POST", f"/repos/{REPO}/issues/7/comments")]


async def test_exhausted_primary_limit_waits_until_reset(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.rate.exhaust("token")
    with pytest.raises(RateLimited, match="API rate limit exceeded") as caught:
        await host.pull_request(REPO, 7)
    assert 3590 <= caught.value.retry_after <= 3600
    assert len(sim.calls()) == 1


async def test_secondary_limit_without_retry_after_waits_a_minute(host: GitHubHost, sim: GitHubSimulator) -> None:
    """Docs: with no retry-after and remaining above 0, wait at least one minute (not until reset)."""
    sim.fail_next("/repos", 403, body={"message": "You have exceeded a secondary rate limit. Please wait."})
    with pytest.raises(RateLimited) as caught:
        await host.pull_request(REPO, 7)
    assert caught.value.retry_after == 60


async def test_429_without_headers_waits_a_minute(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.fail_next("/repos", 429, body={"message": "Too many requests"})
    with pytest.raises(RateLimited) as caught:
        await host.pull_request(REPO, 7)
    assert caught.value.retry_after == 60


async def test_retry_after_alone_makes_a_403_a_rate_limit(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.fail_next("/repos", 403, body={"message": "Forbidden"}, headers={"Retry-After": "12"})
    with pytest.raises(RateLimited) as caught:
        await host.pull_request(REPO, 7)
    assert caught.value.retry_after == 12
