"""Standup collector: asynchronous standups in Slack, pre-filled from tracker and code-host activity."""

from agents.standup.agent import Standup

__all__ = ["Standup"]
