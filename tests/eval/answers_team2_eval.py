"""Score the auto-answerer on tests/eval/answers_team2/ (issue 23): another team's support-desk documents and
questions written before the system was run on them, split into a `dev` half (tuned on) and a `test` half
(never looked at while tuning). Every question goes through the real pipeline (`ask`) with no model, over the
real passage index and the embeddings it uses by default. Run by answers_eval.py (`make eval`), or alone:

    python -m tests.eval.answers_team2_eval [--verbose] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

import yaml

from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.config import AutoAnswerConfig
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

HERE = Path(__file__).with_name("answers_team2")
SETS = ("dev", "test")
SECTION = {"sources": [{"name": "support", "kind": "folder", "path": str(HERE / "docs")}]}


async def run_team2(db_url: str, verbose: bool) -> dict[str, Score]:
    """Index the documents, ask every question; a Score per half."""
    db = Database(db_url)
    try:
        await db.migrate()
        team = TeamConfig.model_validate({"people": PEOPLE, "auto_answer": SECTION})
        cfg = AutoAnswerConfig.model_validate(SECTION)
        clock = FrozenClock(NOW)
        index = SqlSearchIndex(db, clock)
        ctx = AgentContext(tracker=None, chat=None, code=None, llm=FallbackLLM(), store=MemoryStore(), clock=clock,
                           team=team, log=logging.LoggerAdapter(logging.getLogger("pmbot.eval"), {}),
                           agent="auto_answer", platforms={}, search=index)
        started = time.perf_counter()
        report = await index_source(ctx, index, cfg.sources[0], full=True, embeddings=cfg.vectors())
        print(f"team2: indexed {report.read} documents, {report.embedded} passages embedded in "
              f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
        cases = yaml.safe_load((HERE / "questions.yaml").read_text())["questions"]
        scope = Scope(("support",), False)
        results: dict[str, Score] = {}
        for name in SETS:
            mine = [c for c in cases if c["set"] == name]
            answers = [await ask(ctx, cfg, index, c["q"], scope, "U0DANA") for c in mine]
            results[name] = score(mine, answers)
            if verbose and name == "dev":  # the test half's misses stay unseen: nothing is tuned on them
                for miss in results[name].misses:
                    print(f"  [team2, dev] {miss}")
        return results
    finally:
        await db.dispose()


def table(results: dict[str, Score], backend: str) -> list[str]:
    lines = [f"auto_answer evaluation, second team's set (tests/eval/answers_team2, {backend}, no model)",
             f"{'set':<12}{'recall@3':>18}{'cited':>18}{'declined':>16}{'declining precision':>26}"]
    for name, s in results.items():
        lines.append(f"{name:<12}{s.share('recalled'):>8.2f} ({s.recalled:>3}/{s.answerable:<3})"
                     f"{s.share('cited'):>8.2f} ({s.cited:>3}/{s.answerable:<3})"
                     f"{s.share('declined'):>7.2f} ({s.declined:>3}/{s.unanswerable:<3})"
                     f"{s.declining_precision():>15.2f} ({s.declined:>3}/{s.declined + s.wrongly_declined:<3})")
    return lines


def evaluate(postgres: bool, verbose: bool) -> tuple[dict[str, Score], str]:
    if postgres:
        from tests.eval.answers_eval import _postgres

        return asyncio.run(_postgres(lambda url: run_team2(url, verbose))), "PostgreSQL"
    with tempfile.TemporaryDirectory(prefix="pmbot-eval2-") as tmp:
        return asyncio.run(run_team2(f"sqlite+aiosqlite:///{tmp}/eval.db", verbose)), "SQLite"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss of the dev half")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL on 127.0.0.1:5432")
    opts = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    print("\n".join(table(*evaluate(opts.postgres, opts.verbose))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
