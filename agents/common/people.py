"""The team's people by their handle on whichever platform plays a role (tracker, chat, code host).

Which platform plays each role comes from configuration (`ctx.platforms`: the configured clients, so with
`JIRA_BASE_URL` and its token set the tracker is Jira and a person's tracker handle is their `jira:` account id).
The tracker has no default: with none configured nobody is found by a tracker handle."""

from __future__ import annotations

from collections.abc import Mapping

from agents.team import Person, TeamConfig

# Chat and code host have one platform each today; the tracker is ClickUp or Jira, so it is never assumed.
DEFAULT_PLATFORMS = {"chat": "slack", "code": "github"}


class People:
    """`ctx.people`: `by_tracker("183")`, `chat_id(person)`, ... without naming a platform in an agent."""

    def __init__(self, team: TeamConfig, platforms: Mapping[str, str]) -> None:
        self.team = team
        self.platforms = {**DEFAULT_PLATFORMS, **platforms}

    def by(self, role: str, handle: str | None) -> Person | None:
        platform = self.platforms.get(role)
        return self.team.person_on(platform, handle) if platform else None

    def by_tracker(self, handle: str | None) -> Person | None:
        return self.by("tracker", handle)

    def by_chat(self, handle: str | None) -> Person | None:
        return self.by("chat", handle)

    def by_code(self, handle: str | None) -> Person | None:
        return self.by("code", handle)

    def level(self, chat_handle: str | None) -> str:
        """outsider, member or lead: what the chat user `chat_handle` is to pmbot (see `access:`)."""
        return self.team.level(self.platforms["chat"], chat_handle)

    def tracker_id(self, person: Person | None) -> str | None:
        platform = self.platforms.get("tracker")
        return person.handle(platform) if person and platform else None

    def chat_id(self, person: Person | None) -> str | None:
        return person.handle(self.platforms["chat"]) if person else None

    def code_id(self, person: Person | None) -> str | None:
        return person.handle(self.platforms["code"]) if person else None

    def with_role(self, role: str) -> list[Person]:
        return [p for p in self.team.people if role in p.roles]
