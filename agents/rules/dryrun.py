"""Trying a rule before it is enabled: replay it over the last N stored events and say which would have matched
and what it would have done. Nothing is written; the tracker is only read (each task once, at most
MAX_TASK_READS of them, so a dry run never eats the platform's request budget)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from agents.base import AgentContext
from agents.rules.actions import Firing
from agents.rules.conditions import all_hold, code_facts, task_facts, trigger_of
from agents.rules.config import CODE_EVENTS, TASK_EVENTS, Rule, RulesConfig
from agents.rules.dates import describe_cron, next_fire
from agents.rules.engine import template_values
from agents.rules.targets import Subject
from integrations.errors import NotFound
from integrations.events import Event
from integrations.models import Task

MAX_TASK_READS = 25
SHOWN = 8


@dataclass
class DryRun:
    """What a rule would have done over the stored events."""

    scanned: int = 0
    triggered: int = 0
    matched: list[tuple[Event, list[str]]] = field(default_factory=list)
    unchecked: int = 0  # triggering events whose task was not read (the read cap) or is gone
    upcoming: list[datetime] = field(default_factory=list)  # schedule rules: the next firings
    reads_task: bool = False

    def text(self, rule: Rule, limit: int) -> str:
        if rule.when.event == "schedule" and rule.when.cron:
            times = ", ".join(f"{t:%a %d %b %H:%M} UTC" for t in self.upcoming)
            lines = [f"*Dry run:* {describe_cron(rule.when.cron)}; the next runs would be {times}."]
            lines += [f"• {line}" for _, did in self.matched[:1] for line in did]
            return "\n".join(lines)
        head = (f"*Dry run* over the last {self.scanned} stored events (of up to {limit}): {self.triggered} "
                f"{'was' if self.triggered == 1 else 'were'} this kind of event and {len(self.matched)} would have "
                "matched.")
        lines = [head]
        for event, did in self.matched[:SHOWN]:
            lines.append(f"• {event.occurred_at:%d %b %H:%M} — " + ("; ".join(did) or "nothing to do"))
        if len(self.matched) > SHOWN:
            lines.append(f"• … and {len(self.matched) - SHOWN} more")
        if self.unchecked:
            lines.append(f"({self.unchecked} more could not be checked: task gone or over the {MAX_TASK_READS}-task"
                         f" read limit.)")
        if self.reads_task:
            lines.append("_Conditions on task fields are checked against each task as it is now._")
        return "\n".join(lines)


async def dry_run(ctx: AgentContext, cfg: RulesConfig, rule: Rule, limit: int | None = None) -> DryRun:
    """Replay `rule` over the stored events, describing instead of writing."""
    limit = cfg.dry_run_events if limit is None else limit
    result = DryRun()
    if rule.when.event == "schedule" and rule.when.cron:
        at, tz = ctx.clock.now(), ctx.team.schedules.timezone
        for _ in range(3):
            at = next_fire(rule.when.cron, at, tz)
            result.upcoming.append(at)
        tick = Event(id=f"dry-run:{rule.name}", source="scheduler", type=f"tick.rules.{rule.name}",
                     occurred_at=result.upcoming[0])
        subject = Subject(event=tick, trigger="schedule")
        did = await Firing(ctx, cfg, rule, subject, template_values(ctx, subject, rule), preview=True).run()
        result.matched.append((tick, did))
        return result
    events = await ctx.store.recent_events(limit)
    result.scanned = len(events)
    tasks: dict[str, Task | None] = {}
    for event in events:
        if trigger_of(event) != rule.when.event:
            continue
        result.triggered += 1
        subject = Subject(event=event, trigger=rule.when.event)
        if rule.when.event in TASK_EVENTS:
            task = await _task(ctx, event, tasks)
            if task is None:
                result.unchecked += 1
                continue
            subject.task = task.model_copy(deep=True)
            facts = task_facts(event, subject.task, ctx.people, cfg.lists)
            result.reads_task = True
        else:
            facts = code_facts(event, ctx.people)
            if rule.when.event in CODE_EVENTS:
                subject.prs = [(str(event.data.get("repo")), int(n)) for n in
                               ([event.data.get("number")] if rule.when.event != "ci.failed"
                                else event.data.get("pr_numbers") or []) if n is not None]
        if not all_hold(rule.if_, facts):
            continue
        firing = Firing(ctx, cfg, rule, subject, template_values(ctx, subject, rule), preview=True)
        result.matched.append((event, await firing.run()))
    return result


async def _task(ctx: AgentContext, event: Event, cache: dict[str, Task | None]) -> Task | None:
    if ctx.tracker is None or event.subject is None:
        return None
    task_id = event.subject.id
    if task_id not in cache:
        if len(cache) >= MAX_TASK_READS:
            return None
        try:
            cache[task_id] = await ctx.tracker.get_task(task_id)
        except NotFound:
            cache[task_id] = None
    return cache[task_id]
