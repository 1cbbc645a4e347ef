"""`pmbot index` and `pmbot ask "…" [--channel C] [--json]` as a person runs them, in a process of their own,
with the team YAML's relative folder paths and a ClickUp simulator for live state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from integrations.clickup.sim.api import ClickUpSimulator
from tests.agents.auto_answer.aa_support import PEOPLE, section
from tests.conftest import ROOT
from tests.support.platforms import TOKENS


@pytest.fixture
def clickup() -> Iterator[ClickUpSimulator]:
    sim = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    sim.add_user("201", "Quinn Tester")
    sim.add_list("L1", "Board", ["to do", "in testing", "done"])
    sim.add_task("T1", "Checkout: apply coupon codes", "L1", "in testing", assignees=["201"], custom_id="ENG-42")
    sim.start()
    yield sim
    sim.stop()


def pmbot(tmp_path: Path, clickup: ClickUpSimulator, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "team" / "pmbot.yaml"
    if not config.exists():
        config.parent.mkdir()
        conf = section(config.parent)  # writes team/handbook and team/leads; paths stay relative to the YAML
        config.write_text(yaml.safe_dump({"people": PEOPLE, "auto_answer": conf}))
    env = {**os.environ, "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}",
           "CLICKUP_API_TOKEN": TOKENS["clickup"], "CLICKUP_TEAM_ID": "9000", "CLICKUP_API_URL": clickup.base_url,
           "SLACK_BOT_TOKEN": "", "GITHUB_TOKEN": "", "OPENAI_API_KEY": ""}
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


def test_index_then_ask_as_json(tmp_path: Path, clickup: ClickUpSimulator) -> None:
    indexed = pmbot(tmp_path, clickup, "index")
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stdout.splitlines() == [
        "handbook: 4 passages in 3 documents (3 re-indexed, 0 removed); feedback 👍 0 👎 0",
        "leads: 1 passages in 1 documents (1 re-indexed, 0 removed); feedback 👍 0 👎 0",
    ]
    asked = pmbot(tmp_path, clickup, "ask", "When are salary bands reviewed?", "--json")
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout) == {
        "answer": "From Salary bands [1]:\n    Salary bands are reviewed every April by the leads.",
        "confident": True,
        "citations": [{"n": 1, "title": "Salary bands", "source": "leads", "ref": "salaries.md", "url": None,
                       "score": 1.0}],
    }
    in_channel = pmbot(tmp_path, clickup, "ask", "When are salary bands reviewed?", "--channel", "C0HELP", "--json")
    assert json.loads(in_channel.stdout) == {
        "answer": "I don't know — nothing in the sources I can use here answers that confidently.",
        "confident": False, "citations": []}


def test_ask_live_state_in_plain_text(tmp_path: Path, clickup: ClickUpSimulator) -> None:
    asked = pmbot(tmp_path, clickup, "ask", "who is testing ENG-42?")
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.splitlines() == [
        "Right now in the tracker:",
        "• ENG-42 Checkout: apply coupon codes (https://app.clickup.com/t/T1) — in testing, Quinn Tester [1]",
        "",
        "Sources:",
        "[1] ENG-42 Checkout: apply coupon codes — clickup: https://app.clickup.com/t/T1 (score 1.00)",
    ]
    unknown = pmbot(tmp_path, clickup, "index", "--source", "wiki")
    assert unknown.returncode == 2 and "unknown source(s) ['wiki']" in unknown.stdout
