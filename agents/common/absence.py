"""Out of office set in Slack (`/pm ooo`), kept in the key-value table on top of the team file's `out_of_office`.

The one rule: wherever pmbot asks whether someone works on a day (the QA router's choice, the standup's prompt,
business-hours reminders, the daily planner), it asks a person who carries both: `with_stored_absences` returns
the people with their stored stretch added to `out_of_office`. It is read at the moment of the decision, so a
change counts from the next hand-off, prompt or reminder on.
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
