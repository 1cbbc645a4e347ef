"""The QA router's Slack side: `/pm qa` (the queue, sent to the asker by DM) and the QA DM's buttons."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from agents import qa_messages as msg
from agents.base import AgentContext
from agents.qa_picker import pick_qa
from integrations.events import Event
from integrations.models import Task

if TYPE_CHECKING:
    from agents.qa_router import QARouter


async def show_queue(router: QARouter, ctx: AgentContext, event: Event) -> None:
    """DM the asker the tasks waiting for QA and in testing, with assignee and age (a DM keeps channels quiet)."""
    if ctx.tracker is None or ctx.chat is None or not event.actor:
        return
    cfg, now = router.cfg, ctx.clock.now()
    tasks: list[Task] = []
    for list_id in cfg.lists or [None]:  # type: ignore[list-item]
        tasks += await ctx.tracker.find_tasks(list_id=list_id, statuses=[cfg.statuses.ready, cfg.statuses.testing])
    waiting: list[str] = []
    testing: list[str] = []
    for task in sorted(tasks, key=lambda t: t.id):
        since = task.date_updated or now
        status = task.status.lower()
        if status == router.testing:
            state = await router.load(ctx, task.id)
            if state.get("assigned_at"):
                since = datetime.fromisoformat(state["assigned_at"])
        elif status != router.ready:
            continue
        who = [p.name if (p := ctx.team.person(clickup=m.id)) else (m.username or m.id) for m in task.assignees]
        row = msg.queue_row(task.name, task.url, who, now - since)
        (testing if status == router.testing else waiting).append(row)
    chat, actor, text = ctx.chat, event.actor, msg.queue_text(waiting, testing)
    await ctx.act(f"qa.queue:{event.id}", "slack.dm", lambda: chat.dm(actor, text), target=actor)


async def on_button(router: QARouter, ctx: AgentContext, event: Event) -> None:
    """"Start testing" acknowledges (reminders keep running); "Reassign" hands the task to the next QA engineer."""
    task_id, _, round_text = str(event.data.get("value") or "").rpartition(":")
    if not task_id or not round_text.isdigit() or ctx.chat is None or ctx.tracker is None:
        return
    chat, n = ctx.chat, int(round_text)
    state = await router.load(ctx, task_id)
    qa = router.who(ctx, state.get("qa"))
    allowed = {qa.slack} if qa and qa.slack else set()
    allowed |= set(router.cfg.escalate_to) | {p.slack for p in ctx.team.people if "lead" in p.roles and p.slack}
    actor = event.actor or ""
    plan = state.get("plan") or {}
    if state.get("phase") == "assigning" and state.get("round") == n + 1 and plan.get("from") == state.get("qa"):
        # A reassignment from this button was interrupted after its decision was saved: finish it.
        await router.hand_off(ctx, await ctx.tracker.get_task(task_id), state)
        return
    if state.get("round") != n or state.get("phase") != "testing":
        await ctx.act(f"qa.button:{event.id}", "slack.dm", lambda: chat.dm(actor, msg.stale_button(task_id)),
                      target=actor)
        return
    if actor not in allowed:
        await ctx.act(f"qa.button:{event.id}", "slack.dm", lambda: chat.dm(actor, msg.not_yours(task_id)),
                      target=actor)
        return
    dm = state.get("dm") or {}
    if event.data.get("action_id") == msg.START_ACTION:
        text = msg.started_text(dm.get("text", ""), qa.name if qa else actor)
        channel, ts = event.data.get("channel") or dm.get("channel"), event.data.get("message_ts") or dm.get("ts")
        if channel and ts:
            await ctx.act(f"qa.started:{task_id}:{n}", "slack.update",
                          lambda: chat.update(channel, ts, text, blocks=msg.started_blocks(text)), target=actor)
        state["started_at"] = ctx.clock.now().isoformat()
        await router.save(ctx, task_id, state)
        return
    await reassign(router, ctx, task_id, state)


async def reassign(router: QARouter, ctx: AgentContext, task_id: str, state: dict) -> None:
    """A new round for the same task: the next QA engineer replaces the current one in one write."""
    assert ctx.tracker is not None and ctx.chat is not None
    task = await ctx.tracker.get_task(task_id)
    if task.status.lower() != router.testing:
        return
    old = state.get("qa")
    developers = list(state.get("developers") or [])
    qa = await pick_qa(ctx, router.cfg, task, exclude={old or "", *developers})
    if qa is None:
        await router.nobody_available(ctx, task, int(state["round"]))
        return
    router.end_stint(ctx, state)
    state.update(round=int(state["round"]) + 1, phase="assigning",
                 plan={"qa": qa.clickup, "developers": developers, "remove": [old] if old else [],
                       "at": ctx.clock.now().isoformat(), "from": old})
    previous_dm = state.get("dm") or {}
    await router.save(ctx, task_id, state)
    await router.hand_off(ctx, task, state)
    if previous_dm.get("channel") and previous_dm.get("ts"):
        chat, text = ctx.chat, msg.reassigned_away_text(previous_dm.get("text", ""), qa.name)
        await ctx.act(f"qa.reassigned_dm:{task_id}:{state['round']}", "slack.update",
                      lambda: chat.update(previous_dm["channel"], previous_dm["ts"], text,
                                          blocks=msg.started_blocks(text)), target=previous_dm["channel"])
