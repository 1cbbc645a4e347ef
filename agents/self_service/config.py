"""The `self_service:` section of the team YAML."""

from __future__ import annotations

from pydantic import Field

from agents.base import AgentConfig


class SelfServiceConfig(AgentConfig):
    """How long an out of office set in Slack may be (longer stretches belong in the team file), and whether a
    Slack newcomer with a ClickUp member's e-mail is offered to the leads."""

    max_ooo_days: int = Field(default=92, ge=1, le=366)
    join_offer: bool = True
