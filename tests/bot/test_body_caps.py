"""Oversized deliveries are refused without being held in memory: a declared Content-Length over the
platform's cap is refused before the body is read, and a streamed body is cut off at the cap — on every
route, eight at a time, with the server's resident memory measured around them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.platforms import SECRETS, sign_slack
from tests.support.server import ProcessServer

MB = 1024 * 1024
BIG = 50 * MB


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def chunks(total: int, size: int = MB) -> Iterator[bytes]:
    block = b"x" * size
    for _ in range(total // size):
        yield block


async def post_big(url: str, *, declared: bool) -> tuple[int, dict[str, object] | None]:
    async def body() -> object:
        for chunk in chunks(BIG):
            yield chunk

    headers = {"Content-Type": "application/json"}
    if declared:
        headers["Content-Length"] = str(BIG)
    async with httpx.AsyncClient(timeout=60) as client:
        try:
            answer = await client.post(url, content=body(), headers=headers)
        except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
            return 0, None  # the server answered and closed while we were still sending: refused all the same
        return answer.status_code, answer.json()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ProcessServer]:
    env = {"PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}", "PMBOT_SCHEDULER": "false",
           "PMBOT_SANDBOX": "false", "CLICKUP_WEBHOOK_SECRET": SECRETS["clickup"],
           "GITHUB_WEBHOOK_SECRET": SECRETS["github"], "SLACK_SIGNING_SECRET": SECRETS["slack"],
           "CLICKUP_API_TOKEN": "", "GITHUB_TOKEN": "", "SLACK_BOT_TOKEN": "xoxb-unreachable",
           "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    proc = ProcessServer(env).start()
    try:
        yield proc
    finally:
        proc.stop()


def test_eight_concurrent_50_mb_posts_are_refused_with_bounded_memory(server: ProcessServer) -> None:
    assert server.proc is not None
    before = rss_mb(server.proc.pid)

    routes = ["/webhooks/clickup", "/webhooks/github", "/slack/events", "/webhooks/clickup"]

    async def flood() -> list[tuple[int, dict[str, object] | None]]:
        return await asyncio.gather(*(post_big(server.url + route, declared=n % 2 == 0)
                                      for n, route in enumerate(routes * 2)))

    answers = asyncio.run(flood())
    after = rss_mb(server.proc.pid)
    print(f"RSS before {before:.0f} MB, after 8 x 50 MB posts {after:.0f} MB")
    seen = [(route, a) for route, a in zip(routes * 2, answers, strict=True) if a[0]]
    # An unsigned GitHub post is refused before its body is read (401); the others by their size (413).
    assert seen and all(answer == (401, {"error": "invalid signature"}) if route == "/webhooks/github" else
                        answer[0] == 413 and answer[1] and answer[1]["error"] == "body too large"
                        for route, answer in seen)
    # 8 × 50 MB sent; held at most one cap's worth per request (GitHub's cap is 25 MB, and it is streamed).
    assert after - before < 80, f"RSS grew from {before:.0f} MB to {after:.0f} MB"


def test_a_signed_slack_request_over_1_mb_is_refused(server: ProcessServer) -> None:
    body = b"payload=" + b"x" * (2 * MB)
    answer = httpx.post(server.url + "/slack/events", content=body,
                        headers=sign_slack(body, "application/x-www-form-urlencoded"), timeout=30)
    assert (answer.status_code, answer.json()) == (413, {"error": "body too large", "limit": MB})
    small = httpx.post(server.url + "/webhooks/clickup", content=b"{}", headers={"X-Signature": "0" * 64})
    assert small.status_code == 401  # under the cap, the road goes on as before


async def test_a_webhook_before_pmbot_has_started_is_asked_to_retry(tmp_path: Path) -> None:
    """The lean receiver answers 503 (the platform retries) until the lifespan has built the runtime."""
    from agents.team import TeamConfig
    from bot.app import create_app
    from bot.settings import Settings

    settings = Settings(_env_file=None, pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}",  # type: ignore[call-arg]
                        pmbot_sandbox=False, github_webhook_secret="s")
    app = create_app(settings, team=TeamConfig())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pmbot") as client:
        response = await client.post("/webhooks/github", content=b"{}", headers={"X-GitHub-Event": "push"})
    assert (response.status_code, response.json()) == (503, {"error": "temporarily unavailable, retry later"})
