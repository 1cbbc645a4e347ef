"""Reports fire from stored due rows computed in each report's own timezone (the scheduler's cron ticks run
in the team's), swept by the due sweep like every other reminder:

- `tick.reports_plan` arms `report:<name>` for the next slot when none is armed for the current cadence and
  timezone (a new report, or a changed one);
- `due.report` re-arms the row for the slot after *now* first (so a failure never stops the schedule), then
  posts the report for the window since the last one under `reports.post:<name>:<slot>`.

A row that came due while pmbot was down fires once at the first sweep after start-up, covering everything
since the last report; the slots missed meanwhile are not posted one by one. Replicas: the sweep hands each
row to one of them, and the post key makes a retried event post nothing twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agents.base import AgentContext
from agents.reports.config import ReportsConfig, ReportSpec
from agents.reports.facts import Window
from agents.reports.state import ReportState
from agents.reports.writer import build, channel_of, publish, tz_of
from integrations.events import Event

KIND = "report"


def due_key(name: str) -> str:
    return f"{KIND}:{name}"


def signature(spec: ReportSpec, tz: str) -> str:
    return f"{' '.join(spec.cadence.lower().split())}|{tz}"


def payload(name: str, slot: datetime) -> dict[str, Any]:
    return {"report": name, "slot": slot.isoformat()}


async def _arm(ctx: AgentContext, spec: ReportSpec, state: ReportState, after: datetime) -> datetime:
    tz = tz_of(ctx, spec)
    slot = spec.parsed.next_after(after, ZoneInfo(tz))
    await ctx.store.schedule(due_key(spec.name), KIND, slot, payload(spec.name, slot), replace=True)
    state.signature, state.next_slot = signature(spec, tz), slot
    await ctx.state.save(state, spec.name)
    return slot


async def plan(ctx: AgentContext, cfg: ReportsConfig) -> list[str]:
    """Arm every report that has no slot armed for its current cadence; returns the names armed."""
    armed = []
    for spec in cfg.reports:
        state = await ctx.state.load(ReportState, spec.name)
        if state.next_slot is None or state.signature != signature(spec, tz_of(ctx, spec)):
            await _arm(ctx, spec, state, ctx.clock.now())
            armed.append(spec.name)
    return armed


async def on_due(ctx: AgentContext, cfg: ReportsConfig, event: Event) -> None:
    spec = cfg.get(str(event.data.get("report") or ""))
    if spec is None:
        ctx.log.info("due report is no longer configured", extra={"report": event.data.get("report")})
        return
    slot = datetime.fromisoformat(str(event.data["slot"]))
    state = await ctx.state.load(ReportState, spec.name)
    if state.signature is not None and state.signature != signature(spec, tz_of(ctx, spec)):
        await _arm(ctx, spec, state, ctx.clock.now())  # armed under an older cadence: take the new one
        return
    now = ctx.clock.now()
    await _arm(ctx, spec, state, max(now, slot))
    channel = channel_of(ctx, spec)
    if channel is None:
        return
    tz = tz_of(ctx, spec)
    start = state.last_end or spec.parsed.previous_before(slot, ZoneInfo(tz))
    built = await build(ctx, spec, Window(start, now, tz))
    await publish(ctx, spec, built, channel, key=f"reports.post:{spec.name}:{slot.isoformat()}")
    state.last_slot, state.last_end = slot, now
    await ctx.state.save(state, spec.name)
