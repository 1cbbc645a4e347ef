"""People a lead added in Slack (the join offer's "Add to the team"), kept in the key-value table on top of the
team file's `people`.

The one rule: the running configuration is the team file with these people appended (`with_added`), rebuilt on
every replica whenever the file or this layer changes. A change here asks every replica to rebuild by writing a
new token under `RELOAD_KEY`, the same key `pmbot reload` writes; each replica polls it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from agents.common.state import AgentState, state_key
from agents.team import Person, TeamConfig

RELOAD_KEY = "config:reload"  # {"token": ..., "by": ...}: a new token makes every replica reload
MEMBER_ADDED = "self_service.member_add"  # the audit kind of an "Add to the team": the replica that did it reloads


def email_key(email: str) -> str:
    """The e-mail as a mail server reads it: case folded, a `+tag` in the name part dropped."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


class AddedMember(AgentState):
    """`member:<slack id>`: one person added from Slack, as the team file would describe them."""

    namespace = "member"

    person: dict[str, Any]  # Person fields, as `Person.model_validate` takes them
    added_by: str = ""  # the lead's chat id
    added_at: datetime | None = None

    @property
    def as_person(self) -> Person:
        return Person.model_validate(self.person)


def member_key(chat_id: str) -> str:
    return state_key(AddedMember, (chat_id,))


PREFIX = state_key(AddedMember, ()) + ":"


def stored_members(values: Mapping[str, Any]) -> list[AddedMember]:
    """The stored rows read with `get_prefix(PREFIX)`, oldest first (a row that no longer validates is left out)."""
    found = []
    for raw in values.values():
        try:
            member = AddedMember.model_validate(raw)
            member.as_person  # noqa: B018 - validated here so a bad row never reaches the running config
        except ValueError:
            continue
        found.append(member)
    return sorted(found, key=lambda m: (m.added_at is None, m.added_at or datetime.min, m.person.get("name", "")))


def with_added(team: TeamConfig, members: list[AddedMember]) -> TeamConfig:
    """The team file's people plus the added ones the file does not already name (by name, e-mail or handle):
    a person the lead later writes into the file is the file's from then on."""
    people = list(team.people)
    for member in members:
        person = member.as_person
        if any(_same(person, known) for known in people):
            continue
        people.append(person)
    if len(people) == len(team.people):
        return team
    return team.model_copy(update={"people": people})


def _same(a: Person, b: Person) -> bool:
    if a.name.lower() == b.name.lower() or (a.email and b.email and a.email.lower() == b.email.lower()):
        return True
    return any(b.ids.get(platform, "").lower() == handle.lower() for platform, handle in a.ids.items())


def reload_token(by: str) -> dict[str, str]:
    """A new value for `RELOAD_KEY`: any new token makes every replica read the configuration again."""
    return {"token": secrets.token_hex(8), "by": by}
