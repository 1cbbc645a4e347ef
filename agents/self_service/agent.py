"""Self-service: a member sets or clears their own out of office (`/pm ooo`) and sees how pmbot reads them
(`/pm me`), without a lead editing the team file; and the join offer (`join.py`): someone who joins Slack with a
ClickUp member's e-mail is offered to the leads, who add them with a button.

The stored stretch (`ooo:<name>`, one per person, see `agents.common.absence`) adds to the team file's
`out_of_office`; every change is an audit row (`self_service.ooo_set` / `self_service.ooo_clear`, the state write
done inside `ctx.act`, keyed on the command's event so a redelivery changes nothing twice). Answers are ephemeral.
"""

from __future__ import annotations

from datetime import UTC, date
from zoneinfo import ZoneInfo

from agents.base import Agent, AgentContext, Command, command_words
from agents.common.absence import StoredAbsence, absence_key, all_stored
from agents.common.members import PREFIX, AddedMember, member_key, stored_members
from agents.common.mrkdwn import Mrkdwn
from agents.panels import Panel
from agents.qa_router.handoff import reminders_for
from agents.self_service import join
from agents.self_service import messages as msg
from agents.self_service.config import SelfServiceConfig
from agents.self_service.dates import parse_day
from agents.team import Person
from integrations.events import Event

SET, CLEAR = "self_service.ooo_set", "self_service.ooo_clear"


class SelfService(Agent):
    """`/pm ooo` and `/pm me`: what a member may say about themselves."""

    name = "self_service"
    reads_raw = False
    Config = SelfServiceConfig
    subscribes = frozenset({"chat.command", "chat.member_joined", "chat.action"})
    commands = (
        Command("ooo", "set your own out of office (the QA router and the standup skip you), or clear it",
                usage="<from> [to] | clear"),
        Command("me", "how pmbot sees you: handles, roles, hours, out of office, what you are testing"),
    )
    cfg: SelfServiceConfig

    def handles(self, event: Event) -> bool:
        if event.type == "chat.action":
            return event.data.get("action_id") == join.ADD
        return event.type != "chat.member_joined" or self.cfg.join_offer

    async def run(self, event: Event, ctx: AgentContext) -> None:
        if event.type == "chat.member_joined":
            return await join.offer(ctx, event)
        if event.type == "chat.action":
            return await join.add(ctx, event)
        words = command_words(event)
        person = ctx.people.by_chat(event.actor)
        if person is None:  # an outsider let through by `access.outsider_commands`: there is no self to serve
            text = msg.stranger()
        elif words[0].lower() == "me":
            text = await self._me(ctx, person)
        else:
            text = await self._ooo(ctx, event, person, [w.lower() for w in words[1:]])
        await ctx.do.respond(event, text, key=f"self_service.answer:{event.id}")

    # -- /pm ooo -----------------------------------------------------------------------------------------
    async def _ooo(self, ctx: AgentContext, event: Event, person: Person, args: list[str]) -> Mrkdwn:
        today = ctx.clock.now().astimezone(person.tz).date()
        stored = await ctx.state.load(StoredAbsence, person.name)
        in_file = bool(person.out_of_office)
        if args == ["clear"]:
            was = stored.absence
            if was is None:
                return msg.nothing_to_clear(in_file)
            await self._audited(ctx, event, person, CLEAR, None)
            return msg.ooo_cleared(was, in_file)
        if not 1 <= len(args) <= 2:
            return msg.ooo_usage()
        days: list[date] = []
        for word in args:
            day = parse_day(word, today)
            if day is None:
                return msg.not_a_day(word)
            days.append(day)
        start, end = days[0], days[-1]
        if end < start:
            return msg.ends_before_start(start, end)
        if end < today:
            return msg.in_the_past(end, today)
        length = (end - start).days + 1
        if length > self.cfg.max_ooo_days:
            return msg.too_long(length, self.cfg.max_ooo_days)
        value = StoredAbsence(start=start, end=end, set_by=event.actor or "", set_at=ctx.clock.now())
        await self._audited(ctx, event, person, SET, value)
        return msg.ooo_set(start, end, stored.absence)

    async def _audited(self, ctx: AgentContext, event: Event, person: Person, kind: str,
                       value: StoredAbsence | None) -> None:
        """The state write inside `ctx.act`: an audit row says who changed what, and a dry run changes nothing
        (its answer is not sent either: a dry run writes to no platform)."""

        async def write() -> dict[str, str | None]:
            if value is None:
                await ctx.state.delete([absence_key(person)])
            else:
                await ctx.state.save(value, person.name)
            return {"person": person.name, "by": event.actor,
                    "from": value.start.isoformat() if value and value.start else None,
                    "to": value.end.isoformat() if value and value.end else None}

        await ctx.act(f"{kind}:{event.id}", kind, write, target=person.name)

    # -- /pm me --------------------------------------------------------------------------------------------
    async def _me(self, ctx: AgentContext, person: Person) -> Mrkdwn:
        today = ctx.clock.now().astimezone(person.tz).date()
        stored = await ctx.state.load(StoredAbsence, person.name)
        tracker_id = ctx.people.tracker_id(person)
        testing = await reminders_for(ctx, tracker_id) if tracker_id else []
        handles = sorted(person.ids.items())
        current = [a for a in person.out_of_office if a.to >= today]
        chat_id = ctx.people.chat_id(person)
        raw = await ctx.store.get(member_key(chat_id)) if chat_id else None
        added = AddedMember.model_validate(raw) if raw else None
        return msg.me(person, handles, current, stored.absence, stored.set_at, testing, added)

    # -- dashboard -------------------------------------------------------------------------------------------
    async def dashboard(self, ctx: AgentContext) -> list[Panel]:
        today = ctx.clock.now().astimezone(ZoneInfo(ctx.team.schedules.timezone)).date()
        rows = []
        for name, entry in sorted((await all_stored(ctx)).items()):
            absence = entry.absence
            assert absence is not None
            set_at = entry.set_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if entry.set_at else "—"
            rows.append((name, absence.from_.isoformat(), absence.to.isoformat(), msg.panel_state(absence, today),
                         set_at))
        members = stored_members(await ctx.store.get_prefix(PREFIX))
        added = tuple((m.person.get("name", ""), m.person.get("email") or "—",
                       ", ".join(f"{k} {v}" for k, v in sorted(dict(m.person.get("ids") or {}).items())),
                       m.added_by, m.added_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if m.added_at else "—")
                      for m in members)
        return [Panel("Out of office set in Slack", ("person", "from", "to", "now", "set"), tuple(rows),
                      empty=msg.panel_empty(),
                      notes=("Added to the team file's out_of_office; `/pm ooo clear` removes one.",)),
                Panel("People added from Slack", ("person", "e-mail", "handles", "added by", "added"), added,
                      empty=msg.members_empty(), notes=(msg.members_note(),))]
