"""Out of office set in Slack (`/pm ooo`), kept in the key-value table on top of the team file's `out_of_office`.

The one rule: wherever pmbot asks whether someone works on a day (the QA router's choice, the standup's prompt,
business-hours reminders, review reminders, the daily planner) or whether to nag them today (a rule's DM, a review
reminder: `out_today`), it asks a person who carries both: `with_stored_absences` returns the people with their
stored stretch added to `out_of_office`. It is read at the moment of the decision, so a change counts from the next
hand-off, prompt or reminder on. App Home shows the stretch under way or coming (`current_or_next`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from agents.base import AgentContext
from agents.common.state import AgentState, state_key
from agents.team import Absence, Person


class StoredAbsence(AgentState):
    """`ooo:<name>`: one stretch of out-of-office days a person set for themselves, both ends included."""

    namespace = "ooo"

    start: date | None = None
    end: date | None = None
    set_by: str = ""  # the chat id that set it
    set_at: datetime | None = None

    @property
    def absence(self) -> Absence | None:
        if self.start is None or self.end is None:
            return None
        return Absence.model_validate({"from": self.start, "to": self.end})


def day(value: date) -> str:
    return value.strftime("%a %Y-%m-%d")


def stretch(start: date, end: date) -> str:
    """`Mon 2026-11-23`, or `Tue 2026-11-24 to Fri 2026-11-27`."""
    return day(start) if start == end else f"{day(start)} to {day(end)}"


def absence_key(person: Person) -> str:
    return state_key(StoredAbsence, (person.name,))


async def stored_absence(ctx: AgentContext, person: Person) -> Absence | None:
    return (await ctx.state.load(StoredAbsence, person.name)).absence


async def all_stored(ctx: AgentContext) -> dict[str, StoredAbsence]:
    """Every stored stretch, by the person's name (for the dashboard)."""
    found = await ctx.state.load_all(StoredAbsence)
    prefix = state_key(StoredAbsence, ()) + ":"
    return {key.removeprefix(prefix): value for key, value in found.items() if value.absence is not None}


def _with(person: Person, absence: Absence | None) -> Person:
    if absence is None:
        return person
    return person.model_copy(update={"out_of_office": [*person.out_of_office, absence]})


async def with_stored_absences(ctx: AgentContext, people: Sequence[Person]) -> list[Person]:
    """The people, each with their stored out of office added (one batched read)."""
    if not people:
        return []
    stored = await ctx.state.load_many(StoredAbsence, [(p.name,) for p in people])
    return [_with(p, s.absence) for p, s in zip(people, stored, strict=True)]


async def with_stored_absence(ctx: AgentContext, person: Person) -> Person:
    return _with(person, await stored_absence(ctx, person))


def local_today(ctx: AgentContext, person: Person) -> date:
    return ctx.clock.now().astimezone(person.tz).date()


async def out_today(ctx: AgentContext, people: Sequence[Person]) -> list[Person]:
    """Those of `people` out of office today where they are (the team file's or `/pm ooo`): nobody nags them."""
    return [p for p in await with_stored_absences(ctx, people) if p.is_out_of_office(local_today(ctx, p))]


async def current_or_next(ctx: AgentContext, person: Person) -> Absence | None:
    """The person's out of office under way today or the next one coming (App Home shows it)."""
    today = local_today(ctx, person)
    ahead = [a for a in (await with_stored_absence(ctx, person)).out_of_office if a.to >= today]
    return min(ahead, key=lambda a: a.from_, default=None)
