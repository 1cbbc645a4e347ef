"""Optional embeddings (`auto_answer.embeddings`): passages embedded through the real `openai` client against
the OpenAI-compatible stub's /v1/embeddings, unchanged passages not embedded twice, and a question answered
through the hybrid (full-text + nearest vectors) path."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.config import AutoAnswerConfig
from agents.auto_answer.sources import index_source
from agents.base import AgentContext
from integrations.llm.client import OpenAILLM
from integrations.llm.sim.api import OpenAIStub
from tests.agents.auto_answer.aa_support import HANDBOOK, config, team, unit, write

MODEL = "text-embedding-3-small"


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    sim = OpenAIStub(api_key="sk-embed", json_reply={"answerable": True, "answer": "See [1].", "citations": [1]})
    sim.start()
    yield sim
    sim.stop()


@asynccontextmanager
async def embedding_unit(tmp_path: Path, stub: OpenAIStub,
                         **options: Any) -> AsyncIterator[tuple[AgentContext, AutoAnswerConfig]]:
    """A unit context whose model is the real openai client on the stub; `embeddings=` as in the team YAML."""
    t = team(tmp_path, **options)
    llm = OpenAILLM("sk-embed", base_url=stub.base_url, max_retries=0)
    try:
        async with unit(tmp_path, t) as ctx:
            yield dataclasses.replace(ctx, llm=llm), config(t)
    finally:
        await llm.aclose()


async def test_indexing_embeds_passages_in_batches_and_reuses_unchanged_ones(tmp_path: Path,
                                                                             stub: OpenAIStub) -> None:
    async with embedding_unit(tmp_path, stub, embeddings={"model": MODEL, "batch": 2}) as (ctx, cfg):
        assert ctx.search is not None
        first = await index_source(ctx, ctx.search, cfg.sources[0], full=True, embeddings=cfg.embeddings)
        passages = (await ctx.search.counts())["handbook"][1]
        sent = stub.embedding_requests()
        assert first.embedded == passages > 2
        assert {r["model"] for r in sent} == {MODEL}
        assert all(1 <= len(r["input"]) <= 2 for r in sent)  # batched, `batch` per request
        assert len(sent) == -(-passages // 2)
        assert any("28 days of paid vacation" in text for r in sent for text in r["input"])

        # One file changes: only its changed passage is embedded again.
        write(tmp_path / "handbook", {"releases.md": HANDBOOK["releases.md"].replace("14:00", "15:00")})
        again = await index_source(ctx, ctx.search, cfg.sources[0], full=True, embeddings=cfg.embeddings)
        later = stub.embedding_requests()[len(sent):]
        assert again.changed == 1 and again.embedded == 1
        assert [text for r in later for text in r["input"]] == [
            next(text for text in later[0]["input"] if "15:00" in text)]

        # Nothing changed: no request at all.
        await index_source(ctx, ctx.search, cfg.sources[0], full=True, embeddings=cfg.embeddings)
        assert len(stub.embedding_requests()) == len(sent) + len(later)


async def test_a_question_is_answered_through_the_hybrid_path(tmp_path: Path, stub: OpenAIStub) -> None:
    async with embedding_unit(tmp_path, stub, embeddings={"model": MODEL, "candidates": 5}) as (ctx, cfg):
        assert ctx.search is not None
        answer = await ask(ctx, cfg, ctx.search, "how many vacation days do I get?", Scope(("handbook",), False),
                           "U0DANA")
        asked = stub.embedding_requests()[-1]
        assert asked == {"model": MODEL, "input": ["how many vacation days do I get?"],
                         "encoding_format": "float"}
        assert answer.confident and answer.citations[0].ref == "time-off.md"
        # The stub's completion saw the passage the fused ranking put first.
        assert "28 days of paid vacation" in str(stub.completions()[-1]["messages"][-1]["content"])


async def test_without_the_option_nothing_is_embedded(tmp_path: Path, stub: OpenAIStub) -> None:
    async with embedding_unit(tmp_path, stub) as (ctx, cfg):
        assert ctx.search is not None
        report = await index_source(ctx, ctx.search, cfg.sources[0], full=True, embeddings=cfg.embeddings)
        answer = await ask(ctx, cfg, ctx.search, "how many vacation days do I get?", Scope(("handbook",), False),
                           "U0DANA")
        assert report.embedded == 0 and answer.confident
        assert stub.embedding_requests() == []
