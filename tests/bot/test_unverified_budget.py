"""Bodies not yet verified share one memory budget: eight concurrent 24 MB GitHub posts (each under GitHub's 25 MB
cap) are not all held before a signature is checked. A post without any signature is refused before its body is
read; a large body past the budget is asked to retry (503); an ordinary delivery still gets through."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import cast

import httpx
import pytest

from bot.routes.webhooks import MB, PmbotApp, UnverifiedBytes
from tests.conftest import FIXTURES
from tests.support.platforms import Platforms, platforms, sign_github

SIZE = 24 * MB
CHUNK = b"x" * MB


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Platforms]:
    with platforms(tmp_path) as p:
        yield p


def budget(p: Platforms) -> UnverifiedBytes:
    return cast(PmbotApp, p.pmbot.app).lean_webhooks["/webhooks/github"].budget


async def post_24_mb(url: str, headers: dict[str, str], started: list[int], gate: asyncio.Event) -> int:
    async def body() -> AsyncIterator[bytes]:
        yield CHUNK
        started.append(1)
        await gate.wait()  # every post is open (headers in, first megabyte sent) before any finishes
        for _ in range(SIZE // MB - 1):
            yield CHUNK

    async with httpx.AsyncClient(timeout=60) as client:
        try:
            answer = await client.post(url, content=body(), headers={**headers, "Content-Length": str(SIZE)})
        except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
            return 0  # answered and closed while the rest was still being sent: refused all the same
        return answer.status_code


async def flood(p: Platforms, headers: dict[str, str], during: object = None) -> list[int]:
    started: list[int] = []
    gate = asyncio.Event()
    posts = [asyncio.create_task(post_24_mb(p.pmbot.url + "/webhooks/github", headers, started, gate))
             for _ in range(8)]
    for _ in range(200):
        if len(started) == 8:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)
    if callable(during):
        await asyncio.to_thread(during)
    gate.set()
    return list(await asyncio.gather(*posts))


def test_unsigned_posts_are_refused_before_their_bodies_are_read(env: Platforms) -> None:
    statuses = asyncio.run(flood(env, {"X-GitHub-Event": "push", "X-GitHub-Delivery": "u-1",
                                       "Content-Type": "application/json"}))
    assert set(statuses) <= {401, 0} and 401 in statuses
    assert (budget(env).peak, budget(env).held) == (0, 0)  # not one byte of them was held


def test_concurrent_large_bodies_with_bad_signatures__two_held_six_asked_to_retry(env: Platforms) -> None:
    small = (FIXTURES / "github" / "pull_request.opened.json").read_bytes()
    answers: list[httpx.Response] = []

    def ordinary_delivery() -> None:  # while two 24 MB bodies are held
        answers.append(httpx.post(env.pmbot.url + "/webhooks/github", content=small,
                                  headers=sign_github(small, "pull_request", "d-during-flood")))

    bogus = {"X-Hub-Signature-256": "sha256=" + "0" * 64, "X-GitHub-Event": "push", "X-GitHub-Delivery": "b-1",
             "Content-Type": "application/json"}
    statuses = asyncio.run(flood(env, bogus, during=ordinary_delivery))
    spent = budget(env)
    assert sorted(statuses).count(401) == 2 and set(statuses) <= {401, 503, 0}, statuses
    assert spent.refused == 6
    assert spent.peak <= 2 * SIZE + len(small) and spent.held == 0
    assert [(a.status_code, a.json()) for a in answers] == [(200, {"ok": True, "accepted": 1, "duplicates": 0})]


def test_the_budget_keeps_room_for_small_bodies() -> None:
    spent = UnverifiedBytes(64 * MB, reserve=8 * MB, small=MB)
    assert spent.take(25 * MB, total=25 * MB) and spent.take(25 * MB, total=25 * MB)
    assert not spent.take(7 * MB, total=7 * MB)  # a large body may not use the last 8 MB
    assert spent.take(MB, total=MB) and spent.take(50_000, total=50_000)  # an ordinary delivery may
    spent.give(25 * MB)
    assert spent.take(7 * MB, total=7 * MB)
    assert json.dumps({"held": spent.held, "refused": spent.refused}) == json.dumps(
        {"held": 25 * MB + MB + 50_000 + 7 * MB, "refused": 1})
