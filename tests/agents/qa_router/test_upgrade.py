"""Upgrading from the single `qa_router:` section to a list of routers keeps a QA round in flight (SQLite and
PostgreSQL): the former section is the list's item without a name and keeps its keys, so the stored reminder
still fires for the same round, the QA engineer's buttons still work, and the task is not handed out again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from agents.team import TeamConfig
from tests.agents.qa_router.qa_support import PEOPLE, qa_world
from tests.support.platforms import dm_texts

LINK = "<https://app.clickup.com/t/T1|Coupons>"


def team(router: object) -> TeamConfig:
    return TeamConfig.model_validate({"people": PEOPLE, "qa_router": router})


def test_upgrade_to_a_list_keeps_the_round_its_reminder_and_its_buttons(tmp_path: Path, db_url: str) -> None:
    single = {"channel": "C0QA", "escalate_to": ["U0LEE"]}
    with qa_world(tmp_path, team(single), db_url=db_url) as w:
        w.move("101", "ready for testing")
        writes = len(w.clickup.calls("PUT"))
        quinn_dm = w.slack.dms("U0QUINN")[-1]

        w.team = team([{**single, "lists": ["L1"]},  # the former section, now over its list: no name
                       {"name": "mobile", "lists": ["L2"], "qa": ["Rae"], "channel": "C0QA"}])
        w.restart()
        w.clock.advance(timedelta(hours=48))
        w.sweep()
        w.sweep()
        assert [t for t in dm_texts(w.slack, "U0QUINN") if t.startswith("Reminder")] == [
            f"Reminder #1: {LINK} has been waiting for testing for 2d."]
        w.click("U0QUINN", "qa.start", "T1:1", quinn_dm.channel, quinn_dm.ts)  # a button sent before the upgrade
        assert w.slack.api_calls("chat.update")[-1]["ts"] == quinn_dm.ts
        assert w.kv("qa:task:T1")["round"] == 1 and w.kv("qa:task:T1")["started_at"] is not None
        assert len(w.clickup.calls("PUT")) == writes  # the round was not started again
        due = w.pmbot.call(w.pmbot.runtime.store.pending_due, "qa_reminder")
        assert [(d.key, dict(d.payload)) for d in due] == [("qa_reminder:T1", {"task": "T1", "round": 1, "count": 1})]
