"""The Slack Web API simulator (tests and sandbox), apart from the production client."""

from integrations.slack.sim.api import SlackSimulator

__all__ = ["SlackSimulator"]
