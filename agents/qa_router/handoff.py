"""The hand-off to QA, shared by the status-change path and the Slack buttons: carry out a round's saved plan
in one tracker write, then the comment, the QA engineer's DM, the channel line and the reminder row.

On a tracker whose tasks have one assignee (`WorkflowTracker.single_assignee`: Jira) the write is two: the status
first, through the workflow's transition (a workflow without one raises `NoTransition` before anything changed:
the task stays where it is and the channel and the escalation contacts are told), then the QA engineer replaces
the developer as the assignee; the developer is remembered in the round's state (`developers`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from agents.base import AgentContext, PendingDue
from agents.common import squads
from agents.common.absence import with_stored_absence
from agents.common.worktime import add_duration
from agents.github_sync.links import task_links
from agents.qa_router import messages as msg
from agents.qa_router.config import QARouterConfig
from agents.qa_router.picker import remember_assignment
from agents.qa_router.state import NO_TRANSITION, TESTING, Plan, QAHandOff, SentDM
from agents.team import Person
from integrations.errors import NoTransition
from integrations.models import Task
from integrations.protocols import WorkflowTracker

REMINDER_KIND = "qa_reminder"


def reminder_key(cfg: QARouterConfig, task_id: str) -> str:
    return cfg.key(REMINDER_KIND, task_id)


def reminder_payload(cfg: QARouterConfig, task_id: str, n: int, count: int) -> dict[str, Any]:
    """A reminder row's payload; a named router's says which it is (a row without `squad` is the unnamed one's)."""
    return {"task": task_id, "round": n, "count": count, **({"squad": cfg.name} if cfg.name else {})}


def squad_of(payload: Mapping[str, Any]) -> str | None:
    """Which router a reminder row (or a DM button's value) is for."""
    value = payload.get("squad")
    return str(value) if value else None


async def load(ctx: AgentContext, cfg: QARouterConfig, task_id: str) -> QAHandOff:
    return await ctx.state.load(QAHandOff, *cfg.parts(task_id))


async def save(ctx: AgentContext, cfg: QARouterConfig, task_id: str, state: QAHandOff) -> None:
    await ctx.state.save(state, *cfg.parts(task_id))


async def pending(ctx: AgentContext, limit: int = 200) -> list[tuple[PendingDue, QAHandOff]]:
    """Every reminder row still waiting, with its task's hand-off as its router keeps it: stored state only."""
    due = await ctx.store.pending_due(REMINDER_KIND, limit=limit)
    keys = [squads.parts_of(squad_of(d.payload), str(d.payload.get("task") or "")) for d in due]
    return list(zip(due, await ctx.state.load_many(QAHandOff, keys), strict=True))


async def handoffs(ctx: AgentContext, section: QARouterConfig, tasks: list[Task]) -> dict[str, QAHandOff]:
    """Each task's hand-off as the router whose lists hold it keeps it (for reports): one batched read."""
    owners = [section.owner(t.lists) or section for t in tasks]
    states = await ctx.state.load_many(QAHandOff, [r.parts(t.id) for r, t in zip(owners, tasks, strict=True)])
    return {t.id: state for t, state in zip(tasks, states, strict=True)}


async def reminders_for(ctx: AgentContext, tracker_id: str) -> list[tuple[str, datetime]]:
    """(task id, next reminder) of the tasks `tracker_id` is testing with a reminder pending: stored state only,
    no tracker call (for `/pm me`)."""
    return [(str(d.payload.get("task")), d.due_at) for d, state in await pending(ctx) if state.qa == tracker_id]


def who(ctx: AgentContext, tracker_id: str | None) -> Person | None:
    return ctx.people.by_tracker(tracker_id)


def display(ctx: AgentContext, ids: list[str]) -> list[str]:
    return [p.name if (p := who(ctx, i)) else i for i in ids]


def one_assignee(ctx: AgentContext) -> bool:
    """Whether the tracker's tasks have one assignee (Jira): a hand-off replaces the developer, it cannot add."""
    return isinstance(ctx.tracker, WorkflowTracker) and ctx.tracker.single_assignee


def end_stint(ctx: AgentContext, state: QAHandOff) -> None:
    """Add the time since the hand-off to the task's time in testing."""
    if state.phase == TESTING and state.assigned_at:
        stint = ctx.clock.now() - state.assigned_at
        state.testing_seconds += int(stint.total_seconds())


async def hand_off(ctx: AgentContext, cfg: QARouterConfig, task: Task, state: QAHandOff) -> None:
    """Carry out the saved plan of this round: one tracker write, then comment, DM, channel, reminder."""
    assert state.plan is not None
    n = state.round
    try:
        plan = await _assign(ctx, cfg, task, n, state.plan)
    except NoTransition as exc:
        await no_transition(ctx, cfg, task, state, exc)
        return
    qa = who(ctx, plan.qa)
    qa_name = qa.name if qa else plan.qa
    developers = list(plan.developers)
    dev_names = display(ctx, developers)
    previous = who(ctx, plan.previous)
    text = msg.reassigned_comment(qa_name, previous.name) if previous else msg.assigned_comment(qa_name)
    await ctx.do.comment(task.id, text, key=cfg.key("qa.comment", task.id, n))
    qa_chat = ctx.people.chat_id(qa)
    if qa_chat:
        links = await task_links(ctx, task.id)
        dm_text = msg.qa_dm_text(task.name, task.url, dev_names, links)
        posted = await ctx.do.dm(qa_chat, dm_text, key=cfg.key("qa.dm", task.id, n),
                                 blocks=msg.qa_dm_blocks(dm_text, button_value(cfg, task.id, n)))
        if posted is not None:
            state.dm = SentDM(channel=posted.channel, ts=posted.ts, text=dm_text)
    if cfg.channel and not previous:
        line = msg.channel_assigned(task.name, task.url, qa_name, dev_names)
        await ctx.do.post(cfg.channel, line, key=cfg.key("qa.channel", task.id, n))
    hours = await with_stored_absence(ctx, qa) if qa is not None else None
    due = add_duration(plan.at, cfg.remind_after, hours, business_hours=cfg.business_hours)
    await ctx.store.schedule(reminder_key(cfg, task.id), REMINDER_KIND, due, reminder_payload(cfg, task.id, n, 0))
    if qa is not None:
        await remember_assignment(ctx, cfg, qa)
    state.phase, state.qa, state.developers, state.assigned_at = TESTING, plan.qa, developers, plan.at
    await save(ctx, cfg, task.id, state)


async def _assign(ctx: AgentContext, cfg: QARouterConfig, task: Task, n: int, plan: Plan) -> Plan:
    """The round's tracker write (two on a one-assignee tracker); the plan as the first writer decided it (a replica
    that lost the race follows the plan the winner wrote)."""
    record = plan.model_dump(mode="json")
    if not one_assignee(ctx):
        _, result = await ctx.do.update_task(
            task.id, key=cfg.key("qa.assign", task.id, n), status=cfg.statuses.testing,
            add_assignees=[plan.qa], remove_assignees=plan.remove, record=record)
        return Plan.model_validate(result) if result else plan
    _, result = await ctx.do.update_task(task.id, key=cfg.key("qa.move", task.id, n), status=cfg.statuses.testing,
                                         record=record)
    plan = Plan.model_validate(result) if result else plan
    await ctx.do.update_task(task.id, key=cfg.key("qa.assign", task.id, n), add_assignees=[plan.qa])
    return plan


async def no_transition(ctx: AgentContext, cfg: QARouterConfig, task: Task, state: QAHandOff,
                        error: NoTransition) -> None:
    """The workflow cannot take the task to testing: nothing was written (the failed write is in the audit log);
    the channel and the escalation contacts hear it once per round, and the next "ready" event tries again."""
    ctx.log.warning("qa hand-off: no transition to %r", cfg.statuses.testing, extra={"task": task.id})
    n = state.round
    text = msg.no_transition(task.name, task.url, error.current, cfg.statuses.testing, error.available)
    if cfg.channel:
        await ctx.do.post(cfg.channel, text, key=cfg.key("qa.no_transition", task.id, n, "channel"))
    for user in cfg.escalate_to:
        await ctx.do.dm(user, text, key=cfg.key("qa.no_transition", task.id, n, user))
    state.phase, state.plan = NO_TRANSITION, None
    await save(ctx, cfg, task.id, state)


async def nobody_available(ctx: AgentContext, cfg: QARouterConfig, task: Task, n: int) -> None:
    """Leave the task where it is and tell people: the channel and the escalation contacts."""
    text = msg.nobody_available(task.name, task.url, cfg.statuses.ready)
    if cfg.channel:
        await ctx.do.post(cfg.channel, text, key=cfg.key("qa.nobody", task.id, n, "channel"))
    for user in cfg.escalate_to:
        await ctx.do.dm(user, text, key=cfg.key("qa.nobody", task.id, n, user))


def button_value(cfg: QARouterConfig, task_id: str, n: int) -> str:
    """The QA DM's buttons' value: `T1:3`, and `T1:3@web` for a named router's."""
    return f"{task_id}:{n}" + (f"{squads.MARK}{cfg.name}" if cfg.name else "")


def parse_button(value: str) -> tuple[str, str, str | None]:
    """`T1:3@web` → ("T1", "3", "web"); a button sent before squads has no router name."""
    rest, mark, squad = value.partition(squads.MARK)
    task_id, _, round_text = rest.rpartition(":")
    return task_id, round_text, (squad if mark else None)
