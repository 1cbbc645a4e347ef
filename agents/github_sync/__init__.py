"""GitHub sync: pull requests linked to tasks, forward-only status moves, review reminders, CI threads."""

from agents.github_sync.agent import GitHubSync

__all__ = ["GitHubSync"]
