"""QA router end to end: signed ClickUp webhooks in, exactly the recorded ClickUp and Slack calls out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx

from integrations.events import Event, Ref
from tests.agents.qa_router.qa_support import MONDAY, PEOPLE, channel_texts, qa_team, qa_world
from tests.support.platforms import comment_texts, dm_texts, put_bodies
from tests.support.world import SeedTask, world

QUINN_DM = "You have a task to test: <https://app.clickup.com/t/T1|Coupons>\nBuilt by: Dana\nPull requests: none linked"


def test_status_changed__ready_for_testing__assigns_qa_in_one_write(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "Ready for Testing")
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [201], "rem": [101]}}]
        assert comment_texts(w.clickup) == ["Assigned to Quinn for testing — pmbot"]
        assert dm_texts(w.slack, "U0QUINN") == [QUINN_DM]
        blocks = w.slack.dms("U0QUINN")[0].blocks or []
        assert [e["action_id"] for e in blocks[1]["elements"]] == ["qa.start", "qa.reassign"]
        assert [e["value"] for e in blocks[1]["elements"]] == ["T1:1", "T1:1"]
        assert channel_texts(w.slack) == ["QA: <https://app.clickup.com/t/T1|Coupons> → Quinn (built by Dana)"]
        task = w.clickup.task("T1")
        assert task["status"]["status"] == "in testing" and [a["id"] for a in task["assignees"]] == [201]


HOSTILE_NAME = "Fix login> <!channel> <https://evil.example/sso|Re-authenticate here"
HOSTILE_LABEL = "Fix login&gt; &lt;!channel&gt; &lt;https://evil.example/ssoRe-authenticate here"


def test_status_changed__ready_for_testing__a_hostile_task_name_stays_text_in_the_channel_and_the_dm(
    tmp_path: Path,
) -> None:
    """A task name that tries to ping the channel and smuggle a link is shown, escaped, as the task's label."""
    tasks = [SeedTask("T1", HOSTILE_NAME, "in progress", ("101",))]
    with world(tmp_path, qa_team(), tasks=tasks) as w:
        w.move("101", "ready for testing")
        posted = channel_texts(w.slack) + dm_texts(w.slack, "U0QUINN")
        assert posted == [
            f"QA: <https://app.clickup.com/t/T1|{HOSTILE_LABEL}> → Quinn (built by Dana)",
            f"You have a task to test: <https://app.clickup.com/t/T1|{HOSTILE_LABEL}>\nBuilt by: Dana\n"
            "Pull requests: none linked",
        ]
        dm_blocks = w.slack.dms("U0QUINN")[0].blocks or []
        assert dm_blocks[0]["text"]["text"] == posted[1]
        for text in posted:
            assert "&lt;!channel&gt;" in text and "<!channel>" not in text and "<https://evil" not in text
        assert comment_texts(w.clickup) == ["Assigned to Quinn for testing — pmbot"]


def test_hand_off__api_calls_per_hand_off(tmp_path: Path) -> None:
    """The cost of one hand-off: one ClickUp write; reads are the live task and the testing load."""
    with qa_world(tmp_path) as w:
        w.clickup.clear()
        w.slack.clear()
        w.move("101", "ready for testing")
        assert [(r.method, r.path) for r in w.clickup.calls()] == [
            ("GET", "/api/v2/task/T1"),
            ("GET", "/api/v2/team/9000/task"),
            ("PUT", "/api/v2/task/T1"),
            ("POST", "/api/v2/task/T1/comment"),
        ]
        assert [r.path for r in w.slack.calls()] == [
            "/api/conversations.open", "/api/chat.postMessage", "/api/chat.postMessage"]


def test_duplicates__redelivery_taskUpdated_copy_reconcile_copy_and_own_update_change_nothing_twice(
    tmp_path: Path,
) -> None:
    with qa_world(tmp_path) as w:
        items = w.move("101", "ready for testing")
        sent = [s.payload["event"] for s in w.clickup.sent_webhooks]
        assert sent[:2] == ["taskStatusUpdated", "taskUpdated"]  # ClickUp's copy was delivered too
        # pmbot's own PUT and comment came back as webhooks with pmbot as the actor: dropped, no re-trigger.
        assert {str(s.payload["history_items"][0]["user"]["id"]) for s in w.clickup.sent_webhooks[2:]} == {"900"}
        for payload in w.clickup.webhook_payloads("T1", items, "taskStatusUpdated"):
            headers, body = w.clickup.signed(payload)
            again = httpx.post(f"{w.pmbot.url}/webhooks/clickup", content=body, headers=headers)
            assert again.json() == {"ok": True, "accepted": 0, "duplicates": 1}
        copy = Event(id="reconcile:clickup:T1:status:1", source="reconcile", type="task.status_changed",
                     occurred_at=w.clock.now(), subject=Ref(kind="task", id="T1", container="L1"),
                     data={"from": "in progress", "to": "ready for testing", "reconciled": True})
        w.pmbot.call(w.pmbot.runtime.store.enqueue, [copy])
        w.settle()
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [201], "rem": [101]}}]
        assert comment_texts(w.clickup) == ["Assigned to Quinn for testing — pmbot"]
        assert dm_texts(w.slack, "U0QUINN") == [QUINN_DM]
        assert len(channel_texts(w.slack)) == 1


def test_status_changed__needs_fix__back_to_the_developer(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        w.clickup.human_comment("T1", "201", "Crashes on an empty code")
        w.move("201", "Needs Fix")
        assert put_bodies(w.clickup)[1:] == [{"assignees": {"add": [101], "rem": [201]}}]
        assert comment_texts(w.clickup)[1:] == [
            "Needs fix: back to Dana. Quinn's latest comment: “Crashes on an empty code” — pmbot"]
        assert dm_texts(w.slack, "U0DANA") == [
            "<https://app.clickup.com/t/T1|Coupons> needs a fix (tested by Quinn).\n> Crashes on an empty code"]
        due = w.pmbot.call(w.pmbot.runtime.store.due.get, "qa_reminder:T1")
        assert due.status == "cancelled"
        w.clock.advance(timedelta(hours=49))
        w.sweep()
        assert dm_texts(w.slack, "U0QUINN") == [QUINN_DM]  # no reminder for a task that left testing


def test_second_round_trip__same_qa_then_passed(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        # Rae is less loaded by the second round; the same QA engineer still gets the task back.
        w.clickup.add_task("T9", "Other", "L1", "in testing", assignees=["201"])
        w.clickup.add_task("T8", "Other", "L1", "in testing", assignees=["202"])
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [201], "rem": [101]}}]
        w.clickup.human_update("T8", "202", status="done")
        w.clock.advance(timedelta(hours=5))
        w.move("201", "needs fix")
        w.clock.advance(timedelta(hours=20))
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == [
            {"status": "in testing", "assignees": {"add": [201], "rem": [101]}},
            {"assignees": {"add": [101], "rem": [201]}},
            {"status": "in testing", "assignees": {"add": [201], "rem": [101]}},
        ]
        assert comment_texts(w.clickup) == [
            "Assigned to Quinn for testing — pmbot", "Needs fix: back to Dana — pmbot",
            "Assigned to Quinn for testing — pmbot"]
        values = [b["elements"][0]["value"] for m in w.slack.dms("U0QUINN") for b in (m.blocks or [])[1:]]
        assert values == ["T1:1", "T1:2"]
        w.clock.advance(timedelta(hours=3))
        w.move("201", "done")
        assert len(put_bodies(w.clickup)) == 3 and len(comment_texts(w.clickup)) == 3
        assert w.pmbot.call(w.pmbot.runtime.store.due.get, "qa_reminder:T1").status == "cancelled"
        state = w.pmbot.call(w.pmbot.runtime.store.get, "qa:task:T1")
        assert (state["phase"], state["testing_seconds"]) == ("passed", 8 * 3600)


def test_out_of_office__qa_is_skipped_and_does_not_get_the_task_back(tmp_path: Path) -> None:
    people = [dict(p) for p in PEOPLE]
    with qa_world(tmp_path, qa_team(people=people)) as w:
        w.move("101", "ready for testing")
        w.move("201", "needs fix")
    people[2]["out_of_office"] = [{"from": "2026-11-23", "to": "2026-11-27"}]
    with qa_world(tmp_path / "ooo", qa_team(people=people)) as w:
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [202], "rem": [101]}}]
        assert dm_texts(w.slack, "U0QUINN") == [] and len(dm_texts(w.slack, "U0RAE")) == 1


def test_second_round_trip__remembered_qa_out_of_office__goes_to_another(tmp_path: Path) -> None:
    people = [dict(p) for p in PEOPLE]
    people[2]["out_of_office"] = [{"from": "2026-11-24", "to": "2026-11-30"}]
    with qa_world(tmp_path, qa_team(people=people)) as w:
        w.move("101", "ready for testing")
        w.move("201", "needs fix")
        w.clock.advance(timedelta(days=1))  # Tuesday: Quinn is away
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup)[2] == {"status": "in testing", "assignees": {"add": [202], "rem": [101]}}


def test_nobody_available__task_stays_ready_and_people_are_told(tmp_path: Path) -> None:
    people = [dict(p) for p in PEOPLE]
    for qa in people[2:4]:
        qa["out_of_office"] = [{"from": "2026-11-20", "to": "2026-11-30"}]
    with qa_world(tmp_path, qa_team(people=people)) as w:
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == []
        assert w.clickup.task("T1")["status"]["status"] == "ready for testing"
        text = ("QA: nobody is available to test <https://app.clickup.com/t/T1|Coupons> (out of office or not a "
                "working day); it stays in “ready for testing”. Please pick someone.")
        assert channel_texts(w.slack) == [text]
        assert dm_texts(w.slack, "U0LEE") == [text]


def test_weekend__qa_not_working_today_is_skipped(tmp_path: Path) -> None:
    people = [dict(p) for p in PEOPLE]
    people[3]["working_days"] = "Mon-Sun"
    saturday = MONDAY - timedelta(days=2)
    with qa_world(tmp_path, qa_team(people=people), start=saturday) as w:
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [202], "rem": [101]}}]


def test_round_robin__pointer_survives_a_restart_and_skips_the_absent(tmp_path: Path) -> None:
    people = [dict(p) for p in PEOPLE]
    people.insert(4, {"name": "Sam", "slack": "U0SAM", "clickup": "203", "roles": ["qa"],
                      "out_of_office": [{"from": "2026-11-23", "to": "2026-11-23"}]})
    with qa_world(tmp_path, qa_team(people=people, strategy="round_robin")) as w:
        for tid in ("T2", "T3", "T4"):
            w.clickup.add_task(tid, f"Task {tid}", "L1", "in progress", assignees=["102"])
        w.move("101", "ready for testing", "T1")
        w.restart()
        w.move("102", "ready for testing", "T2")
        w.restart()
        w.move("102", "ready for testing", "T3")  # Sam is out today: skipped, back to Quinn
        w.clock.advance(timedelta(days=1))
        w.move("102", "ready for testing", "T4")  # after Quinn comes Rae
        added = [put_bodies(w.clickup, t)[0]["assignees"]["add"] for t in ("T1", "T2", "T3", "T4")]
        assert added == [[201], [202], [201], [202]]


def test_least_loaded__fewest_in_testing_then_longest_ago(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        for tid in ("T2", "T3"):
            w.clickup.add_task(tid, f"Task {tid}", "L1", "in progress", assignees=["102"])
        w.clickup.add_task("T9", "Busy", "L1", "in testing", assignees=["201"])
        w.move("101", "ready for testing", "T1")  # Quinn has one in testing: Rae
        w.clickup.human_update("T9", "201", status="done")
        w.move("202", "done", "T1")  # both have none in testing now; Quinn was never assigned by pmbot
        w.clock.advance(timedelta(hours=1))
        w.move("102", "ready for testing", "T2")
        w.clock.advance(timedelta(hours=1))
        w.move("201", "done", "T2")
        w.move("102", "ready for testing", "T3")  # tie again: Rae was assigned longest ago
        added = [put_bodies(w.clickup, t)[0]["assignees"]["add"] for t in ("T1", "T2", "T3")]
        assert added == [[202], [201], [202]]


def test_skills__qa_whose_skills_match_the_tags_is_preferred(tmp_path: Path) -> None:
    with qa_world(tmp_path, tags=("Backend",)) as w:
        w.clickup.add_task("T9", "Busy", "L1", "in testing", assignees=["201"])
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [201], "rem": [101]}}]


def test_needs_fix__without_a_hand_off__linked_pr_author_then_creator(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.clickup.add_task("T2", "Manual", "L1", "in testing", assignees=["201"])
        w.pmbot.call(w.pmbot.runtime.store.put, "links:task:T2", [
            {"repo": "acme/web", "number": 7, "url": "https://github.com/acme/web/pull/7", "author": "devon-b",
             "title": "Manual"}])
        w.move("201", "needs fix", "T2")
        assert put_bodies(w.clickup, "T2") == [{"assignees": {"add": [102], "rem": [201]}}]
        w.clickup.add_task("T3", "Created by Dana", "L1", "in testing", assignees=["202"], creator="101")
        w.move("202", "needs fix", "T3")
        assert put_bodies(w.clickup, "T3") == [{"assignees": {"add": [101], "rem": [202]}}]
        assert dm_texts(w.slack, "U0DEVON") == ["<https://app.clickup.com/t/T2|Manual> needs a fix (tested by Quinn)."]


def test_status_changed__ready_for_testing__a_task_added_to_a_watched_list_from_another_list_is_routed(
    tmp_path: Path,
) -> None:
    """ClickUp's Tasks in Multiple Lists: T1 lives in L1 and was added to the QA board the router watches."""
    with qa_world(tmp_path, qa_team(lists=["LQA"])) as w:
        w.clickup.add_list("LQA", "QA board", ["ready for testing", "in testing", "needs fix", "done"])
        w.clickup.add_to_list("T1", "LQA")
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [201], "rem": [101]}}]
