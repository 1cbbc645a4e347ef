"""The same rule on either tracker: a person moves a task, the rule's conditions read the event and the task, and its
actions make the tracker's own requests (ClickUp's task PUT and tag POST; Jira's field edit, assignee PUT and label
update) and the same Slack message, naming the person by their handle on that tracker."""

from __future__ import annotations

import json
import re
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
JIRA_PEOPLE = [{**p, "jira": f"acc-{p['clickup']}"} for p in PEOPLE]
TEAM = TeamConfig.model_validate({"people": JIRA_PEOPLE, "teams": TEAMS,
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


PRIORITY_RULES: list[dict[str, Any]] = [
    {"name": "urgent-is-hot", "when": {"event": "task.priority_changed"},
     "if": [{"field": "priority", "op": "eq", "value": "urgent"}], "then": [{"do": "add_tag", "tag": "hot"}]},
    {"name": "above-normal-is-watched", "when": {"event": "task.priority_changed"},
     "if": [{"field": "priority", "op": "gt", "value": "normal"}], "then": [{"do": "add_tag", "tag": "watched"}]},
    {"name": "low-can-wait", "when": {"event": "task.priority_changed"},
     "if": [{"field": "priority", "op": "eq", "value": "low"}], "then": [{"do": "add_tag", "tag": "later"}]},
]
PRIORITY_TEAM = TeamConfig.model_validate({"people": JIRA_PEOPLE,
                                           "rules": PRIORITY_RULES, "qa_router": {"enabled": False}})
# A person's priority change in each tracker's own terms: ClickUp's numbers, Jira's default scheme's names.
# (Jira's issues start at Medium: a change to Lowest, which the rules read as low.)
SET_PRIORITY: dict[str, dict[str, Any]] = {"clickup": {"urgent": 1, "high": 2, "low": 4},
                                           "jira": {"urgent": "Highest", "high": "High", "low": "Lowest"}}


@pytest.mark.parametrize("tracker", TRACKERS)
@pytest.mark.parametrize(("word", "tags"), [("urgent", ["hot", "watched"]), ("high", ["watched"]),
                                            ("low", ["later"])])
def test_rule_priorities_read_each_trackers_names(tmp_path: Path, tracker: str, word: str, tags: list[str]) -> None:
    """Jira's Highest / High / Lowest are the rules' urgent / high / low: `eq` and `gt` read them the same."""
    seeded = [SeedTask("T1", "Coupons", "in progress", ("101",))]
    with tracker_world(tracker, tmp_path, PRIORITY_TEAM, tasks=seeded) as w:
        value = SET_PRIORITY[tracker][word]
        if isinstance(w, JiraWorld):
            w.jira.human_edit(w.keys["T1"], "acc-102", priority={"name": value})
        else:
            w.clickup.human_update("T1", "102", priority=value)
        w.settle()
        task = task_id(w, "T1")
        if isinstance(w, JiraWorld):
            assert tracker_writes(w) == [("PUT", f"/rest/api/3/issue/{task}", {"update": {"labels": [{"add": tag}]}})
                                         for tag in tags]
        else:
            assert tracker_writes(w) == [("POST", f"/api/v2/task/{task}/tag/{tag}", None) for tag in tags]


QUIET_TEAM = TeamConfig.model_validate({"people": JIRA_PEOPLE, "teams": TEAMS,
                                        "qa_router": {"enabled": False}})  # no rule yet: the proposal's dry run
TAG_AND_COMMENT = ("- name: qa-handoff\n  when: {event: task.status_changed}\n  then:\n"
                   "    - {do: set_priority, priority: high}\n    - {do: add_tag, tag: qa}\n"
                   "    - {do: comment, text: ready}")


@pytest.mark.parametrize("tracker", TRACKERS)
def test_the_dry_run_and_the_audit_name_a_task_as_its_tracker_shows_it(tmp_path: Path, tracker: str) -> None:
    """A proposal's dry run and a firing's audit row name each task the way people find it on their tracker: Jira's
    issue key (ENG-1), not its numeric id; ClickUp's task id, as before."""
    with tracker_world(tracker, tmp_path, QUIET_TEAM, tasks=[SeedTask("T1", "Coupons", "in progress", ("101",))]) as w:
        w.move("102", "ready for testing")
        w.slash(f"rules add {TAG_AND_COMMENT}", "U0LEE")
        shown = "ENG-1" if isinstance(w, JiraWorld) else "T1"
        (dm,) = w.slack.dms("U0LEE")
        # The bullet's time is the tracker's own webhook time (the simulators' clock): not what this test is about.
        assert re.sub(r"^• \d\d \w{3} \d\d:\d\d — ", "• <when> — ", dm.text.split("```")[-1], flags=re.M) == (
            "\n\n*Dry run* over the last 2 stored events (of up to 500): 1 was this kind of event and 1 would have "
            "matched.\n"
            f"• <when> — {shown}: priority → high; {shown}: add tag qa; {shown}: comment “ready”\n"
            "_Conditions on task fields are checked against each task as it is now._")
        assert tracker_writes(w) == []  # a dry run writes nothing
        w.click("U0LEE", "rules.enable", (dm.blocks or [])[1]["elements"][0]["value"], dm.channel, dm.ts)
        w.move("201", "in testing")
        (fired,) = [json.loads(row["result"]) for row in w.pmbot.call(w.pmbot.runtime.store.actions.recent, 500)
                    if row["kind"] == "rules.fire"]
        assert fired["did"] == [f"{shown}: priority → high", f"{shown}: add tag qa", f"{shown}: comment “ready”"]
        assert len(tracker_writes(w)) == 3  # the writes themselves: the test above
