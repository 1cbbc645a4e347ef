"""`pmbot demo` shows a sentence becoming a rule, its dry run, Enable and a firing, in the sandbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo_rules import SENTENCE, rules_cycle
from tests.support.demo import STARTS, demo_from


@pytest.mark.parametrize("start", STARTS)
def test_demo__sentence_rule_dry_run_enable_firing(tmp_path: Path, start: str) -> None:
    lines: list[str] = []
    berlin = ZoneInfo("Europe/Berlin")
    with demo_from(tmp_path, start) as demo:
        clock = demo.app.state.runtime.clock
        days = {clock.now().astimezone(berlin).date()}
        rules_cycle(demo, lines.append)
        days.add(clock.now().astimezone(berlin).date())  # the firing was between the two (midnight may fall there)
        clickup = demo.sandbox.sims["clickup"]
        due = datetime.fromtimestamp(int(clickup.task("T3")["due_date"]) / 1000, berlin)
        puts = [r.json for r in clickup.calls("PUT", "/api/v2/task/T3")]
    assert due.date() - timedelta(days=1) in days and due.hour == 17
    assert puts == [{"assignees": {"add": [101], "rem": []}, "due_date": int(due.timestamp() * 1000)}]
    assert lines[:3] == [
        "Rules — Devon Builder marks T2 urgent in ClickUp; no rule exists yet, so nothing happens (but pmbot "
        "stores the event).",
        f"   Lee types: /pm automate {SENTENCE}",
        "   Slack gets its acknowledgement at once: 200 \"I'll send you the answer in a DM.\""]
    text = "\n".join(lines)
    assert "     *marked-urgent-assign-backend-team* — when a task's priority changes\n" in text
    assert "1 was this kind of event and 1 would have matched.\n     • " in text
    assert "— T2: assign one of Dana Developer / Devon Builder, due " in text
    assert lines[-4:] == [
        "   The DM now ends: :white_check_mark: Enabled by <@U0LEE>.",
        "   Dana Developer marks T3 urgent in ClickUp; the signed webhook arrives.",
        f"   ClickUp recorded PUT /task/T3 {puts[0]}",
        f"   → the rule fired once: T3 is assigned to Dana Developer, due {due:%a %d %b} 17:00 (Europe/Berlin); "
        "every write is keyed per rule × event × action, so ClickUp's taskUpdated copy of the same change does "
        "nothing more."]
