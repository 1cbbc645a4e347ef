"""One report, from facts to what leaves pmbot: gather, summarise, render the blocks (and the chart for a
weekly report), then post it under one idempotency key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from agents.base import AgentContext
from agents.reports import messages as msg
from agents.reports.chart import Chart, render
from agents.reports.config import ReportSpec
from agents.reports.facts import Facts, Window, gather
from agents.reports.narrative import Narrative, write
from agents.reports.state import ReportState

WEEK = timedelta(days=6)  # a cadence this far apart or more is "weekly": it gets a chart and a week's horizon


@dataclass
class Built:
    """A report ready to post or print."""

    facts: Facts
    narrative: Narrative
    blocks: list[dict]
    text: str
    chart: Chart | None


def tz_of(ctx: AgentContext, spec: ReportSpec) -> str:
    return spec.timezone or ctx.team.schedules.timezone


def weekly(spec: ReportSpec, tz: str, now: datetime) -> bool:
    return spec.parsed.period(ZoneInfo(tz), now) >= WEEK


def horizon(spec: ReportSpec, tz: str, now: datetime) -> timedelta:
    """How far ahead "due soon" looks: a week for weekly reports, three days otherwise."""
    return timedelta(days=7) if weekly(spec, tz, now) else timedelta(days=3)


def channel_of(ctx: AgentContext, spec: ReportSpec) -> str | None:
    return spec.channel or ctx.team.channels.reports


async def on_demand_window(ctx: AgentContext, spec: ReportSpec) -> Window:
    """Since the last scheduled report (or one cadence back), until now."""
    tz, now = tz_of(ctx, spec), ctx.clock.now()
    state = await ctx.state.load(ReportState, spec.name)
    start = state.last_end or spec.parsed.previous_before(now, ZoneInfo(tz))
    return Window(start, now, tz)


async def build(ctx: AgentContext, spec: ReportSpec, window: Window, *, chart: bool | None = None) -> Built:
    with_chart = weekly(spec, window.tz, window.end) if chart is None else chart
    facts = await gather(ctx, spec, window, horizon=horizon(spec, window.tz, window.end), chart=with_chart)
    narrative = await write(ctx.llm, facts, [p.name for p in ctx.team.people])
    blocks = msg.report_blocks(facts, narrative.text, narrative.note)
    drawn = render(facts.daily, facts.open_by_status, msg.chart_title(facts)) if with_chart else None
    ctx.log.info("report built", extra={"report": spec.name, "tasks": facts.tasks_in_scope,
                                        "narrative": narrative.source, "prompt_tokens": narrative.prompt_tokens})
    return Built(facts, narrative, blocks, msg.report_text(facts, narrative.text), drawn)


async def publish(ctx: AgentContext, spec: ReportSpec, built: Built, channel: str, *, key: str) -> None:
    """The message (a report past Slack's size continues in its thread), then the chart (each exactly once per
    `key`)."""
    first, *rest = msg.report_messages(built.blocks)
    posted = await ctx.do.post(channel, built.text, blocks=first, key=key)
    for part, blocks in enumerate(rest, 2):
        await ctx.do.post(channel, msg.continued_text(built.facts, part, len(rest) + 1), blocks=blocks,
                          key=f"{key}:part{part}", thread_ts=posted.ts if posted else None)
    if built.chart is not None:
        day = built.facts.window.end.astimezone(ZoneInfo(built.facts.window.tz)).date().isoformat()
        await ctx.do.upload_image(channel, f"{spec.name}-{day}.png", built.chart.png, key=f"{key}:chart",
                                  title=msg.chart_title(built.facts))
