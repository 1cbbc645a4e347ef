"""The join offer: someone joins Slack whose e-mail a tracker member has, and the team file does not name them;
each lead gets a DM with "Add to the team". A lead's click adds them to the people stored on top of the team
file (`agents.common.members`), audited, and every replica reloads its configuration.

The offer itself is stored (`join:<slack id>`): the button carries only the Slack id, and what is added is what
pmbot read from Slack and the tracker, never what a payload claims.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agents.base import AgentContext
from agents.common.members import MEMBER_ADDED, RELOAD_KEY, AddedMember, email_key, reload_token
from agents.common.state import AgentState
from agents.self_service import messages as msg
from agents.team import LEAD, Person
from integrations.events import Event
from integrations.models import Member

ADD = msg.ADD_MEMBER
OFFER = "self_service.join_offer"


class StoredOffer(AgentState):
    """`join:<slack id>`: who joined, and the tracker member with their e-mail."""

    namespace = "join"

    name: str
    email: str
    tracker: str
    timezone: str | None = None
    offered_at: datetime | None = None


def _new_person(ctx: AgentContext, chat_id: str, offer: StoredOffer) -> Person:
    """The person as a lead would write them: a name no one on the team has, the two handles, the e-mail and
    Slack's timezone (when it is one pmbot knows); roles are the team file's to give."""
    taken = {p.name.lower() for p in ctx.team.people}
    name = offer.name if offer.name.lower() not in taken else f"{offer.name} ({offer.email.split('@')[0]})"
    fields: dict[str, object] = {"name": name, "email": offer.email,
                                 "ids": {ctx.people.platforms["chat"]: chat_id,
                                         ctx.people.platforms["tracker"]: offer.tracker}}
    try:
        if offer.timezone:
            ZoneInfo(offer.timezone)
            fields["timezone"] = offer.timezone
    except (ZoneInfoNotFoundError, ValueError):
        pass
    return Person.model_validate(fields)


async def _tracker_match(ctx: AgentContext, email: str) -> Member | None:
    if ctx.tracker is None:
        return None
    wanted = email_key(email)
    return next((m for m in await ctx.tracker.members() if m.email and email_key(m.email) == wanted), None)


async def offer(ctx: AgentContext, event: Event) -> None:
    """`chat.member_joined`: DM each lead an offer, when the newcomer is a tracker member the team lacks."""
    chat_id = str(event.data.get("user") or "")
    if not chat_id or ctx.chat is None or ctx.people.by_chat(chat_id) is not None:
        return
    email = event.data.get("email")
    timezone = event.data.get("tz")
    if not email:  # the event carries it only with users:read.email; users.info has it then too
        user = await ctx.chat.user(chat_id)
        email, timezone = user.email, timezone or user.tz
    if not email:
        ctx.log.info("join offer: no e-mail for the new Slack member; nothing to match")
        return
    member = await _tracker_match(ctx, str(email))
    if member is None or ctx.people.by_tracker(member.id) is not None or ctx.team.person(email=str(email)):
        ctx.log.info("join offer: not a tracker member the team file lacks")
        return
    leads = [handle for p in ctx.people.with_role("lead") if (handle := ctx.people.chat_id(p))]
    if not leads:
        ctx.log.warning("join offer: no lead with a Slack handle to offer it to")
        return
    name = str(event.data.get("name") or member.username or str(email).split("@")[0])
    stored = StoredOffer(name=name, email=str(email), tracker=member.id, timezone=timezone,
                         offered_at=ctx.clock.now())
    await ctx.state.save(stored, chat_id)
    tracker = ctx.tracker.title if ctx.tracker is not None else "tracker"
    text = msg.join_offer(chat_id, stored.name, stored.email, member.username or member.id, tracker)
    blocks = msg.join_offer_blocks(text, chat_id)
    for handle in leads:
        await ctx.do.dm(handle, text, blocks=blocks, key=f"{OFFER}:{chat_id}:{handle}")


async def add(ctx: AgentContext, event: Event) -> None:
    """The "Add to the team" button: a lead only; the person is stored once, however many leads press it."""
    chat_id, actor = str(event.data.get("value") or ""), event.actor or ""
    channel, ts = event.data.get("channel"), event.data.get("message_ts")
    if ctx.people.level(actor) != LEAD:
        await ctx.do.dm(actor, msg.only_leads_add(), key=f"{ADD}.refused:{event.id}")
        return
    found = await ctx.state.load(StoredOffer, chat_id) if chat_id else None
    if found is None or not found.email:
        await ctx.do.dm(actor, msg.offer_gone(), key=f"{ADD}.gone:{event.id}")
        return
    existing = ctx.people.by_chat(chat_id)
    person = existing or _new_person(ctx, chat_id, found)

    async def write() -> dict[str, object]:
        await ctx.state.save(AddedMember(person=person.model_dump(mode="json", by_alias=True, exclude_defaults=True),
                                         added_by=actor, added_at=ctx.clock.now()), chat_id)
        await ctx.store.put(RELOAD_KEY, reload_token(actor))
        return {"person": person.name, "slack": chat_id, "tracker": found.tracker, "email": found.email, "by": actor}

    if existing is None:
        await ctx.act(f"{MEMBER_ADDED}:{chat_id}", MEMBER_ADDED, write, target=person.name)
    if channel and ts:
        text = msg.added(person.name, actor) if existing is None else msg.already_on_team(person.name)
        await ctx.do.update_message(str(channel), str(ts), text, blocks=msg.text_blocks(text),
                                    key=f"{ADD}.answer:{event.id}")

