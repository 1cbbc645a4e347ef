"""The team YAML is validated at start-up; errors name the file, the key and the problem."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from agents.qa_router import QARouter
from agents.registry import AGENTS
from bot.config import ConfigError, load_team_config
from bot.plugins import config_of
from tests.conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "team.yaml"
    path.write_text(text)
    return path


def test_example_config_is_valid() -> None:
    team = load_team_config(ROOT / "config" / "pmbot.example.yaml")
    rae = team.person(name="Rae Checker")
    assert rae is not None and rae.working_days == ["mon", "tue", "wed", "thu"]
    assert rae.is_out_of_office(date(2026, 12, 25)) and not rae.works_on(date(2026, 12, 28))
    assert config_of(QARouter, team).remind_after == timedelta(hours=48)
    assert team.person(clickup="201").name == "Quinn Tester"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("people:\n  - name: Quinn\n    timezone: Mars/Olympus\n",
         "people[Quinn].timezone: unknown timezone 'Mars/Olympus' (use an IANA name like Europe/Berlin)"),
        ("qa_router:\n  remind_after: soon\n",
         "qa_router.remind_after: 'soon' is not a duration (use e.g. 48h, 30m, 2d)"),
        ("qa_router:\n  strategy: random\n",
         "qa_router.strategy: Input should be 'least_loaded' or 'round_robin'"),
        ("people:\n  - name: A\n    roles: [tester]\n",
         "people[A].roles[0]: Input should be 'developer', 'qa' or 'lead'"),
        ("people:\n  - name: A\n    working_days: Mon-Funday\n",
         "people[A].working_days: 'mon-funday' is not a range of week days like Mon-Fri"),
        ("peeple: []\n", f"peeple: unknown section (agents: {', '.join(sorted(c.name for c in AGENTS))})"),
        ("people:\n  - name: A\n    slack: U1\n  - name: B\n    slack: U1\n",
         "(top level): two people share slack 'U1'"),
        ("schedules:\n  daily_report: every day\n",
         "schedules.daily_report: 'every day' is not a 5-field cron expression like '0 9 * * mon-fri'"),
        ("people: [\n", "not valid YAML at line 2, column 1"),
        ("- just\n- a list\n", "(top level): must be a mapping of sections, got list"),
    ],
)
def test_bad_config_names_file_key_and_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_team_config(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_team_config(tmp_path / "nope.yaml")


def test_bad_config_stops_start_up(tmp_path: Path) -> None:
    """`pmbot serve` with a broken team YAML exits with the message, before serving anything."""
    path = write(tmp_path, "qa_router:\n  escalate_after_reminders: -1\n")
    env = {**os.environ, "PMBOT_CONFIG": str(path), "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"}
    proc = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", "1"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert f"{path}: qa_router.escalate_after_reminders: Input should be greater than or equal to 0" in proc.stderr


def test_a_channel_name_where_an_id_is_needed_is_refused_wherever_it_is_configured() -> None:
    """files.completeUploadExternal (a weekly report's chart) and the auto-answerer's channel keys need ids."""
    from agents.team import TeamConfig
    from bot.config import team_problems

    team = TeamConfig.model_validate({
        "people": [{"name": "Dana", "slack": "U0DANA"}],
        "reports": [{"name": "daily", "channel": "C0REPORTS"}, {"name": "weekly", "channel": "#reports"}],
        "auto_answer": {"channels": {"help": {"mode": "questions"}, "C0HELP": {"mode": "mention"}}},
        "rules": [{"name": "hi", "when": {"event": "task.created"}, "then": [{"do": "post", "channel": "#general"}]}],
    })
    hint = " is not a channel id (in Slack: the channel's details, at the bottom, e.g. C0123ABCD)"
    assert team_problems(team, []) == [f"reports[1].channel: '#reports'{hint}",
                                       f"auto_answer.channels[help]: 'help'{hint}"]
