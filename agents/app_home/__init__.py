"""App Home: each person's pmbot tab in Slack - what waits for them, their reminders, today's standup, the
agents' state, and for leads the oversight switches."""

from agents.app_home.agent import AppHome

__all__ = ["AppHome"]
