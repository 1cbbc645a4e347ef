"""The QA router's section of the team YAML (`qa_router:`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.base import AgentConfig
from agents.team import parse_duration


class QAStatuses(BaseModel):
    """The tracker statuses the router reacts to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ready: str = "ready for testing"
    testing: str = "in testing"
    failed: str = "needs fix"
    passed: list[str] = Field(default_factory=lambda: ["done", "closed"])


class QARouterConfig(AgentConfig):
    """Who tests what, when to remind, whom to escalate to."""

    lists: list[str] = Field(default_factory=list)
    statuses: QAStatuses = Field(default_factory=QAStatuses)
    strategy: Literal["least_loaded", "round_robin"] = "least_loaded"
    remind_after: timedelta = timedelta(hours=48)
    remind_every: timedelta = timedelta(hours=24)
    escalate_after_reminders: int = Field(default=2, ge=0)
    escalate_to: list[str] = Field(default_factory=list)
    channel: str | None = None
    business_hours: bool = False

    @field_validator("remind_after", "remind_every", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)

    @field_validator("lists", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value
