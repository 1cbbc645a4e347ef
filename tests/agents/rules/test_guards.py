"""The safety guards and the clock on the road: a rule loop stops after 10 chained runs and is flagged (audited, and
said in the alerts channel); a rule made at run time with a schedule fires from a stored due row, week after week."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from tests.agents.rules.rules_support import rules_team
from tests.support.platforms import put_bodies
from tests.support.world import SeedTask, world

PING_PONG = [
    {"name": "calm-down", "when": {"event": "task.priority_changed"},
     "if": [{"field": "priority", "op": "eq", "value": "urgent"}], "then": [{"do": "set_priority", "priority": "low"}]},
    {"name": "escalate", "when": {"event": "task.priority_changed"},
     "if": [{"field": "priority", "op": "eq", "value": "low"}], "then": [{"do": "set_priority", "priority": "urgent"}]},
]


def test_a_loop_between_two_rules_stops_after_ten_runs_and_is_flagged(tmp_path: Path) -> None:
    team = rules_team(PING_PONG, channels={"alerts": "C0ALERTS"})
    with world(tmp_path, team, tasks=[SeedTask("T1", "Coupons", "in progress")],
               channels=("C0QA", "C0ALERTS")) as w:
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        assert put_bodies(w.clickup) == [{"priority": 4}, {"priority": 1}] * 10
        assert [m.text for m in w.slack.messages("C0ALERTS")] == [
            "Rule `calm-down` stopped: its own actions set it off 10 times in a row (a loop). It is flagged and will "
            "not run until someone types `/pm rules enable calm-down`."]
        audit = w.pmbot.call(w.pmbot.runtime.store.actions.recent, 500)
        kinds = [row["kind"] for row in audit]
        assert kinds.count("rules.fire") == 20 and kinds.count("clickup.update_task") == 20
        (skip,) = [row for row in audit if row["kind"] == "rules.skip"]
        assert (skip["target"], json.loads(skip["result"])) == ("calm-down", {"rule": "calm-down", "reason": "loop",
                                                                              "runs": 10})
        w.slash("rules", "U0LEE")
        assert w.slack.responses()[-1]["text"] == (
            "*Rules*\n• `calm-down` (team file) — stopped: a loop: its own actions set it off 10 times\n"
            "• `escalate` (team file) — enabled\n`/pm rules show|enable|disable|delete NAME`")
        # A person's change no longer sets it off until a lead enables it again.
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        assert len(put_bodies(w.clickup)) == 20
        w.slash("rules enable calm-down", "U0LEE")
        w.clickup.human_update("T1", "101", priority=2)
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        assert len(put_bodies(w.clickup)) == 40


def test_a_schedule_rule_made_at_run_time_fires_from_its_due_row_every_week(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=[], channels=("C0QA", "C0GENERAL")) as w:
        w.slack.add_channel("C0GENERAL", "general")
        w.slash("automate every Monday at 9am, post 'Planning in 10 minutes' in #general", "U0LEE")
        (dm,) = w.slack.dms("U0LEE")
        assert ("*Dry run:* every Monday at 09:00; the next runs would be Mon 30 Nov 09:00 UTC, Mon 07 Dec 09:00 UTC,"
                " Mon 14 Dec 09:00 UTC.\n• post in #general: Planning in 10 minutes") in dm.text
        assert "\n\n*monday-9am-post-planning-10* — every Monday at 09:00\n" in dm.text
        w.click("U0LEE", "rules.enable", (dm.blocks or [])[1]["elements"][0]["value"], dm.channel, dm.ts)
        w.clock.advance(timedelta(days=6, hours=23))  # Monday 30 November, 08:00
        w.sweep()
        assert w.slack.messages("C0GENERAL") == []
        w.clock.advance(timedelta(hours=1))
        w.sweep()
        w.clock.advance(timedelta(days=7))
        w.sweep()
        assert [m.text for m in w.slack.messages("C0GENERAL")] == ["Planning in 10 minutes"] * 2
        w.slash("rules disable monday-9am-post-planning-10", "U0LEE")
        assert w.slack.responses()[-1]["text"] == "Rule `monday-9am-post-planning-10` is now disabled."
        w.clock.advance(timedelta(days=7))
        w.sweep()
        assert len(w.slack.messages("C0GENERAL")) == 2
