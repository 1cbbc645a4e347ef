"""Every action and every operator against the simulators: what ClickUp, Slack and GitHub recorded, exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.agents.rules.rules_support import rules_team
from tests.support.platforms import comment_texts, dm_texts, put_bodies
from tests.support.world import MONDAY, world

ACTIONS: dict[str, dict[str, Any]] = {
    "T1": {"do": "set_status", "status": "in review"},
    "T2": {"do": "assign", "to": ["team:backend"], "mode": "round_robin"},
    "T3": {"do": "unassign", "who": "all"},
    "T4": {"do": "set_priority", "priority": "urgent"},
    "T5": {"do": "set_due_date", "date": "+14 days"},
    "T6": {"do": "add_tag", "tag": "triage"},
    "T7": {"do": "comment", "text": "Tagged by {{event.actor}}: {{task.name}}"},
    "T8": {"do": "post", "channel": "#qa", "text": "{{task.name}} needs eyes: {{task.url}}"},
    "T9": {"do": "dm", "to": ["role:lead", "author"], "text": "Look at {{task.name}}"},
    "T10": {"do": "create_task", "list": "Board", "name": "Follow up: {{task.name}}"},
}


def test_each_action_makes_exactly_its_request(tmp_path: Path) -> None:
    rules = [{"name": f"act-{tid.lower()}", "when": {"event": "task.tag_added"},
              "if": [{"field": "name", "op": "eq", "value": f"Task {tid}"}], "then": [action]}
             for tid, action in ACTIONS.items()]
    team = rules_team({"items": rules, "lists": {"Board": "L1"}})
    with world(tmp_path, team, tasks=[]) as w:
        w.slack.add_channel("C0QANAMED", "qa")  # "#qa" by name
        for tid in ACTIONS:
            w.clickup.add_task(tid, f"Task {tid}", "L1", "in progress", assignees=["301"], creator="101")
        for tid in ACTIONS:
            w.clickup.human_tag(tid, "102", "go")
        w.settle()
        two_weeks = int(datetime(2026, 12, 7, 17, 0, tzinfo=UTC).timestamp() * 1000)
        assert {tid: put_bodies(w.clickup, tid) for tid in ("T1", "T2", "T3", "T4", "T5")} == {
            "T1": [{"status": "in review"}],
            "T2": [{"assignees": {"add": [101], "rem": []}}],
            "T3": [{"assignees": {"add": [], "rem": [301]}}],
            "T4": [{"priority": 1}],
            "T5": [{"due_date": two_weeks}],
        }
        assert [r.path for r in w.clickup.calls("POST", "/api/v2/task/*") if "/tag/" in r.path] == [
            "/api/v2/task/T6/tag/triage"]
        assert [t["name"] for t in w.clickup.task("T6")["tags"]] == ["go", "triage"]
        assert comment_texts(w.clickup, "T7") == ["Tagged by Devon Builder: Task T7"]
        assert [m.text for m in w.slack.messages("C0QANAMED")] == ["Task T8 needs eyes: https://app.clickup.com/t/T8"]
        assert dm_texts(w.slack, "U0LEE") == ["Look at Task T9"] == dm_texts(w.slack, "U0DANA")
        (created,) = [r.json for r in w.clickup.calls("POST", "/api/v2/list/L1/task")]
        assert created == {"name": "Follow up: Task T10"}
        # Nothing else was written anywhere, and a second settle repeats nothing.
        w.settle()
        assert len(w.clickup.calls("PUT", "/api/v2/task/*")) == 5
        assert len([r for r in w.clickup.calls("POST", "/api/v2/task/*") if r.path.endswith("/comment")]) == 1
        assert len(w.slack.api_calls("chat.postMessage")) == 3


OPERATORS: dict[str, list[dict[str, Any]]] = {
    "eq": [{"field": "status", "op": "eq", "value": "In Review"}],
    "ne": [{"field": "priority", "op": "ne", "value": "low"}],
    "in": [{"field": "list", "op": "in", "value": "Other, Board"}],
    "contains": [{"field": "tags", "op": "contains", "value": "api"}, {"field": "name", "op": "contains",
                                                                       "value": "coup"}],
    "gt": [{"field": "priority", "op": "gt", "value": "normal"}],
    "lt": [{"field": "custom.Story Points", "op": "lt", "value": 10}],
    "not": [{"not": {"field": "tags", "op": "contains", "value": "hotfix"}}],
    "any": [{"any": [{"field": "assignee", "op": "eq", "value": "Quinn"},
                     {"field": "status_before", "op": "eq", "value": "in progress"}]}],
    "all": [{"all": [{"field": "assignee", "op": "eq", "value": "Lee Lead"},
                     {"field": "custom.Team", "op": "eq", "value": "payments"}]}],
    "no-eq": [{"field": "status", "op": "eq", "value": "done"}],
    "no-ne": [{"field": "priority", "op": "ne", "value": "high"}],
    "no-in": [{"field": "list", "op": "in", "value": ["Other"]}],
    "no-contains": [{"field": "tags", "op": "contains", "value": "ap"}],
    "no-gt": [{"field": "priority", "op": "gt", "value": "urgent"}],
    "no-lt": [{"field": "custom.Story Points", "op": "lt", "value": 5}],
    "no-not": [{"not": {"field": "tags", "op": "contains", "value": "api"}}],
    "no-any": [{"any": [{"field": "assignee", "op": "eq", "value": "Quinn"}, {"field": "repo", "op": "eq",
                                                                             "value": "x"}]}],
}


def test_each_operator_on_a_real_task(tmp_path: Path) -> None:
    rules = [{"name": name, "when": {"event": "task.status_changed"}, "if": conditions,
              "then": [{"do": "post", "channel": "C0QA", "text": name}]} for name, conditions in OPERATORS.items()]
    with world(tmp_path, rules_team(rules), tasks=[], start=MONDAY) as w:
        w.clickup.add_task("T1", "Coupons", "L1", "in progress", assignees=["301"], tags=["api", "backend"],
                           priority=2, custom_fields=[
                               {"name": "Story Points", "type": "number", "value": "8"},
                               {"name": "Team", "type": "drop_down", "value": 1, "type_config": {"options": [
                                   {"id": "o0", "name": "Growth", "orderindex": 0},
                                   {"id": "o1", "name": "Payments", "orderindex": 1}]}}])
        w.move("101", "in review")
        assert sorted(m.text for m in w.slack.messages("C0QA")) == sorted(
            ["eq", "ne", "in", "contains", "gt", "lt", "not", "any", "all"])
