"""`pmbot check` on Jira: the account answers, and each project an agent works in has the statuses agents move tasks
to (a transition cannot reach a status its workflow lacks)."""

from __future__ import annotations

import asyncio
from pathlib import Path

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


def test_check_names_the_project_whose_workflow_lacks_a_status(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    sim = JiraSimulator(email=JIRA["email"], token=JIRA["token"], bot_account_id=JIRA["bot"], bot_name="pmbot")
    sim.add_project("ENG", "Engineering")
    sim.add_project("OPS", "Operations", NO_REVIEW)
    sim.start()
    try:
        settings = make_settings(jira_base_url=sim.base_url, jira_email=JIRA["email"], jira_api_token=JIRA["token"],
                                 pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}")
        team = TeamConfig.model_validate({"github_sync": {"repos": ["acme/web"]},
                                          "qa_router": {"lists": ["ENG", "OPS"]}})
        assert asyncio.run(check(settings, team)) == 1
    finally:
        sim.stop()
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("jira")]
    assert lines == [
        f"jira      ok       {sim.base_url} as pmbot",
        "jira      ok       project ENG has the 2 statuses the team file names",
        "jira      FAILED   project OPS has no status 'in review' (github_sync)",
    ]
    assert [r.path for r in sim.calls("GET", "/rest/api/3/project/*")] == [
        "/rest/api/3/project/ENG/statuses", "/rest/api/3/project/OPS/statuses"]
