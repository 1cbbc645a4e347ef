"""The packaged embedding model (issue 23): used when no embeddings are configured, loaded without any download,
its vectors stored on SQLite and PostgreSQL and searched through the in-process copy, and - through signed
Slack events - a question asked in other words answered while a near miss that shares the words is declined."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
import requests

from agents.auto_answer import local_model
from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.config import AutoAnswerConfig
from agents.auto_answer.local_model import MODEL, LocalEmbedder
from agents.auto_answer.sources import index_source
from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.storage.search import SqlSearchIndex
from tests.agents.auto_answer.aa_support import MONDAY, team, unit
from tests.agents.auto_answer.road_support import answer_world, replies, say
from tests.support.unit import MemoryStore, unit_context

DOCS = Path(__file__).resolve().parents[2] / "eval" / "answers_team2" / "docs"
DESK = ("login-and-2fa.md", "chargebacks.md", "refunds.md", "shifts.md")
PARAPHRASE = "customer lost his phone and can't get his login codes anymore?"
DONT_KNOW = "I don't know — nothing in the sources I can use here answers that confidently."
CLOSEST = DONT_KNOW + " The closest pages, which may not answer it:\n\n"


def desk(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in DESK:
        shutil.copy(DOCS / name, folder / name)
    return folder


def desk_section(tmp_path: Path, **extra: Any) -> dict[str, Any]:
    desk(tmp_path / "desk")
    return {"sources": [{"name": "desk", "kind": "folder", "path": "desk"}],
            "channels": {"C0HELP": {"mode": "questions", "sources": ["desk"], "live": False}}, **extra}


def test_the_packaged_model_loads_with_every_download_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the packaged model tried to download a file")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    loaded = local_model.model.__wrapped__()  # a fresh load, not the process's cached one
    assert loaded.embedding.shape == (loaded.embedding.shape[0], 256)


def test_without_an_embeddings_section_the_packaged_model_is_the_default(tmp_path: Path) -> None:
    assert AutoAnswerConfig.model_validate({}).vectors() is not None
    assert AutoAnswerConfig.model_validate({}).vectors().model == MODEL  # type: ignore[union-attr]
    assert AutoAnswerConfig.model_validate({"local_model": False}).vectors() is None
    configured = AutoAnswerConfig.model_validate({"embeddings": {"model": "text-embedding-3-small"}})
    assert configured.vectors() == configured.embeddings


async def test_passages_get_packaged_vectors_stored_and_searched_on_both_dialects(db_url: str,
                                                                                  tmp_path: Path) -> None:
    t = team(tmp_path, **desk_section(tmp_path))
    cfg = AutoAnswerConfig.model_validate(t.section("auto_answer"))
    db = Database(db_url)
    await db.migrate()
    clock = FrozenClock(MONDAY)
    index = SqlSearchIndex(db, clock)
    ctx = dataclasses.replace(unit_context(t, clock, store=MemoryStore(), agent="auto_answer"), search=index,
                              config_dir=tmp_path)
    try:
        report = await index_source(ctx, index, cfg.sources[0], full=True, embeddings=cfg.vectors())
        passages = (await index.counts())["desk"][1]
        assert report.embedded == passages >= len(DESK)
        assert await index.unembedded(MODEL, ["desk"], 10) == []
        (question,) = await LocalEmbedder().embed(["my phone is gone and I can't get the sign-in codes"], MODEL)
        assert (await index.nearest(MODEL, question, ["desk"], 1))[0].ref == "login-and-2fa.md"
        # The in-process copy follows the table: a file emptied of its text leaves the nearest passages.
        (tmp_path / "desk" / "login-and-2fa.md").write_text("# Login\n\nSee the admin panel.\n")
        again = await index_source(ctx, index, cfg.sources[0], full=True, embeddings=cfg.vectors())
        assert again.changed == 1 and again.embedded == 1
        near = await index.nearest(MODEL, question, ["desk"], passages)
        assert len(near) == (await index.counts())["desk"][1]
        assert "two-factor" not in " ".join(h.text for h in near)
        assert await index.remove("desk") == len(DESK)
        assert await index.nearest(MODEL, question, ["desk"], 5) == []
    finally:
        await db.dispose()


async def test_with_the_local_model_off_nothing_is_embedded(tmp_path: Path) -> None:
    t = team(tmp_path, **desk_section(tmp_path, local_model=False))
    async with unit(tmp_path, t) as ctx:
        cfg = AutoAnswerConfig.model_validate(t.section("auto_answer"))
        assert ctx.search is not None
        report = await index_source(ctx, ctx.search, cfg.sources[0], full=True, embeddings=cfg.vectors())
        assert report.embedded == 0 and await ctx.search.unembedded(MODEL, ["desk"], 10) != []
        answer = await ask(ctx, cfg, ctx.search, PARAPHRASE, Scope(("desk",), False), "U0DANA")
        assert answer.kind == "declined" and answer.hits[0].hit.ref == "login-and-2fa.md"


def test_a_paraphrase_is_answered_and_a_near_miss_declined_through_slack(tmp_path: Path) -> None:
    with answer_world(tmp_path, **desk_section(tmp_path)) as w:
        # Word coverage alone declines it (test_with_the_local_model_off_nothing_is_embedded).
        asked = say(w, "U0DANA", "C0HELP", PARAPHRASE)
        (answer,) = replies(w, "C0HELP", asked)
        assert answer.text == LOST_PHONE
        # Most of its words are in chargebacks.md, which says nothing about how long the bank takes.
        near_miss = say(w, "U0DANA", "C0HELP", "how long does the bank take to decide a chargeback?")
        assert [m.text for m in replies(w, "C0HELP", near_miss)] == [CLOSEST + "[1] Chargebacks (`chargebacks.md`)"]


LOST_PHONE = ("From *Login problems and two-factor authentication* [1]:\n> To switch off two-factor authentication "
              "for a customer who lost their phone, the customer must reply from the account's email address and "
              "give the last four digits of the card on file. Then use \"Reset 2FA\" in the admin panel and ask "
              "them to set it up again at their next login.\n\n[1] Login problems and two-factor authentication "
              "(`login-and-2fa.md`)\n\n_Running without a model: the best passages, quoted._")
