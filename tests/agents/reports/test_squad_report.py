"""A report scoped to a squad (`scope: {squad: mobile}`, issue 25) through the whole road: it reads the squad's
QA router's lists besides its own and keeps, of its own lists, only the tasks of the squad's members."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from agents.team import TeamConfig
from tests.agents.reports.reports_support import PEOPLE, REPORTED, ms, reports_world
from tests.agents.reports.test_reports_road import command, section
from tests.support.world import STATUSES

U = "https://app.clickup.com/t"
MOBILE = "C0MOBILE"
# Web is Dana and Quinn; mobile is Devon (its standup) and Quinn (who tests for it). Quinn is in both.
TEAM: dict[str, Any] = {
    "people": PEOPLE, "schedules": {"timezone": "Europe/Berlin"},
    "standup": [{"name": "web", "members": ["Dana Developer", "Quinn Tester"], "channel": "C0WEB"},
                {"name": "mobile", "members": ["Devon Builder"], "channel": MOBILE}],
    "qa_router": [{"name": "web", "lists": ["L1"], "qa": ["Quinn Tester"]},
                  {"name": "mobile", "lists": ["L2"], "qa": ["Quinn Tester"]}],
    "reports": [{"name": "mobile", "scope": {"lists": ["L1"], "squad": "mobile"}, "cadence": "daily 17:00",
                 "channel": MOBILE}],
}


def test_a_squad_report_shows_its_members_tasks_and_its_lists_only(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with reports_world(tmp_path, monkeypatch, TeamConfig.model_validate(TEAM), start=REPORTED) as w:
        w.slack.add_channel(MOBILE, "mobile")
        w.clickup.add_list("L2", "Mobile", STATUSES)
        updated, created = ms(REPORTED - timedelta(days=1)), ms(REPORTED - timedelta(days=9))
        for task_id, name, list_id, status, assignees in [
                ("T1", "Web checkout", "L1", "in progress", ["101"]),  # Dana: web only
                ("T2", "Shared API client", "L1", "in progress", ["102"]),  # Devon: mobile
                ("T3", "Search QA pass", "L1", "in testing", ["201"]),  # Quinn: both
                ("T4", "Web footer", "L1", "to do", []),  # nobody's, in web's list
                ("T5", "App store screenshots", "L2", "to do", [])]:  # nobody's, in mobile's list
            w.clickup.add_task(task_id, name, list_id, status, assignees, date_updated=updated, date_created=created)
        command(w, "mobile", MOBILE)
        w.pmbot.drain()
        [posted] = w.slack.messages(MOBILE)
        summary = ("0 tasks completed, 0 created, 2 in progress, 0 moved to QA, 0 failed QA. Nothing is at risk. "
                   "0 pull requests merged, 0 waiting for review.")
        assert posted.text == f"Mobile report: {summary}"
        assert posted.blocks == [
            {"type": "header", "text": {"type": "plain_text", "text": "Mobile report"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": summary}},
            {"type": "context", "elements": [
                {"type": "mrkdwn", "text": "Mon 23 Nov 17:00 → Tue 24 Nov 16:00 (Europe/Berlin) · 3 tasks in scope"},
                {"type": "mrkdwn", "text": "Summary written without a model (no OPENAI_API_KEY configured)."}]},
            section("Completed 0 · Created 0 · In progress 2 · Moved to QA 0 · Failed QA 0 · Overdue 0 · Due soon 0 · "
                    "Stale 0 · Unassigned 1 · PRs merged 0 · waiting for review 0"),
            section("*At risk (0)*", "Nothing at risk."),
            # Not T1 (Dana's: web only) nor T4 (nobody's, in web's list); T3 is Quinn's, who is in both squads.
            section("*In progress (2)*", f"• <{U}/T2|Shared API client (T2)> — Devon Builder",
                    f"• <{U}/T3|Search QA pass (T3)> — Quinn Tester"),
            section("*Unassigned (1)*", f"• <{U}/T5|App store screenshots (T5)>"),
            section("*Per assignee* (open · completed)", "• Devon Builder: 1 open, 0 completed",
                    "• Quinn Tester: 1 open, 0 completed"),
        ]
        # It read the squad's list besides its own, and nothing else.
        assert sorted({r.path for r in w.clickup.calls("GET", "/api/v2/list/*")}) == [
            "/api/v2/list/L1/task", "/api/v2/list/L2/task"]
