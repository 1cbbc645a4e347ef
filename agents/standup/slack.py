"""The standup's Slack side: the modal (opened on the request path, within the trigger's 3 s), `/standup`,
`/pm standup skip today`, modal submissions and replies in the prompt's thread. With several squads, `section`
is the whole `standup:` and `cfg` one squad's: a button, a form and a DM's thread each carry their squad, and
`/standup` finds the asker's (or asks which, with a button per squad)."""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.base import AgentContext, command_words
from agents.common import squads
from agents.common.absence import with_stored_absences
from agents.standup import answers, summary
from agents.standup import messages as msg
from agents.standup.config import StandupConfig
from agents.standup.days import local_day, members, team_day
from agents.standup.state import PersonLog, StandupDay
from agents.team import Person
from integrations.errors import IntegrationError
from integrations.events import Event


def is_answer_button(event: Event) -> bool:
    """The Answer button, or one of the which-squad buttons (`standup.answer.<n>`)."""
    action = str(event.data.get("action_id") or "")
    return event.type == "chat.action" and (action == msg.ANSWER_ACTION or action.startswith(f"{msg.ANSWER_ACTION}."))


def wants_modal(event: Event) -> bool:
    """`/standup` alone, or the Answer button."""
    if event.type == "chat.command":
        return event.data.get("command") == "/standup" and not str(event.data.get("text") or "").strip()
    return is_answer_button(event)


def member(cfg: StandupConfig, ctx: AgentContext, chat_id: str | None) -> Person | None:
    person = ctx.people.by_chat(chat_id)
    return person if person is not None and person in members(cfg, ctx.team) else None


def squads_of(section: StandupConfig, ctx: AgentContext, person: Person | None) -> list[StandupConfig]:
    """The standups `person` is asked in, in the order of the team file."""
    return [cfg for cfg in section.instances() if person is not None and person in members(cfg, ctx.team)]


def named(section: StandupConfig, squad: str | None) -> StandupConfig | None:
    """The squad a button, a form or a due row names (None: the unnamed one, i.e. the single section)."""
    return squads.by_name(section.instances(), squad)


def chosen(section: StandupConfig, ctx: AgentContext, event: Event) -> StandupConfig | None:
    """Whose form a button or `/standup` alone opens: the button's squad, else the asker's only one."""
    if event.type == "chat.action":
        return named(section, msg.parse_day_value(str(event.data.get("value") or ""))[1])
    mine = squads_of(section, ctx, ctx.people.by_chat(event.actor))
    return mine[0] if len(mine) == 1 else None


def modal_day(ctx: AgentContext, person: Person, event: Event) -> date:
    """The day of the button's standup (a late answer to an earlier day is allowed); `/standup` alone: today."""
    today = local_day(person, ctx.clock.now())
    value = msg.parse_day_value(str(event.data.get("value") or ""))[0] if event.type == "chat.action" else ""
    try:
        return date.fromisoformat(value) if value else today
    except ValueError:
        return today


async def modal_view(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date) -> dict[str, Any]:
    """The form pre-filled with the answer given, else the draft (reads state, changes none)."""
    state = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
    values = dict(state.answer)
    if not state.answered and state.draft is not None:
        values = {"done": msg.draft_plain(state.draft.done), "next": msg.draft_plain(state.draft.next)}
    return msg.modal(day, cfg.cutoff_at, cfg.questions, values, cfg.name)


async def open_modal(cfg: StandupConfig, ctx: AgentContext, event: Event) -> str | None:
    """Open the form for the event's trigger (once per event: the request path and the worker share the key)."""
    person = member(cfg, ctx, event.actor)
    trigger = event.data.get("trigger_id")
    if person is None or not trigger:
        return None
    view = await modal_view(cfg, ctx, person, modal_day(ctx, person, event))
    return await ctx.do.open_modal(str(trigger), view, key=f"standup.modal:{event.id}")


async def on_modal_event(section: StandupConfig, ctx: AgentContext, event: Event) -> None:
    """The worker's part of a button press or `/standup` alone: the modal normally opened on the request
    path already; if that did not happen, try once more, and say so when the trigger has expired. Someone in
    several squads' standups who typed `/standup` alone gets a button per squad instead."""
    person = ctx.people.by_chat(event.actor)
    mine = squads_of(section, ctx, person)
    cfg = chosen(section, ctx, event)
    if person is not None and cfg is None and len(mine) > 1 and event.type == "chat.command":
        await ask_which(ctx, event, person, mine)
        return
    if person is None or cfg is None or person not in members(cfg, ctx.team):
        text = msg.not_in_people() if person is None else msg.not_a_member(cfg.name if cfg else None)
        await reply(ctx, event, text)
        return
    try:
        opened = await open_modal(cfg, ctx, event)
    except IntegrationError as exc:
        ctx.log.info("standup modal not opened: %s", type(exc).__name__)
        opened = None
    if opened is None:
        await reply(ctx, event, msg.modal_missed())


async def reply(ctx: AgentContext, event: Event, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
    """A command answers ephemerally; a button press or a submission by DM."""
    if event.type == "chat.command":
        await ctx.do.respond(event, text, key=f"standup.respond:{event.id}", blocks=blocks)
    elif event.actor:
        await ctx.do.dm(event.actor, text, key=f"standup.reply:{event.id}", blocks=blocks)


async def ask_which(ctx: AgentContext, event: Event, person: Person, mine: list[StandupConfig]) -> None:
    text, blocks = msg.which_squad(local_day(person, ctx.clock.now()), [str(cfg.name) for cfg in mine])
    await reply(ctx, event, text, blocks)


def _squad_word(section: StandupConfig, text: str) -> tuple[StandupConfig | None, str]:
    """`/standup web done: …`: a first word naming a squad picks it (and is not part of the answer)."""
    first, _, rest = text.partition(" ")
    cfg = named(section, first.lower()) if first else None
    return (cfg, rest.strip()) if cfg is not None and cfg.name else (None, text)


async def on_command(section: StandupConfig, ctx: AgentContext, event: Event) -> None:
    if event.data.get("command") != "/standup":
        await on_skip(section, ctx, event)
        return
    text = str(event.data.get("text") or "").strip()
    if not text:
        await on_modal_event(section, ctx, event)
        return
    person = ctx.people.by_chat(event.actor)
    if person is None:
        await reply(ctx, event, msg.not_in_people())
        return
    picked, text = _squad_word(section, text)
    mine = squads_of(section, ctx, person)
    if text.lower() == "summary":
        day = team_day(ctx.team, ctx.clock.now())
        shown = [picked] if picked else (mine or list(section.instances()))
        parts = [await summary.so_far(cfg, ctx, day, await with_stored_absences(ctx, members(cfg, ctx.team)))
                 for cfg in shown]
        await reply(ctx, event, msg.summaries_text(parts))
        return
    if not text and picked is not None:
        await reply(ctx, event, msg.empty_answer())
        return
    cfg = picked or (mine[0] if len(mine) == 1 else None)
    if cfg is None and len(mine) > 1:
        await ask_which(ctx, event, person, mine)
        return
    if cfg is None or person not in members(cfg, ctx.team):
        await reply(ctx, event, msg.not_a_member(cfg.name if cfg else None))
        return
    day = local_day(person, ctx.clock.now())
    await _answer(cfg, ctx, event, person, day, answers.parse(text, cfg.questions), "command", merge=True)


async def on_skip(section: StandupConfig, ctx: AgentContext, event: Event) -> None:
    """`/pm standup skip today`: no standup today in any squad the asker is in."""
    person = ctx.people.by_chat(event.actor)
    if person is None:
        await reply(ctx, event, msg.not_in_people())
        return
    mine = squads_of(section, ctx, person)
    if not mine:
        await reply(ctx, event, msg.not_a_member())
        return
    words = [w.lower() for w in command_words(event)[1:]]
    if words not in (["skip"], ["skip", "today"]):
        await reply(ctx, event, msg.skip_usage())
        return
    day = local_day(person, ctx.clock.now())
    for cfg in mine:
        state = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
        state.skipped = True
        await ctx.state.save(state, *cfg.parts(person.name, day.isoformat()))
    await reply(ctx, event, msg.skipped_text(day))


async def on_submission(section: StandupConfig, ctx: AgentContext, event: Event) -> None:
    callback = str(event.data.get("callback_id") or "")
    day_text, squad = msg.parse_day_value(callback.partition(":")[2])
    cfg = named(section, squad)
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        return
    person = member(cfg, ctx, event.actor) if cfg is not None else None
    if cfg is None or person is None:
        return
    values = event.data.get("values") or {}
    answer = {q.key: str(values.get(f"{msg.block_id(q)}.{msg.INPUT}") or "") for q in cfg.questions}
    await _answer(cfg, ctx, event, person, day, answer, "modal", merge=False)


async def on_thread_reply(section: StandupConfig, ctx: AgentContext, event: Event) -> None:
    """A reply in the thread of the prompt (or the reminder) answers that day's standup (of the squad whose
    prompt it is)."""
    person = ctx.people.by_chat(event.actor)
    thread = str(event.data.get("thread_ts") or "")
    if person is None or not thread:
        return
    for cfg in squads_of(section, ctx, person):
        day_text = (await ctx.state.load(PersonLog, *cfg.parts(person.name))).prompts.get(thread)
        if day_text is not None:
            break
    else:
        return  # not one of our standup messages
    day = date.fromisoformat(day_text)
    answer = answers.parse(str(event.data.get("text") or ""), cfg.questions)
    await _answer(cfg, ctx, event, person, day, answer, "thread", merge=True)


async def _answer(cfg: StandupConfig, ctx: AgentContext, event: Event, person: Person, day: date,
                  answer: dict[str, str], via: str, *, merge: bool) -> None:
    if merge and answer:
        current = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
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
