"""`pmbot ask "QUESTION" [--channel C] [--json]` and `pmbot index [--source NAME]`: the same pipeline without
Slack."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from agents.auto_answer import messages as msg
from agents.auto_answer.answer import Scope, ask
from agents.auto_answer.slack import channel_scope
from agents.auto_answer.sources import index_source
from agents.base import AgentContext, CliCommand

if TYPE_CHECKING:
    from agents.base import Agent


def _ask_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument("--channel", help="answer as in this channel (its sources and mode); default: every source")
    parser.add_argument("--json", action="store_true", help="print {answer, confident, citations} as JSON")


def _index_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", action="append", help="only this source (may be repeated)")


async def run_ask(args: argparse.Namespace, agent: Agent, ctx: AgentContext) -> int:
    cfg = agent.cfg
    index = ctx.search
    scope = channel_scope(cfg, args.channel)[1] if args.channel else Scope(tuple(s.name for s in cfg.sources),
                                                                            cfg.live)
    answer = await ask(ctx, cfg, index, args.question, scope, None)
    print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else msg.cli_answer(answer))
    return 0


async def run_index(args: argparse.Namespace, agent: Agent, ctx: AgentContext) -> int:
    cfg = agent.cfg
    index = ctx.search
    if index is None:
        print("pmbot index: no search index in this deployment")
        return 2
    wanted = set(args.source or [])
    unknown = wanted - {s.name for s in cfg.sources}
    if unknown:
        print(f"pmbot index: unknown source(s) {sorted(unknown)}; configured: {[s.name for s in cfg.sources]}")
        return 2
    if not cfg.sources:
        print("pmbot index: auto_answer has no sources configured")
        return 0
    failed = 0
    for src in cfg.sources:
        if wanted and src.name not in wanted:
            continue
        report = await index_source(ctx, index, src, full=True, embeddings=cfg.vectors())
        counts = (await index.counts()).get(src.name, (0, 0))
        votes = (await index.votes()).get(src.name, (0, 0))
        print(msg.cli_index(src.name, counts[0], counts[1], report.changed, report.removed, report.skipped, votes))
        failed += report.skipped is not None
    return 1 if failed else 0


COMMANDS = (
    CliCommand("ask", "answer a question from the configured sources and live project state", _ask_arguments,
               run_ask),
    CliCommand("index", "(re)build the auto-answerer's index and print passages per source", _index_arguments,
               run_index),
)
