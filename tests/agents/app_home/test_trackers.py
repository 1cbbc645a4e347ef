"""App Home on either tracker: the viewer's tasks to test and to fix as the tracker knows them (on Jira by the
issue key and the issue's own URL), read with the tracker's own search; the exact `views.publish` sections."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from agents.team import TeamConfig
from tests.agents.app_home.test_app_home import PEOPLE, open_home, publishes, section
from tests.support.jira_world import TRACKERS, JiraWorld, task_id, tracker_world
from tests.support.world import MONDAY, SeedTask, World

TEAM = TeamConfig.model_validate({"people": [{**p, "jira": f"acc-{p['name'].lower()}"} for p in PEOPLE],
                                  "github_sync": {"repos": ["acme/shop"]}, "qa_router": {"channel": "C0QA"}})
TASKS = [SeedTask("T1", "Coupons", "in testing", ("201",)), SeedTask("T2", "Login page", "needs fix", ("201",)),
         SeedTask("T3", "Search", "in progress", ("201",))]


def seed_reminder(w: World, task: str, qa: str) -> None:
    runtime = w.pmbot.runtime
    due = MONDAY + timedelta(hours=20)
    w.pmbot.call(runtime.store.schedule, f"qa_reminder:{task}", "qa_reminder", due,
                 {"task": task, "round": 1, "count": 0})
    w.pmbot.call(runtime.store.put, f"qa:task:{task}", {"round": 1, "phase": "testing", "qa": qa})


@pytest.mark.parametrize("tracker", TRACKERS)
def test_home_opened__tasks_by_the_trackers_own_name_and_link(tmp_path: Path, tracker: str) -> None:
    with tracker_world(tracker, tmp_path, TEAM, tasks=TASKS, repos=["acme/shop"]) as w:
        if isinstance(w, JiraWorld):
            seed_reminder(w, task_id(w, "T1"), "acc-quinn")
            w.jira.clear()
            site = f"{w.jira.base_url}/browse"
            to_test, to_fix, reminder = (f"<{site}/ENG-1|ENG-1 Coupons>", f"<{site}/ENG-2|ENG-2 Login page>",
                                         "ENG-1 Coupons")
        else:
            seed_reminder(w, "T1", "201")
            to_test, to_fix, reminder = ("<https://app.clickup.com/t/T1|Coupons>",
                                         "<https://app.clickup.com/t/T2|Login page>", "Coupons")
        open_home(w, "U0QUINN", "EvHOME1")
        blocks = publishes(w)[0]["view"]["blocks"]
        assert blocks[2:4] + blocks[5:6] == [
            section(f"*To test*\n• {to_test} — in testing"),
            section(f"*To fix*\n• {to_fix} — needs fix"),
            section(f"*Your reminders*\n• Test {reminder} — next reminder Tue 24 Nov 06:00"),
        ]
        if isinstance(w, JiraWorld):
            # One search for the viewer's issues, by account id and Jira's status names; nothing written.
            assert [r.json["jql"] for r in w.jira.calls("POST", "/rest/api/3/search/jql")] == [
                'status in ("ready for testing", "in testing", "needs fix") AND assignee in ("acc-quinn") '
                "AND statusCategory != Done ORDER BY created ASC"]
            assert w.jira.writes() == []
        else:
            assert w.clickup.writes() == []
