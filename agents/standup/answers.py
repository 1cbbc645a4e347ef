"""Answers, however they come (the modal, a reply in the prompt's thread, `/standup <text>`): parsed into the
questions, stored per person per day, blockers linked to tasks and escalated when they repeat."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date

from agents.base import AgentContext
from agents.common.task_refs import candidates_in, resolve
from agents.standup import messages as msg
from agents.standup.config import BLOCKERS, Question, StandupConfig
from agents.standup.days import at
from agents.standup.state import Blocker, PersonLog, Sent, StandupDay, TeamDay
from agents.team import Person
from integrations.errors import IntegrationError

SAVED, CLOSED, EMPTY = "saved", "closed", "empty"
MAX_BLOCKERS = 5
KEEP_DAYS = 14
SYNONYMS = {
    "done": ("done", "did", "yesterday", "completed"),
    "next": ("next", "today", "todo", "plan", "plans"),
    "blockers": ("blockers", "blocker", "blocked", "blocking", "impediments"),
}
NOTHING = {"", "none", "no", "nope", "nothing", "n/a", "na", "-", "no blockers", "nothing blocking", "all good"}


def parse(text: str, questions: Sequence[Question]) -> dict[str, str]:
    """Free text → answers: `done: … next: … blockers: …` (or `1.` `2.` `3.` at the start of a line);
    text before any label answers the first question."""
    words: dict[str, str] = {}
    for question in questions:
        for word in (question.key, *SYNONYMS.get(question.key, ())):
            words.setdefault(word.lower(), question.key)
    labels = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?:^|(?<=[\s;|]))(?P<word>{labels})\s*:|^[ \t]*(?P<num>[1-9])[.):][ \t]+",
                         re.IGNORECASE | re.MULTILINE)
    found: list[tuple[int, int, str]] = []
    for match in pattern.finditer(text):
        if match.group("word"):
            key = words[match.group("word").lower()]
        else:
            index = int(match.group("num")) - 1
            if index >= len(questions):
                continue
            key = questions[index].key
        found.append((match.start(), match.end(), key))
    answer: dict[str, list[str]] = {}
    starts = [(0, 0, questions[0].key), *found]
    for i, (_, end, key) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        part = text[end:stop].strip().strip(";|").strip()
        if part:
            answer.setdefault(key, []).append(part)
    return {key: "\n".join(parts) for key, parts in answer.items()}


def blocker_texts(text: str) -> list[str]:
    items = [item.strip().lstrip("•-*").strip() for item in re.split(r"[\n;]", text or "")]
    return [item for item in items if normalise(item) not in NOTHING][:MAX_BLOCKERS]


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s/-]", " ", text.lower()).split())


async def _blockers(ctx: AgentContext, texts: list[str], previous: list[Blocker], day: date) -> list[Blocker]:
    known: dict[str, str | None] = {}
    found = []
    for text in texts:
        task_id = task_name = task_url = None
        try:
            ids = await resolve(ctx, candidates_in(ctx, texts=[text]), known)
            if ids and ctx.tracker is not None:
                task = await ctx.tracker.get_task(ids[0])
                task_id, task_name, task_url = task.id, task.name, task.url
        except IntegrationError as exc:
            ctx.log.info("blocker's task not resolved: %s", type(exc).__name__)
        norm = normalise(text)
        match = next((p for p in previous if (task_id and p.task_id == task_id) or p.norm == norm), None)
        found.append(Blocker(text=text, norm=norm, task_id=task_id, task_name=task_name, task_url=task_url,
                             since=match.since if match else day.isoformat()))
    return found


async def save_answer(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date, answer: dict[str, str],
                      via: str) -> tuple[str, StandupDay]:
    """Store (or replace, until the person's cut-off) the person's answer for `day`, then escalate repeated
    blockers, mark the prompt answered and keep the summary's thread up to date."""
    now = ctx.clock.now()
    state = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
    cutoff = at(person, day, cfg.cutoff_at)
    if state.answered and now > cutoff:
        return CLOSED, state
    answer = {k: v.strip() for k, v in answer.items() if v and v.strip() and cfg.question(k)}
    if not answer:
        return EMPTY, state
    log = await ctx.state.load(PersonLog, *cfg.parts(person.name))
    earlier = [d for d in log.days if d < day.isoformat()]
    previous = (await ctx.state.load(StandupDay, *cfg.parts(person.name, earlier[-1]))).blockers if earlier else []
    blockers = await _blockers(ctx, blocker_texts(answer.get(BLOCKERS, "")), previous, day)
    state.answer, state.blockers, state.answered_at, state.via = answer, blockers, now, via
    state.version, state.late, state.skipped = state.version + 1, now > cutoff, False
    await ctx.state.save(state, *cfg.parts(person.name, day.isoformat()))
    log = await ctx.state.load(PersonLog, *cfg.parts(person.name))
    log.days = sorted({*log.days, day.isoformat()})[-KEEP_DAYS:]
    log.last_answered_at = max(now, log.last_answered_at) if log.last_answered_at else now
    await ctx.state.save(log, *cfg.parts(person.name))
    await escalate(cfg, ctx, person, day, blockers)
    await mark_prompt(cfg, ctx, person, day, state)
    team = await ctx.state.load(TeamDay, *cfg.parts(day.isoformat()))
    if team.summary is not None:
        await sync_thread(cfg, ctx, person, day, team.summary)
    return SAVED, state


async def escalate(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date, blockers: list[Blocker]) -> None:
    """A blocker on consecutive standups: the leads hear of it, and a linked task gets one comment."""
    for blocker in blockers:
        if blocker.since >= day.isoformat():
            continue
        ident = blocker.task_id or hashlib.sha1(blocker.norm.encode()).hexdigest()[:12]
        text = msg.escalation_dm(person.name, blocker, day)
        for lead in ctx.people.with_role("lead"):
            chat_id = ctx.people.chat_id(lead)
            if chat_id and lead.name != person.name:
                await ctx.do.dm(chat_id, text,
                                key=cfg.key("standup.escalate", person.name, ident, blocker.since, lead.name))
        if blocker.task_id:
            await ctx.do.comment(blocker.task_id, msg.escalation_comment(person.name, blocker, day),
                                 key=cfg.key("standup.blocker_comment", blocker.task_id, person.name, blocker.since))


async def mark_prompt(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date, state: StandupDay) -> None:
    if state.prompt is None or state.answered_at is None:
        return
    text = msg.answered_text(person.name, day, cfg.cutoff_at, state.answered_at, person.tz)
    await ctx.do.update_message(state.prompt.channel, state.prompt.ts, text,
                                blocks=msg.with_button(text, day, "Edit answer", cfg.name),
                                target=ctx.people.chat_id(person),
                                key=cfg.key("standup.answered", person.name, day.isoformat(), state.version))


async def sync_thread(cfg: StandupConfig, ctx: AgentContext, person: Person, day: date, summary: Sent) -> None:
    """Post the person's answer in the summary's thread, or bring the posted one up to date."""
    state = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
    if not state.answered:
        return
    text = msg.thread_answer(person.name, cfg.questions, state.answer, late=state.late)
    if state.thread is None:
        posted = await ctx.do.post(summary.channel, text, thread_ts=summary.ts,
                                   key=cfg.key("standup.thread", day.isoformat(), person.name))
        if posted is None:
            return
        state.thread = Sent(channel=posted.channel, ts=posted.ts)
    elif state.thread_version < state.version:
        await ctx.do.update_message(state.thread.channel, state.thread.ts, text,
                                    key=cfg.key("standup.thread_edit", day.isoformat(), person.name, state.version))
    else:
        return
    state.thread_version = state.version
    await ctx.state.save(state, *cfg.parts(person.name, day.isoformat()))
