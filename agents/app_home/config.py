"""The `app_home:` section of the team YAML."""

from __future__ import annotations

from pydantic import Field

from agents.base import AgentConfig


class AppHomeConfig(AgentConfig):
    """Which tracker statuses mean "to test" and "to fix", and which repositories to look in for reviews
    (default: github_sync's)."""

    to_test: list[str] = Field(default_factory=lambda: ["ready for testing", "in testing"])
    to_fix: list[str] = Field(default_factory=lambda: ["needs fix"])
    repos: list[str] | None = None
    max_items: int = Field(default=10, ge=1, le=25)  # per list; Slack allows 100 blocks in a Home tab
