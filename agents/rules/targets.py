"""Whom a rule means: people's names, `team:<name>`, `squad:<name>`, `role:<role>`, `author`, `assignees`."""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.base import AgentContext
from agents.rules.config import SQUAD, Condition
from agents.team import Person, TeamConfig
from integrations.events import Event
from integrations.models import Task


@dataclass
class Subject:
    """What a firing acts on: the event, its task (task events) or linked tasks and pull requests (code events)."""

    event: Event
    trigger: str
    task: Task | None = None
    linked: list[str] = field(default_factory=list)  # task ids linked to the pull request(s)
    prs: list[tuple[str, int]] = field(default_factory=list)  # (repo, number)
    linked_tasks: list[Task] = field(default_factory=list)

    @property
    def task_ids(self) -> list[str]:
        return [self.task.id] if self.task is not None else list(self.linked)


def unknown_names(targets: list[str], team: TeamConfig) -> list[str]:
    """Targets that name nobody: an unknown person, team or squad (roles and author/assignees always resolve)."""
    bad = []
    for target in targets:
        kind, _, rest = target.partition(":")
        if target in ("author", "assignees", "all") or kind == "role":
            continue
        if kind == "team":
            if rest.lower() not in team.teams:
                bad.append(target)
        elif kind == "squad":
            if rest.lower() not in team.squads():
                bad.append(target)
        elif team.person(name=target) is None:
            bad.append(target)
    return bad


def named_squads(conditions: list[Condition]) -> list[str]:
    """The `squad:<name>` values the conditions compare people with, in order."""
    found: list[str] = []
    for c in conditions:
        nested = [c.not_] if c.not_ is not None else [*(c.any_ or []), *(c.all_ or [])]
        values = c.value if isinstance(c.value, list) else [c.value]
        found += [str(v) for v in values if c.field is not None and str(v).lower().startswith(SQUAD)]
        found += named_squads(nested)
    return list(dict.fromkeys(found))


@dataclass
class Who:
    """Resolved targets: people of the team, and tracker / chat handles of people outside it."""

    people: list[Person] = field(default_factory=list)
    tracker_ids: list[str] = field(default_factory=list)
    chat_ids: list[str] = field(default_factory=list)

    def add(self, person: Person | None) -> None:
        if person is not None and all(p.name != person.name for p in self.people):
            self.people.append(person)


def resolve(ctx: AgentContext, targets: list[str], subject: Subject) -> Who:
    """The people `targets` mean for this subject, in order, each once."""
    who = Who()
    for target in targets:
        kind, _, rest = target.partition(":")
        if kind == "team" and rest:
            for teammate in ctx.team.team_members(rest):
                who.add(teammate)
        elif kind == "squad" and rest:
            for teammate in ctx.team.squad_members(rest):
                who.add(teammate)
        elif kind == "role" and rest:
            for teammate in ctx.people.with_role(rest):
                who.add(teammate)
        elif target == "author":
            _author(ctx, subject, who)
        elif target == "assignees":
            tasks = [subject.task] if subject.task else subject.linked_tasks
            for task in tasks:
                for member in task.assignees:
                    person = ctx.people.by_tracker(member.id)
                    if person is not None:
                        who.add(person)
                    elif member.id not in who.tracker_ids:
                        who.tracker_ids.append(member.id)
        else:
            who.add(ctx.team.person(name=target))
    return who


def _author(ctx: AgentContext, subject: Subject, who: Who) -> None:
    data = subject.event.data
    if subject.trigger in ("pr.opened", "pr.merged") or data.get("author"):
        login = data.get("author")
        person = ctx.people.by_code(str(login)) if login else None
        who.add(person)
        return
    creator = subject.task.creator.id if subject.task and subject.task.creator else None
    if creator and creator != ctx.identities.get("tracker"):
        person = ctx.people.by_tracker(creator)
        if person is not None:
            who.add(person)
        else:
            who.tracker_ids.append(creator)


def tracker_ids(ctx: AgentContext, who: Who) -> list[str]:
    ids = [i for p in who.people if (i := ctx.people.tracker_id(p))]
    return list(dict.fromkeys([*ids, *who.tracker_ids]))


def chat_ids(ctx: AgentContext, who: Who) -> list[str]:
    ids = [i for p in who.people if (i := ctx.people.chat_id(p))]
    return list(dict.fromkeys([*ids, *who.chat_ids]))
