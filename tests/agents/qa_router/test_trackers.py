"""The QA router on either tracker, through real HTTP to each simulator: the hand-off, "needs fix" back to the
developer, the reminder, and (Jira) a workflow with no transition to testing. On Jira the status changes through
the workflow's transition, and the one assignee is replaced: the QA engineer in, the developer remembered and given
the task back. The requests each tracker simulator recorded are compared exactly."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from agents.team import TeamConfig
from integrations.jira.adf import to_adf
from integrations.jira.sim.site import QA_WORKFLOW, Transition, Workflow
from tests.agents.qa_router.qa_support import PEOPLE, channel_texts, qa_team
from tests.support.jira_world import PROJECT, TRACKERS, JiraWorld, jira_world, task_id, tracker_world, tracker_writes
from tests.support.platforms import dm_texts
from tests.support.world import SeedTask, World

JIRA_PEOPLE = [{**p, "jira": f"acc-{p['name'].lower()}"} for p in PEOPLE]
TASKS = [SeedTask("T1", "Coupons", "in progress", ("101",))]
JIRA_API = "/rest/api/3"
CLICKUP_API = "/api/v2"
ASSIGNED = "Assigned to Quinn for testing — pmbot"


def team(**router: Any) -> TeamConfig:
    return qa_team(people=JIRA_PEOPLE, **router)


def url(w: World) -> str:
    return f"{w.jira.base_url}/browse/ENG-1" if isinstance(w, JiraWorld) else "https://app.clickup.com/t/T1"


def comment(w: World, task: str, text: str) -> tuple[str, str, Any]:
    """The tracker write of pmbot's comment `text` on `task`."""
    if isinstance(w, JiraWorld):
        return "POST", f"{JIRA_API}/issue/{task}/comment", {"body": to_adf(text)}
    return "POST", f"{CLICKUP_API}/task/{task}/comment", {"comment_text": text, "notify_all": False}


def human_comment(w: World, user: str, text: str) -> None:
    if isinstance(w, JiraWorld):
        person = w.team.person_on("clickup", user)
        w.jira.human_comment(w.keys["T1"], str(person.handle("jira") if person else user), text)
    else:
        w.clickup.human_comment("T1", user, text)


def assignees(w: World) -> list[str]:
    if isinstance(w, JiraWorld):
        found = w.jira.find("ENG-1")["assignee"]
        return [found] if found else []
    return [str(a["id"]) for a in w.clickup.task("T1")["assignees"]]


@pytest.mark.parametrize("tracker", TRACKERS)
def test_ready_for_testing__the_qa_engineer_becomes_the_assignee_and_the_developer_is_remembered(
    tmp_path: Path, tracker: str,
) -> None:
    with tracker_world(tracker, tmp_path, team(), tasks=TASKS) as w:
        if isinstance(w, JiraWorld):
            w.jira.clear()
        w.move("101", "ready for testing")
        task = task_id(w, "T1")
        if isinstance(w, JiraWorld):
            issue = f"{JIRA_API}/issue/{task}"
            # The transition the workflow offers from "Ready for Testing" (Start testing), then the one assignee.
            assert tracker_writes(w) == [
                ("POST", f"{issue}/transitions", {"transition": {"id": "41"}}),
                ("PUT", f"{issue}/assignee", {"accountId": "acc-quinn"}),
                comment(w, task, ASSIGNED),
            ]
            assert [(r.method, r.path, r.query.get("expand")) for r in w.jira.calls() if r.path.startswith(issue)] == [
                ("GET", issue, None),  # the task the event names
                ("GET", issue, ["transitions"]),  # where it can go from here
                ("POST", f"{issue}/transitions", None),
                ("GET", issue, None),
                ("PUT", f"{issue}/assignee", None),
                ("GET", issue, None),
                ("POST", f"{issue}/comment", None),
            ]
            assert (w.jira.find("ENG-1")["status"], assignees(w)) == ("In Testing", ["acc-quinn"])
            developer = "acc-dana"
        else:
            assert tracker_writes(w) == [
                ("PUT", f"{CLICKUP_API}/task/T1", {"status": "in testing", "assignees": {"add": [201], "rem": [101]}}),
                comment(w, "T1", ASSIGNED),
            ]
            assert assignees(w) == ["201"]
            developer = "101"
        assert dm_texts(w.slack, "U0QUINN") == [
            f"You have a task to test: <{url(w)}|Coupons>\nBuilt by: Dana\nPull requests: none linked"]
        assert channel_texts(w.slack) == [f"QA: <{url(w)}|Coupons> → Quinn (built by Dana)"]
        state = w.kv(f"qa:task:{task}")
        assert (state["phase"], state["qa"], state["developers"]) == ("testing", assignees(w)[0], [developer])


@pytest.mark.parametrize("tracker", TRACKERS)
def test_needs_fix__the_task_goes_back_to_the_remembered_developer(tmp_path: Path, tracker: str) -> None:
    with tracker_world(tracker, tmp_path, team(), tasks=TASKS) as w:
        w.move("101", "ready for testing")
        human_comment(w, "201", "Crashes on an empty code")
        w.move("201", "Needs Fix")
        task = task_id(w, "T1")
        back = "Needs fix: back to Dana. Quinn's latest comment: “Crashes on an empty code” — pmbot"
        if isinstance(w, JiraWorld):
            assert tracker_writes(w)[3:] == [
                ("PUT", f"{JIRA_API}/issue/{task}/assignee", {"accountId": "acc-dana"}),
                comment(w, task, back),
            ]
            assert (w.jira.find("ENG-1")["status"], assignees(w)) == ("Needs Fix", ["acc-dana"])
        else:
            assert tracker_writes(w)[2:] == [
                ("PUT", f"{CLICKUP_API}/task/T1", {"assignees": {"add": [101], "rem": [201]}}),
                comment(w, "T1", back),
            ]
            assert assignees(w) == ["101"]
        assert dm_texts(w.slack, "U0DANA") == [
            f"<{url(w)}|Coupons> needs a fix (tested by Quinn).\n> Crashes on an empty code"]
        # Fixed and ready again: the same QA engineer gets it back, in a second round.
        if isinstance(w, JiraWorld):
            w.move("101", "In Progress")  # Jira's workflow goes back through work
        w.move("101", "ready for testing")
        assert assignees(w) == (["acc-quinn"] if isinstance(w, JiraWorld) else ["201"])
        assert w.kv(f"qa:task:{task}")["round"] == 2


@pytest.mark.parametrize("tracker", TRACKERS)
def test_reminder__48_hours_in_testing_then_the_qa_engineer_is_reminded(tmp_path: Path, tracker: str) -> None:
    with tracker_world(tracker, tmp_path, team(), tasks=TASKS) as w:
        w.move("101", "ready for testing")
        writes = len(tracker_writes(w))
        w.clock.advance(timedelta(hours=47, minutes=59))
        w.sweep()
        w.clock.advance(timedelta(minutes=1))
        w.sweep()
        assert [t for t in dm_texts(w.slack, "U0QUINN") if t.startswith("Reminder")] == [
            f"Reminder #1: <{url(w)}|Coupons> has been waiting for testing for 2d."]
        assert len(tracker_writes(w)) == writes  # a reminder reads the task; it writes nothing


@pytest.mark.parametrize("tracker", TRACKERS)
def test_squads__the_remembered_developer_is_kept_under_the_squads_name(tmp_path: Path, tracker: str) -> None:
    scope = PROJECT if tracker == "jira" else "L1"
    routers = [{"name": "web", "lists": [scope], "qa": ["Rae"], "channel": "C0QA"},
               {"name": "mobile", "lists": ["other"], "qa": ["Quinn"]}]
    with tracker_world(tracker, tmp_path, team(squads=routers), tasks=TASKS) as w:
        w.move("101", "ready for testing")
        w.move("202", "needs fix")
        task = task_id(w, "T1")
        state = w.kv(f"qa:task:@web:{task}")
        developer = "acc-dana" if tracker == "jira" else "101"
        assert (state["phase"], state["qa"], state["developers"]) == (
            "failed", "acc-rae" if tracker == "jira" else "202", [developer])
        assert w.kv(f"qa:task:{task}") is None
        assert assignees(w) == [developer]


def without_start_testing() -> Workflow:
    """The QA workflow with no transition into "In Testing" (a ready task can only go back to work)."""
    kept = tuple(t for t in QA_WORKFLOW.transitions if t.to != "In Testing")
    back = Transition("81", "Back to work", "In Progress", ("Ready for Testing",))
    return Workflow(QA_WORKFLOW.statuses, (*kept, back))


def test_jira__no_transition_to_testing__nothing_changes_and_the_channel_and_lead_are_told_once(
    tmp_path: Path,
) -> None:
    with jira_world(tmp_path, team(), tasks=TASKS) as w:
        w.jira.projects[PROJECT]["workflow"] = without_start_testing()
        w.move("101", "ready for testing")
        issue = w.issue_id("T1")
        assert tracker_writes(w) == []
        assert (w.jira.find("ENG-1")["status"], assignees(w)) == ("Ready for Testing", ["acc-dana"])
        told = (f"QA: <{url(w)}|Coupons> was not handed to QA: the tracker's workflow has no transition from "
                "“Ready for Testing” to “in testing” (from there it can go to “In Progress”). It stays where it is. "
                "Add the transition to the workflow, or name this workflow's statuses in the team file's "
                "`qa_router.statuses`; pmbot tries again the next time it is ready for testing.")
        assert channel_texts(w.slack) == [told]
        assert dm_texts(w.slack, "U0LEE") == [told]
        assert dm_texts(w.slack, "U0QUINN") == []
        row = w.pmbot.call(w.pmbot.runtime.store.actions.get, f"qa.move:{issue}:1")
        assert (row["kind"], row["status"], row["error"]) == (
            "jira.update_task", "failed",
            "NoTransition: ENG-1 cannot move from 'Ready for Testing' to 'in testing' (reachable: In Progress)")
        assert w.kv(f"qa:task:{issue}")["phase"] == "no_transition"
        # Back to work; the admin adds the transition; ready again: the same round hands it over, told once.
        w.move("101", "in progress")
        w.jira.projects[PROJECT]["workflow"] = QA_WORKFLOW
        w.move("101", "ready for testing")
        assert tracker_writes(w) == [
            ("POST", f"{JIRA_API}/issue/{issue}/transitions", {"transition": {"id": "41"}}),
            ("PUT", f"{JIRA_API}/issue/{issue}/assignee", {"accountId": "acc-quinn"}),
            comment(w, issue, ASSIGNED),
        ]
        assert channel_texts(w.slack) == [told, f"QA: <{url(w)}|Coupons> → Quinn (built by Dana)"]
        assert dm_texts(w.slack, "U0LEE") == [told]
        assert w.kv(f"qa:task:{issue}")["round"] == 1


@pytest.mark.parametrize("tracker", TRACKERS)
def test_button__reassign_replaces_the_qa_engineer_with_one_assignee_write(tmp_path: Path, tracker: str) -> None:
    """The QA DM's Reassign, a signed block_actions request into `POST /slack/events`: the next QA engineer replaces
    the current one; on Jira that is the assignee PUT alone (the issue is already in testing: no transition)."""
    with tracker_world(tracker, tmp_path, team(), tasks=TASKS) as w:
        w.move("101", "ready for testing")
        before = len(tracker_writes(w))
        (dm,) = w.slack.dms("U0QUINN")
        value = (dm.blocks or [])[1]["elements"][1]["value"]
        task = task_id(w, "T1")
        assert value == f"{task}:1"
        w.clock.advance(timedelta(hours=1))
        assert w.click("U0QUINN", "qa.reassign", value, dm.channel, dm.ts).status_code == 200
        w.click("U0QUINN", "qa.reassign", value, dm.channel, dm.ts)  # a double click: nothing more
        w.settle()
        moved = "Reassigned from Quinn to Rae for testing — pmbot"
        if isinstance(w, JiraWorld):
            assert tracker_writes(w)[before:] == [
                ("PUT", f"{JIRA_API}/issue/{task}/assignee", {"accountId": "acc-rae"}), comment(w, task, moved)]
            assert (w.jira.find("ENG-1")["status"], assignees(w)) == ("In Testing", ["acc-rae"])
        else:
            assert tracker_writes(w)[before:] == [
                ("PUT", f"{CLICKUP_API}/task/T1", {"status": "in testing", "assignees": {"add": [202], "rem": [201]}}),
                comment(w, "T1", moved)]
            assert assignees(w) == ["202"]
        handed = f"You have a task to test: <{url(w)}|Coupons>\nBuilt by: Dana\nPull requests: none linked"
        assert dm_texts(w.slack, "U0RAE") == [handed]
        quinn = dm_texts(w.slack, "U0QUINN")
        assert quinn[0] == f"{handed}\n:arrows_counterclockwise: Reassigned to Rae."
        # The double click: the task as people know it (on Jira its key and summary), not its id.
        named = f"<{url(w)}|ENG-1 Coupons>" if isinstance(w, JiraWorld) else f"<{url(w)}|Coupons>"
        assert quinn[1:] == [f"{named} has moved on since this message; nothing to do."]
        assert w.kv(f"qa:task:{task}")["qa"] == assignees(w)[0]
