"""The QA router's section of the team YAML (`qa_router:`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agents.common import squads
from agents.team import TeamConfig, parse_duration


class QAStatuses(BaseModel):
    """The tracker statuses the router reacts to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ready: str = "ready for testing"
    testing: str = "in testing"
    failed: str = "needs fix"
    passed: list[str] = Field(default_factory=lambda: ["done", "closed"])


class QARouterConfig(squads.SquadConfig):
    """Who tests what, when to remind, whom to escalate to: for one squad, or (`squads`, the YAML list form) for
    several, each a `QARouterConfig` of its own with a `name`, its lists and its QA engineers."""

    squads: tuple[QARouterConfig, ...] = ()  # the list form; each router's `name` says whose it is
    qa: list[str] | None = None  # names from `people` who test for this squad; None: everyone with the role qa
    lists: list[str] = Field(default_factory=list)
    statuses: QAStatuses = Field(default_factory=QAStatuses)
    strategy: Literal["least_loaded", "round_robin"] = "least_loaded"
    remind_after: timedelta = timedelta(hours=48)
    remind_every: timedelta = timedelta(hours=24)
    escalate_after_reminders: int = Field(default=2, ge=0)
    escalate_to: list[str] = Field(default_factory=list)
    channel: str | None = None
    business_hours: bool = False

    @model_validator(mode="after")
    def _lists(self) -> QARouterConfig:
        owner: dict[str, str] = {}
        for squad in self.squads:
            for list_id in squad.lists:
                if list_id in owner:
                    raise ValueError(f"list {list_id} is in two QA routers ({owner[list_id]} and "
                                     f"{squads.label(squad.name, 'qa_router')}): a task must have one")
                owner[list_id] = squads.label(squad.name, "qa_router")
        if sum(not s.lists for s in self.squads) > 1:
            raise ValueError("only one QA router may leave out `lists` (it takes the tasks of every other list)")
        return self

    def instances(self) -> tuple[QARouterConfig, ...]:
        """Every router this section runs: its squads, or itself."""
        return self.squads or (self,)

    def owner(self, task_lists: list[str]) -> QARouterConfig | None:
        """The router whose lists hold the task (a router with no lists takes what no other router's do)."""
        routers = self.instances()
        found = next((r for r in routers if r.lists and set(task_lists) & set(r.lists)), None)
        return found or next((r for r in routers if not r.lists), None)

    @field_validator("remind_after", "remind_every", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)

    @field_validator("lists", "qa", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value


def qa_section(team: TeamConfig) -> QARouterConfig:
    """The team file's `qa_router:` (a mapping or a list of routers) as the router reads it, for other agents
    (the defaults when it is missing or invalid)."""
    raw = team.sections.get("qa_router")
    try:
        return QARouterConfig.model_validate({} if raw is None else raw)
    except ValidationError:
        return QARouterConfig()
