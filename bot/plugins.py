"""Agents as plug-ins: the registry's classes plus `PMBOT_AGENTS`, each built from its team-YAML section."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from pydantic import ValidationError

from agents.base import Agent, AgentConfig, Daily
from agents.registry import AGENTS
from agents.team import TeamConfig

CORE_SECTIONS: frozenset[str] = frozenset()  # sections pmbot itself reads, not an agent (`rules:` is an agent's now)


class PluginError(ValueError):
    """An agent could not be loaded or configured; the message says which and why."""


def agent_classes(extra: str = "") -> list[type[Agent]]:
    """The registered agents, then your own from `PMBOT_AGENTS` (`package.module:Class,...`)."""
    classes: list[type[Agent]] = list(AGENTS)
    for spec in filter(None, (s.strip() for s in extra.split(","))):
        module_name, _, class_name = spec.partition(":")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError, ValueError) as exc:
            raise PluginError(f"PMBOT_AGENTS: cannot load {spec!r}: {exc}") from None
        if not (isinstance(cls, type) and issubclass(cls, Agent)):
            raise PluginError(f"PMBOT_AGENTS: {spec!r} is not an Agent class")
        classes.append(cls)
    names = [c.name for c in classes]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise PluginError(f"two agents are named {twice}")
    return classes


def config_of(cls: type[Agent], team: TeamConfig) -> AgentConfig:
    """The agent's validated section (raises pydantic's ValidationError; the loader words it). A section may be
    a mapping or, for agents whose Config accepts one (a before-validator), a list such as `reports:`."""
    raw = team.sections.get(cls.name)
    return cls.Config.model_validate({} if raw is None else raw)


def build_agents(classes: Sequence[type[Agent]], team: TeamConfig) -> list[Agent]:
    """One instance per enabled agent."""
    agents = []
    for cls in classes:
        config = config_of(cls, team)
        if config.enabled:
            agents.append(cls(config))
    return agents


def daily_schedules(agents: Sequence[Agent]) -> list[Daily]:
    return [s for a in agents for s in a.schedules() if isinstance(s, Daily)]


def scope(agents: Sequence[Agent], key: str) -> list[str]:
    """The union of what the agents ask the reconciler (and the sandbox) to cover: lists, repos."""
    return list(dict.fromkeys(item for a in agents for item in a.scope().get(key, [])))


def section_errors(classes: Sequence[type[Agent]], team: TeamConfig) -> list[tuple[tuple[object, ...], str]]:
    """(location, problem) for every invalid or unknown section."""
    known = {c.name: c for c in classes}
    problems: list[tuple[tuple[object, ...], str]] = []
    for name in team.sections:
        if name not in known and name not in CORE_SECTIONS:
            problems.append(((name,), f"unknown section (agents: {', '.join(sorted(known))})"))
    for name, cls in known.items():
        try:
            config_of(cls, team)
        except ValidationError as exc:
            listed = isinstance(team.sections.get(name), list)
            for err in exc.errors():
                msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
                loc = tuple(err["loc"])
                if listed and len(loc) > 1 and isinstance(loc[0], str) and isinstance(loc[1], int):
                    loc = loc[1:]  # a list section its Config wrapped in a field: point into the list itself
                problems.append(((name, *loc), msg))
    return problems
