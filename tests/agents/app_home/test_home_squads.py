"""App Home for someone in two squads (issue 25): the exact `views.publish` body names both, in the order of the
team file; someone in one squad sees only theirs, and someone in none sees no squads line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agents.team import TeamConfig
from tests.agents.app_home.test_app_home import AGENTS_LINE, open_home, publishes, section
from tests.support.world import world

PEOPLE: list[dict[str, Any]] = [
    {"name": "Quinn", "slack": "U0QUINN", "clickup": "201", "roles": ["qa"]},
    {"name": "Dana", "slack": "U0DANA", "clickup": "101", "roles": ["developer"]},
    {"name": "Lee", "slack": "U0LEE", "clickup": "301", "roles": ["lead"]},
]
TEAM = TeamConfig.model_validate({
    "people": PEOPLE,
    "standup": [{"name": "web", "members": ["Dana", "Quinn"], "channel": "C0WEB", "prompt_at": "09:30"},
                {"name": "mobile", "members": ["Quinn"], "channel": "C0MOB", "prompt_at": "10:00"}],
})


def test_home_names_each_squad_of_the_viewer(tmp_path: Path) -> None:
    with world(tmp_path, TEAM, tasks=[], channels=("C0WEB", "C0MOB")) as w:
        open_home(w, "U0QUINN", "EvSQUADS1")
        open_home(w, "U0DANA", "EvSQUADS2")
        open_home(w, "U0LEE", "EvSQUADS3")
        quinn, dana, lee = publishes(w)
        assert quinn == {"user_id": "U0QUINN", "view": {"type": "home", "callback_id": "pmbot_home", "blocks": [
            *head("Quinn"),
            section("*Your squads*: web, mobile"),
            section("*Today's standup*: web: no standup asked of you yet today; "
                    "mobile: no standup asked of you yet today"),
            *AGENTS]}}
        assert dana == {"user_id": "U0DANA", "view": {"type": "home", "callback_id": "pmbot_home", "blocks": [
            *head("Dana"),
            section("*Your squads*: web"),
            section("*Today's standup*: web: no standup asked of you yet today"),
            *AGENTS]}}
        assert lee["user_id"] == "U0LEE"
        assert [b for b in lee["view"]["blocks"] if "squads" in str(b)] == []


AGENTS = [{"type": "divider"}, section(AGENTS_LINE.format(qa="live"))]


def head(name: str) -> list[dict[str, Any]]:
    return [{"type": "header", "text": {"type": "plain_text", "text": "pmbot"}},
            section(f"Hi {name}. Here is what waits for you."),
            section("*To test*\n_nothing_"), section("*To fix*\n_nothing_"), section("*To review*\n_nothing_"),
            section("*Your reminders*\n_nothing_")]
