"""The product agents pmbot runs, built from the team configuration."""

from __future__ import annotations

from agents.base import Agent
from agents.github_sync import GitHubSync
from agents.qa_router import QARouter
from agents.team import TeamConfig


def product_agents(team: TeamConfig) -> list[Agent]:
    """Every product agent the team config enables, in dispatch order."""
    agents: list[Agent] = []
    if team.qa_router.enabled:
        agents.append(QARouter(team.qa_router))
    if team.github_sync.enabled:
        agents.append(GitHubSync(team.github_sync))
    return agents
