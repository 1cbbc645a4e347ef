"""The hand-off to QA, shared by the status-change path and the Slack buttons: carry out a round's saved plan
in one tracker write, then the comment, the QA engineer's DM, the channel line and the reminder row."""

from __future__ import annotations

from datetime import datetime

from agents.base import AgentContext
from agents.common.absence import with_stored_absence
from agents.common.worktime import add_duration
from agents.github_sync.links import task_links
from agents.qa_router import messages as msg
from agents.qa_router.config import QARouterConfig
from agents.qa_router.picker import remember_assignment
from agents.qa_router.state import TESTING, Plan, QAHandOff, SentDM
from agents.team import Person
from integrations.models import Task

REMINDER_KIND = "qa_reminder"


def reminder_key(task_id: str) -> str:
    return f"{REMINDER_KIND}:{task_id}"


async def load(ctx: AgentContext, task_id: str) -> QAHandOff:
    return await ctx.state.load(QAHandOff, task_id)


async def save(ctx: AgentContext, task_id: str, state: QAHandOff) -> None:
    await ctx.state.save(state, task_id)


async def reminders_for(ctx: AgentContext, tracker_id: str) -> list[tuple[str, datetime]]:
    """(task id, next reminder) of the tasks `tracker_id` is testing with a reminder pending: stored state only,
    no tracker call (for `/pm me`)."""
    due = await ctx.store.pending_due(REMINDER_KIND, limit=200)
    states = await ctx.state.load_many(QAHandOff, [(str(d.payload.get("task") or ""),) for d in due])
    return [(str(d.payload.get("task")), d.due_at) for d, state in zip(due, states, strict=True)
            if state.qa == tracker_id]


def who(ctx: AgentContext, tracker_id: str | None) -> Person | None:
    return ctx.people.by_tracker(tracker_id)


def display(ctx: AgentContext, ids: list[str]) -> list[str]:
    return [p.name if (p := who(ctx, i)) else i for i in ids]


def end_stint(ctx: AgentContext, state: QAHandOff) -> None:
    """Add the time since the hand-off to the task's time in testing."""
    if state.phase == TESTING and state.assigned_at:
        stint = ctx.clock.now() - state.assigned_at
        state.testing_seconds += int(stint.total_seconds())


async def hand_off(ctx: AgentContext, cfg: QARouterConfig, task: Task, state: QAHandOff) -> None:
    """Carry out the saved plan of this round: one tracker write, then comment, DM, channel, reminder."""
    assert state.plan is not None
    n, plan = state.round, state.plan
    _, result = await ctx.do.update_task(
        task.id, key=f"qa.assign:{task.id}:{n}", status=cfg.statuses.testing,
        add_assignees=[plan.qa], remove_assignees=plan.remove, record=plan.model_dump(mode="json"))
    if result:
        plan = Plan.model_validate(result)  # a replica that lost the race follows the plan the winner wrote
    qa = who(ctx, plan.qa)
    qa_name = qa.name if qa else plan.qa
    developers = list(plan.developers)
    dev_names = display(ctx, developers)
    previous = who(ctx, plan.previous)
    text = msg.reassigned_comment(qa_name, previous.name) if previous else msg.assigned_comment(qa_name)
    await ctx.do.comment(task.id, text, key=f"qa.comment:{task.id}:{n}")
    qa_chat = ctx.people.chat_id(qa)
    if qa_chat:
        links = await task_links(ctx, task.id)
        dm_text = msg.qa_dm_text(task.name, task.url, dev_names, links)
        posted = await ctx.do.dm(qa_chat, dm_text, key=f"qa.dm:{task.id}:{n}",
                                 blocks=msg.qa_dm_blocks(dm_text, f"{task.id}:{n}"))
        if posted is not None:
            state.dm = SentDM(channel=posted.channel, ts=posted.ts, text=dm_text)
    if cfg.channel and not previous:
        line = msg.channel_assigned(task.name, task.url, qa_name, dev_names)
        await ctx.do.post(cfg.channel, line, key=f"qa.channel:{task.id}:{n}")
    hours = await with_stored_absence(ctx, qa) if qa is not None else None
    due = add_duration(plan.at, cfg.remind_after, hours, business_hours=cfg.business_hours)
    await ctx.store.schedule(reminder_key(task.id), REMINDER_KIND, due, {"task": task.id, "round": n, "count": 0})
    if qa is not None:
        await remember_assignment(ctx, qa)
    state.phase, state.qa, state.developers, state.assigned_at = TESTING, plan.qa, developers, plan.at
    await save(ctx, task.id, state)


async def nobody_available(ctx: AgentContext, cfg: QARouterConfig, task: Task, n: int) -> None:
    """Leave the task where it is and tell people: the channel and the escalation contacts."""
    text = msg.nobody_available(task.name, task.url, cfg.statuses.ready)
    if cfg.channel:
        await ctx.do.post(cfg.channel, text, key=f"qa.nobody:{task.id}:{n}:channel")
    for user in cfg.escalate_to:
        await ctx.do.dm(user, text, key=f"qa.nobody:{task.id}:{n}:{user}")
