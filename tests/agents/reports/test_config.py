"""The `reports:` section is a list; errors name the report; the plug-in loader passes list sections through."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from agents.reports import Reports
from agents.reports.config import ReportsConfig
from agents.team import TeamConfig
from bot.config import ConfigError, load_team_config
from bot.plugins import config_of

SECTION = """
reports:
  - name: daily
    scope: {lists: ["901"], folders: [], spaces: [], repos: [demo/webapp]}
    cadence: "daily 17:00"
    timezone: Europe/Berlin
    channel: C0REPORTS
    focus: "Call out anything blocking the release"
    stale_after: 5d
  - name: weekly
    cadence: "weekly fri 16:00"
"""


def test_the_issue_example_loads_as_a_list(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("channels: {reports: C0ALL}\n" + SECTION)
    team = load_team_config(path)
    config = config_of(Reports, team)
    assert isinstance(config, ReportsConfig) and config.enabled
    daily, weekly = config.reports
    assert (daily.name, daily.scope.lists, daily.scope.repos, daily.timezone, daily.channel, daily.stale_after) == (
        "daily", ["901"], ["demo/webapp"], "Europe/Berlin", "C0REPORTS", timedelta(days=5))
    assert (weekly.timezone, weekly.channel, weekly.focus) == (None, None, None)
    assert Reports(config).check(team) == []
    assert Reports(config).check(TeamConfig()) == ["reports[weekly].channel: no channel, and channels.reports "
                                                   "is not set either"]


def test_a_mapping_with_enabled_false_turns_every_report_off() -> None:
    off = {"enabled": False, "reports": [{"name": "d", "cadence": "daily 9:00"}]}
    team = TeamConfig.model_validate({"reports": off})
    assert config_of(Reports, team).enabled is False
    assert config_of(Reports, TeamConfig()).reports == []  # no section: no reports, nothing scheduled
    assert Reports().schedules() == []


@pytest.mark.parametrize("entry, where, problem", [
    ('{name: daily, cadence: "daily 7pm"}', "reports[daily].cadence", "is not a cadence"),
    ('{name: daily, cadence: "daily 17:00", timezone: Mars/Olympus}', "reports[daily].timezone", "unknown timezone"),
    ('{name: daily, cadence: "daily 17:00", stale: 5d}', "reports[daily].stale", "unknown key"),
    ('{name: daily, cadence: "daily 17:00", scope: {boards: [1]}}', "reports[daily].scope.boards", "unknown key"),
    ('{name: "Daily Report", cadence: "daily 17:00"}', "reports[Daily Report].name", "is not a report name"),
    ('{name: daily}', "reports[daily].cadence", "Field required"),
])
def test_errors_name_the_file_the_report_and_the_key(tmp_path: Path, entry: str, where: str, problem: str) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(f"reports:\n  - {entry}\n")
    with pytest.raises(ConfigError) as caught:
        load_team_config(path)
    assert str(caught.value).startswith(f"{path}: {where}: ")
    assert problem in str(caught.value)


def test_two_reports_with_one_name(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text('reports:\n  - {name: d, cadence: "daily 9:00"}\n  - {name: d, cadence: "daily 10:00"}\n')
    with pytest.raises(ConfigError, match=r"reports: two reports are named \['d'\]"):
        load_team_config(path)
