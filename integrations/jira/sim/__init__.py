"""The Jira Cloud REST API v3 simulator (tests and sandbox), apart from the production client."""

from integrations.jira.sim.api import JiraSimulator

__all__ = ["JiraSimulator"]
