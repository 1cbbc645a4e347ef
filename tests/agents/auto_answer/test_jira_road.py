"""The auto-answerer on Jira: a project's issues as a source (`jira_project`), re-indexed after a Jira comment
webhook, and a live question naming an issue key read from Jira - through the road (Slack event → pmbot →
the Jira simulator)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agents.team import TeamConfig
from tests.agents.auto_answer.aa_support import PEOPLE, section
from tests.agents.auto_answer.road_support import CHANNELS, replies, say
from tests.support.jira_world import jira_world
from tests.support.world import SeedTask

API = "/rest/api/3"
ON_JIRA = [{**p, "jira": f"acc-{p['clickup']}"} for p in PEOPLE]


def jira_team(tmp_path: Path) -> TeamConfig:
    conf: dict[str, Any] = section(
        tmp_path,
        sources=[{"name": "handbook", "kind": "folder", "path": str(tmp_path / "handbook")},
                 {"name": "eng", "kind": "jira_project", "project": "ENG"}],
        channels={"C0HELP": {"mode": "questions", "sources": ["handbook"]},
                  "C0BUGS": {"mode": "questions", "sources": ["eng"], "live": False}},
        projects={"Engineering": "ENG"})
    return TeamConfig.model_validate({"people": ON_JIRA, "auto_answer": conf})


TASKS = [SeedTask("T1", "Checkout: apply coupon codes", "in testing", ("201",), custom_id="ENG-42")]


def test_a_question_naming_an_issue_key_is_answered_from_jira(tmp_path: Path) -> None:
    with jira_world(tmp_path, jira_team(tmp_path), tasks=TASKS, channels=CHANNELS) as w:
        # Jira keys are read in any case (ClickUp's custom ids only in capitals): a key typed in lower case is one.
        asked = say(w, "U0DANA", "C0HELP", "who is testing eng-42?")
        eng42 = f"<{w.jira.base_url}/browse/ENG-42|ENG-42 Checkout: apply coupon codes>"
        assert replies(w, "C0HELP", asked)[0].text == (
            f"Right now in the tracker:\n• {eng42} — *in testing*, Quinn Tester [1]\n\n[1] {eng42}")
        assert [r.path for r in w.jira.calls("GET") if r.path.startswith(f"{API}/issue/")] == [f"{API}/issue/ENG-42"]


def test_a_jira_project_source_is_indexed_and_a_comment_webhook_reindexes_its_issue(tmp_path: Path) -> None:
    with jira_world(tmp_path, jira_team(tmp_path), tasks=TASKS, channels=CHANNELS) as w:
        bug = w.jira.add_issue("ENG-7", "Login fails on Safari", "To Do",
                               description="Safari 17 users see a blank page after signing in.")
        first = say(w, "U0DANA", "C0BUGS", "Is there a workaround for the blank page in Safari?")
        text = replies(w, "C0BUGS", first)[0].text
        assert text.startswith("From *ENG-7: Login fails on Safari* [1]:\n> Login fails on Safari")
        assert f"<{w.jira.base_url}/browse/ENG-7|ENG-7: Login fails on Safari>" in text
        assert "cookies" not in text
        searches = [r.json["jql"] for r in w.jira.calls("POST", f"{API}/search/jql")]
        assert searches == ['project = "ENG" ORDER BY created ASC']  # the whole project, closed issues too

        w.jira.human_comment("ENG-7", "acc-201", "Workaround: clear the site cookies and sign in again.")
        w.settle()  # Jira's comment_created webhook → pmbot re-reads ENG-7
        again = say(w, "U0DANA", "C0BUGS", "Is there a workaround for the blank Safari page?")
        assert "Workaround: clear the site cookies and sign in again." in replies(w, "C0BUGS", again)[0].text
        assert len(w.jira.calls("GET", f"{API}/issue/{bug['id']}")) == 1  # read once, by the webhook's issue id
