"""Which rule event an incoming event is, the facts a rule's conditions read, and whether they hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.common.people import People
from agents.rules.config import PRIORITIES, SQUAD, Condition, priority_word
from integrations.events import Event
from integrations.models import Task

CI_FAILED = frozenset({"failure", "timed_out", "action_required", "startup_failure"})
SCHEDULE_TICK = "tick.rules."  # YAML schedule rules: one cron tick each
SCHEDULE_DUE = "due.rules.schedule"  # rules created at run time: a stored due row each
# Where rule events come from: the trackers' and the code host's webhooks, the reconciler, pmbot's own changes.
SOURCES = frozenset({"clickup", "jira", "github", "reconcile", "pmbot", "scheduler", "cli"})


def trigger_of(event: Event) -> str | None:
    """The rule event this event is (`task.assignee_added` for an assignee change that added someone), or None."""
    if event.source not in SOURCES:
        return None
    kind, data = event.type, event.data
    if kind in ("task.created", "task.status_changed", "task.priority_changed", "task.due_date_changed",
                "task.commented", "pr.opened", "pr.merged"):
        return kind
    if kind == "task.assignee_changed" and data.get("added"):
        return "task.assignee_added"
    if kind == "task.tags_changed" and data.get("added"):
        return "task.tag_added"
    if kind == "ci.completed" and str(data.get("conclusion") or "").lower() in CI_FAILED:
        return "ci.failed"
    if kind.startswith(SCHEDULE_TICK) or kind == SCHEDULE_DUE:
        return "schedule"
    return None


def scheduled_rule(event: Event) -> str | None:
    """The rule a schedule event is for."""
    if event.type.startswith(SCHEDULE_TICK):
        return event.type[len(SCHEDULE_TICK):]
    if event.type == SCHEDULE_DUE:
        return str(event.data.get("rule") or "") or None
    return None


@dataclass
class Facts:
    """What conditions compare against: field → a value, a list of values, or None (unknown)."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        if name.startswith("custom."):
            customs = self.values.get("custom") or {}
            wanted = name[7:].lower()
            return next((v for k, v in customs.items() if k.lower() == wanted), None)
        return self.values.get(name)


def _people(people: People, ids: list[str], platform_role: str, squads: dict[str, list[str]]) -> list[str]:
    """Names (full and first), raw handles and squads, so `Dana`, `Dana Developer`, `101` and `squad:web` all
    match."""
    out: list[str] = []
    for handle in ids:
        person = people.by(platform_role, handle)
        out.append(handle)
        if person is not None:
            out += [person.name, person.name.split()[0], *squads.get(person.name, [])]
    return out


def squads_of(people: People) -> dict[str, list[str]]:
    """A person's name → `squad:<name>` of each squad they are in (TeamConfig.squads)."""
    found: dict[str, list[str]] = {}
    for squad, members in people.team.squads().items():
        for person in members:
            found.setdefault(person.name, []).append(f"{SQUAD}{squad}")
    return found


def _actor(event: Event, people: People, default_role: str, squads: dict[str, list[str]]) -> list[str]:
    """Who set the event off, read on the platform it came from (pmbot's and the reconciler's: `default_role`)."""
    if not event.actor:
        return []
    role = next((r for r, name in people.platforms.items() if name == event.source), default_role)
    return _people(people, [event.actor], role, squads)


def task_facts(event: Event, task: Task | None, people: People, lists: dict[str, str]) -> Facts:
    """Facts for a task event: the event's own values first (the new status, the added assignee), then the task."""
    data = event.data
    squads = squads_of(people)
    values: dict[str, Any] = {"actor": _actor(event, people, "tracker", squads)}
    if task is not None:
        values.update(status=task.status, priority=priority_word(task.priority), tags=list(task.tags), name=task.name,
                      custom=dict(task.custom_fields))
        list_names = [n for n, i in lists.items() if i in task.lists]
        values["list"] = [v for v in (*task.lists, task.list_name, *list_names) if v]
        values["assignee"] = _people(people, [m.id for m in task.assignees], "tracker", squads)
        if task.creator is not None:
            values["author"] = _people(people, [task.creator.id], "tracker", squads)
    if event.type == "task.status_changed":
        values["status"], values["status_before"] = data.get("to"), data.get("from")
    elif event.type == "task.priority_changed":
        values["priority"] = priority_word(data.get("to"))
    elif event.type == "task.assignee_changed":
        values["assignee"] = _people(people, [str(a) for a in data.get("added") or []], "tracker", squads)
    elif event.type == "task.tags_changed":
        values["tags"] = sorted({*values.get("tags", []), *(str(t) for t in data.get("added") or [])})
    return Facts(values)


def code_facts(event: Event, people: People) -> Facts:
    """Facts for a pull request or CI event."""
    data, squads = event.data, squads_of(people)
    values: dict[str, Any] = {"repo": data.get("repo"), "name": data.get("title"),
                              "actor": _actor(event, people, "code", squads)}
    if data.get("author"):
        values["author"] = _people(people, [str(data["author"])], "code", squads)
    return Facts(values)


def _norm(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _many(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple | set) else [value]


def _rank(value: Any) -> float | None:
    """A comparable number: priorities by urgency (urgent is the greatest), else the number itself."""
    text = _norm(value)
    if text in PRIORITIES:
        return float(5 - PRIORITIES[text])
    try:
        return float(text)
    except ValueError:
        return None


def _compare(op: str, fact: Any, wanted: Any) -> bool:
    if fact is None or fact == []:
        return op == "ne"
    facts = [_norm(f) for f in _many(fact) if f is not None]
    if op == "eq":
        return _norm(wanted) in facts
    if op == "ne":
        return _norm(wanted) not in facts
    if op == "in":
        return bool({_norm(w) for w in _many(wanted)} & set(facts))
    if op == "contains":
        target = _norm(wanted)
        if isinstance(fact, list | tuple | set):
            return target in facts
        return target in facts[0]
    left, right = _rank(_many(fact)[0]), _rank(wanted)
    if left is None or right is None:
        return False
    return left > right if op == "gt" else left < right


def holds(condition: Condition, facts: Facts) -> bool:
    """Whether one condition holds for these facts."""
    if condition.not_ is not None:
        return not holds(condition.not_, facts)
    if condition.any_ is not None:
        return any(holds(c, facts) for c in condition.any_)
    if condition.all_ is not None:
        return all(holds(c, facts) for c in condition.all_)
    assert condition.field is not None and condition.op is not None
    return _compare(condition.op, facts.get(condition.field), condition.value)


def all_hold(conditions: list[Condition], facts: Facts) -> bool:
    return all(holds(c, facts) for c in conditions)


def needs_task(conditions: list[Condition]) -> bool:
    """Whether a rule's conditions read anything only the task itself knows."""
    own = {"status", "status_before", "actor"}

    def walk(c: Condition) -> bool:
        if c.not_ is not None:
            return walk(c.not_)
        if c.any_ is not None or c.all_ is not None:
            return any(walk(x) for x in (c.any_ or c.all_ or []))
        return c.field not in own

    return any(walk(c) for c in conditions)
