"""The report writer's section of the team YAML: `reports:`, a list of reports (or a mapping with `enabled`
and `reports`), each with exactly the keys name, scope, cadence, timezone, channel, focus, stale_after."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agents.base import AgentConfig
from agents.common import squads
from agents.reports.cadence import Cadence
from agents.team import parse_duration

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Scope(BaseModel):
    """What a report covers: tracker lists, folders or spaces (none: the whole workspace) and repositories; a
    `squad` (agents/common/squads.py) adds its QA router's lists and keeps its members' tasks. On Jira, `projects`
    (project keys) say the same as `lists`: a Jira project is where an issue lives, as a ClickUp List is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    squad: str | None = None

    lists: list[str] = Field(default_factory=list)
    folders: list[str] = Field(default_factory=list)
    spaces: list[str] = Field(default_factory=list)
    repos: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _projects(cls, data: Any) -> Any:
        if isinstance(data, dict) and "projects" in data:
            data = dict(data)
            projects = data.pop("projects")
            if not isinstance(projects, list):
                raise ValueError("projects: a list of project keys, e.g. [ENG, OPS]")
            data["lists"] = [*(data.get("lists") or []), *projects]
        return data

    @field_validator("squad")
    @classmethod
    def _squad(cls, value: str | None) -> str | None:
        return squads.check_name(value)

    @field_validator("lists", "folders", "spaces", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value


class ReportSpec(BaseModel):
    """One scheduled report."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    scope: Scope = Field(default_factory=Scope)
    cadence: str
    timezone: str | None = None  # None: the team's (schedules.timezone)
    channel: str | None = None  # None: channels.reports
    focus: str | None = None
    stale_after: timedelta = timedelta(days=5)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(f"{value!r} is not a report name: use lower-case letters, digits, - and _")
        return value

    @field_validator("cadence")
    @classmethod
    def _cadence(cls, value: str) -> str:
        Cadence.parse(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown timezone {value!r} (use an IANA name like Europe/Berlin)") from None
        return value

    @field_validator("stale_after", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)

    @property
    def parsed(self) -> Cadence:
        return Cadence.parse(self.cadence)


class ReportsConfig(AgentConfig):
    """Every report the team wants."""

    reports: list[ReportSpec] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _a_list(cls, data: Any) -> Any:
        # The YAML section is a plain list of reports; the loader hands it over as it is.
        return {"reports": data} if isinstance(data, list) else data

    @model_validator(mode="after")
    def _unique(self) -> ReportsConfig:
        names = [r.name for r in self.reports]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"two reports are named {twice}")
        return self

    def get(self, name: str) -> ReportSpec | None:
        return next((r for r in self.reports if r.name == name), None)
