"""Loading the team YAML (`PMBOT_CONFIG`) with errors that name the file, the key and the problem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from agents.base import Agent, Cron
from agents.registry import AGENTS
from agents.team import TeamConfig
from bot.plugins import build_agents, section_errors
from integrations.registry import PLATFORMS


class ConfigError(Exception):
    """The team YAML is invalid; the message names the file, the key and the problem."""


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """A dotted key path, with list items named where they have a name: people[Quinn].timezone."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            name = node[item].get("name") if isinstance(node, list) and isinstance(node[item], dict) else None
            parts[-1] = f"{parts[-1]}[{name or item}]" if parts else f"[{item}]"
        else:
            parts.append(str(item))
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "(top level)"


SYSTEM_SCHEDULES = ("due_sweep", "reconcile", "plan_daily")


def read_team_file(path: Path) -> bytes:
    """The team YAML's bytes; a missing or unreadable file raises ConfigError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found (set PMBOT_CONFIG to your team YAML)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def team_text(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def load_team_config(path: str | Path, classes: Sequence[type[Agent]] | None = None, *,
                     text: str | None = None) -> TeamConfig:
    """Read and validate the team YAML (and each agent's section against its Config); any problem raises
    ConfigError naming file, key and problem. `text`: the file's content, already read (a reload hashes what
    it validates)."""
    path = Path(path)
    if text is None:
        text = team_text(path, read_team_file(path))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: (top level): must be a mapping of sections, got {type(data).__name__}")
    try:
        team = TeamConfig.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key"
            lines.append(f"{path}: {_where(err['loc'], data)}: {msg}")
        raise ConfigError("\n".join(lines)) from None
    problems = validate_team(team, list(AGENTS) if classes is None else classes)
    if problems:
        raise ConfigError("\n".join(f"{path}: {_where(loc, data)}: {msg}" for loc, msg in problems))
    return team


def validate_team(team: TeamConfig, classes: Sequence[type[Agent]]) -> list[tuple[tuple[object, ...], str]]:
    """What the core model cannot see alone: agents' sections, schedule names, people's platform names."""
    problems = section_errors(classes, team)
    if problems:
        return problems
    platforms = {p.name for p in PLATFORMS}
    for i, person in enumerate(team.people):
        for key in person.ids:
            if key not in platforms:
                problems.append((("people", i, key), f"unknown key (platforms: {', '.join(sorted(platforms))})"))
    declared = set(SYSTEM_SCHEDULES) | {
        s.name for agent in build_agents(classes, team) for s in agent.schedules() if isinstance(s, Cron)}
    for name in team.schedules.overrides:
        if name not in declared:
            known = ", ".join(sorted(declared))
            problems.append((("schedules", name), f"no agent declares this schedule (known: {known})"))
    return problems


CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")  # Slack conversation ids: public C…, private G…, DM D…


def configured_channels(value: Any, where: str) -> dict[str, str]:
    """Every channel a section configures, by where: `channel:` keys at any depth (a list of reports, a list of
    squads) and the keys of a `channels:` mapping (the auto-answerer's channels)."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{where}.{key}"
            if key == "channel" and isinstance(inner, str):
                found[path] = inner
            elif key == "channels" and isinstance(inner, dict):
                found.update({f"{path}[{k}]": str(k) for k in inner})
            else:
                found.update(configured_channels(inner, path))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found.update(configured_channels(inner, f"{where}[{n}]"))
    return found


def team_problems(team: TeamConfig, agents: Sequence[Agent]) -> list[str]:
    """What is valid YAML but cannot work: nobody on the team, agents' cross-section problems (a QA router
    with no QA engineer, escalation to nobody), channel names where ids are needed."""
    problems = []
    if not team.people:
        problems.append("people: nobody on the team, so no agent can assign, remind or ask anyone")
    for agent in agents:
        problems += agent.check(team)
    channels = {f"channels.{k}": v for k, v in team.channels.model_dump().items() if v}
    for name, section in team.sections.items():
        if name != "rules":  # a rule's `post` may name a channel: chat.postMessage takes names
            channels.update(configured_channels(section, name))
    for where, value in channels.items():
        if not CHANNEL_ID.match(value):
            problems.append(f"{where}: {value!r} is not a channel id (in Slack: the channel's details, "
                            "at the bottom, e.g. C0123ABCD)")
    return problems
