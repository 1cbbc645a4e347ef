"""The GitHub REST API simulator (tests and sandbox), apart from the production client."""

from integrations.github.sim.api import GitHubSimulator

__all__ = ["GitHubSimulator"]
