"""The GitHub sync's section of the team YAML (`github_sync:`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import Field, field_validator

from agents.base import AgentConfig
from agents.team import parse_duration


class GitHubSyncConfig(AgentConfig):
    """Which repositories, which status moves, when to remind reviewers."""

    repos: list[str] = Field(default_factory=list)
    moves: dict[str, str] = Field(
        default_factory=lambda: {
            "opened": "in review",
            "ready_for_review": "in review",
            "merged": "ready for testing",
        }
    )
    status_order: list[str] = Field(
        default_factory=lambda: [
            "to do",
            "in progress",
            "in review",
            "ready for testing",
            "in testing",
            "needs fix",
            "done",
            "closed",
        ]
    )
    review_remind_after: timedelta = timedelta(hours=24)
    # Custom task id prefixes (e.g. [ENG, OPS]); empty: any `ABC-123` is looked up as a custom id.
    custom_id_prefixes: list[str] = Field(default_factory=list)

    @field_validator("review_remind_after", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)
