"""The rule format — the one contract for YAML in the team file, JSON from the parsers and rows in the database:

    rules:
      - name: urgent-to-backend
        when: {event: task.priority_changed}           # or {event: schedule, cron: "0 9 * * mon"}
        if:                                            # all must hold
          - {field: priority, op: eq, value: urgent}
          - {not: {field: tags, op: contains, value: hotfix}}
        then:
          - {do: assign, to: [team:backend], mode: round_robin}
          - {do: set_due_date, date: tomorrow}

A target or a condition on a person (assignee, author, actor: who set the event off) may name a squad's members,
`squad:mobile` (agents/common/squads.py; `TeamConfig.squad_members`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agents.base import AgentConfig
from agents.rules.dates import normalise_cron, normalise_date
from agents.rules.templates import DEFAULT_TEXT, check_text

EventName = Literal[
    "task.created", "task.status_changed", "task.priority_changed", "task.assignee_added",
    "task.due_date_changed", "task.tag_added", "task.commented", "pr.opened", "pr.merged", "ci.failed", "schedule",
]
EVENTS: tuple[str, ...] = EventName.__args__  # type: ignore[attr-defined]
TASK_EVENTS = frozenset(e for e in EVENTS if e.startswith("task."))
CODE_EVENTS = frozenset({"pr.opened", "pr.merged", "ci.failed"})
FIELDS = ("status", "status_before", "priority", "list", "tags", "assignee", "name", "author", "actor", "repo")
# The fields that hold people: a condition on one may name a squad's members (`value: squad:mobile`).
PEOPLE_FIELDS = frozenset({"assignee", "author", "actor"})
SQUAD = "squad:"
GROUP_EXAMPLES = {"team": "backend", "squad": "mobile"}  # the named groups a target may be
Op = Literal["eq", "ne", "in", "contains", "gt", "lt"]
PRIORITIES = {"urgent": 1, "high": 2, "normal": 3, "low": 4}  # ClickUp's numbers; lower is more urgent
Priority = Literal["urgent", "high", "normal", "low"]
# Other trackers' priority names as the rules' words: Jira's default scheme (Highest, High, Medium, Low, Lowest).
PRIORITY_ALIASES = {"highest": "urgent", "medium": "normal", "lowest": "low"}


def priority_word(name: Any) -> str | None:
    """A tracker's priority name (any case) as the rules' word (urgent, high, normal, low); other names as given,
    lower-cased; None for none."""
    if name is None or name == "":
        return None
    text = str(name).strip().lower()
    return PRIORITY_ALIASES.get(text, text)
Do = Literal["set_status", "assign", "unassign", "set_priority", "set_due_date", "add_tag", "comment", "post",
             "dm", "create_task"]
Mode = Literal["add", "replace", "round_robin"]
# What each action needs, and may take besides.
NEEDS: dict[str, tuple[str, ...]] = {
    "set_status": ("status",), "assign": ("to",), "unassign": ("who",), "set_priority": ("priority",),
    "set_due_date": ("date",), "add_tag": ("tag",), "comment": ("text",), "post": ("channel", "text"),
    "dm": ("to", "text"), "create_task": ("list", "name"),
}
MAY: dict[str, tuple[str, ...]] = {"assign": ("mode",)}
TASK_WRITES = frozenset({"set_status", "assign", "unassign", "set_priority", "set_due_date", "add_tag"})
SPECIAL_TARGETS = ("author", "assignees")
ROLES = ("developer", "qa", "lead")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Bounds on a rule that comes from a person (`/pm rules add`, the edit modal): one rule fits in a few hundred
# characters, so these only stop input built to make pmbot expand, store or re-dump something enormous.
MAX_YAML_CHARS = 8_000
MAX_YAML_DEPTH = 12
MAX_VALUE_ITEMS = 100  # a condition's value: a scalar, or a list of at most this many scalars
MAX_VALUE_CHARS = 500  # per scalar
CHANNEL = re.compile(r"^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{2,})$")


class RefusedYaml(ValueError):
    """YAML that pmbot will not expand: anchors and aliases, too long, or nested too deep."""


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (a "billion laughs" passes safe_load and expands into
    millions of values once dumped) and nesting deeper than MAX_YAML_DEPTH, while composing."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RefusedYaml("YAML anchors and aliases (& and *) are not accepted: write each value out")
        self.depth += 1
        if self.depth > MAX_YAML_DEPTH:
            raise RefusedYaml(f"the YAML is nested deeper than {MAX_YAML_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_rule_yaml(text: str) -> Any:
    """YAML from a person, within bounds: RefusedYaml when it is not, yaml.YAMLError when it does not parse."""
    if len(text) > MAX_YAML_CHARS:
        raise RefusedYaml(f"a rule is at most {MAX_YAML_CHARS:,} characters of YAML (this is {len(text):,})")
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _bounded_value(value: Any) -> None:
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_VALUE_ITEMS:
        raise ValueError(f"a value lists at most {MAX_VALUE_ITEMS} items")
    for item in items:
        if not isinstance(item, str | int | float | date):
            raise ValueError("a value is text, a number, or a list of those")
        if len(str(item)) > MAX_VALUE_CHARS:
            raise ValueError(f"a value is at most {MAX_VALUE_CHARS} characters")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class When(_Model):
    """The trigger: an event type, or `schedule` with a cron in the team timezone."""

    event: EventName
    cron: str | None = None

    @model_validator(mode="after")
    def _cron(self) -> When:
        if self.event == "schedule" and not self.cron:
            raise ValueError("a schedule needs cron, e.g. {event: schedule, cron: '0 9 * * mon'}")
        if self.event != "schedule" and self.cron:
            raise ValueError("cron goes with event: schedule only")
        if self.cron:
            object.__setattr__(self, "cron", normalise_cron(self.cron))
        return self


class Condition(_Model):
    """`{field, op, value}`, or `{not: condition}`, `{any: [conditions]}`, `{all: [conditions]}`."""

    field: str | None = None
    op: Op | None = None
    value: Any = None
    not_: Condition | None = Field(default=None, alias="not")
    any_: list[Condition] | None = Field(default=None, alias="any")
    all_: list[Condition] | None = Field(default=None, alias="all")

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        shapes = [k for k in ("field", "not_", "any_", "all_") if getattr(self, k) is not None]
        if len(shapes) != 1:
            raise ValueError("a condition is {field, op, value}, {not: ...}, {any: [...]} or {all: [...]}")
        if self.field is None:
            if self.op is not None or self.value is not None:
                raise ValueError("op and value go with field")
            return self
        if self.field not in FIELDS and not (self.field.startswith("custom.") and len(self.field) > 7):
            raise ValueError(f"unknown field {self.field!r} (fields: {', '.join(FIELDS)}, custom.<name>)")
        if self.value is None:
            raise ValueError("a condition needs a value")
        _bounded_value(self.value)
        if self.op is None:
            object.__setattr__(self, "op", "eq")
        if self.op == "in" and isinstance(self.value, str):
            object.__setattr__(self, "value", [v.strip() for v in self.value.split(",") if v.strip()])
        if self.op in ("gt", "lt") and self.field != "priority" and not isinstance(self.value, int | float):
            raise ValueError(f"{self.op} compares numbers (or priorities)")
        if self.field == "priority" and self.op != "in" and str(self.value).lower() not in PRIORITIES:
            raise ValueError(f"priority is one of {', '.join(PRIORITIES)}")
        squads = [v for v in (self.value if isinstance(self.value, list) else [self.value])
                  if str(v).lower().startswith(SQUAD)]
        if squads and self.field not in PEOPLE_FIELDS:
            raise ValueError(f"a squad is checked on {', '.join(sorted(PEOPLE_FIELDS))}, not {self.field}")
        if any(str(v) == SQUAD for v in squads):
            raise ValueError(f"squad: needs a squad name, e.g. squad:{GROUP_EXAMPLES['squad']}")
        return self


class Action(_Model):
    """One thing a rule does; which keys it takes depends on `do` (see NEEDS)."""

    do: Do
    status: str | None = None
    to: list[str] | None = None
    mode: Mode | None = None
    who: list[str] | Literal["all"] | None = None
    priority: Priority | None = None
    date: str | None = None
    tag: str | None = None
    text: str | None = None
    channel: str | None = None
    list_: str | None = Field(default=None, alias="list")
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for key in ("to", "who"):
            if isinstance(data.get(key), str) and not (key == "who" and data[key] == "all"):
                data[key] = [data[key]]
        if data.get("do") == "assign" and data.get("mode") is None:
            data["mode"] = "add"
        if data.get("do") in ("post", "dm") and data.get("text") is None:
            data["text"] = DEFAULT_TEXT
        for key in ("priority", "status", "tag"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip().lower()
        return data

    @model_validator(mode="after")
    def _keys(self) -> Action:
        given = {k for k in ("status", "to", "mode", "who", "priority", "date", "tag", "text", "channel", "list_",
                             "name") if getattr(self, k) is not None}
        given = {"list" if k == "list_" else k for k in given}
        missing = [k for k in NEEDS[self.do] if k not in given]
        if missing:
            raise ValueError(f"{self.do} needs {' and '.join(missing)}")
        extra = sorted(given - set(NEEDS[self.do]) - set(MAY.get(self.do, ())))
        if extra:
            raise ValueError(f"{self.do} does not take {', '.join(extra)}")
        if self.date is not None:
            object.__setattr__(self, "date", normalise_date(self.date))
        if self.text is not None:
            check_text(self.text)
        if self.name is not None:
            check_text(self.name)
        if self.channel is not None and not CHANNEL.match(self.channel):
            raise ValueError(f"channel {self.channel!r} is neither #name nor a channel id")
        for target in (self.to or []) + (self.who if isinstance(self.who, list) else []):
            kind, _, rest = target.partition(":")
            if kind == "role" and rest not in ROLES:
                raise ValueError(f"unknown role {rest!r} (roles: {', '.join(ROLES)})")
            if kind in GROUP_EXAMPLES and not rest:
                raise ValueError(f"{kind}: needs a {kind} name, e.g. {kind}:{GROUP_EXAMPLES[kind]}")
        return self


class Rule(_Model):
    """A named trigger → conditions → actions."""

    name: str
    when: When
    if_: list[Condition] = Field(default_factory=list, alias="if")
    then: list[Action] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME.match(value):
            raise ValueError("a rule name is lower-case letters, digits, - and _ (at most 64), e.g. urgent-to-backend")
        return value

    @model_validator(mode="after")
    def _fits(self) -> Rule:
        event = self.when.event
        if event == "schedule":
            if self.if_:
                raise ValueError("a schedule rule has no event to check conditions against: drop `if`")
            tasky = [a.do for a in self.then if a.do in TASK_WRITES or a.do == "comment"]
            if tasky:
                raise ValueError(f"a schedule rule has no task to {', '.join(tasky)}: it may post, dm, create_task")
        return self

    def data(self) -> dict[str, Any]:
        """The rule as plain data in the documented key order (name, when, if, then)."""
        dumped = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return {"name": dumped["name"], "when": dumped["when"], "if": dumped["if"], "then": dumped["then"]}


class RulesConfig(AgentConfig):
    """`rules:` — a list of rules, or a mapping with `items:` and the settings below."""

    items: list[Rule] = Field(default_factory=list)
    dry_run_events: int = Field(default=500, ge=0, le=10_000)  # how many stored events a dry run replays
    max_runs_per_hour: int = Field(default=30, ge=1)  # per rule; more firings are throttled (and audited)
    chain_limit: int = Field(default=10, ge=1)  # a rule set off by its own actions stops after this many runs
    lists: dict[str, str] = Field(default_factory=dict)  # list name → id, for create_task {list: <name>}
    # The team's own words for priorities, read in sentences: {p0: urgent, p1: high} (teams disagree on "p1")
    priority_words: dict[str, Priority] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _list_form(cls, data: Any) -> Any:
        return {"items": data} if isinstance(data, list) else data

    @model_validator(mode="after")
    def _unique(self) -> RulesConfig:
        names = [r.name for r in self.items]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"two rules are named {', '.join(twice)}")
        return self

    @field_validator("lists", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else value
