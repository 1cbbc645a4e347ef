"""Several squads in one pmbot: an agent section (`standup:`, `qa_router:`) may be a list of named instances.

A section written as a mapping is one instance with no name; a list item may leave `name` out too (at most one
does). The unnamed instance keeps the keys pmbot always used (`standup.prompt:Dana:2026-11-23`), so a pmbot that
turns its section into a list keeps its stored prompts, reminders and QA rounds; a named instance's keys carry
its name (`standup.prompt:@web:Dana:2026-11-23`), so two squads never share a row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from pydantic import field_validator, model_validator

from agents.base import AgentConfig

SQUAD_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,29}$")
MARK = "@"  # the mark a named instance's key part carries (no person, task or day starts with it)


def check_name(value: str | None) -> str | None:
    """A squad name is short, lower-case and safe in keys, Slack button values and addresses."""
    if value is not None and not SQUAD_NAME.match(value):
        raise ValueError(f"{value!r} is not a squad name: use lower-case letters, digits, - and _ (30 at most)")
    return value


def as_instances(data: Any) -> Any:
    """A before-validator's half: the YAML list becomes the section's `squads` (the mapping stays itself)."""
    return {"squads": data} if isinstance(data, list) else data


def unique_names(names: Sequence[str | None]) -> str | None:
    """Why these instance names cannot work together, or None."""
    named = [n for n in names if n is not None]
    twice = sorted({n for n in named if named.count(n) > 1})
    if twice:
        return f"two squads are named {twice}"
    if len(names) - len(named) > 1:
        return "only one squad may leave out `name` (it keeps the single section's stored state)"
    return None


def key(name: str | None, head: str, *parts: object) -> str:
    """An action or due key: `key("web", "standup.prompt", "Dana", day)` → `standup.prompt:@web:Dana:<day>`."""
    return ":".join([head, *(str(p) for p in parts_of(name, *parts))])


def parts_of(name: str | None, *parts: object) -> tuple[object, ...]:
    """The parts of a state key (`ctx.state.load(Model, *parts_of(name, ...))`), led by the squad's mark."""
    return (f"{MARK}{name}", *parts) if name else parts


def label(name: str | None, section: str) -> str:
    """How people see an instance: its name, or the section's for the unnamed one."""
    return name or section


class Instance(Protocol):
    """A squad's section: anything with a `name` (None: the unnamed one)."""

    @property
    def name(self) -> str | None: ...


SquadT = TypeVar("SquadT", bound=Instance)


def by_name(instances: Sequence[SquadT], name: str | None) -> SquadT | None:
    """The instance called `name` (None: the unnamed one), or None."""
    return next((i for i in instances if i.name == name), None)


class SquadConfig(AgentConfig):
    """An agent section that may be a YAML list of squads: the subclass adds `squads: tuple[Itself, ...]`, each
    item the same model with a `name`; the mapping form is one squad with no name."""

    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _a_list(cls, data: Any) -> Any:
        return as_instances(data)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return check_name(value)

    @model_validator(mode="after")
    def _squad_names(self) -> SquadConfig:
        items: Sequence[SquadConfig] = getattr(self, "squads", ())
        if any(getattr(s, "squads", ()) for s in items):
            raise ValueError("a squad cannot hold squads of its own")
        if problem := unique_names([s.name for s in items]):
            raise ValueError(problem)
        return self

    def key(self, head: str, *parts: object) -> str:
        """An action or due key of this squad's (`standup.prompt:@web:Dana:<day>`; unnamed: as before squads)."""
        return key(self.name, head, *parts)

    def parts(self, *parts: object) -> tuple[object, ...]:
        """A state key's parts for this squad."""
        return parts_of(self.name, *parts)
