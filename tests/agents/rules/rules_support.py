"""The team the rules tests use (with `teams:`), events shaped like the webhook parsers', and the unit context."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from agents.base import AgentContext
from agents.rules import RulesAgent
from agents.rules.config import RulesConfig
from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.events import Event, Ref, Source
from integrations.fakes import FakeChat, FakeCodeHost, FakeTracker
from integrations.models import Member, Task
from tests.support.unit import MemoryStore, unit_context

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana Developer", "slack": "U0DANA", "clickup": "101", "github": "dana-dev", "roles": ["developer"]},
    {"name": "Devon Builder", "slack": "U0DEVON", "clickup": "102", "github": "devon-b", "roles": ["developer"]},
    {"name": "Quinn Tester", "slack": "U0QUINN", "clickup": "201", "roles": ["qa"]},
    {"name": "Rae Checker", "slack": "U0RAE", "clickup": "202", "roles": ["qa"]},
    {"name": "Lee Lead", "slack": "U0LEE", "clickup": "301", "roles": ["lead"]},
]
TEAMS = {"backend": ["Dana Developer", "Devon Builder"], "qa": ["Quinn Tester", "Rae Checker"]}
URGENT_TO_BACKEND: dict[str, Any] = {
    "name": "urgent-to-backend",
    "when": {"event": "task.priority_changed"},
    "if": [{"field": "priority", "op": "eq", "value": "urgent"},
           {"not": {"field": "tags", "op": "contains", "value": "hotfix"}}],
    "then": [{"do": "assign", "to": ["team:backend"], "mode": "round_robin"},
             {"do": "set_due_date", "date": "tomorrow"}],
}


def rules_team(rules: Any = None, **extra: Any) -> TeamConfig:
    data: dict[str, Any] = {"people": PEOPLE, "teams": TEAMS, **extra}
    if rules is not None:
        data["rules"] = rules
    return TeamConfig.model_validate(data)


def agent_for(team: TeamConfig) -> RulesAgent:
    raw = team.sections.get("rules")
    return RulesAgent(RulesConfig.model_validate({} if raw is None else raw))


def task(task_id: str = "T1", **fields: Any) -> Task:
    base: dict[str, Any] = {"id": task_id, "name": "Coupons", "status": "in progress", "list_id": "L1",
                            "list_name": "Backend", "url": f"https://app.clickup.com/t/{task_id}",
                            "assignees": [Member(id="301")], "creator": Member(id="101"), "tags": ["api"]}
    base.update(fields)
    return Task(**base)


def event(kind: str, data: dict[str, Any] | None = None, *, n: int = 1, subject: str = "T1", source: Source = "clickup",
          actor: str | None = "101") -> Event:
    ref = Ref(kind="task", id=subject) if kind.startswith("task.") else None
    return Event(id=f"{source}:w:{kind}:{n}", source=source, type=kind, occurred_at=MONDAY, actor=actor, subject=ref,
                 data=data or {})


def urgent(n: int = 1, **data: Any) -> Event:
    return event("task.priority_changed", {"from": "normal", "to": "urgent", **data}, n=n)


class Unit:
    """The rules agent over the in-process fakes: a tracker with tasks, a chat, a code host, a memory store."""

    def __init__(self, team: TeamConfig, tasks: list[Task] | None = None) -> None:
        self.team = team
        self.agent = agent_for(team)
        self.tracker = FakeTracker(tasks if tasks is not None else [task()])
        self.chat = FakeChat()
        self.code = FakeCodeHost()
        self.store = MemoryStore()
        self.clock = FrozenClock(MONDAY)

    def ctx(self, event: Event | None = None, *, dry_run: bool = False) -> AgentContext:
        return unit_context(self.team, self.clock, tracker=self.tracker, chat=self.chat, code=self.code,
                            store=self.store, agent="rules", event=event, dry_run=dry_run)

    async def run(self, event: Event) -> None:
        assert self.agent.wants(event) or event.type == "chat.command"
        await self.agent.run(event, self.ctx(event))

    def audit(self, kind: str | None = None) -> list[dict[str, Any]]:
        return [{"key": k, **v} for k, v in self.store.actions.items() if kind is None or v["kind"] == kind]
