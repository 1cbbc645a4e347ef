"""`pmbot check` on Jira: the account answers, and each project an agent works in has the statuses agents name
(a transition cannot reach a status its workflow lacks): the GitHub sync's moves, the QA router's squads' statuses."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from agents.team import TeamConfig
from bot.check import check
from integrations.jira.sim import JiraSimulator
from integrations.jira.sim.site import QA_WORKFLOW, Transition, Workflow
from tests.support.jira_world import JIRA
from tests.support.server import make_settings

# A workflow without "In Review": what a project whose team skips code review might have.
NO_REVIEW = Workflow({k: v for k, v in QA_WORKFLOW.statuses.items() if k != "In Review"},
                     tuple(t for t in QA_WORKFLOW.transitions if t.to != "In Review")
                     + (Transition("99", "Back", "To Do", ("In Progress",)),))
# A workflow whose failed tests go back to "In Progress": no "Needs Fix" status.
NO_NEEDS_FIX = Workflow({k: v for k, v in QA_WORKFLOW.statuses.items() if k != "Needs Fix"},
                        tuple(t for t in QA_WORKFLOW.transitions if t.to != "Needs Fix"))


def run_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], projects: dict[str, Workflow],
              team: dict[str, Any]) -> tuple[int, list[str], list[str], str]:
    """`pmbot check` against a Jira site with `projects`: its exit code, its `jira` lines, the project reads the
    simulator recorded, and the site's URL."""
    sim = JiraSimulator(email=JIRA["email"], token=JIRA["token"], bot_account_id=JIRA["bot"], bot_name="pmbot")
    for key, workflow in projects.items():
        sim.add_project(key, key.title(), workflow)
    sim.start()
    try:
        settings = make_settings(jira_base_url=sim.base_url, jira_email=JIRA["email"], jira_api_token=JIRA["token"],
                                 pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}")
        code = asyncio.run(check(settings, TeamConfig.model_validate(team)))
    finally:
        sim.stop()
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("jira")]
    return code, lines, [r.path for r in sim.calls("GET", "/rest/api/3/project/*")], sim.base_url


def test_check_names_the_project_whose_workflow_lacks_a_status(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    team = {"github_sync": {"repos": ["acme/web"]}, "qa_router": {"lists": ["ENG", "OPS"]}}
    code, lines, reads, url = run_check(tmp_path, capsys, {"ENG": QA_WORKFLOW, "OPS": NO_REVIEW}, team)
    assert code == 1
    assert lines == [
        f"jira      ok       {url} as pmbot",
        "jira      ok       project ENG has the 4 statuses the team file names",
        "jira      FAILED   project OPS has no status 'in review' (github_sync)",
    ]
    assert reads == ["/rest/api/3/project/ENG/statuses", "/rest/api/3/project/OPS/statuses"]


def test_check_names_the_squads_qa_status_a_project_lacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The QA router's statuses come from each squad's `statuses:`, looked for in that squad's own projects: WEB
    needs no "In Review" (mobile's ready status), MOB fails for the "Needs Fix" its squad names."""
    team = {"people": [{"name": "Quinn", "jira": "acc-q", "roles": ["qa"]}],
            "qa_router": [{"name": "web", "lists": ["WEB"]},
                          {"name": "mobile", "lists": ["MOB"], "statuses": {"ready": "In Review"}}]}
    code, lines, reads, url = run_check(tmp_path, capsys, {"WEB": NO_REVIEW, "MOB": NO_NEEDS_FIX}, team)
    assert code == 1
    assert lines == [
        f"jira      ok       {url} as pmbot",
        "jira      ok       project WEB has the 3 statuses the team file names",
        "jira      FAILED   project MOB has no status 'needs fix' (qa_router)",
    ]
    assert reads == ["/rest/api/3/project/WEB/statuses", "/rest/api/3/project/MOB/statuses"]


def test_a_squad_without_lists_has_its_statuses_looked_for_in_every_project(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A squad over every list works in every project the team file names: its "Blocked" is looked for in both,
    next to the squad's own statuses in WEB and the GitHub sync's "In Review" everywhere."""
    team = {"people": [{"name": "Quinn", "jira": "acc-q", "roles": ["qa"]}],
            "github_sync": {"repos": ["acme/web"]},
            "qa_router": [{"name": "web", "lists": ["WEB"], "statuses": {"failed": "Needs Fix"}},
                          {"name": "rest", "statuses": {"failed": "Blocked"}}],
            "reports": {"reports": [{"name": "ops", "channel": "C0OPS", "scope": {"lists": ["OPS"]},
                                     "cadence": "daily 17:00"}]}}
    code, lines, reads, url = run_check(tmp_path, capsys, {"WEB": QA_WORKFLOW, "OPS": NO_NEEDS_FIX}, team)
    assert code == 1
    assert lines == [
        f"jira      ok       {url} as pmbot",
        "jira      FAILED   project WEB has no status 'blocked' (qa_router)",
        "jira      FAILED   project OPS has no status 'blocked' (qa_router)",
    ]
    assert reads == ["/rest/api/3/project/WEB/statuses", "/rest/api/3/project/OPS/statuses"]
