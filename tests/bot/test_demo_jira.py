"""`pmbot demo` on Jira (PMBOT_SANDBOX_TRACKER=jira) tells the ClickUp demo's story: each step on the Jira simulator,
run alone, with the exact requests the simulator recorded; and the whole demo runs every step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.demo import run_demo
from bot.demo_answers import answers
from bot.demo_github import pr_merged_moves_task
from bot.demo_reports import daily_report
from bot.demo_rules import rules_cycle
from bot.demo_standup import standup_round
from integrations.jira.adf import to_adf
from tests.support.demo import demo_from

DANA, RAE = "5d1a0c6b9f3e2a0012a1d101", "5d1a0c6b9f3e2a0012a1d202"  # config/pmbot.example.yaml's `jira:` ids
API = "/rest/api/3"


def test_step_7__a_merged_pull_request_naming_the_issue_key_moves_it_through_two_transitions(tmp_path: Path) -> None:
    lines: list[str] = []
    with demo_from(tmp_path, "saturday", tracker="jira") as demo:
        jira, github = demo.sandbox.sims["jira"], demo.sandbox.sims["github"]
        issue = jira.find("DEMO-2")["id"]
        pr_merged_moves_task(demo, lines.append, task="T2", number=2)
        # The QA router's comment follows its assignee write: the step shows the status and assignee writes.
        assert demo.wait_until(lambda: len(jira.calls("POST", f"{API}/issue/{issue}/comment")) == 2, timeout=15)
        writes = [(r.method, r.path, r.json) for r in jira.writes()]
        link = github.pull("demo/webapp", 3)["html_url"]
        status = jira.find("DEMO-2")["status"], jira.find("DEMO-2")["assignee"]
    linked = (f"Pull request demo/webapp#3 “DEMO-2 Profile page redesign” by devon-b is linked to this task: {link}"
              " — pmbot")
    assert writes == [
        ("POST", f"{API}/issue/{issue}/comment", {"body": to_adf(linked)}),
        ("POST", f"{API}/issue/{issue}/transitions", {"transition": {"id": "31"}}),  # In Review → Ready for Testing
        ("POST", f"{API}/issue/{issue}/transitions", {"transition": {"id": "41"}}),  # → In Testing (the QA router)
        ("PUT", f"{API}/issue/{issue}/assignee", {"accountId": RAE}),  # Quinn tests DEMO-4 already: the least loaded
        ("POST", f"{API}/issue/{issue}/comment", {"body": to_adf("Assigned to Rae Checker for testing — pmbot")}),
    ]
    assert status == ("In Testing", RAE)
    assert lines[0] == ("GitHub sync — devon-b's pull request #3 (branch feature/DEMO-2-profile-redesign) is merged on "
                        "GitHub; task DEMO-2 is 'In Review'.")
    assert lines[-4:] == [
        f"   Jira recorded POST /issue/{issue}/transitions {{'transition': {{'id': '31'}}}}",
        f"   Jira recorded POST /issue/{issue}/transitions {{'transition': {{'id': '41'}}}}",
        f"   Jira recorded PUT /issue/{issue}/assignee {{'accountId': '{RAE}'}}",
        "   → DEMO-2 moved to 'ready for testing' and the QA router took it from there (now 'In Testing').",
    ]


def test_step_10__a_rule_on_urgent_fires_on_jiras_highest_priority(tmp_path: Path) -> None:
    """Jira's "Highest" is the rules' "urgent": the rule fires, and gives the issue one assignee and a due day."""
    lines: list[str] = []
    with demo_from(tmp_path, "now", tracker="jira") as demo:
        jira = demo.sandbox.sims["jira"]
        issue = jira.find("DEMO-3")["id"]
        rules_cycle(demo, lines.append)
        writes = [(r.method, r.path, r.json) for r in jira.writes()]
        tomorrow = (demo.app.state.runtime.clock.now().astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).date()
        record = jira.find("DEMO-3")
    assert writes == [("PUT", f"{API}/issue/{issue}", {"fields": {"duedate": tomorrow.isoformat()}}),
                      ("PUT", f"{API}/issue/{issue}/assignee", {"accountId": DANA})]  # round robin: the first
    assert (record["priority"], record["assignee"], record["duedate"]) == ("Highest", DANA, tomorrow.isoformat())
    assert lines[0] == ("Rules — Devon Builder marks DEMO-2 urgent in Jira; no rule exists yet, so nothing happens "
                        "(but pmbot stores the event).")
    assert "1 was this kind of event and 1 would have matched." in "\n".join(lines)
    assert lines[-1] == (f"   → the rule fired once: DEMO-3 is assigned to Dana Developer, due {tomorrow:%a %d %b} (a "
                         "Jira due date is a day); every write is keyed per rule × event × action, so the webhook its "
                         "own write sets off of the same change does nothing more.")


def searched(tmp_path: Path, step: Callable[[Any, Callable[[str], Any]], None]) -> tuple[str, list[str], str]:
    """Run one demo step alone on Jira: what it printed, the JQL of every search Jira received, the site's URL."""
    lines: list[str] = []
    with demo_from(tmp_path, "now", tracker="jira") as demo:
        jira = demo.sandbox.sims["jira"]
        step(demo, lines.append)
        return "\n".join(lines), [r.json["jql"] for r in jira.calls("POST", f"{API}/search/jql")], jira.base_url


def test_step_11__the_daily_report_reads_the_site_and_names_issues_by_key(tmp_path: Path) -> None:
    text, searches, base = searched(tmp_path, daily_report)
    assert searches[0] == "statusCategory != Done ORDER BY created ASC"  # scope lists: [] → every project
    assert searches[1].startswith('status in ("done") AND updated >= "') and searches[1].endswith(
        '" ORDER BY created ASC')
    assert " · 5 tasks in scope\n" in text
    assert f"     • Rate-limit the public API (DEMO-3) ({base}/browse/DEMO-3)" in text  # unassigned, by its key
    assert f"     • Onboarding e-mail copy (DEMO-5) ({base}/browse/DEMO-5) — Devon Builder" in text  # completed


def test_step_9__the_standup_draft_reads_the_persons_jira_issues(tmp_path: Path) -> None:
    text, searches, base = searched(tmp_path, standup_round)
    assert f'assignee in ("{DANA}") AND statusCategory != Done ORDER BY created ASC' in searches
    assert ("     *What will you do next?*\n"
            f"     • <{base}/browse/DEMO-1|Checkout: apply coupon codes> — in progress\n") in text
    assert "   Slack #standup: *Standup — " in text and "• Dana Developer: waiting for the payment sandbox keys" in text


def test_step_12__a_handbook_answer_and_a_live_answer_read_from_jira(tmp_path: Path) -> None:
    lines: list[str] = []
    with demo_from(tmp_path, "now", tracker="jira") as demo:
        jira = demo.sandbox.sims["jira"]
        answers(demo, lines.append)
        reads = [(r.method, r.path) for r in jira.calls() if r.path.startswith(f"{API}/issue")]
        base = jira.base_url
    assert lines[0] == "Auto-answerer — Dana asks in #help: “How many vacation days do we get?”"
    assert "     [1] Time off › Vacation (`time-off.md`)" in lines
    live = lines[lines.index("    Lee asks in #help: “Who is testing DEMO-4?”"):]
    assert live[1:4] == [
        "   pmbot answers in the thread (from the Jira simulator, right now):",
        "     Right now in the tracker:",
        f"     • <{base}/browse/DEMO-4|DEMO-4 Fix flaky login test> — *in testing*, Quinn Tester [1]",
    ]
    assert reads == [("GET", f"{API}/issue/DEMO-4")]  # the issue, by the key the question named


def test_the_whole_demo_on_jira_runs_every_step(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PMBOT_SANDBOX_TRACKER", "jira")
    assert run_demo() == 0
    out = capsys.readouterr().out
    starts = [line.split(" ", 1)[0] for line in out.splitlines() if line[:1].isdigit() and ". " in line[:4]]
    assert starts == [f"{n}." for n in range(1, 13)]
    assert "run on the ClickUp sandbox" not in out
    assert "   → DEMO-2 moved to 'ready for testing' and the QA router took it from there (now 'In Testing')." in out
    assert "   → the rule fired once: DEMO-3 is assigned to Dana Developer, due " in out
