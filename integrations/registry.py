"""The platforms pmbot knows, in one tuple: adding one (Jira, Linear ...) is a folder and a line here."""

from __future__ import annotations

from integrations.clickup import PLATFORM as CLICKUP
from integrations.github import PLATFORM as GITHUB
from integrations.jira import PLATFORM as JIRA
from integrations.llm import PLATFORM as LLM
from integrations.platform import Platform
from integrations.slack import PLATFORM as SLACK

# The first tracker with credentials is the tracker (ClickUp before Jira when a deployment has both).
PLATFORMS: tuple[Platform, ...] = (CLICKUP, SLACK, GITHUB, LLM, JIRA)


def platform(name: str) -> Platform:
    for p in PLATFORMS:
        if p.name == name:
            return p
    raise KeyError(name)


def webhook_platforms() -> tuple[Platform, ...]:
    return tuple(p for p in PLATFORMS if p.route)
