"""The QA router's Slack side: `/pm qa` (the queue, sent to the asker by DM) and the QA DM's buttons."""

from __future__ import annotations

from agents.base import AgentContext
from agents.qa_router import messages as msg
from agents.qa_router.config import QARouterConfig
from agents.qa_router.handoff import end_stint, hand_off, load, nobody_available, save, who
from agents.qa_router.picker import pick_qa
from agents.qa_router.state import ASSIGNING, TESTING, Plan, QAHandOff
from integrations.events import Event
from integrations.models import Task


async def show_queue(cfg: QARouterConfig, ctx: AgentContext, event: Event) -> None:
    """DM the asker the tasks waiting for QA and in testing, with assignee and age (a DM keeps channels quiet)."""
    if ctx.tracker is None or not event.actor:
        return
    now = ctx.clock.now()
    ready, testing = cfg.statuses.ready.lower(), cfg.statuses.testing.lower()
    tasks: list[Task] = []
    for list_id in cfg.lists or [None]:  # type: ignore[list-item]
        tasks += await ctx.tracker.find_tasks(list_id=list_id, statuses=[cfg.statuses.ready, cfg.statuses.testing])
    waiting: list[str] = []
    in_testing: list[str] = []
    for task in sorted(tasks, key=lambda t: t.id):
        since = task.date_updated or now
        status = task.status.lower()
        if status == testing:
            state = await load(ctx, task.id)
            if state.assigned_at:
                since = state.assigned_at
        elif status != ready:
            continue
        names = [p.name if (p := who(ctx, m.id)) else (m.username or m.id) for m in task.assignees]
        row = msg.queue_row(task.name, task.url, names, now - since)
        (in_testing if status == testing else waiting).append(row)
    await ctx.do.dm(event.actor, msg.queue_text(waiting, in_testing), key=f"qa.queue:{event.id}")


async def on_button(cfg: QARouterConfig, ctx: AgentContext, event: Event) -> None:
    """"Start testing" acknowledges (reminders keep running); "Reassign" hands the task to the next QA engineer."""
    task_id, _, round_text = str(event.data.get("value") or "").rpartition(":")
    if not task_id or not round_text.isdigit() or ctx.chat is None or ctx.tracker is None:
        return
    n = int(round_text)
    state = await load(ctx, task_id)
    qa = who(ctx, state.qa)
    allowed = {c} if (c := ctx.people.chat_id(qa)) else set()
    allowed |= set(cfg.escalate_to) | {c for p in ctx.people.with_role("lead") if (c := ctx.people.chat_id(p))}
    actor = event.actor or ""
    if state.phase == ASSIGNING and state.round == n + 1 and state.plan and state.plan.previous == state.qa:
        # A reassignment from this button was interrupted after its decision was saved: finish it.
        await hand_off(ctx, cfg, await ctx.tracker.get_task(task_id), state)
        return
    if state.round != n or state.phase != TESTING:
        await ctx.do.dm(actor, msg.stale_button(task_id), key=f"qa.button:{event.id}")
        return
    if actor not in allowed:
        await ctx.do.dm(actor, msg.not_yours(task_id), key=f"qa.button:{event.id}")
        return
    dm = state.dm
    if event.data.get("action_id") == msg.START_ACTION:
        text = msg.started_text(dm.text if dm else "", qa.name if qa else actor)
        channel = event.data.get("channel") or (dm.channel if dm else None)
        ts = event.data.get("message_ts") or (dm.ts if dm else None)
        if channel and ts:
            await ctx.do.update_message(channel, ts, text, key=f"qa.started:{task_id}:{n}",
                                        blocks=msg.started_blocks(text), target=actor)
        state.started_at = ctx.clock.now()
        await save(ctx, task_id, state)
        return
    await reassign(cfg, ctx, task_id, state)


async def reassign(cfg: QARouterConfig, ctx: AgentContext, task_id: str, state: QAHandOff) -> None:
    """A new round for the same task: the next QA engineer replaces the current one in one write."""
    assert ctx.tracker is not None
    task = await ctx.tracker.get_task(task_id)
    if task.status.lower() != cfg.statuses.testing.lower():
        return
    old = state.qa
    developers = list(state.developers)
    qa = await pick_qa(ctx, cfg, task, exclude={old or "", *developers})
    if qa is None:
        await nobody_available(ctx, cfg, task, state.round)
        return
    end_stint(ctx, state)
    state.round, state.phase = state.round + 1, ASSIGNING
    state.plan = Plan(qa=ctx.people.tracker_id(qa) or "", developers=developers, remove=[old] if old else [],
                      at=ctx.clock.now(), previous=old)
    previous_dm = state.dm
    await save(ctx, task_id, state)
    await hand_off(ctx, cfg, task, state)
    if previous_dm is not None:
        text = msg.reassigned_away_text(previous_dm.text, qa.name)
        await ctx.do.update_message(previous_dm.channel, previous_dm.ts, text,
                                    key=f"qa.reassigned_dm:{task_id}:{state.round}", blocks=msg.started_blocks(text))
