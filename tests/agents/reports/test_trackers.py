"""The same daily report on either tracker: the scope is a ClickUp List or a Jira project (`projects:`), the tracker
is read with its own requests (ClickUp's list listing, Jira's enhanced JQL search), and the report posted in Slack
says the same, naming each task as that tracker does (T1 on ClickUp, ENG-1 on Jira)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agents.reports import messages as report_messages
from agents.team import TeamConfig
from tests.agents.reports.reports_support import DAILY, PEOPLE, REPORTED, ms
from tests.support.jira_world import TRACKERS, JiraWorld, tracker_world
from tests.support.world import World

r = REPORTED
# seed id, name, status, assignee's ClickUp id, due, updated, created, done
SEEDS: list[tuple[str, str, str, str | None, datetime | None, datetime, datetime, datetime | None]] = [
    ("T1", "Checkout: apply coupon codes", "in progress", "101", r - timedelta(days=3), r - timedelta(days=6),
     r - timedelta(days=20), None),
    ("T2", "Rate-limit the public API", "to do", None, r + timedelta(days=1), r - timedelta(hours=2),
     r - timedelta(hours=2), None),
    ("T3", "Onboarding e-mail copy", "done", "102", None, r - timedelta(hours=5), r - timedelta(days=8),
     r - timedelta(hours=5)),
]


def team(tracker: str) -> TeamConfig:
    scope = {"projects": ["ENG"]} if tracker == "jira" else {"lists": ["L1"]}
    return TeamConfig.model_validate({
        "people": [{**p, "jira": f"acc-{p['clickup']}"} for p in PEOPLE], "schedules": {"timezone": "Europe/Berlin"},
        "qa_router": {"enabled": False},
        "reports": [{"name": "daily", "scope": scope, "cadence": "daily 17:00", "channel": DAILY,
                     "stale_after": "5d"}]})


def seed(w: World) -> None:
    """The three tasks, every date fixed relative to REPORTED, in each tracker's own terms."""
    for sid, name, status, who, due, updated, created, done in SEEDS:
        if isinstance(w, JiraWorld):
            record = w.jira.add_issue(f"ENG-{sid[1:]}", name, status.title() if status != "to do" else "To Do",
                                      assignee=f"acc-{who}" if who else None, updated=updated, created=created,
                                      duedate=due.date().isoformat() if due else None)
            record["resolutiondate"] = done
        else:
            w.clickup.add_task(sid, name, "L1", status, [who] if who else [], due_date=ms(due) if due else None,
                               date_updated=ms(updated), date_created=ms(created),
                               date_done=ms(done) if done else None)


def ref(w: World, sid: str) -> str:
    if isinstance(w, JiraWorld):
        return f"(ENG-{sid[1:]}) ({w.jira.base_url}/browse/ENG-{sid[1:]})"
    return f"({sid}) (https://app.clickup.com/t/{sid})"


def reads(w: World) -> list[Any]:
    """The tracker reads the report made, in each tracker's own terms."""
    if isinstance(w, JiraWorld):
        return [r.json["jql"] for r in w.jira.calls("POST", "/rest/api/3/search/jql")]
    return sorted((r.path, tuple(sorted(r.query.items()))) for r in w.clickup.calls("GET", "/api/v2/list/*"))


@pytest.mark.parametrize("tracker", TRACKERS)
def test_daily_report_of_a_list_or_a_project(tmp_path: Path, tracker: str) -> None:
    with tracker_world(tracker, tmp_path, team(tracker), tasks=[], channels=(DAILY,), start=REPORTED) as w:
        seed(w)
        w.slash("daily", "U0LEE", channel=DAILY, command="/report")
        w.settle()
        posted = w.slack.messages(DAILY)
        searched = reads(w)
    assert len(posted) == 1
    text = report_messages.plain(posted[0].blocks or [])
    t1, t2, t3 = (ref(w, sid) for sid in ("T1", "T2", "T3"))
    assert "Completed 1 · Created 1 · In progress 1 · Moved to QA 0 · Failed QA 0 · Overdue 1 · Due soon 1 · Stale 1" \
           " · Unassigned 1" in text
    for line in [f"• Checkout: apply coupon codes {t1} — Dana Developer: overdue by 3d; no update for 6d",
                 f"• Onboarding e-mail copy {t3} — Devon Builder",
                 f"• Rate-limit the public API {t2}, due Wed 25 Nov"]:
        assert line in text.splitlines(), line
    if tracker == "jira":
        assert searched[0] == 'project = "ENG" AND statusCategory != Done ORDER BY created ASC'
        assert searched[1] == ('project = "ENG" AND status in ("done") AND updated >= "2026-11-23 16:00" '
                               'ORDER BY created ASC')
    else:
        since = str(ms(datetime(2026, 11, 23, 16, 0, tzinfo=UTC)))  # Monday 17:00 in Berlin: the last report
        assert searched == [
            ("/api/v2/list/L1/task", (("date_updated_gt", [since]), ("include_closed", ["true"]),
                                      ("include_timl", ["true"]), ("page", ["0"]), ("statuses[]", ["closed", "done"]),
                                      ("subtasks", ["true"]))),
            ("/api/v2/list/L1/task", (("include_closed", ["false"]), ("include_timl", ["true"]), ("page", ["0"]),
                                      ("subtasks", ["true"]))),
        ]
