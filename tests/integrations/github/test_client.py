"""GitHubHost (PyGithub) against a running GitHubSimulator, over real HTTP."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from integrations.errors import AuthFailed, InvalidSignature, NotFound, PlatformRejected, RateLimited, Unavailable
from integrations.github.client import GitHubHost
from integrations.github.sim.api import GitHubSimulator
from integrations.github.webhook import GitHubWebhook
from integrations.models import Commit, PullRequest, Review
from integrations.protocols import CodeHost
from integrations.sim_base import Simulator, free_port

TOKEN = "ghp_test_0123456789abcdef"
REPO = "acme/webapp"
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def sim() -> Iterator[GitHubSimulator]:
    simulator = GitHubSimulator(token=TOKEN, clock=lambda: T0)
    simulator.add_repo(REPO)
    simulator.add_pull(REPO, 7, "CU-42 Coupon codes", "dana", "feature/CU-42-coupons", body="Adds coupons.",
                       requested_reviewers=["lee"])
    simulator.add_pull(REPO, 8, "Old experiment", "sam", "exp/old", state="closed")
    simulator.add_pull(REPO, 9, "WIP profile", "sam", "feature/profile", draft=True)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
async def host(sim: GitHubSimulator) -> AsyncIterator[GitHubHost]:
    client = GitHubHost(TOKEN, base_url=sim.base_url, retries=0)
    yield client
    await client.aclose()


def test_is_a_code_host(host: GitHubHost) -> None:
    assert isinstance(host, CodeHost)
    assert TOKEN not in repr(host)


async def test_pull_request(host: GitHubHost, sim: GitHubSimulator) -> None:
    pr = await host.pull_request(REPO, 7)
    assert pr == PullRequest(
        repo=REPO,
        number=7,
        title="CU-42 Coupon codes",
        url=f"http://127.0.0.1:{sim.port}/{REPO}/pull/7",
        author="dana",
        state="open",
        merged=False,
        draft=False,
        head_ref="feature/CU-42-coupons",
        head_sha=sim.pull(REPO, 7)["head"]["sha"],
        body="Adds coupons.",
        requested_reviewers=["lee"],
        updated_at=T0,
    )
    assert [(r.method, r.path) for r in sim.calls()] == [("GET", f"/repos/{REPO}/pulls/7")]
    assert sim.calls()[0].headers["authorization"] == f"token {TOKEN}"


async def test_merged_and_closed_pull_requests(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.merge(REPO, 7)
    merged = await host.pull_request(REPO, 7)
    closed = await host.pull_request(REPO, 8)
    assert (merged.state, merged.merged) == ("closed", True)
    assert (closed.state, closed.merged) == ("closed", False)


async def test_open_pull_requests_follow_pagination(host: GitHubHost, sim: GitHubSimulator) -> None:
    for number in range(100, 250):
        sim.add_pull(REPO, number, f"Change {number}", "dana", f"feature/{number}")
    sim.close(REPO, 120)
    pulls = await host.open_pull_requests(REPO)
    expected = sorted([7, 9, *range(100, 250)], reverse=True)
    expected.remove(120)
    assert [p.number for p in pulls] == expected
    assert {p.state for p in pulls} == {"open"}
    assert next(p for p in pulls if p.number == 9).draft is True
    listing = sim.calls("GET", f"/repos/{REPO}/pulls")
    assert [r.query for r in listing] == [
        {"state": ["open"], "per_page": ["100"]},
        {"state": ["open"], "per_page": ["100"], "page": ["2"]},
    ]
    assert len(sim.calls()) == 2  # converting listed pulls never fetches each one


async def test_simulator_link_header_is_githubs(sim: GitHubSimulator) -> None:
    for number in range(100, 165):
        sim.add_pull(REPO, number, f"Change {number}", "dana", f"feature/{number}")
    response = httpx.get(f"{sim.base_url}/repos/{REPO}/pulls", params={"page": 2, "per_page": 30},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    base = f"{sim.base_url}/repos/{REPO}/pulls"
    assert response.headers["link"] == (
        f'<{base}?page=1&per_page=30>; rel="prev", <{base}?page=3&per_page=30>; rel="next", '
        f'<{base}?page=3&per_page=30>; rel="last", <{base}?page=1&per_page=30>; rel="first"'
    )
    assert len(response.json()) == 30
    assert all(item["url"].startswith(sim.base_url) for item in response.json())


async def test_reviews(host: GitHubHost, sim: GitHubSimulator) -> None:
    first = sim.add_review(REPO, 7, "lee", "changes_requested")
    second = sim.add_review(REPO, 7, "kim", "APPROVED")
    assert await host.reviews(REPO, 7) == [
        Review(id=first["id"], reviewer="lee", state="changes_requested", submitted_at=T0),
        Review(id=second["id"], reviewer="kim", state="approved", submitted_at=T0),
    ]
    assert await host.reviews(REPO, 9) == []


async def test_commits_since(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.add_commit(REPO, "a" * 40, "Old change", "dana", "2026-11-01T10:00:00Z")
    sim.add_commit(REPO, "b" * 40, "CU-42 Apply coupons\n\nDetails.", "dana", datetime(2026, 11, 21, 9, 30, tzinfo=UTC))
    sim.add_commit(REPO, "c" * 40, "Fix typo", "sam", "2026-11-22T12:00:00Z")
    commits = await host.commits_since(REPO, datetime(2026, 11, 21, 0, 0, tzinfo=UTC))
    assert commits == [
        Commit(sha="c" * 40, message="Fix typo", author="sam", date=datetime(2026, 11, 22, 12, 0, tzinfo=UTC)),
        Commit(sha="b" * 40, message="CU-42 Apply coupons\n\nDetails.", author="dana",
               date=datetime(2026, 11, 21, 9, 30, tzinfo=UTC)),
    ]
    (call,) = sim.calls("GET", f"/repos/{REPO}/commits")
    assert call.query == {"since": ["2026-11-21T00:00:00Z"], "per_page": ["100"]}


async def test_comment(host: GitHubHost, sim: GitHubSimulator) -> None:
    comment_id = await host.comment(REPO, 7, "QA: ready for testing — assigned to @lee")
    (call,) = sim.writes()
    assert (call.method, call.path) == ("POST", f"/repos/{REPO}/issues/7/comments")
    assert call.json == {"body": "QA: ready for testing — assigned to @lee"}
    assert comment_id == 1000000001
    assert sim.comments_on(REPO, 7) == ["QA: ready for testing — assigned to @lee"]
    listed = httpx.get(f"{sim.base_url}/repos/{REPO}/issues/7/comments",
                       headers={"Authorization": f"token {TOKEN}"}).json()
    assert [(c["id"], c["body"], c["user"]["login"]) for c in listed] == [
        (1000000001, "QA: ready for testing — assigned to @lee", "pmbot[bot]")
    ]


async def test_whoami(host: GitHubHost) -> None:
    assert await host.whoami() == "pmbot[bot]"


async def test_bad_token_is_auth_failed(sim: GitHubSimulator, caplog: pytest.LogCaptureFixture) -> None:
    host = GitHubHost("ghp_wrong_token_value", base_url=sim.base_url, retries=0)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AuthFailed):
        await host.whoami()
    with pytest.raises(AuthFailed):
        await host.pull_request(REPO, 7)
    assert "ghp_wrong_token_value" not in caplog.text
    await host.aclose()


async def test_missing_objects_are_not_found(host: GitHubHost) -> None:
    with pytest.raises(NotFound):
        await host.pull_request(REPO, 404)
    with pytest.raises(NotFound):
        await host.open_pull_requests("acme/nothing")
    with pytest.raises(NotFound):
        await host.comment(REPO, 404, "hello")
    with pytest.raises(NotFound):
        await host.reviews(REPO, 404)


async def test_primary_rate_limit(host: GitHubHost, sim: GitHubSimulator) -> None:
    reset = int(time.time()) + 120
    sim.fail_next(f"/repos/{REPO}/pulls/7", 403, body={"message": "API rate limit exceeded for user ID 1."},
                  headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)})
    with pytest.raises(RateLimited) as caught:
        await host.pull_request(REPO, 7)
    assert 110 <= caught.value.retry_after <= 120
    assert len(sim.calls()) == 1  # no retry inside the client: the worker reschedules


async def test_secondary_rate_limit_and_429_use_retry_after(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.fail_next("/repos", 403, body={"message": "You have exceeded a secondary rate limit."},
                  headers={"Retry-After": "30"})
    with pytest.raises(RateLimited) as caught:
        await host.open_pull_requests(REPO)
    assert caught.value.retry_after == 30
    sim.fail_next("/repos", 429, body={"message": "Too many requests"}, headers={"Retry-After": "7"})
    with pytest.raises(RateLimited) as caught:
        await host.reviews(REPO, 7)
    assert caught.value.retry_after == 7


async def test_forbidden_without_rate_limit_is_rejected(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.fail_next("/repos", 403, body={"message": "Resource not accessible by integration"})
    with pytest.raises(PlatformRejected):
        await host.comment(REPO, 7, "hi")
    sim.fail_next("/repos", 422, body={"message": "Validation Failed"})
    with pytest.raises(PlatformRejected):
        await host.comment(REPO, 7, "hi")


async def test_server_errors_are_unavailable(host: GitHubHost, sim: GitHubSimulator) -> None:
    sim.fail_next("/repos", 502, body={"message": "Server Error"})
    with pytest.raises(Unavailable):
        await host.pull_request(REPO, 7)


async def test_transient_errors_are_retried_when_configured(sim: GitHubSimulator) -> None:
    host = GitHubHost(TOKEN, base_url=sim.base_url, retries=2)
    sim.fail_next(f"/repos/{REPO}/pulls/7", 503, body={"message": "Unavailable"})
    assert (await host.pull_request(REPO, 7)).number == 7
    assert len(sim.calls("GET", f"/repos/{REPO}/pulls/7")) == 2
    await host.aclose()


async def test_unreachable_host_is_unavailable() -> None:
    host = GitHubHost(TOKEN, base_url=f"http://127.0.0.1:{free_port()}", retries=0)
    with pytest.raises(Unavailable):
        await host.whoami()
    await host.aclose()


class Receiver(Simulator):
    """A stand-in webhook endpoint that only records what it receives."""

    name = "receiver"

    def routes(self) -> None:
        @self.app.post("/hook")
        async def hook() -> dict[str, bool]:
            return {"ok": True}


def test_simulator_delivers_signed_webhooks(sim: GitHubSimulator) -> None:
    sim.merge(REPO, 7)
    payload = sim.pull_request_payload("closed", REPO, 7)
    with Receiver() as receiver:
        response = sim.deliver(f"{receiver.base_url}/hook", "pull_request", payload, "s3cret", delivery="d-9")
        (call,) = receiver.calls("POST", "/hook")
    assert response.status_code == 200
    source = GitHubWebhook("s3cret")
    source.verify(call.headers, call.body)
    assert call.headers["x-github-event"] == "pull_request"
    events = source.to_events(call.headers, call.json)
    assert [(e.id, e.type, e.actor, e.data["merged"], e.data["head_ref"]) for e in events] == [
        ("github:d-9", "pr.merged", "dana", True, "feature/CU-42-coupons")
    ]
    with pytest.raises(InvalidSignature):
        source.verify(sim.webhook_headers("push", call.body, "other-secret"), call.body)
