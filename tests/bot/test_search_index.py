"""The passage index (migration 0002_search) on SQLite FTS5 and on PostgreSQL full-text search."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from agents.common.search import Document, Passage, SearchIndex
from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.storage.search import SqlSearchIndex


def doc(source: str, ref: str, *texts: str, title: str = "", digest: str = "d1") -> Document:
    passages = [Passage(i, title or ref, t, (title or ref).lower(), t.lower()) for i, t in enumerate(texts)]
    return Document(source, ref, title or ref, f"https://docs/{ref}", digest, passages)


@pytest.fixture
async def index(db_url: str, clock: FrozenClock) -> AsyncIterator[SqlSearchIndex]:
    db = Database(db_url)
    await db.migrate()
    yield SqlSearchIndex(db, clock)
    await db.dispose()


async def test_search_ranks_matches_of_the_asked_sources_only(index: SqlSearchIndex) -> None:
    assert isinstance(index, SearchIndex)
    await index.replace(doc("handbook", "leave.md", "sick leave needs a doctor note after three days",
                            "annual leave is twenty five days", title="leave"))
    await index.replace(doc("handbook", "deploy.md", "deploy on tuesday after the release train"))
    await index.replace(doc("secret", "pay.md", "salary bands and leave for executives"))
    hits = await index.search(["sick", "leave"], ["handbook"], 10)
    assert [(h.ref, h.position) for h in hits] == [("leave.md", 0), ("leave.md", 1)]
    assert hits[0].rank > hits[1].rank and hits[0].url == "https://docs/leave.md"
    assert hits[0].text == "sick leave needs a doctor note after three days"
    assert {h.source for h in await index.search(["leave"], ["handbook", "secret"], 10)} == {"handbook", "secret"}
    assert await index.search(["leave"], [], 10) == []


async def test_query_syntax_in_terms_is_never_passed_through(index: SqlSearchIndex) -> None:
    await index.replace(doc("handbook", "a.md", "alpha beta"))
    for hostile in ['alpha" OR "', "alpha)|(", "NEAR(alpha", "*", "alpha:*", "'; DROP TABLE search_passages; --"]:
        assert await index.search([hostile], ["handbook"], 10) == []
    assert [h.ref for h in await index.search(["alpha", "x y"], ["handbook"], 10)] == ["a.md"]


async def test_replace_and_remove_keep_the_full_text_index_in_step(index: SqlSearchIndex) -> None:
    await index.replace(doc("bugs", "T1", "login fails on safari", digest="one"))
    await index.replace(doc("bugs", "T1", "checkout times out", digest="two"))
    assert await index.search(["safari"], ["bugs"], 10) == []
    assert [h.text for h in await index.search(["checkout"], ["bugs"], 10)] == ["checkout times out"]
    assert await index.digests("bugs") == {"T1": "two"}
    await index.replace(doc("bugs", "T2", "checkout coupon"))
    assert await index.counts() == {"bugs": (2, 2)}
    assert (await index.term_stats(["checkout", "safari", "t1"])).frequencies == {"checkout": 2, "safari": 0, "t1": 1}
    assert await index.remove("bugs", ["T1"]) == 1
    assert [h.ref for h in await index.search(["checkout"], ["bugs"], 10)] == ["T2"]
    assert (await index.term_stats(["checkout", "t1"])).frequencies == {"checkout": 1, "t1": 0}
    assert await index.remove("bugs") == 1
    assert (await index.term_stats(["checkout", "coupon"])).frequencies == {"checkout": 0, "coupon": 0}
    assert await index.counts() == {}
    assert await index.search(["checkout"], ["bugs"], 10) == []


async def test_term_stats_count_passages_per_word(index: SqlSearchIndex) -> None:
    await index.replace(doc("h", "a.md", "leave policy", "leave days", "parking"))
    stats = await index.term_stats(["leave", "parking", "unicorn"])
    assert stats.passages == 3
    assert stats.frequencies == {"leave": 2, "parking": 1, "unicorn": 0}


async def test_votes__last_click_per_user_wins_and_counts_per_source(index: SqlSearchIndex) -> None:
    assert await index.vote("a1", "U1", 1, ["handbook"], at=10.0)
    assert await index.vote("a1", "U1", -1, ["handbook"], at=12.0)
    assert not await index.vote("a1", "U1", 1, ["handbook"], at=11.0)  # an older click processed late
    assert await index.vote("a1", "U2", 1, ["handbook"], at=13.0)
    assert await index.vote("a2", "U1", 1, ["handbook", "bugs"], at=14.0)
    assert await index.votes("a1") == {"": (1, 1)}
    assert await index.votes() == {"bugs": (1, 0), "handbook": (2, 1)}


async def test_a_rare_source_is_found_under_many_better_matches_of_others(index: SqlSearchIndex) -> None:
    for i in range(12):
        await index.replace(doc("big", f"b{i}.md", "deploy deploy deploy on tuesday", title="deploy"))
    await index.replace(doc("small", "s.md", "we deploy rarely"))
    hits = await index.search(["deploy"], ["small"], 2)
    assert [(h.source, h.ref) for h in hits] == [("small", "s.md")]
    assert len(await index.search(["deploy"], ["big", "small"], 2)) == 2
