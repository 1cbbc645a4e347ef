"""The rules engine against the in-process fakes: what each action writes, once; the loop guard; the rate limit;
an audit row for every firing, skip, throttle and error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from agents.rules.actions import CHAIN
from integrations.errors import PlatformRejected, Unavailable
from integrations.models import Member
from tests.agents.rules.rules_support import URGENT_TO_BACKEND, Unit, event, rules_team, task, urgent

TUESDAY_17_UTC = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def rule(*then: dict[str, Any], when: str = "task.priority_changed", conditions: list[Any] | None = None,
         name: str = "r") -> dict[str, Any]:
    return {"name": name, "when": {"event": when}, "if": conditions or [], "then": list(then)}


async def test_urgent_to_backend__one_write_with_the_round_robin_pick_and_the_due_date() -> None:
    unit = Unit(rules_team([URGENT_TO_BACKEND]))
    await unit.run(urgent(1))
    assert unit.tracker.writes("update_task") == [
        {"task": "T1", "status": None, "add": ["101"], "remove": [], "due_date": TUESDAY_17_UTC, "priority": None}]
    (fire,) = unit.audit("rules.fire")
    assert fire["target"] == "urgent-to-backend"
    assert fire["result"] == {"rule": "urgent-to-backend", "trigger": "task.priority_changed", "chain": 0,
                              "did": ["T1: assign Dana Developer, due Tue 24 Nov 17:00"]}
    # The announcement the other agents and rules hear (pmbot's own webhook is dropped).
    assert [(e.type, e.data) for e in unit.store.enqueued] == [
        ("task.assignee_changed", {"added": ["101"], "removed": [], "by": "rules", "rule": "urgent-to-backend",
                                   CHAIN: {"urgent-to-backend": 1}}),
        ("task.due_date_changed", {"from": None, "to": TUESDAY_17_UTC.isoformat(), "by": "rules",
                                   "rule": "urgent-to-backend", CHAIN: {"urgent-to-backend": 1}})]


async def test_the_same_event_again_writes_nothing_and_the_next_one_picks_the_next_person() -> None:
    unit = Unit(rules_team([URGENT_TO_BACKEND]), [task("T1"), task("T2", name="Search")])
    await unit.run(urgent(1))
    await unit.run(urgent(1))  # a redelivery
    await unit.run(event("task.priority_changed", {"from": "low", "to": "urgent"}, n=2, subject="T2"))
    assert [(w["task"], w["add"]) for w in unit.tracker.writes("update_task")] == [("T1", ["101"]), ("T2", ["102"])]
    assert len(unit.audit("rules.fire")) == 2


async def test_round_robin_skips_people_out_of_office() -> None:
    people = rules_team().model_dump()["people"]
    people[0]["out_of_office"] = [{"from": "2026-11-20", "to": "2026-11-30"}]
    team = rules_team([URGENT_TO_BACKEND], people=people)
    unit = Unit(team)
    await unit.run(urgent(1))
    assert unit.tracker.writes("update_task")[0]["add"] == ["102"]


async def test_conditions_that_do_not_hold_write_nothing_and_leave_no_row() -> None:
    unit = Unit(rules_team([URGENT_TO_BACKEND]), [task(tags=["hotfix"])])
    await unit.run(urgent(1))
    await unit.run(event("task.priority_changed", {"from": "urgent", "to": "high"}, n=2))
    assert unit.tracker.calls == [] and unit.audit() == []


@pytest.mark.parametrize(("action", "expected"), [
    ({"do": "set_status", "status": "In Review"},
     ("update_task", {"task": "T1", "status": "in review", "add": [], "remove": [], "due_date": None,
                      "priority": None})),
    ({"do": "set_priority", "priority": "high"},
     ("update_task", {"task": "T1", "status": None, "add": [], "remove": [], "due_date": None, "priority": 2})),
    ({"do": "set_due_date", "date": "+2 working days"},
     ("update_task", {"task": "T1", "status": None, "add": [], "remove": [], "priority": None,
                      "due_date": datetime(2026, 11, 25, 17, 0, tzinfo=UTC)})),
    ({"do": "set_due_date", "date": "friday"},
     ("update_task", {"task": "T1", "status": None, "add": [], "remove": [], "priority": None,
                      "due_date": datetime(2026, 11, 27, 17, 0, tzinfo=UTC)})),
    ({"do": "assign", "to": ["Quinn Tester", "role:lead"], "mode": "add"},
     ("update_task", {"task": "T1", "status": None, "add": ["201"], "remove": [], "due_date": None,
                      "priority": None})),
    ({"do": "assign", "to": ["author"], "mode": "replace"},
     ("update_task", {"task": "T1", "status": None, "add": ["101"], "remove": ["301"], "due_date": None,
                      "priority": None})),
    ({"do": "unassign", "who": "all"},
     ("update_task", {"task": "T1", "status": None, "add": [], "remove": ["301"], "due_date": None,
                      "priority": None})),
    ({"do": "unassign", "who": ["Lee Lead"]},
     ("update_task", {"task": "T1", "status": None, "add": [], "remove": ["301"], "due_date": None,
                      "priority": None})),
    ({"do": "add_tag", "tag": "Triage"}, ("add_tag", {"task": "T1", "tag": "triage"})),
    ({"do": "comment", "text": "{{event.actor}} made {{task.name}} urgent: {{task.url}}"},
     ("comment", {"task": "T1", "text": "Dana Developer made Coupons urgent: https://app.clickup.com/t/T1"})),
    ({"do": "create_task", "list": "Ops", "name": "Follow up on {{task.name}}"},
     ("create_task", {"list": "901", "name": "Follow up on Coupons", "description": "", "assignees": [], "tags": []})),
], ids=lambda v: v["do"] if isinstance(v, dict) and "do" in v else "")
async def test_each_tracker_action_writes_exactly_this(action: dict[str, Any], expected: tuple[str, Any]) -> None:
    unit = Unit(rules_team({"items": [rule(action)], "lists": {"Ops": "901"}}))
    await unit.run(urgent(1))
    assert unit.tracker.calls == [expected]


async def test_post_and_dm_say_what_happened() -> None:
    unit = Unit(rules_team([rule({"do": "post", "channel": "#alerts"},
                                 {"do": "dm", "to": ["team:qa", "assignees"], "text": "Look at {{task.name}}"})]))
    await unit.run(urgent(1))
    assert unit.chat.texts("#alerts") == ["Coupons is now urgent priority — https://app.clickup.com/t/T1"]
    assert [(m["channel"], m["text"]) for m in unit.chat.messages[1:]] == [
        ("DU0QUINN", "Look at Coupons"), ("DU0RAE", "Look at Coupons"), ("DU0LEE", "Look at Coupons")]


async def test_consecutive_field_actions_are_one_write_keyed_on_the_actions_it_carries() -> None:
    unit = Unit(rules_team([rule({"do": "set_status", "status": "in review"},
                                 {"do": "set_priority", "priority": "high"},
                                 {"do": "comment", "text": "moved"}, {"do": "set_status", "status": "done"})]))
    await unit.run(urgent(1))
    assert [name for name, _ in unit.tracker.calls] == ["update_task", "comment", "update_task"]
    assert sorted(k for k in unit.store.actions if k.startswith("rules:r:")) == [
        "rules:r:clickup:w:task.priority_changed:1:0+1", "rules:r:clickup:w:task.priority_changed:1:2",
        "rules:r:clickup:w:task.priority_changed:1:3"]


async def test_nothing_to_change_is_no_write() -> None:
    unit = Unit(rules_team([rule({"do": "set_status", "status": "in progress"}, {"do": "add_tag", "tag": "api"})]))
    await unit.run(urgent(1))
    assert unit.tracker.calls == []
    assert unit.audit("rules.fire")[0]["result"]["did"] == ["T1: nothing to change", "T1: already tagged api"]


async def test_loop_guard__a_rule_set_off_by_its_own_actions_stops_after_ten_runs_and_is_flagged() -> None:
    ping_pong = [rule({"do": "set_priority", "priority": "low"}, name="to-low",
                      conditions=[{"field": "priority", "op": "eq", "value": "urgent"}]),
                 rule({"do": "set_priority", "priority": "urgent"}, name="to-urgent",
                      conditions=[{"field": "priority", "op": "eq", "value": "low"}])]
    unit = Unit(rules_team(ping_pong, channels={"alerts": "C0ALERTS"}))
    pending = [urgent(1)]
    rounds = 0
    while pending and rounds < 50:
        current = pending.pop(0)
        before = len(unit.store.enqueued)
        await unit.run(current)
        pending += unit.store.enqueued[before:]
        rounds += 1
    assert len(unit.tracker.writes("update_task")) == 20  # each rule ran 10 times
    assert [a["result"] for a in unit.audit("rules.skip")] == [{"rule": "to-low", "reason": "loop", "runs": 10}]
    assert unit.chat.texts("C0ALERTS") == [
        "Rule `to-low` stopped: its own actions set it off 10 times in a row (a loop). It is flagged and will not "
        "run until someone types `/pm rules enable to-low`."]
    # Flagged: a fresh event no longer sets it off (the skip is audited), until it is enabled again.
    unit.tracker.tasks["T1"].priority = "normal"
    await unit.run(urgent(99))
    assert unit.audit("rules.skip")[-1]["result"]["reason"].startswith("flagged: a loop")
    assert len(unit.tracker.writes("update_task")) == 20


async def test_rate_limit__more_runs_in_an_hour_are_throttled_and_audited() -> None:
    team = rules_team({"items": [rule({"do": "comment", "text": "again"})], "max_runs_per_hour": 2})
    unit = Unit(team)
    for n in range(1, 4):
        await unit.run(urgent(n))
    await unit.run(urgent(2))  # a retry of a counted event is not a new run
    assert len(unit.tracker.writes("comment")) == 2
    assert [a["result"]["reason"] for a in unit.audit("rules.throttle")] == ["more than 2 runs in an hour"]
    unit.clock.advance(timedelta(minutes=61))
    await unit.run(urgent(4))
    assert len(unit.tracker.writes("comment")) == 3


async def test_a_platform_refusal_is_an_audited_error_and_the_other_rules_still_run() -> None:
    unit = Unit(rules_team([rule({"do": "comment", "text": "one"}, name="first"),
                            rule({"do": "comment", "text": "two"}, name="second")]))
    calls = {"n": 0}
    real = unit.tracker.comment

    async def refuse_first(task_id: str, text: str) -> str:
        calls["n"] += 1
        if calls["n"] == 1:
            raise PlatformRejected("comment too long")
        return await real(task_id, text)

    unit.tracker.comment = refuse_first  # type: ignore[method-assign]
    await unit.run(urgent(1))
    assert [a["result"]["error"] for a in unit.audit("rules.error")] == ["PlatformRejected: comment too long"]
    assert unit.tracker.writes("comment") == [{"task": "T1", "text": "two"}]


async def test_a_transient_failure_is_retried_with_the_event_and_finishes_once() -> None:
    unit = Unit(rules_team([rule({"do": "set_priority", "priority": "high"}, {"do": "comment", "text": "done"})]))
    real = unit.tracker.comment

    async def down(task_id: str, text: str) -> str:
        raise Unavailable("clickup is down")

    unit.tracker.comment = down  # type: ignore[method-assign]
    with pytest.raises(Unavailable):
        await unit.run(urgent(1))
    unit.tracker.comment = real  # type: ignore[method-assign]
    await unit.run(urgent(1))
    assert [name for name, _ in unit.tracker.calls] == ["update_task", "comment"]


async def test_events_pmbot_announces_set_rules_off_and_other_sources_too() -> None:
    unit = Unit(rules_team([rule({"do": "comment", "text": "moved"}, when="task.status_changed")]))
    await unit.run(event("task.status_changed", {"from": "a", "to": "b", "by": "github_sync"}, source="pmbot"))
    await unit.run(event("task.status_changed", {"from": "b", "to": "c", "reconciled": True}, n=2,
                         source="reconcile"))
    assert len(unit.tracker.writes("comment")) == 2


async def test_task_gone_is_an_audited_skip() -> None:
    unit = Unit(rules_team([URGENT_TO_BACKEND]), [])
    await unit.run(urgent(1))
    assert [a["result"]["reason"] for a in unit.audit("rules.skip")] == ["the task is gone or no tracker"]


async def test_dry_run_mode_decides_and_records_but_writes_nothing() -> None:
    unit = Unit(rules_team([URGENT_TO_BACKEND]))
    ev = urgent(1)
    await unit.agent.run(ev, unit.ctx(ev, dry_run=True))
    assert unit.tracker.calls == [] and unit.store.enqueued == []
    assert {a["status"] for a in unit.audit()} == {"dry_run"}


async def test_assignee_added_is_only_an_assignee_change_that_added_someone() -> None:
    unit = Unit(rules_team([rule({"do": "comment", "text": "welcome {{event.summary}}"}, when="task.assignee_added",
                                 conditions=[{"field": "assignee", "op": "eq", "value": "Quinn"}])]),
                [task(assignees=[Member(id="201"), Member(id="301")])])
    removed = event("task.assignee_changed", {"added": [], "removed": ["102"]})
    assert not unit.agent.wants(removed)
    await unit.run(event("task.assignee_changed", {"added": ["301"], "removed": []}, n=2))  # Lee, not Quinn
    await unit.run(event("task.assignee_changed", {"added": ["201"], "removed": []}, n=3))
    assert unit.tracker.writes("comment") == [
        {"task": "T1", "text": "welcome Coupons was assigned to Quinn Tester — https://app.clickup.com/t/T1"}]


async def test_round_robin_retry_assigns_the_same_person_and_moves_the_turn_once() -> None:
    unit = Unit(rules_team([URGENT_TO_BACKEND]), [task("T1"), task("T2", name="Search")])
    real = unit.tracker.update_task

    async def down(task_id: str, **kwargs: Any) -> Any:
        raise Unavailable("clickup is down")

    unit.tracker.update_task = down  # type: ignore[method-assign]
    with pytest.raises(Unavailable):
        await unit.run(urgent(1))
    unit.tracker.update_task = real  # type: ignore[method-assign]
    await unit.run(urgent(1))
    await unit.run(event("task.priority_changed", {"from": "low", "to": "urgent"}, n=2, subject="T2"))
    assert [(w["task"], w["add"]) for w in unit.tracker.writes("update_task")] == [("T1", ["101"]), ("T2", ["102"])]
