"""Standup collector: asks each member at their own morning with a draft built from what they did, takes
answers from a modal, a reply in the DM's thread or `/standup <text>`, reminds those who have not answered
before their cut-off, posts one summary per day at the team's cut-off (blockers first, answers in the
thread, late answers added) and escalates a blocker reported on consecutive standups.

Per person and day, `StandupDay` holds the prompt, draft and answer; every platform write is keyed on the
person and the day (`standup.prompt:Dana:2026-11-23`, `standup.summary:2026-11-23` ...), so a restart or a
second replica neither asks twice nor posts two summaries.
"""

from __future__ import annotations

import asyncio
from datetime import date

from agents.base import Agent, AgentContext, Command, Cron, Daily, Schedule
from agents.common.absence import with_stored_absence, with_stored_absences
from agents.common.people import DEFAULT_PLATFORMS
from agents.standup import activity, draft, slack, summary
from agents.standup import messages as msg
from agents.standup.config import StandupConfig
from agents.standup.days import availability, country_problem, members, team_day
from agents.standup.state import PersonLog, Sent, StandupDay
from agents.team import Person, TeamConfig
from integrations.events import Event

PROMPT, REMIND, SUMMARY = "standup_prompt", "standup_remind", "standup_summary"
KEEP_PROMPTS = 20


class Standup(Agent):
    """Asynchronous standups in Slack, pre-filled from tracker and code-host activity."""

    name = "standup"
    reads_raw = False
    Config = StandupConfig
    subscribes = frozenset({
        f"due.daily.{PROMPT}", f"due.daily.{REMIND}", f"tick.{SUMMARY}",
        "chat.action", "chat.view_submitted", "chat.direct_message",
        *activity.TASK_EVENTS, *activity.CODE_EVENTS,
    })
    commands = (
        Command("/standup", "answer today's standup (alone: open the form; `summary`: today's summary so far)",
                usage="[done: … next: … blockers: … | summary]"),
        Command("standup", "skip your standup today", usage="skip today"),
    )
    cfg: StandupConfig

    def __init__(self, config: StandupConfig | None = None) -> None:
        super().__init__(config)
        self._opening: set[asyncio.Future[str | None]] = set()  # modals still opening after the request path

    def schedules(self) -> list[Schedule]:
        people = tuple(self.cfg.members) if self.cfg.members is not None else None
        cutoff = self.cfg.cutoff_at
        return [Daily(PROMPT, self.cfg.prompt_at, people), Daily(REMIND, self.cfg.remind_at, people),
                Cron(SUMMARY, f"{cutoff.minute} {cutoff.hour} * * *")]

    def check(self, team: TeamConfig) -> list[str]:
        problems = []
        names = {p.name for p in team.people}
        for name in self.cfg.members or []:
            if name not in names:
                problems.append(f"standup.members: {name!r} is not a name in people")
        if not self.channel(team):
            if "standup" in team.sections:
                problems.append("standup.channel: no channel for the summary, so nobody is asked "
                                "(set standup.channel or channels.standup)")
            return problems
        for person in members(self.cfg, team):
            if not person.handle(DEFAULT_PLATFORMS["chat"]):
                problems.append(f"standup: {person.name} has no chat id in people, so cannot be asked")
            if person.country and (problem := country_problem(person.country)):
                problems.append(f"people[{person.name}].country: {problem}")
        return problems

    def channel(self, team: TeamConfig) -> str | None:
        return self.cfg.channel or team.channels.standup

    def repos(self, team: TeamConfig) -> list[str]:
        if self.cfg.repos is not None:
            return list(self.cfg.repos)
        return [str(r) for r in team.section("github_sync").get("repos") or []]

    # -- which events ---------------------------------------------------------------------------------
    def handles(self, event: Event) -> bool:
        data = event.data
        if event.type == "chat.action":
            return data.get("action_id") == msg.ANSWER_ACTION
        if event.type == "chat.view_submitted":
            return str(data.get("callback_id") or "").startswith(f"{msg.MODAL}:")
        if event.type == "chat.direct_message":
            return bool(data.get("thread_ts")) and data.get("thread_ts") != data.get("ts") and bool(data.get("text"))
        return True

    async def on_request(self, event: Event, ctx: AgentContext) -> None:
        if not (slack.wants_modal(event) and self.channel(ctx.team)):
            return
        # Shielded: when the request path's time is up mid-call, the call finishes (Slack may have the request
        # already) instead of being cut off and marked failed — which would let the worker open a second modal.
        opening = asyncio.ensure_future(slack.open_modal(self.cfg, ctx, event))
        self._opening.add(opening)
        opening.add_done_callback(lambda task: self._opened(task, ctx))
        await asyncio.shield(opening)

    def _opened(self, task: asyncio.Future[str | None], ctx: AgentContext) -> None:
        self._opening.discard(task)
        if not task.cancelled() and task.exception() is not None:
            ctx.log.info("standup modal not opened on the request path: %s", type(task.exception()).__name__)

    async def run(self, event: Event, ctx: AgentContext) -> None:
        kind = event.type
        if not self.channel(ctx.team):
            # No summary channel: the standup is not set up, and nobody is asked or tracked.
            if kind == "chat.command":
                await slack.reply(ctx, event, msg.not_set_up())
            return
        if kind == f"due.daily.{PROMPT}":
            await self._prompt(ctx, event)
        elif kind == f"due.daily.{REMIND}":
            await self._remind(ctx, event)
        elif kind == f"tick.{SUMMARY}":
            channel = self.channel(ctx.team)
            if channel:
                day = team_day(ctx.team, ctx.clock.now())
                asked = await with_stored_absences(ctx, members(self.cfg, ctx.team))
                await summary.post(self.cfg, ctx, day, asked, channel)
        elif kind == "chat.command":
            await slack.on_command(self.cfg, ctx, event)
        elif kind == "chat.action":
            await slack.on_modal_event(self.cfg, ctx, event)
        elif kind == "chat.view_submitted":
            await slack.on_submission(self.cfg, ctx, event)
        elif kind == "chat.direct_message":
            await slack.on_thread_reply(self.cfg, ctx, event)
        else:
            await activity.record(self.cfg, ctx, event, {p.name for p in members(self.cfg, ctx.team)})

    # -- the day's prompt and reminder ---------------------------------------------------------------
    async def _due(self, ctx: AgentContext, event: Event) -> tuple[Person, date] | None:
        person = ctx.team.person(name=str(event.data.get("person") or ""))
        try:
            day = date.fromisoformat(str(event.data.get("day")))
        except ValueError:
            return None
        if person is None or person not in members(self.cfg, ctx.team):
            return None
        # A public holiday, or out of office set with `/pm ooo` after the day was planned (weekends and the team
        # file's out-of-office days are never planned).
        if not availability(self.cfg, await with_stored_absence(ctx, person), day).working:
            return None
        return person, day

    async def _prompt(self, ctx: AgentContext, event: Event) -> None:
        due = await self._due(ctx, event)
        chat_id = ctx.people.chat_id(due[0]) if due else None
        if due is None or not chat_id:
            return
        person, day = due
        state = await ctx.state.load(StandupDay, person.name, day.isoformat())
        if state.answered or state.skipped:
            return
        if state.draft is None:
            # Saved before the DM, so a retry sends the same draft.
            state.draft = await draft.build(self.cfg, ctx, person, day, self.repos(ctx.team))
            await ctx.state.save(state, person.name, day.isoformat())
        text = msg.prompt_text(person.name, day, self.cfg.cutoff_at, self.cfg.questions, state.draft, person.tz)
        posted = await ctx.do.dm(chat_id, text, blocks=msg.with_button(text, day),
                                 key=f"standup.prompt:{person.name}:{day.isoformat()}")
        if posted is not None:
            state.prompt = Sent(channel=posted.channel, ts=posted.ts)
            await ctx.state.save(state, person.name, day.isoformat())
            await self._remember(ctx, person, posted.ts, day)

    async def _remind(self, ctx: AgentContext, event: Event) -> None:
        due = await self._due(ctx, event)
        chat_id = ctx.people.chat_id(due[0]) if due else None
        if due is None or not chat_id:
            return
        person, day = due
        state = await ctx.state.load(StandupDay, person.name, day.isoformat())
        if state.answered or state.skipped:
            return
        text = msg.reminder_text(day, self.cfg.cutoff_at)
        posted = await ctx.do.dm(chat_id, text, blocks=msg.with_button(text, day),
                                 key=f"standup.remind:{person.name}:{day.isoformat()}")
        if posted is not None:
            await self._remember(ctx, person, posted.ts, day)

    async def _remember(self, ctx: AgentContext, person: Person, ts: str, day: date) -> None:
        """Which day a DM of ours is about, so a reply in its thread answers that day."""
        log = await ctx.state.load(PersonLog, person.name)
        if log.prompts.get(ts) == day.isoformat():
            return
        log.prompts[ts] = day.isoformat()
        log.prompts = dict(list(log.prompts.items())[-KEEP_PROMPTS:])
        await ctx.state.save(log, person.name)
