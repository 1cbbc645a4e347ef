"""The normalised event every trigger becomes before it reaches the agents."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# "pmbot": a change pmbot made itself, announced to the other agents (its own webhooks are dropped).
Source = Literal["clickup", "jira", "github", "slack", "scheduler", "cli", "reconcile", "pmbot"]


class Ref(BaseModel):
    """What an event is about: a task, a pull request, a chat message or a stored due item."""

    model_config = ConfigDict(frozen=True)

    kind: str
    id: str
    url: str | None = None
    container: str | None = None  # ClickUp list id, Jira project key, GitHub "owner/repo", Slack channel id


class Event(BaseModel):
    """One thing that happened, normalised; `id` is its dedupe key."""

    model_config = ConfigDict(frozen=True)

    id: str
    source: Source
    type: str
    occurred_at: datetime
    actor: str | None = None
    subject: Ref | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    raw: dict[str, Any] = Field(default_factory=dict, repr=False)

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def __str__(self) -> str:  # never prints `raw`
        return f"{self.source}:{self.type}:{self.id}"
