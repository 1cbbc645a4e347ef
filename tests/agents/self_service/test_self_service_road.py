"""`/pm ooo` and `/pm me` through signed slash commands into `POST /slack/events`: what the ClickUp and Slack
simulators recorded, the answers through `response_url`, and the audit rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.agents.qa_router.qa_support import MONDAY, qa_team, qa_world
from tests.agents.standup.standup_support import at, standup_world
from tests.support.platforms import dm_texts, put_bodies
from tests.support.world import World

TO_RAE = {"status": "in testing", "assignees": {"add": [202], "rem": [101]}}
TO_QUINN = {"status": "in testing", "assignees": {"add": [201], "rem": [102]}}
QUINN_DM = "You have a task to test: <https://app.clickup.com/t/T1|Coupons>\nBuilt by: Dana\nPull requests: none linked"
REFUSED = ("`/pm {}` is for the people of this team, and pmbot does not know you. "
           "Ask a lead to add you to `people` in pmbot's team file.")


def answers(w: World) -> list[str]:
    return [r["text"] for r in w.slack.responses()]


def audit(w: World) -> list[tuple[str, str, str, dict[str, Any]]]:
    rows = w.pmbot.call(w.pmbot.runtime.store.actions.recent, 500)
    return [(r["kind"], r["target"], r["agent"], json.loads(r["result"])) for r in reversed(rows)
            if r["kind"].startswith("self_service.")]


def test_ooo_today__the_qa_who_would_be_picked_is_skipped_at_the_next_hand_off__clear_brings_them_back(
        tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.clickup.add_task("T2", "Search", "L1", "in progress", assignees=["102"])
        w.slash("ooo today", "U0QUINN")  # Quinn (least loaded, first in the file) would get T1
        w.move("101", "ready for testing", "T1")
        assert put_bodies(w.clickup) == [TO_RAE]
        w.slash("ooo clear", "U0QUINN")
        w.move("102", "ready for testing", "T2")  # Quinn is back, and less loaded than Rae
        assert (put_bodies(w.clickup, "T1"), put_bodies(w.clickup, "T2")) == ([TO_RAE], [TO_QUINN])
        assert answers(w) == [
            "Out of office: Mon 2026-11-23. The QA router and the standup leave you out on those days; "
            "`/pm ooo clear` removes it.",
            "Out of office cleared (it was Mon 2026-11-23).",
        ]
        assert audit(w) == [
            ("self_service.ooo_set", "Quinn", "self_service",
             {"person": "Quinn", "by": "U0QUINN", "from": "2026-11-23", "to": "2026-11-23"}),
            ("self_service.ooo_clear", "Quinn", "self_service",
             {"person": "Quinn", "by": "U0QUINN", "from": None, "to": None}),
        ]
        assert w.kv("ooo:Quinn") is None


def test_pm_me__answers_with_the_team_file_and_the_stored_state(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.move("101", "ready for testing")  # Quinn tests T1, a reminder is pending
        w.clock.advance(timedelta(minutes=30))
        w.slash("ooo tomorrow fri", "U0QUINN")
        w.slash("me", "U0QUINN")
        assert answers(w) == [
            "Out of office: Tue 2026-11-24 to Fri 2026-11-27. The QA router and the standup leave you out on those "
            "days; `/pm ooo clear` removes it.",
            "*How pmbot sees you: Quinn*\n"
            "• Handles: clickup 201, slack U0QUINN\n"
            "• Roles: qa\n"
            "• Timezone: Europe/Berlin\n"
            "• Works: mon, tue, wed, thu, fri, 09:00–17:00\n"
            "• Out of office in the team file: none\n"
            "• Out of office set in Slack: Tue 2026-11-24 to Fri 2026-11-27, set 2026-11-23 09:30 UTC "
            "(`/pm ooo clear` removes it)\n"
            "• Testing, with QA reminders pending: T1 (next reminder Wed 25 Nov 09:00 UTC)",
        ]
        assert w.kv("ooo:Quinn") == {"start": "2026-11-24", "end": "2026-11-27", "set_by": "U0QUINN",
                                     "set_at": "2026-11-23T09:30:00Z"}


def test_ooo__words_it_cannot_read_or_stretches_it_refuses_are_answered_and_store_nothing(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        for text in ("ooo", "ooo someday", "ooo fri tue", "ooo 2026-11-20", "ooo today 2027-06-01", "ooo clear"):
            w.slash(text, "U0QUINN")
        usage = ("`/pm ooo <from> [to]` (a date like 2026-12-24, `today`, `tomorrow` or a weekday like `mon`; "
                 "`to` defaults to `from`), or `/pm ooo clear`.")
        assert answers(w) == [
            f"Usage: {usage}",
            f"I can't read “someday” as a day. Usage: {usage}",
            "The out of office would end (Tue 2026-11-24) before it starts (Fri 2026-11-27).",
            "Fri 2026-11-20 is in the past (today is Mon 2026-11-23 where you are).",
            "That is 191 days; in Slack you can set at most 92 at a time. For longer, ask a lead to put it in the "
            "team file.",
            "You have no out of office set in Slack; nothing to clear.",
        ]
        assert audit(w) == [] and w.kv("ooo:Quinn") is None


def test_an_outsider_can_neither_set_an_out_of_office_nor_read_anyone(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.slash("ooo today", "U0GUEST")
        w.slash("me", "U0GUEST")
        assert answers(w) == [REFUSED.format("ooo"), REFUSED.format("me")]
        w.move("101", "ready for testing")
        assert put_bodies(w.clickup) == [{"status": "in testing", "assignees": {"add": [201], "rem": [101]}}]
        assert audit(w) == []


def test_ooo_today__a_standup_prompt_planned_already_is_not_sent__clear_and_the_next_day_asks_again(
        tmp_path: Path) -> None:
    monday = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    with standup_world(tmp_path, start=monday) as w:
        at(w, monday)  # Ben's 09:30 and 10:30 in Berlin are planned
        assert [d.key for d in w.pmbot.call(w.pmbot.runtime.store.pending_due, "daily.standup_prompt")
                if ":Ben:" in d.key] == ["daily.standup_prompt:Ben:2026-11-23"]
        w.slash("ooo today", "U0BEN")
        at(w, monday.replace(hour=8, minute=30))  # the prompt
        at(w, monday.replace(hour=9, minute=30))  # the reminder
        assert w.slack.dms("U0BEN") == []
        w.slash("ooo clear", "U0BEN")
        at(w, monday + timedelta(days=1, hours=2, minutes=30))
        assert [m.text.splitlines()[0] for m in w.slack.dms("U0BEN")] == [
            "Good morning Ben — your standup for Tuesday 24 November (answer by 11:00)."]


def test_business_hours__a_qa_reminder_due_while_the_qa_is_out_waits_uncounted_for_their_return(
        tmp_path: Path) -> None:
    with qa_world(tmp_path, qa_team(business_hours=True, remind_after="2h")) as w:
        w.move("101", "ready for testing")  # Quinn, at 10:00 in Berlin: the reminder is due at 12:00 there
        w.slash("ooo tomorrow", "U0QUINN")
        w.slash("ooo today", "U0QUINN")  # after the reminder was planned
        w.clock.set(MONDAY + timedelta(hours=2))
        w.sweep()
        assert dm_texts(w.slack, "U0QUINN") == [QUINN_DM]
        (due,) = w.pmbot.call(w.pmbot.runtime.store.pending_due, "qa_reminder")
        assert (due.due_at.astimezone(UTC), dict(due.payload)) == (
            datetime(2026, 11, 24, 8, 0, tzinfo=UTC), {"task": "T1", "round": 1, "count": 0})  # Tue 09:00 Berlin
        w.clock.set(due.due_at)
        w.sweep()
        assert dm_texts(w.slack, "U0QUINN")[1:] == [
            "Reminder #1: <https://app.clickup.com/t/T1|Coupons> has been waiting for testing for 23h."]
        assert answers(w) == [
            "Out of office: Tue 2026-11-24. The QA router and the standup leave you out on those days; "
            "`/pm ooo clear` removes it.",
            "Out of office: Mon 2026-11-23. The QA router and the standup leave you out on those days; "
            "`/pm ooo clear` removes it. (It replaces Tue 2026-11-24.)",
        ]
