"""`pmbot report NAME [--print] [--png FILE]`: preview a report in the terminal (and write its chart) without
posting; with neither option, post it to its channel now."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from agents.base import AgentContext, CliCommand
from agents.reports import messages as msg
from agents.reports.chart import render

if TYPE_CHECKING:
    from agents.base import Agent


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the report's name in the team YAML (reports: - name: ...)")
    parser.add_argument("--print", dest="print_", action="store_true", help="render it here; post nothing")
    parser.add_argument("--png", metavar="FILE", help="write the chart (completed vs created, open by status)")


async def run(args: argparse.Namespace, agent: Agent, ctx: AgentContext) -> int:
    from agents.reports.writer import build, channel_of, on_demand_window, publish

    spec = agent.cfg.get(args.name)
    if spec is None:
        print(msg.unknown_report(args.name, [r.name for r in agent.cfg.reports]).replace("`", "'"), file=sys.stderr)
        return 2
    if ctx.tracker is None:
        print("pmbot report: no task tracker is configured; the report has no tasks", file=sys.stderr)
    built = await build(ctx, spec, await on_demand_window(ctx, spec), chart=True if args.png else None)
    if args.print_:
        print(msg.plain(built.blocks), end="")
    if args.png:
        chart = built.chart or render(built.facts.daily, built.facts.open_by_status, msg.chart_title(built.facts))
        Path(args.png).write_bytes(chart.png)
        print(f"chart written to {args.png}", file=sys.stderr)
    if not args.print_ and not args.png:
        channel = channel_of(ctx, spec)
        if channel is None:
            print(f"pmbot report: report {spec.name} has no channel", file=sys.stderr)
            return 2
        await publish(ctx, spec, built, channel, key=f"reports.cli:{ctx.event_key}")
        print(f"posted {spec.name} to {channel}", file=sys.stderr)
    return 0


REPORT_CLI = CliCommand("report", "preview a report (--print, --png FILE) or post it now", add_arguments, run)
