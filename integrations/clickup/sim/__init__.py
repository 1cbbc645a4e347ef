"""The ClickUp API v2 simulator (tests and sandbox), apart from the production client."""

from integrations.clickup.sim.api import ClickUpSimulator

__all__ = ["ClickUpSimulator"]
