"""The QA router's Slack side: `/pm qa [squad]` (the queue, sent to the asker by DM) and the QA DM's buttons.
`section` is the whole `qa_router:`, `cfg` one router's; a DM's buttons name their router."""

from __future__ import annotations

from agents.base import AgentContext, command_words
from agents.common import squads
from agents.common.mrkdwn import Mrkdwn
from agents.common.task_refs import task_label
from agents.qa_router import messages as msg
from agents.qa_router.config import QARouterConfig
from agents.qa_router.handoff import end_stint, hand_off, load, nobody_available, parse_button, save, who
from agents.qa_router.picker import pick_qa, qa_people
from agents.qa_router.state import ASSIGNING, TESTING, Plan, QAHandOff
from integrations.errors import IntegrationError
from integrations.events import Event
from integrations.models import Task


def asked_for(section: QARouterConfig, ctx: AgentContext, event: Event) -> list[QARouterConfig] | str:
    """Whose queue `/pm qa [squad]` shows: the named router's; without a name the asker's routers (those they
    test for, or whose standup squad of the same name they are in), else every router. A name no router has:
    what to say instead."""
    routers = list(section.instances())
    words = command_words(event)[1:]
    if words:
        found = squads.by_name(routers, words[0].lower())
        if found is None or found.name is None:
            known = ", ".join(str(r.name) for r in routers if r.name) or "none"
            return msg.unknown_squad(words[0], known)
        return [found]
    person = ctx.people.by_chat(event.actor)
    mine = [r for r in routers if person is not None and r.name
            and (person in qa_people(ctx, r) or person in ctx.team.squad_members(r.name))]
    return mine or routers


async def show_queues(section: QARouterConfig, ctx: AgentContext, event: Event) -> None:
    """DM the asker the queues `/pm qa [squad]` asks for (a DM keeps channels quiet)."""
    if ctx.tracker is None or not event.actor:
        return
    routers = asked_for(section, ctx, event)
    if isinstance(routers, str):
        await ctx.do.dm(event.actor, routers, key=f"qa.queue:{event.id}")
        return
    texts = [await queue(cfg, ctx, titled=len(section.instances()) > 1) for cfg in routers]
    await ctx.do.dm(event.actor, msg.queues_text(texts), key=f"qa.queue:{event.id}")


async def queue(cfg: QARouterConfig, ctx: AgentContext, *, titled: bool = False) -> Mrkdwn:
    """The tasks waiting for QA and in testing, with assignee and age."""
    assert ctx.tracker is not None
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
            state = await load(ctx, cfg, task.id)
            if state.assigned_at:
                since = state.assigned_at
        elif status != ready:
            continue
        names = [p.name if (p := who(ctx, m.id)) else (m.username or m.id) for m in task.assignees]
        row = msg.queue_row(task.name, task.url, names, now - since)
        (in_testing if status == testing else waiting).append(row)
    return msg.queue_text(waiting, in_testing, squads.label(cfg.name, "qa_router") if titled else None)


async def on_button(section: QARouterConfig, ctx: AgentContext, event: Event) -> None:
    """"Start testing" acknowledges (reminders keep running); "Reassign" hands the task to the next QA engineer."""
    task_id, round_text, squad = parse_button(str(event.data.get("value") or ""))
    cfg = squads.by_name(section.instances(), squad)
    if cfg is None or not task_id or not round_text.isdigit() or ctx.chat is None or ctx.tracker is None:
        return
    n = int(round_text)
    state = await load(ctx, cfg, task_id)
    qa = who(ctx, state.qa)
    allowed = {c} if (c := ctx.people.chat_id(qa)) else set()
    allowed |= set(cfg.escalate_to) | {c for p in ctx.people.with_role("lead") if (c := ctx.people.chat_id(p))}
    actor = event.actor or ""
    interrupted = state.phase == ASSIGNING and state.round == n + 1 and state.plan is not None and \
        state.plan.previous == state.qa
    if (interrupted or (state.round == n and state.phase == TESTING)) and actor not in allowed:
        # Who may press it is checked before anything is done, a reassignment left half-done included.
        await ctx.do.dm(actor, msg.not_yours(await _named(ctx, task_id)), key=f"qa.button:{event.id}")
        return
    if interrupted:
        # A reassignment from this button was interrupted after its decision was saved: finish it.
        await hand_off(ctx, cfg, await ctx.tracker.get_task(task_id), state)
        return
    if state.round != n or state.phase != TESTING:
        await ctx.do.dm(actor, msg.stale_button(await _named(ctx, task_id)), key=f"qa.button:{event.id}")
        return
    dm = state.dm
    if event.data.get("action_id") == msg.START_ACTION:
        text = msg.started_text(dm.text if dm else "", qa.name if qa else actor)
        channel = event.data.get("channel") or (dm.channel if dm else None)
        ts = event.data.get("message_ts") or (dm.ts if dm else None)
        if channel and ts:
            await ctx.do.update_message(channel, ts, text, key=cfg.key("qa.started", task_id, n),
                                        blocks=msg.started_blocks(text), target=actor)
        state.started_at = ctx.clock.now()
        await save(ctx, cfg, task_id, state)
        return
    await reassign(cfg, ctx, task_id, state)


async def _named(ctx: AgentContext, task_id: str) -> Mrkdwn:
    """The task as people know it in a reply (its name, linked), or its id if the tracker cannot say."""
    assert ctx.tracker is not None
    try:
        task = await ctx.tracker.get_task(task_id)
    except IntegrationError:
        return msg.task_ref(task_id, None)
    return msg.task_ref(task_label(ctx, task), task.url)


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
    await save(ctx, cfg, task_id, state)
    await hand_off(ctx, cfg, task, state)
    if previous_dm is not None:
        text = msg.reassigned_away_text(previous_dm.text, qa.name)
        await ctx.do.update_message(previous_dm.channel, previous_dm.ts, text,
                                    key=cfg.key("qa.reassigned_dm", task_id, state.round),
                                    blocks=msg.started_blocks(text))
