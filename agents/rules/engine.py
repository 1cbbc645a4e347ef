"""Running the rules on an event: which rules it triggers, their conditions, the loop guard and the rate limit,
and an audit row for every firing, skip, throttle and error (`rules.fire|skip|throttle|error`, through
`ctx.act` with a no-op write, so they sit in the same audit log as the platform writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from agents.base import AgentContext
from agents.github_sync.links import load_pr
from agents.rules import messages as msg
from agents.rules.actions import Firing, chain_of, digest
from agents.rules.conditions import all_hold, code_facts, scheduled_rule, task_facts, trigger_of
from agents.rules.config import CODE_EVENTS, TASK_EVENTS, TASK_WRITES, Rule, RulesConfig
from agents.rules.state import RuleRuns, RuleStatus
from agents.rules.targets import Subject
from integrations.errors import NotFound
from integrations.events import Event
from integrations.models import Task

WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Active:
    """A rule and where it comes from: the team file (`yaml`) or `/pm automate` (`stored`, with its maker)."""

    rule: Rule
    origin: str = "yaml"
    created_by: str | None = None


async def audit(ctx: AgentContext, kind: str, rule: str, event: Event, result: dict[str, Any]) -> None:
    """One audit row: a no-op action under its own key, so a retried event does not add a second."""

    async def note() -> dict[str, Any]:
        return {"rule": rule, **result}

    await ctx.act(f"{kind}:{rule}:{digest(event.id)}", kind, note, target=rule)


async def subject_for(event: Event, trigger: str, ctx: AgentContext, rules: list[Rule]) -> Subject | None:
    """What the rules act on; None when the task is gone (or no tracker is configured)."""
    subject = Subject(event=event, trigger=trigger)
    if trigger in TASK_EVENTS:
        if ctx.tracker is None or event.subject is None:
            return None
        try:
            subject.task = await ctx.tracker.get_task(event.subject.id)
        except NotFound:
            return None
        return subject
    if trigger in CODE_EVENTS:
        data = event.data
        numbers = [data.get("number")] if trigger != "ci.failed" else list(data.get("pr_numbers") or [])
        subject.prs = [(str(data.get("repo")), int(n)) for n in numbers if n is not None and data.get("repo")]
        wants_tasks = any(a.do in TASK_WRITES or "assignees" in (a.to or []) for r in rules for a in r.then)
        for repo, number in subject.prs:
            subject.linked += [t for t in (await load_pr(ctx, repo, number)).tasks if t not in subject.linked]
        if wants_tasks and ctx.tracker is not None:
            subject.linked_tasks = await _tasks(ctx, subject.linked)
    return subject


async def _tasks(ctx: AgentContext, ids: list[str]) -> list[Task]:
    assert ctx.tracker is not None
    found = []
    for task_id in ids:
        try:
            found.append(await ctx.tracker.get_task(task_id))
        except NotFound:
            ctx.log.info("linked task is gone", extra={"task": task_id})
    return found


def template_values(ctx: AgentContext, subject: Subject, rule: Rule) -> dict[str, str]:
    """What `{{...}}` placeholders say for this firing."""
    event, data = subject.event, subject.event.data
    # The actor's handle is on the platform the event came from (pmbot's and the reconciler's are the tracker's).
    role = next((r for r, name in ctx.platforms.items() if name == event.source), "tracker")
    person = ctx.people.by(role, event.actor) if event.actor else None
    actor = person.name if person else (event.actor or "")
    task = subject.task or (subject.linked_tasks[0] if len(subject.linked_tasks) == 1 else None)
    values = {"event.type": subject.trigger, "rule.name": rule.name, "event.actor": actor}
    if task is not None:
        values.update({"task.name": task.name, "task.url": task.url or "", "task.id": task.id,
                       "task.status": task.status, "task.priority": task.priority or "",
                       "task.list": task.list_name or task.list_id or ""})
    if subject.trigger in CODE_EVENTS:
        values.update({"pr.url": str(data.get("url") or ""), "pr.title": str(data.get("title") or ""),
                       "pr.number": str(data.get("number") or ""), "pr.repo": str(data.get("repo") or ""),
                       "pr.author": str(data.get("author") or ""), "ci.url": str(data.get("url") or "")})
    shown = dict(data)
    if subject.trigger == "task.assignee_added":
        shown["added_names"] = ", ".join(p.name if (p := ctx.people.by_tracker(str(a))) else str(a)
                                         for a in data.get("added") or [])
    values["event.summary"] = msg.summary(subject.trigger, shown, subject.task, actor or None, rule.name)
    return values


def facts_for(ctx: AgentContext, subject: Subject, cfg: RulesConfig) -> Any:
    if subject.trigger in TASK_EVENTS:
        return task_facts(subject.event, subject.task, ctx.people, cfg.lists)
    return code_facts(subject.event, ctx.people)


def candidates(event: Event, rules: list[Active]) -> tuple[str | None, list[Active]]:
    trigger = trigger_of(event)
    if trigger is None:
        return None, []
    chosen = [a for a in rules if a.rule.when.event == trigger]
    if trigger == "schedule":
        chosen = [a for a in chosen if a.rule.name == scheduled_rule(event)]
    return trigger, chosen


async def run_rules(event: Event, ctx: AgentContext, cfg: RulesConfig, rules: list[Active]) -> None:
    """Every rule this event triggers whose conditions hold fires once (per the keys), guarded."""
    trigger, chosen = candidates(event, rules)
    if trigger is None or not chosen:
        return
    live = []
    for active in chosen:
        status = await ctx.state.load(RuleStatus, active.rule.name)
        if status.enabled:
            live.append((active, status))
    if not live:
        return
    subject = await subject_for(event, trigger, ctx, [a.rule for a, _ in live])
    if subject is None:
        for active, _ in live:
            await audit(ctx, "rules.skip", active.rule.name, event, {"reason": "the task is gone or no tracker"})
        return
    facts = facts_for(ctx, subject, cfg)
    for active, status in live:
        rule = active.rule
        if not all_hold(rule.if_, facts):
            continue
        if status.flagged:
            await audit(ctx, "rules.skip", rule.name, event, {"reason": f"flagged: {status.flagged}"})
            continue
        runs = chain_of(event).get(rule.name, 0)
        if runs >= cfg.chain_limit:
            await stop_loop(ctx, active, event, runs)
            continue
        if await throttled(ctx, cfg, rule, event):
            continue
        firing = Firing(ctx, cfg, rule, subject, template_values(ctx, subject, rule))
        try:
            done = await firing.run()
        except Exception as exc:
            if getattr(exc, "transient", False):
                raise  # retried with the event; writes already done are skipped by their keys
            ctx.log.warning("rule %s failed: %s", rule.name, type(exc).__name__, extra={"rule": rule.name})
            await audit(ctx, "rules.error", rule.name, event,
                        {"error": f"{type(exc).__name__}: {exc}"[:500], "did": firing.done})
            continue
        await audit(ctx, "rules.fire", rule.name, event, {"trigger": trigger, "did": done, "chain": runs})


async def throttled(ctx: AgentContext, cfg: RulesConfig, rule: Rule, event: Event) -> bool:
    """The per-rule rate limit: at most `max_runs_per_hour` firings in any hour (a retried event counts once)."""
    runs = await ctx.state.load(RuleRuns, rule.name)
    now, key = ctx.clock.now(), digest(event.id)
    recent = {k: t for k, t in runs.runs.items() if t > now - WINDOW}
    if key in recent:
        return False
    if len(recent) >= cfg.max_runs_per_hour:
        ctx.log.warning("rule %s throttled", rule.name, extra={"rule": rule.name})
        await audit(ctx, "rules.throttle", rule.name, event,
                    {"reason": f"more than {cfg.max_runs_per_hour} runs in an hour"})
        return True
    recent[key] = now
    runs.runs = recent
    await ctx.state.save(runs, rule.name)
    return False


async def stop_loop(ctx: AgentContext, active: Active, event: Event, runs: int) -> None:
    """A rule set off by its own actions `chain_limit` times: flag it (it stops until re-enabled) and say so."""
    rule = active.rule.name
    status = await ctx.state.load(RuleStatus, rule)
    status.flagged, status.flagged_at = f"a loop: its own actions set it off {runs} times", ctx.clock.now()
    await ctx.state.save(status, rule)
    ctx.log.warning("rule %s stopped: loop", rule, extra={"rule": rule, "runs": runs})
    await audit(ctx, "rules.skip", rule, event, {"reason": "loop", "runs": runs})
    text = msg.loop_flag(rule, runs)
    key = f"rules.flag:{rule}:{digest(event.id)}"
    if active.created_by:
        await ctx.do.dm(active.created_by, text, key=key)
    elif ctx.team.channels.alerts:
        await ctx.do.post(ctx.team.channels.alerts, text, key=key)
