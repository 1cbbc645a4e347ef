"""Standup collector: asks each member at their own morning with a draft built from what they did, takes
answers from a modal, a reply in the DM's thread or `/standup <text>`, reminds those who have not answered
before their cut-off, posts one summary per day at the team's cut-off (blockers first, answers in the
thread, late answers added) and escalates a blocker reported on consecutive standups.

Per person and day, `StandupDay` holds the prompt, draft and answer; every platform write is keyed on the
person and the day (`standup.prompt:Dana:2026-11-23`, `standup.summary:2026-11-23` ...), so a restart or a
second replica neither asks twice nor posts two summaries.

`standup:` may be a list of squads (agents/common/squads.py): each has its own members, channel, times and
questions, its own per-person schedules (`daily.standup_prompt.web`), summary tick (`tick.standup_summary.web`)
and keys (`standup.prompt:@web:Dana:2026-11-23`); someone in two squads is asked once in each.
"""

from __future__ import annotations

import asyncio
from datetime import date

from agents.base import Agent, AgentContext, Command, Cron, Daily, Schedule
from agents.common import squads
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
        f"due.daily.{PROMPT}.*", f"due.daily.{REMIND}.*", f"tick.{SUMMARY}.*",
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
        found: list[Schedule] = []
        for cfg in self.cfg.instances():
            people = tuple(cfg.members) if cfg.members is not None else None
            cutoff, tail = cfg.cutoff_at, f".{cfg.name}" if cfg.name else ""
            found += [Daily(PROMPT + tail, cfg.prompt_at, people), Daily(REMIND + tail, cfg.remind_at, people),
                      Cron(SUMMARY + tail, f"{cutoff.minute} {cutoff.hour} * * *")]
        return found

    def instances(self) -> list[str]:
        return [str(cfg.name) for cfg in self.cfg.squads]

    def check(self, team: TeamConfig) -> list[str]:
        problems = []
        names = {p.name for p in team.people}
        channels: dict[str, str] = {}
        for cfg in self.cfg.instances():
            where = f"standup[{cfg.name}]" if cfg.name else "standup"
            for name in cfg.members or []:
                if name not in names:
                    problems.append(f"{where}.members: {name!r} is not a name in people")
            channel = self.channel(team, cfg)
            if not channel:
                if "standup" in team.sections:
                    problems.append(f"{where}.channel: no channel for the summary, so nobody is asked "
                                    "(set standup.channel or channels.standup)")
                continue
            if channel in channels:
                problems.append(f"{where}.channel: {channel} is also standup[{channels[channel]}]'s: two squads' "
                                "summaries would share one channel (give each squad its own)")
            channels.setdefault(channel, squads.label(cfg.name, "standup"))
            for person in members(cfg, team):
                if not person.handle(DEFAULT_PLATFORMS["chat"]):
                    problems.append(f"{where}: {person.name} has no chat id in people, so cannot be asked")
        for person in {p.name: p for cfg in self.cfg.instances() for p in members(cfg, team)}.values():
            if person.country and (problem := country_problem(person.country)):
                problems.append(f"people[{person.name}].country: {problem}")
        return problems

    def channel(self, team: TeamConfig, cfg: StandupConfig | None = None) -> str | None:
        """Where a squad's summary goes (the unnamed one's, or the first squad's, without `cfg`)."""
        cfg = cfg or self.cfg.instances()[0]
        return cfg.channel or team.channels.standup

    def squad_of(self, event: Event) -> StandupConfig | None:
        """The squad a scheduled event is for: `due.daily.standup_prompt.web` → web (no tail: the unnamed)."""
        for head in (f"due.daily.{PROMPT}", f"due.daily.{REMIND}", f"tick.{SUMMARY}"):
            if event.type == head or event.type.startswith(f"{head}."):
                return slack.named(self.cfg, event.type.removeprefix(head).removeprefix(".") or None)
        return None

    def repos(self, team: TeamConfig, cfg: StandupConfig | None = None) -> list[str]:
        cfg = cfg or self.cfg
        if cfg.repos is not None:
            return list(cfg.repos)
        return [str(r) for r in team.section("github_sync").get("repos") or []]

    # -- which events ---------------------------------------------------------------------------------
    def handles(self, event: Event) -> bool:
        data = event.data
        if event.type == "chat.action":
            return slack.is_answer_button(event)
        if event.type == "chat.view_submitted":
            return str(data.get("callback_id") or "").startswith(f"{msg.MODAL}:")
        if event.type == "chat.direct_message":
            return bool(data.get("thread_ts")) and data.get("thread_ts") != data.get("ts") and bool(data.get("text"))
        return True

    async def on_request(self, event: Event, ctx: AgentContext) -> None:
        cfg = slack.chosen(self.cfg, ctx, event) if slack.wants_modal(event) else None
        if cfg is None or not self.channel(ctx.team, cfg):
            return
        # Shielded: when the request path's time is up mid-call, the call finishes (Slack may have the request
        # already) instead of being cut off and marked failed — which would let the worker open a second modal.
        opening = asyncio.ensure_future(slack.open_modal(cfg, ctx, event))
        self._opening.add(opening)
        opening.add_done_callback(lambda task: self._opened(task, ctx))
        await asyncio.shield(opening)

    def _opened(self, task: asyncio.Future[str | None], ctx: AgentContext) -> None:
        self._opening.discard(task)
        if not task.cancelled() and task.exception() is not None:
            ctx.log.info("standup modal not opened on the request path: %s", type(task.exception()).__name__)

    async def run(self, event: Event, ctx: AgentContext) -> None:
        kind = event.type
        if not any(self.channel(ctx.team, cfg) for cfg in self.cfg.instances()):
            # No summary channel: the standup is not set up, and nobody is asked or tracked.
            if kind == "chat.command":
                await slack.reply(ctx, event, msg.not_set_up())
            return
        squad = self.squad_of(event)
        channel = self.channel(ctx.team, squad) if squad is not None else None
        if squad is not None and not channel:
            return  # this squad has no summary channel: nobody in it is asked
        if squad is not None and kind.startswith(f"due.daily.{PROMPT}"):
            await self._prompt(squad, ctx, event)
        elif squad is not None and kind.startswith(f"due.daily.{REMIND}"):
            await self._remind(squad, ctx, event)
        elif squad is not None and channel:
            day = team_day(ctx.team, ctx.clock.now())
            asked = await with_stored_absences(ctx, members(squad, ctx.team))
            await summary.post(squad, ctx, day, asked, channel)
        elif kind == "chat.command":
            await slack.on_command(self.cfg, ctx, event)
        elif kind == "chat.action":
            await slack.on_modal_event(self.cfg, ctx, event)
        elif kind == "chat.view_submitted":
            await slack.on_submission(self.cfg, ctx, event)
        elif kind == "chat.direct_message":
            await slack.on_thread_reply(self.cfg, ctx, event)
        else:
            await activity.record(self.cfg, ctx, event,
                                  {p.name for cfg in self.cfg.instances() for p in members(cfg, ctx.team)})

    # -- the day's prompt and reminder ---------------------------------------------------------------
    async def _due(self, cfg: StandupConfig, ctx: AgentContext, event: Event) -> tuple[Person, date] | None:
        person = ctx.team.person(name=str(event.data.get("person") or ""))
        try:
            day = date.fromisoformat(str(event.data.get("day")))
        except ValueError:
            return None
        if person is None or person not in members(cfg, ctx.team):
            return None
        # A public holiday, or out of office set with `/pm ooo` after the day was planned (weekends and the team
        # file's out-of-office days are never planned).
        if not availability(cfg, await with_stored_absence(ctx, person), day).working:
            return None
        return person, day

    async def _prompt(self, cfg: StandupConfig, ctx: AgentContext, event: Event) -> None:
        due = await self._due(cfg, ctx, event)
        chat_id = ctx.people.chat_id(due[0]) if due else None
        if due is None or not chat_id:
            return
        person, day = due
        state = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
        if state.answered or state.skipped:
            return
        if state.draft is None:
            # Saved before the DM, so a retry sends the same draft.
            state.draft = await draft.build(cfg, ctx, person, day, self.repos(ctx.team, cfg))
            await ctx.state.save(state, *cfg.parts(person.name, day.isoformat()))
        text = msg.prompt_text(person.name, day, cfg.cutoff_at, cfg.questions, state.draft, person.tz, cfg.name)
        posted = await ctx.do.dm(chat_id, text, blocks=msg.with_button(text, day, squad=cfg.name),
                                 key=cfg.key("standup.prompt", person.name, day.isoformat()))
        if posted is not None:
            state.prompt = Sent(channel=posted.channel, ts=posted.ts)
            await ctx.state.save(state, *cfg.parts(person.name, day.isoformat()))
            await self._remember(cfg, ctx, person, posted.ts, day)

    async def _remind(self, cfg: StandupConfig, ctx: AgentContext, event: Event) -> None:
        due = await self._due(cfg, ctx, event)
        chat_id = ctx.people.chat_id(due[0]) if due else None
        if due is None or not chat_id:
            return
        person, day = due
        state = await ctx.state.load(StandupDay, *cfg.parts(person.name, day.isoformat()))
        if state.answered or state.skipped:
            return
        text = msg.reminder_text(day, cfg.cutoff_at, cfg.name)
        posted = await ctx.do.dm(chat_id, text, blocks=msg.with_button(text, day, squad=cfg.name),
                                 key=cfg.key("standup.remind", person.name, day.isoformat()))
        if posted is not None:
            await self._remember(cfg, ctx, person, posted.ts, day)

    async def _remember(self, cfg: StandupConfig, ctx: AgentContext, person: Person, ts: str, day: date) -> None:
        """Which day a DM of ours is about, so a reply in its thread answers that day."""
        log = await ctx.state.load(PersonLog, *cfg.parts(person.name))
        if log.prompts.get(ts) == day.isoformat():
            return
        log.prompts[ts] = day.isoformat()
        log.prompts = dict(list(log.prompts.items())[-KEEP_PROMPTS:])
        await ctx.state.save(log, *cfg.parts(person.name))
