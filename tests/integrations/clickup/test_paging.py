"""ClickUpTracker.find_tasks asks for several pages at once: every task once and in order, each page asked for
once, and the listing stops at ClickUp's last page (ClickUp API v2 Get Tasks / Get Filtered Team Tasks: `page`
starts at 0, 100 tasks a page, `last_page` in the answer)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest

from integrations.clickup.client import LOOKAHEAD, ClickUpTracker, lookahead
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.errors import Unavailable

TOKEN = "pk_test_paging"
TEAM = "9011000002"


class CountingTransport:
    """The real HTTP session, counting how many requests are on the wire at once (aiohttp's request tracing)."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_start.append(self._started)
        self.trace.on_request_end.append(self._ended)
        self.trace.on_request_exception.append(self._ended)

    async def _started(self, *_: object) -> None:
        self.now += 1
        self.most = max(self.most, self.now)

    async def _ended(self, *_: object) -> None:
        self.now -= 1


@pytest.fixture
def sim() -> Iterator[ClickUpSimulator]:
    simulator = ClickUpSimulator(token=TOKEN, team_id=TEAM)
    simulator.add_list("BIG", "Big", ["to do", "done"])
    for n in range(1250):  # 12 full pages and a last one of 50
        simulator.add_task(f"p{n:05}", f"Task {n}", "BIG")
    simulator.add_list("EVEN", "Exactly twelve pages", ["to do", "done"])
    for n in range(1200):
        simulator.add_task(f"e{n:05}", f"Task {n}", "EVEN")
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def wire() -> CountingTransport:
    return CountingTransport()


@pytest.fixture
async def tracker(sim: ClickUpSimulator, wire: CountingTransport) -> AsyncIterator[ClickUpTracker]:
    async with aiohttp.ClientSession(trace_configs=[wire.trace]) as http:
        yield ClickUpTracker(TOKEN, base_url=sim.base_url, team_id=TEAM, http=http)


def pages_asked(sim: ClickUpSimulator, list_id: str) -> list[int]:
    return [int(r.query["page"][0]) for r in sim.calls("GET", f"/api/v2/list/{list_id}/task")]


def test_lookahead_grows_with_the_listing() -> None:
    assert [lookahead(n) for n in range(1, 12)] == [1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4]
    assert LOOKAHEAD == 4


async def test_pages_at_once_give_every_task_once_in_order(tracker: ClickUpTracker, sim: ClickUpSimulator,
                                                           wire: CountingTransport) -> None:
    tasks = await tracker.find_tasks(list_id="BIG")
    assert [t.id for t in tasks] == [f"p{n:05}" for n in range(1250)]
    asked = pages_asked(sim, "BIG")
    assert len(asked) == len(set(asked)), f"a page was asked for twice: {asked}"
    # Pages 0-12 hold the tasks; reading page 11 asked up to 11 + lookahead(12) = 15; nothing past that.
    assert set(range(13)) <= set(asked) <= set(range(16))
    assert 2 <= wire.most <= LOOKAHEAD, f"{wire.most} requests on the wire at most"
    # Every request carried the same filters, only the page differs.
    queries = [{k: v for k, v in r.query.items() if k != "page"} for r in sim.calls("GET", "/api/v2/list/BIG/task")]
    assert all(q == {"include_closed": ["false"], "include_timl": ["true"], "subtasks": ["true"]} for q in queries)


async def test_a_full_last_page_ends_the_listing(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    tasks = await tracker.find_tasks(list_id="EVEN")
    assert [t.id for t in tasks] == [f"e{n:05}" for n in range(1200)]
    asked = pages_asked(sim, "EVEN")
    assert len(asked) == len(set(asked))
    # Page 11 is full and says last_page: reading page 10 asked up to 10 + lookahead(11) = 14.
    assert set(range(12)) <= set(asked) <= set(range(15))


async def test_short_listings_ask_for_exactly_their_pages(tracker: ClickUpTracker, sim: ClickUpSimulator) -> None:
    sim.add_list("FOUR", "Four pages", ["to do"])
    for n in range(350):
        sim.add_task(f"f{n:04}", f"Task {n}", "FOUR")
    assert len(await tracker.find_tasks(list_id="FOUR")) == 350
    assert pages_asked(sim, "FOUR") == [0, 1, 2, 3]


async def test_a_page_that_fails_fails_the_listing(sim: ClickUpSimulator) -> None:
    async def no_wait(_: float) -> None:
        return None

    sim.fail_next("/api/v2/list/BIG/task", 503, method="GET", times=20)
    async with ClickUpTracker(TOKEN, base_url=sim.base_url, team_id=TEAM, sleep=no_wait, retries=2) as tracker:
        with pytest.raises(Unavailable):
            await tracker.find_tasks(list_id="BIG")
    # Page 0 and its two retries, then nothing more: no page past a failed one is asked for.
    assert pages_asked(sim, "BIG") == [0, 0, 0]
