"""`pmbot rules parse "SENTENCE" [--json]` and `pmbot rules test FILE`, as a person runs them, in a process of
their own (no model configured), the test against the events a running pmbot stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.agents.rules.rules_support import PEOPLE, TEAMS, rules_team
from tests.conftest import ROOT
from tests.support.platforms import TOKENS
from tests.support.world import SeedTask, world

SENTENCE = "when a task is marked urgent and it is not tagged hotfix, assign it to the backend team and set the " \
           "due date to tomorrow"


def pmbot(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "team.yaml"
    if not config.exists():
        config.write_text(yaml.safe_dump({"people": PEOPLE, "teams": TEAMS}))
    base = {**os.environ, "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", "CLICKUP_API_TOKEN": "",
            "SLACK_BOT_TOKEN": "", "GITHUB_TOKEN": "", "OPENAI_API_KEY": "", **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=base)


def test_parse_prints_the_rule_in_the_team_file_format(tmp_path: Path) -> None:
    done = pmbot(tmp_path, "rules", "parse", SENTENCE)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "rules:\n"
        "  - name: marked-urgent-not-tagged-hotfix\n"
        "    when: {event: task.priority_changed}\n"
        "    if:\n"
        "      - {field: priority, op: eq, value: urgent}\n"
        "      - {not: {field: tags, op: contains, value: hotfix}}\n"
        "    then:\n"
        "      - {do: assign, to: [team:backend], mode: round_robin}\n"
        "      - {do: set_due_date, date: tomorrow}\n")
    assert done.stderr.strip().endswith("(running without a model: the built-in sentence parser read this)")
    # What it prints loads as the team file's `rules:` section.
    assert yaml.safe_load(done.stdout)["rules"][0]["then"][0]["to"] == ["team:backend"]


def test_parse_json_is_one_object_with_name_when_if_then(tmp_path: Path) -> None:
    done = pmbot(tmp_path, "rules", "parse", SENTENCE, "--json")
    assert done.returncode == 0, done.stderr
    assert list(json.loads(done.stdout)) == ["name", "when", "if", "then"]
    assert json.loads(done.stdout)["if"][1] == {"not": {"field": "tags", "op": "contains", "value": "hotfix"}}


def test_parse_says_why_it_cannot(tmp_path: Path) -> None:
    done = pmbot(tmp_path, "rules", "parse", "make everything better")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("I could not turn “make everything better” into a rule:\n• I could not tell")


def test_test_file_names_file_key_and_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - {name: urgent-to-backend, when: {event: task.priority_changed}, "
                   "then: [{do: asign, to: [Dana]}]}\n")
    done = pmbot(tmp_path, "rules", "test", str(bad))
    assert done.returncode == 1
    assert done.stderr.startswith(f"{bad}: rules[urgent-to-backend].then[0].do: Input should be 'set_status'")


def test_test_file_dry_runs_over_the_stored_events(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump({"rules": [
        {"name": "urgent-to-backend", "when": {"event": "task.priority_changed"},
         "if": [{"field": "priority", "op": "eq", "value": "urgent"}],
         "then": [{"do": "assign", "to": ["team:backend"], "mode": "round_robin"},
                  {"do": "comment", "text": "On it: {{task.name}}"}]}]}))
    with world(tmp_path, rules_team(), tasks=[SeedTask("T1", "Coupons", "in progress")]) as w:
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        day = next(e for e in w.pmbot.call(w.pmbot.runtime.store.recent_events, 10)
                   if e.type == "task.priority_changed").occurred_at
        env = {"PMBOT_DATABASE_URL": w.db_url, "CLICKUP_API_TOKEN": TOKENS["clickup"], "CLICKUP_TEAM_ID": "9000",
               "CLICKUP_API_URL": w.clickup.base_url}
        done = pmbot(tmp_path, "rules", "test", str(rules), env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout == (
            f"{rules}: 1 rule(s) valid.\n\n"
            "*urgent-to-backend* — when a task's priority changes\nif priority is urgent\n"
            "1. assign to the backend team (round robin)\n2. comment “On it: {{task.name}}”\n"
            "*Dry run* over the last 1 stored events (of up to 500): 1 was this kind of event and 1 would have "
            f"matched.\n• {day:%d %b %H:%M} — T1: assign one of Dana Developer / Devon Builder; T1: comment "
            "“On it: Coupons”\n_Conditions on task fields are checked against each task as it is now._\n")
        assert w.clickup.calls("PUT", "/api/v2/task/T1") == []
