"""`/pm qa` and the QA DM's buttons, through signed Slack requests into `POST /slack/events`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.agents.qa_router.qa_support import channel_texts, qa_world
from tests.support.platforms import dm_texts, put_bodies

LINK = "<https://app.clickup.com/t/T1|Coupons>"


def test_pm_qa__lists_waiting_and_in_testing_with_assignee_and_age(tmp_path: Path) -> None:
    """The answer goes to the asker by DM (the channel stays quiet)."""
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        w.clock.advance(timedelta(hours=26))
        three_hours_ago = int((w.clock.now() - timedelta(hours=3)).timestamp() * 1000)
        w.clickup.add_task("T2", "Search", "L1", "ready for testing", assignees=["102"], date_updated=three_hours_ago)
        answer = w.slash("qa", "U0LEE")
        assert answer.status_code == 200
        assert dm_texts(w.slack, "U0LEE") == [
            "*QA queue*\nWaiting for QA (1):\n• <https://app.clickup.com/t/T2|Search> — Devon, 3h\n"
            f"In testing (1):\n• {LINK} — Quinn, 26h"]


def test_button__start_testing_acknowledges_and_reminders_still_run(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        dm = w.slack.dms("U0QUINN")[0]
        w.click("U0QUINN", "qa.start", "T1:1", dm.channel, dm.ts)
        dm = w.slack.dms("U0QUINN")[0]
        assert dm.text.endswith("\n:white_check_mark: Quinn started testing (reminders keep running until it "
                                "leaves testing).")
        assert [b["type"] for b in dm.blocks or []] == ["section"]  # the buttons are gone
        w.clock.advance(timedelta(hours=48))
        w.sweep()
        assert dm_texts(w.slack, "U0QUINN")[-1] == f"Reminder #1: {LINK} has been waiting for testing for 2d."


def test_button__reassign_hands_the_task_to_the_next_qa_in_one_write(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        dm = w.slack.dms("U0QUINN")[0]
        w.clock.advance(timedelta(hours=1))
        w.click("U0QUINN", "qa.reassign", "T1:1", dm.channel, dm.ts)
        w.click("U0QUINN", "qa.reassign", "T1:1", dm.channel, dm.ts)  # a double click
        w.settle()
        assert put_bodies(w.clickup) == [
            {"status": "in testing", "assignees": {"add": [201], "rem": [101]}},
            {"status": "in testing", "assignees": {"add": [202], "rem": [201]}},
        ]
        assert dm_texts(w.slack, "U0RAE") == [
            f"You have a task to test: {LINK}\nBuilt by: Dana\nPull requests: none linked"]
        quinn = dm_texts(w.slack, "U0QUINN")
        assert quinn[0].endswith("\n:arrows_counterclockwise: Reassigned to Rae.")
        assert quinn[1:] == [f"{LINK} has moved on since this message; nothing to do."]
        w.clock.advance(timedelta(hours=47))
        w.sweep()
        assert dm_texts(w.slack, "U0RAE")[1:] == []
        w.clock.advance(timedelta(hours=1))
        w.sweep()
        assert dm_texts(w.slack, "U0RAE")[1:] == [f"Reminder #1: {LINK} has been waiting for testing for 2d."]


def test_button__someone_else_cannot_press_it(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        dm = w.slack.dms("U0QUINN")[0]
        w.click("U0DANA", "qa.reassign", "T1:1", dm.channel, dm.ts)
        assert len(put_bodies(w.clickup)) == 1
        assert dm_texts(w.slack, "U0DANA") == [f"Only the QA engineer assigned to {LINK} can do that."]


def test_a_rate_limited_answer_is_retried_and_the_dm_arrives_once(tmp_path: Path) -> None:
    """Slack may answer chat.postMessage with `{"ok": false, "error": "rate_limited"}` (HTTP 200): a rate limit."""
    with qa_world(tmp_path) as w:
        w.slack.refuse_next("chat.postMessage", "rate_limited")
        w.move("101", "ready for testing")
        assert dm_texts(w.slack, "U0QUINN") == []
        w.clock.advance(timedelta(minutes=5))
        w.settle()
        assert dm_texts(w.slack, "U0QUINN") == [
            f"You have a task to test: {LINK}\nBuilt by: Dana\nPull requests: none linked"]
        dm = w.slack.channel_for_dm("U0QUINN")
        assert [c["channel"] for c in w.slack.api_calls("chat.postMessage")] == [dm, dm, "C0QA"]
        assert channel_texts(w.slack) == ["QA: <https://app.clickup.com/t/T1|Coupons> → Quinn (built by Dana)"]


def test_button__a_reassignment_left_half_done_is_finished_only_by_someone_who_may_press_it(tmp_path: Path) -> None:
    """A crash between saving the reassignment's decision and writing it leaves the round "assigning"; the old
    button finishes it - but only when pressed by the QA engineer or a lead, like any other press."""
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")
        dm = w.slack.dms("U0QUINN")[0]
        state = w.kv("qa:task:T1")
        assert (state["round"], state["phase"], state["qa"]) == (1, "testing", "201")
        decided = {**state, "round": 2, "phase": "assigning",
                   "plan": {"qa": "202", "developers": ["101"], "remove": ["201"], "at": w.clock.now().isoformat(),
                            "previous": "201"}}
        w.pmbot.call(w.pmbot.runtime.store.put, "qa:task:T1", decided)  # as the crash left it
        w.click("U0DANA", "qa.reassign", "T1:1", dm.channel, dm.ts)
        w.settle()
        assert len(put_bodies(w.clickup)) == 1  # nothing more was written
        assert dm_texts(w.slack, "U0DANA") == [f"Only the QA engineer assigned to {LINK} can do that."]
        w.click("U0QUINN", "qa.reassign", "T1:1", dm.channel, dm.ts)
        w.settle()
        assert put_bodies(w.clickup)[1:] == [{"status": "in testing", "assignees": {"add": [202], "rem": [201]}}]
        assert dm_texts(w.slack, "U0RAE")[0].startswith(f"You have a task to test: {LINK}")
