"""Squads in the team file, read by pmbot's real loader and checks (what `pmbot check` prints): a duplicate
squad name, a list in two QA routers, an unknown person in a squad, and the help text naming the squads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agents.system.commands import help_text
from bot.config import ConfigError, load_team_config, team_problems
from bot.plugins import agent_classes, build_agents
from tests.agents.qa_router.qa_support import PEOPLE


def load(tmp_path: Path, **sections: object) -> object:
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump({"people": PEOPLE, **sections}), encoding="utf-8")
    return load_team_config(path)


def problems(tmp_path: Path, **sections: object) -> list[str]:
    team = load(tmp_path, **sections)
    return team_problems(team, build_agents(agent_classes(), team))  # type: ignore[arg-type]


def test_a_list_in_two_qa_routers_and_a_name_used_twice_are_load_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, qa_router=[{"name": "web", "lists": ["901"]}, {"name": "mobile", "lists": ["901", "902"]}])
    assert str(raised.value) == (f"{tmp_path / 'team.yaml'}: qa_router: list 901 is in two QA routers (web and "
                                 "mobile): a task must have one")
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, standup=[{"name": "web", "channel": "C0A"}, {"name": "web", "channel": "C0B"}])
    assert str(raised.value) == f"{tmp_path / 'team.yaml'}: standup: two squads are named ['web']"
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, standup=[{"name": "Web Team", "channel": "C0A"}])
    assert str(raised.value) == (f"{tmp_path / 'team.yaml'}: standup[Web Team].name: 'Web Team' is not a squad "
                                 "name: use lower-case letters, digits, - and _ (30 at most)")


def test_checks_name_the_squad_and_the_problem(tmp_path: Path) -> None:
    found = problems(tmp_path,
                     standup=[{"name": "web", "members": ["Dana", "Nobody"], "channel": "C0WEB"},
                              {"name": "mobile", "members": ["Devon"], "channel": "C0WEB"}],
                     qa_router=[{"name": "web", "lists": ["901"], "qa": ["Quinn", "Quincy"]},
                                {"name": "mobile", "lists": ["902"], "qa": []}],
                     reports=[{"name": "mob", "cadence": "daily 17:00", "channel": "C0REP",
                               "scope": {"squad": "desktop"}}])
    assert found == [
        "qa_router[web].qa: 'Quincy' is not a name in people",
        "qa_router[mobile].qa: nobody, so no task of its lists can be handed to QA",
        "standup[web].members: 'Nobody' is not a name in people",
        "standup[mobile].channel: C0WEB is also standup[web]'s: two squads' summaries would share one channel "
        "(give each squad its own)",
        "reports[mob].scope.squad: no squad 'desktop' in standup or qa_router (squads: mobile, web)",
    ]


def test_help_names_the_squads(tmp_path: Path) -> None:
    team = load(tmp_path, standup=[{"name": "web", "channel": "C0WEB"}, {"name": "mobile", "channel": "C0MOB"}],
                qa_router=[{"name": "web", "lists": ["901"]}, {"name": "mobile", "lists": ["902"]}])
    text = help_text([a for a in build_agents(agent_classes(), team) if a.commands])  # type: ignore[arg-type]
    assert text.splitlines()[-1] == "*Squads*: `/pm qa <squad>` — web, mobile · `/standup <squad>` — web, mobile"
