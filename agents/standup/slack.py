"""The standup's Slack side: the modal (opened on the request path, within the trigger's 3 s), `/standup`,
`/pm standup skip today`, modal submissions and replies in the prompt's thread."""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.base import AgentContext, command_words
from agents.common.absence import with_stored_absences
from agents.standup import answers, summary
from agents.standup import messages as msg
from agents.standup.config import StandupConfig
from agents.standup.days import local_day, members, team_day
from agents.standup.state import PersonLog, StandupDay
from agents.team import Person
from integrations.errors import IntegrationError
from integrations.events import Event


def wants_modal(event: Event) -> bool:
    """`/standup` alone, or the Answer button."""
    if event.type == "chat.command":
        return event.data.get("command") == "/standup" and not str(event.data.get("text") or "").strip()
    return event.type == "chat.action" and event.data.get("action_id") == msg.ANSWER_ACTION


def member(cfg: StandupConfig, ctx: AgentContext, chat_id: str | None) -> Person | None:
    person = ctx.people.by_chat(chat_id)
    return person if person is not None and person in members(cfg, ctx.team) else None


def modal_day(ctx: AgentContext, person: Person, event: Event) -> date:
    """The day of the button's standup (a late answer to an earlier day is allowed); `/standup` alone: today."""
    today = local_day(person, ctx.clock.now())
    value = str(event.data.get("value") or "") if event.type == "chat.action" else ""
    try:
        return date.fromisoformat(value) if value else today
    except ValueError:
        return today


async def modal_view(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date) -> dict[str, Any]:
    """The form pre-filled with the answer given, else the draft (reads state, changes none)."""
    state = await ctx.state.load(StandupDay, person.name, day.isoformat())
    values = dict(state.answer)
    if not state.answered and state.draft is not None:
        values = {"done": msg.draft_plain(state.draft.done), "next": msg.draft_plain(state.draft.next)}
    return msg.modal(day, cfg.cutoff_at, cfg.questions, values)


async def open_modal(cfg: StandupConfig, ctx: AgentContext, event: Event) -> str | None:
    """Open the form for the event's trigger (once per event: the request path and the worker share the key)."""
    person = member(cfg, ctx, event.actor)
    trigger = event.data.get("trigger_id")
    if person is None or not trigger:
        return None
    view = await modal_view(cfg, ctx, person, modal_day(ctx, person, event))
    return await ctx.do.open_modal(str(trigger), view, key=f"standup.modal:{event.id}")


async def on_modal_event(cfg: StandupConfig, ctx: AgentContext, event: Event) -> None:
    """The worker's part of a button press or `/standup` alone: the modal normally opened on the request
    path already; if that did not happen, try once more, and say so when the trigger has expired."""
    person = ctx.people.by_chat(event.actor)
    if person is None or person not in members(cfg, ctx.team):
        text = msg.not_in_people() if person is None else msg.not_a_member()
        await reply(ctx, event, text)
        return
    try:
        opened = await open_modal(cfg, ctx, event)
    except IntegrationError as exc:
        ctx.log.info("standup modal not opened: %s", type(exc).__name__)
        opened = None
    if opened is None:
        await reply(ctx, event, msg.modal_missed())


async def reply(ctx: AgentContext, event: Event, text: str) -> None:
    """A command answers ephemerally; a button press or a submission by DM."""
    if event.type == "chat.command":
        await ctx.do.respond(event, text, key=f"standup.respond:{event.id}")
    elif event.actor:
        await ctx.do.dm(event.actor, text, key=f"standup.reply:{event.id}")


async def on_command(cfg: StandupConfig, ctx: AgentContext, event: Event) -> None:
    if event.data.get("command") != "/standup":
        await on_skip(cfg, ctx, event)
        return
    text = str(event.data.get("text") or "").strip()
    if not text:
        await on_modal_event(cfg, ctx, event)
        return
    person = ctx.people.by_chat(event.actor)
    if person is None:
        await reply(ctx, event, msg.not_in_people())
        return
    if text.lower() == "summary":
        day = team_day(ctx.team, ctx.clock.now())
        asked = await with_stored_absences(ctx, members(cfg, ctx.team))
        await reply(ctx, event, await summary.so_far(cfg, ctx, day, asked))
        return
    if person not in members(cfg, ctx.team):
        await reply(ctx, event, msg.not_a_member())
        return
    day = local_day(person, ctx.clock.now())
    await _answer(cfg, ctx, event, person, day, answers.parse(text, cfg.questions), "command", merge=True)


async def on_skip(cfg: StandupConfig, ctx: AgentContext, event: Event) -> None:
    """`/pm standup skip today`."""
    person = ctx.people.by_chat(event.actor)
    if person is None:
        await reply(ctx, event, msg.not_in_people())
        return
    if person not in members(cfg, ctx.team):
        await reply(ctx, event, msg.not_a_member())
        return
    words = [w.lower() for w in command_words(event)[1:]]
    if words not in (["skip"], ["skip", "today"]):
        await reply(ctx, event, msg.skip_usage())
        return
    day = local_day(person, ctx.clock.now())
    state = await ctx.state.load(StandupDay, person.name, day.isoformat())
    state.skipped = True
    await ctx.state.save(state, person.name, day.isoformat())
    await reply(ctx, event, msg.skipped_text(day))


async def on_submission(cfg: StandupConfig, ctx: AgentContext, event: Event) -> None:
    person = member(cfg, ctx, event.actor)
    callback = str(event.data.get("callback_id") or "")
    try:
        day = date.fromisoformat(callback.partition(":")[2])
    except ValueError:
        return
    if person is None:
        return
    values = event.data.get("values") or {}
    answer = {q.key: str(values.get(f"{msg.block_id(q)}.{msg.INPUT}") or "") for q in cfg.questions}
    await _answer(cfg, ctx, event, person, day, answer, "modal", merge=False)


async def on_thread_reply(cfg: StandupConfig, ctx: AgentContext, event: Event) -> None:
    """A reply in the thread of the prompt (or the reminder) answers that day's standup."""
    person = member(cfg, ctx, event.actor)
    thread = str(event.data.get("thread_ts") or "")
    if person is None or not thread:
        return
    day_text = (await ctx.state.load(PersonLog, person.name)).prompts.get(thread)
    if day_text is None:
        return  # not one of our standup messages
    day = date.fromisoformat(day_text)
    answer = answers.parse(str(event.data.get("text") or ""), cfg.questions)
    await _answer(cfg, ctx, event, person, day, answer, "thread", merge=True)


async def _answer(cfg: StandupConfig, ctx: AgentContext, event: Event, person: Person, day: date,
                  answer: dict[str, str], via: str, *, merge: bool) -> None:
    if merge and answer:
        current = await ctx.state.load(StandupDay, person.name, day.isoformat())
        answer = {**current.answer, **answer}
    outcome, state = await answers.save_answer(cfg, ctx, person, day, answer, via)
    if outcome == answers.CLOSED:
        text = msg.closed_text(day, cfg.cutoff_at)
    elif outcome == answers.EMPTY:
        text = msg.empty_answer()
    elif via == "command":
        text = msg.saved_text(day, cfg.questions, state.answer)
    elif via == "thread":
        text = msg.thread_saved(day)
    elif state.prompt is None:
        text = msg.saved_text(day, cfg.questions, state.answer)  # no prompt to mark answered
    else:
        return
    if via == "thread":
        channel = str(event.data.get("channel") or "")
        await ctx.do.post(channel, text, thread_ts=str(event.data.get("thread_ts")),
                          key=f"standup.thread_reply:{event.id}")
    else:
        await reply(ctx, event, text)
