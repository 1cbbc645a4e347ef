"""`pmbot rules parse "SENTENCE" [--json]` prints the rule a sentence makes, in exactly the rule format;
`pmbot rules test FILE` validates a YAML rule file and dry-runs each rule over the stored events."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from agents.base import AgentContext, CliCommand
from agents.common.mrkdwn import unescape
from agents.rules import messages as msg
from agents.rules.config import RulesConfig
from agents.rules.dryrun import dry_run
from agents.rules.llm_parser import parse_with_model
from agents.rules.phrases import Vocabulary

if TYPE_CHECKING:
    from agents.base import Agent


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="rules_command", required=True)
    parse = sub.add_parser("parse", help="print the rule a sentence makes (the format of the team file)")
    parse.add_argument("sentence")
    parse.add_argument("--json", action="store_true", help="one JSON object with name, when, if, then")
    test = sub.add_parser("test", help="validate a YAML rule file and dry-run it over the stored events")
    test.add_argument("file")
    test.add_argument("--events", type=int, default=None, help="how many stored events (default: rules setting)")


def as_yaml(rule_yaml: str) -> str:
    return "rules:\n" + "\n".join(f"  {line}" for line in rule_yaml.splitlines())


async def run(args: argparse.Namespace, agent: Agent, ctx: AgentContext) -> int:
    if args.rules_command == "parse":
        result = await parse_with_model(args.sentence, Vocabulary.from_team(ctx.team), ctx.llm)
        if result.rule is None:
            print(msg.not_understood(args.sentence, result.problems), file=sys.stderr)
            return 1
        print(json.dumps(result.rule.data(), ensure_ascii=False) if args.json else as_yaml(msg.rule_yaml(result.rule)))
        if result.note:
            print(result.note, file=sys.stderr)
        return 0
    return await test_file(Path(args.file), agent, ctx, args.events)


async def test_file(path: Path, agent: Agent, ctx: AgentContext, events: int | None) -> int:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
        return 2
    except yaml.YAMLError as exc:
        print(f"{path}: not valid YAML: {getattr(exc, 'problem', exc)}", file=sys.stderr)
        return 1
    raw = data.get("rules") if isinstance(data, dict) and "rules" in data else data
    base = agent.cfg.model_dump(exclude={"items"}) if isinstance(agent.cfg, RulesConfig) else {}
    try:
        cfg = RulesConfig.model_validate({**base, "items": raw if isinstance(raw, list) else []})
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"][1:]) if err["loc"][:1] == ("items",) else tuple(err["loc"])
            problem = err["msg"].removeprefix("Value error, ")
            print(f"{path}: {where(('rules', *loc), raw)}: {problem}", file=sys.stderr)
        return 1
    if not isinstance(raw, list):
        print(f"{path}: rules: give a list of rules", file=sys.stderr)
        return 1
    print(f"{path}: {len(cfg.items)} rule(s) valid.")
    for rule in cfg.items:
        result = await dry_run(ctx, cfg, rule, events)
        shown = unescape(msg.rule_text(rule))
        print(f"\n{shown}\n{result.text(rule, cfg.dry_run_events if events is None else events)}")
    return 0


def where(loc: tuple[Any, ...], items: Any) -> str:
    """`rules[urgent-to-backend].then[0].do`: list items named by their `name` where they have one."""
    parts: list[str] = []
    node: Any = {"rules": items}
    for item in loc:
        if isinstance(item, int) and parts:
            name = node[item].get("name") if isinstance(node, list) and item < len(node) and isinstance(
                node[item], dict) else None
            parts[-1] = f"{parts[-1]}[{name or item}]"
        else:
            parts.append(str(item))
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts)


COMMANDS = (CliCommand("rules", "parse a sentence into a rule, or dry-run a YAML rule file", add_arguments, run),)
