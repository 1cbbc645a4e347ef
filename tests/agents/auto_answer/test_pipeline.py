"""The answer pipeline on the fakes and a real SQLite index: quotes with citations, declines, scopes, the JSON
shape, and the model path (a FakeLLM with canned replies)."""

from __future__ import annotations

import json
from pathlib import Path

from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.sources import index_source
from integrations.fakes import FakeLLM
from tests.agents.auto_answer.aa_support import config, team, unit, write

HANDBOOK = Scope(("handbook",), False)


async def test_paraphrased_question__quotes_the_best_passage_with_its_citation(tmp_path: Path) -> None:
    t = team(tmp_path)
    async with unit(tmp_path, t) as ctx:
        answer = await ask(ctx, config(t), ctx.search, "What do I do when I'm ill?", HANDBOOK, "U0DANA")
    assert answer.confident and answer.kind == "documents"
    assert answer.text == ("From *Time off › Sick leave* [1]:\n> If you are sick, message your lead before 10:00. "
                           "From the fourth day of illness we need a doctor's note.")
    assert answer.to_json() == {
        "answer": "From Time off › Sick leave [1]:\n    If you are sick, message your lead before 10:00. From the "
                  "fourth day of illness we need a doctor's note.",
        "confident": True,
        "citations": [{"n": 1, "title": "Time off › Sick leave", "source": "handbook", "ref": "time-off.md",
                       "url": None, "score": 1.0}],
    }
    assert answer.note == "_Running without a model: the best passages, quoted._"


async def test_a_question_the_sources_do_not_cover_is_declined(tmp_path: Path) -> None:
    t = team(tmp_path)
    async with unit(tmp_path, t) as ctx:
        answer = await ask(ctx, config(t), ctx.search, "Where can I park my bike?", HANDBOOK, "U0DANA")
    assert (answer.confident, answer.kind, answer.citations) == (False, "declined", [])
    assert answer.text == "I don't know — nothing in the sources I can use here answers that confidently."


async def test_a_channel_answers_only_from_its_own_sources(tmp_path: Path) -> None:
    t = team(tmp_path)
    async with unit(tmp_path, t) as ctx:
        cfg = config(t)
        here = await ask(ctx, cfg, ctx.search, "When are salary bands reviewed?", HANDBOOK, "U0LEE")
        everywhere = await ask(ctx, cfg, ctx.search, "When are salary bands reviewed?",
                               Scope(("handbook", "leads"), False), "U0LEE")
    assert here.kind == "declined" and all(h.hit.source == "handbook" for h in here.hits)
    assert [c.ref for c in everywhere.citations] == ["salaries.md"]


async def test_folder_urls_make_citation_links_and_the_index_follows_file_changes(tmp_path: Path) -> None:
    t = team(tmp_path, sources=[{"name": "handbook", "kind": "folder", "path": "handbook",
                                 "url": "https://wiki.example.com/handbook/"}], channels={})
    async with unit(tmp_path, t) as ctx:
        cfg = config(t)
        answer = await ask(ctx, cfg, ctx.search, "which days do we ship to prod?", HANDBOOK, None)
        assert [c.url for c in answer.citations] == ["https://wiki.example.com/handbook/releases.md"]
        write(tmp_path / "handbook", {"releases.md": "# Releases\n\nWe ship on Mondays only.\n"})
        (tmp_path / "handbook" / "guides" / "laptop.md").unlink()
        assert ctx.search is not None
        report = await index_source(ctx, ctx.search, cfg.sources[0], full=False)
        assert (report.read, report.changed, report.removed) == (2, 1, 1)
        again = await ask(ctx, cfg, ctx.search, "which days do we ship to prod?", HANDBOOK, None)
        assert "Mondays only" in again.text
        assert await ctx.search.counts() == {"handbook": (2, 3)}


class CitingLLM:
    """A model that cites whichever numbered passage has `title`, plus a number that was never given."""

    available = True

    def __init__(self, title: str) -> None:
        self.title = title
        self.prompts: list[list[dict[str, str]]] = []

    async def complete(self, messages: list[dict[str, str]], schema: dict | None = None) -> str:
        self.prompts.append(messages)
        n = next(line.split("]")[0][1:] for line in messages[1]["content"].splitlines()
                 if line.startswith("[") and line.endswith(self.title))
        return json.dumps({"answerable": True, "citations": [int(n), 7],
                           "answer": f"New joiners get a laptop on day one [{n}]; see https://evil.example/x [7]."})


async def test_model_writes_the_answer__citations_renumbered_and_unknown_links_removed(tmp_path: Path) -> None:
    t = team(tmp_path)
    llm = CitingLLM("Laptops")
    async with unit(tmp_path, t, llm=llm) as ctx:  # type: ignore[arg-type]
        answer = await ask(ctx, config(t), ctx.search, "What laptop does a new hire get on their first day?",
                           HANDBOOK, "U0DANA")
    given = llm.prompts[0][1]["content"]
    assert given.startswith("Question: What laptop does a new hire get on their first day?\n\nPassages:\n[1] ")
    assert "<<<\nNew joiners get a 14-inch laptop" in given
    assert answer.model and answer.confident
    assert answer.text == "New joiners get a laptop on day one [1]; see [link removed]."
    assert [(c.n, c.ref, c.title) for c in answer.citations] == [(1, "guides/laptop.md", "Laptops")]


async def test_model_says_not_answerable__declined(tmp_path: Path) -> None:
    t = team(tmp_path)
    llm = FakeLLM([json.dumps({"answerable": False, "answer": "", "citations": []})])
    async with unit(tmp_path, t, llm=llm) as ctx:
        answer = await ask(ctx, config(t), ctx.search, "when can I deploy to production?", HANDBOOK, "U0DANA")
    assert (answer.kind, answer.confident, answer.model) == ("declined", False, False)


async def test_model_reply_that_cites_nothing_found__falls_back_to_quoting(tmp_path: Path) -> None:
    t = team(tmp_path)
    llm = FakeLLM([json.dumps({"answerable": True, "answer": "Deploy whenever you like.", "citations": [9]})])
    async with unit(tmp_path, t, llm=llm) as ctx:
        answer = await ask(ctx, config(t), ctx.search, "when can I deploy to production?", HANDBOOK, "U0DANA")
    assert not answer.model and answer.text.startswith("From *Releases* [1]:\n> We deploy to production")
