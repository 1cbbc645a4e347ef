"""The same rule on either tracker: a person moves a task, the rule's conditions read the event and the task, and its
actions make the tracker's own requests (ClickUp's task PUT and tag POST; Jira's field edit, assignee PUT and label
update) and the same Slack message, naming the person by their handle on that tracker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agents.team import TeamConfig
from integrations.jira.adf import to_adf
from tests.agents.rules.rules_support import PEOPLE, TEAMS
from tests.support.jira_world import TRACKERS, JiraWorld, task_id, tracker_world, tracker_writes
from tests.support.world import SeedTask

RULE: dict[str, Any] = {
    "name": "ready-to-qa",
    "when": {"event": "task.status_changed"},
    "if": [{"field": "status", "op": "eq", "value": "ready for testing"},
           {"field": "status_before", "op": "eq", "value": "in progress"},
           {"field": "assignee", "op": "eq", "value": "Dana"}],
    "then": [{"do": "assign", "to": ["Quinn Tester"], "mode": "replace"},
             {"do": "set_priority", "priority": "high"},
             {"do": "add_tag", "tag": "qa"},
             {"do": "comment", "text": "Moved by {{event.actor}}: {{task.name}} is Quinn's to test"},
             {"do": "post", "channel": "C0QA", "text": "{{event.actor}} moved {{task.name}} ({{task.status}})"}],
}
TEAM = TeamConfig.model_validate({"people": [{**p, "jira": f"acc-{p['clickup']}"} for p in PEOPLE], "teams": TEAMS,
                                  "rules": [RULE], "qa_router": {"enabled": False}})  # the rule's writes alone
COMMENT = "Moved by Devon Builder: Coupons is Quinn's to test"


@pytest.mark.parametrize("tracker", TRACKERS)
def test_a_rule_fires_on_a_status_change_with_the_trackers_own_writes(tmp_path: Path, tracker: str) -> None:
    with tracker_world(tracker, tmp_path, TEAM, tasks=[SeedTask("T1", "Coupons", "in progress", ("101",))]) as w:
        w.move("102", "ready for testing")  # Devon moves Dana's task
        w.settle()  # a second round repeats nothing
        task = task_id(w, "T1")
        if isinstance(w, JiraWorld):
            assert tracker_writes(w) == [
                ("PUT", f"/rest/api/3/issue/{task}", {"fields": {"priority": {"name": "High"}}}),
                ("PUT", f"/rest/api/3/issue/{task}/assignee", {"accountId": "acc-201"}),
                ("PUT", f"/rest/api/3/issue/{task}", {"update": {"labels": [{"add": "qa"}]}}),
                ("POST", f"/rest/api/3/issue/{task}/comment", {"body": to_adf(COMMENT)}),
            ]
            issue = w.jira.find("ENG-1")
            assert (issue["assignee"], issue["priority"], issue["labels"]) == ("acc-201", "High", ["qa"])
        else:
            assert tracker_writes(w) == [
                ("PUT", f"/api/v2/task/{task}", {"assignees": {"add": [201], "rem": [101]}, "priority": 2}),
                ("POST", f"/api/v2/task/{task}/tag/qa", None),
                ("POST", f"/api/v2/task/{task}/comment", {"comment_text": COMMENT, "notify_all": False}),
            ]
        assert [m.text for m in w.slack.messages("C0QA")] == ["Devon Builder moved Coupons (ready for testing)"]
