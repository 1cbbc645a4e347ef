"""`ctx.people` finds a person by their handle on the platform configuration says plays each role: on Jira their
`jira:` account id; with no tracker configured, nobody by a tracker handle (ClickUp is not assumed)."""

from __future__ import annotations

from agents.common.people import People
from agents.team import TeamConfig

TEAM = TeamConfig.model_validate({"people": [
    {"name": "Dana", "slack": "U0DANA", "clickup": "101", "jira": "5b10ac8d82e05b22cc7d4ef5", "github": "dana-dev"}]})


def test_the_tracker_is_the_configured_one() -> None:
    on_jira = People(TEAM, {"tracker": "jira", "chat": "slack", "code": "github"})
    dana = TEAM.people[0]
    assert on_jira.by_tracker("5b10ac8d82e05b22cc7d4ef5") is dana and on_jira.by_tracker("101") is None
    assert on_jira.tracker_id(dana) == "5b10ac8d82e05b22cc7d4ef5"
    assert People(TEAM, {"tracker": "clickup"}).tracker_id(dana) == "101"


def test_no_tracker_configured__no_tracker_handle_but_chat_and_code_by_default() -> None:
    nothing = People(TEAM, {})
    dana = TEAM.people[0]
    assert nothing.by_tracker("101") is None and nothing.tracker_id(dana) is None
    assert nothing.by_chat("U0DANA") is dana and nothing.code_id(dana) == "dana-dev"
