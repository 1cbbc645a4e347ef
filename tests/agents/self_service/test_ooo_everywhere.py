"""Out of office set with `/pm ooo` is honoured wherever pmbot would nag someone: a rule's DM skips them, a review
reminder waits until they are back, and App Home shows it. (The QA router and the standup: the road tests beside
this one and tests/agents/standup.)"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agents.github_sync.reviews import reminder_key
from tests.agents.app_home.test_app_home import open_home, publishes
from tests.agents.github_sync.github_sync_support import REPO, github_world
from tests.agents.github_sync.test_reviews import ASKED, PR, THU_10, open_pull, requested, sweep_at
from tests.agents.qa_router.qa_support import qa_world
from tests.agents.rules.rules_support import rules_team
from tests.support.platforms import dm_texts
from tests.support.world import world


def test_a_rules_dm_skips_whoever_is_out_of_office_today(tmp_path: Path) -> None:
    rule = {"name": "look", "when": {"event": "task.tag_added"},
            "then": [{"do": "dm", "to": ["role:lead", "author"], "text": "Look at {{task.name}}"}]}
    with world(tmp_path, rules_team({"items": [rule]}), tasks=[]) as w:
        for tid in ("T1", "T2"):
            w.clickup.add_task(tid, f"Task {tid}", "L1", "in progress", creator="101")
        w.slash("ooo today", "U0DANA")
        w.clickup.human_tag("T1", "102", "go")
        w.settle()
        assert (dm_texts(w.slack, "U0LEE"), dm_texts(w.slack, "U0DANA")) == (["Look at Task T1"], [])
        w.clock.advance(timedelta(days=1))  # Dana is back
        w.clickup.human_tag("T2", "102", "go")
        w.settle()
        assert (dm_texts(w.slack, "U0LEE"), dm_texts(w.slack, "U0DANA")) == (
            ["Look at Task T1", "Look at Task T2"], ["Look at Task T2"])


def test_a_review_reminder_due_while_away_waits_for_the_next_working_day(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        open_pull(w)
        w.deliver("pull_request", requested(), "d-req")
        w.slash("ooo thu", "U0OLLY")  # Thursday 26 November, the day the first reminder falls due
        sweep_at(w, THU_10)
        sweep_at(w, THU_10.replace(hour=16))
        assert dm_texts(w.slack, "U0OLLY") == [ASKED]
        due = w.pmbot.call(w.pmbot.runtime.store.due.get, reminder_key(REPO, 2, "octocat"))
        assert due.due_at.astimezone(UTC) == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # Friday, at work again
        sweep_at(w, datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
        reminder = f"Reminder #1: your review of {PR} has been pending for 3d."  # 3d 23h: whole days are said
        assert dm_texts(w.slack, "U0OLLY") == [ASKED, reminder]


def test_app_home_shows_the_out_of_office_under_way_or_coming(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        open_home(w, "U0QUINN", "EvH1")
        w.slash("ooo tomorrow wed", "U0QUINN")
        open_home(w, "U0QUINN", "EvH2")
        texts = [[json.dumps(b) for b in p["view"]["blocks"] if "Out of office" in json.dumps(b)]
                 for p in publishes(w)]
        assert texts == [[], [json.dumps({"type": "section", "text": {"type": "mrkdwn", "text": (
            "*Out of office*: Tue 2026-11-24 to Wed 2026-11-25. pmbot does not hand you tasks or remind you then; "
            "`/pm ooo clear` removes one you set in Slack.")}})]]
