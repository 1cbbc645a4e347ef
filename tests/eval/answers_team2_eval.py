"""Score the auto-answerer on the sets of other teams (issue 23), each documents and questions written before the
system was run on them, split into a `dev` half (tuned on) and a `test` half (never looked at while tuning):
tests/eval/answers_team2/ (a support desk) and tests/eval/answers_team3/ (a platform team; written by someone who
had not read the auto-answerer's code). Every question goes through the real pipeline (`ask`) with no model,
over the real passage index and the embeddings it uses by default, and with the reader's veto where the reader
is installed (`make reader`; PMBOT_READER=off measures the confidence alone). Run by answers_eval.py (`make eval`),
or alone:

    python -m tests.eval.answers_team2_eval [--team team2|…|team6] [--verbose] [--postgres]
        [--min-confidence 0.35]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.config import AutoAnswerConfig, ReaderConfig
from agents.auto_answer.sources import index_source
from agents.base import AgentContext
from agents.team import TeamConfig
from bot.clock import FrozenClock
from bot.storage.db import Database
from bot.storage.search import SqlSearchIndex
from integrations.llm.client import FallbackLLM
from tests.eval.answers_eval import Score, score
from tests.eval.answers_workspace import NOW, PEOPLE
from tests.support.unit import MemoryStore

SETS = ("dev", "test")
# Each set's folder source name (its questions' `expect`).
TEAMS = {"team2": "support", "team3": "platform", "team4": "mobile", "team5": "billing", "team6": "games"}


def _section(team: str, min_confidence: float | None = None) -> dict[str, Any]:
    folder = Path(__file__).with_name(f"answers_{team}") / "docs"
    section: dict[str, Any] = {"sources": [{"name": TEAMS[team], "kind": "folder", "path": str(folder)}]}
    if min_confidence is not None:
        section["min_confidence"] = min_confidence
    return section


def workspace(db: Database, team_set: str,
              min_confidence: float | None = None) -> tuple[AgentContext, AutoAnswerConfig, SqlSearchIndex]:
    """The agent's context over one set's folder source, no model, on `db` (migrated by the caller)."""
    section = _section(team_set, min_confidence)
    team = TeamConfig.model_validate({"people": PEOPLE, "auto_answer": section})
    clock = FrozenClock(NOW)
    index = SqlSearchIndex(db, clock)
    ctx = AgentContext(tracker=None, chat=None, code=None, llm=FallbackLLM(), store=MemoryStore(), clock=clock,
                       team=team, log=logging.LoggerAdapter(logging.getLogger("pmbot.eval"), {}),
                       agent="auto_answer", platforms={}, search=index)
    return ctx, AutoAnswerConfig.model_validate(section), index


async def run_team(db_url: str, verbose: bool, team_set: str = "team2",
                   min_confidence: float | None = None) -> dict[str, Score]:
    """Index the documents, ask every question; a Score per half."""
    db = Database(db_url)
    here = Path(__file__).with_name(f"answers_{team_set}")
    try:
        await db.migrate()
        ctx, cfg, index = workspace(db, team_set, min_confidence)
        started = time.perf_counter()
        report = await index_source(ctx, index, cfg.sources[0], full=True, embeddings=cfg.vectors())
        print(f"{team_set}: indexed {report.read} documents, {report.embedded} passages embedded in "
              f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
        cases = yaml.safe_load((here / "questions.yaml").read_text())["questions"]
        scope = Scope((TEAMS[team_set],), False)
        results: dict[str, Score] = {}
        for name in SETS:
            mine = [c for c in cases if c["set"] == name]
            answers = [await ask(ctx, cfg, index, c["q"], scope, "U0DANA") for c in mine]
            results[name] = score(mine, answers)
            if verbose and name == "dev":  # the test half's misses stay unseen: nothing is tuned on them
                for miss in results[name].misses:
                    print(f"  [{team_set}, dev] {miss}")
        return results
    finally:
        await db.dispose()


def table(results: dict[str, Score], backend: str, team_set: str = "team2") -> list[str]:
    gate = "the reader may veto" if ReaderConfig().active() else "the confidence alone"
    lines = [f"auto_answer evaluation, another team's set (tests/eval/answers_{team_set}, {backend}, no model, "
             f"{gate})",
             f"{'set':<12}{'recall@3':>18}{'cited':>18}{'declined':>16}{'declining precision':>26}"
             f"{'page shown':>18}"]
    for name, s in results.items():
        lines.append(f"{name:<12}{s.share('recalled'):>8.2f} ({s.recalled:>3}/{s.answerable:<3})"
                     f"{s.share('cited'):>8.2f} ({s.cited:>3}/{s.answerable:<3})"
                     f"{s.share('declined'):>7.2f} ({s.declined:>3}/{s.unanswerable:<3})"
                     f"{s.declining_precision():>15.2f} ({s.declined:>3}/{s.declined + s.wrongly_declined:<3})"
                     f"{s.share('shown'):>8.2f} ({s.shown:>3}/{s.answerable:<3})")
    return lines


def evaluate(postgres: bool, verbose: bool, team_set: str = "team2",
             min_confidence: float | None = None) -> tuple[dict[str, Score], str, str]:
    if postgres:
        from tests.eval.answers_eval import _postgres

        return (asyncio.run(_postgres(lambda url: run_team(url, verbose, team_set, min_confidence))), "PostgreSQL",
                team_set)
    with tempfile.TemporaryDirectory(prefix="pmbot-eval2-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/eval.db"
        return asyncio.run(run_team(url, verbose, team_set, min_confidence)), "SQLite", team_set


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss of the dev half")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL on 127.0.0.1:5432")
    parser.add_argument("--team", choices=sorted(TEAMS), action="append", help="one set (default: every set)")
    parser.add_argument("--min-confidence", type=float, help="auto_answer.min_confidence (default: the config's)")
    opts = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    for team_set in opts.team or sorted(TEAMS):
        print("\n".join(table(*evaluate(opts.postgres, opts.verbose, team_set, opts.min_confidence))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
