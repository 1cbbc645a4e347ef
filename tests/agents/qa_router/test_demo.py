"""The sandbox demo shows the whole QA cycle."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo_qa import qa_cycle
from tests.support.demo import STARTS, demo_from

PUT_TO_QUINN = "   ClickUp recorded PUT /task/T1 {'status': 'in testing', 'assignees': {'add': [201], 'rem': [101]}}"


@pytest.mark.parametrize("start", STARTS)
def test_demo__qa_cycle_ready_reminder_needs_fix_same_qa_done(tmp_path: Path, start: str) -> None:
    lines: list[str] = []
    with demo_from(tmp_path, start) as demo:
        qa_cycle(demo, lines.append)
    wanted = [
        "1. Dana Developer moves ClickUp task T1 to 'ready for testing'.",
        PUT_TO_QUINN,
        "2. Nobody touches it; the clock moves on 48 h and the due-sweep tick fires.",
        "   Slack DM to Quinn Tester: Reminder #1: <https://app.clickup.com/t/T1|Checkout: apply coupon codes> "
        "has been waiting for testing for 2d.",
        "   ClickUp recorded PUT /task/T1 {'assignees': {'add': [101], 'rem': [201]}}",
        "   → the same QA engineer gets it back.",
        "   → reminders cancelled; time in testing recorded: 48.0 h.",
        "   ClickUp writes for the whole cycle: 3 PUTs (one per hand-off).",
    ]
    shown = [line.rstrip("\n") for line in lines if line.rstrip("\n") in wanted]
    assert shown == wanted[:5] + [PUT_TO_QUINN] + wanted[5:]
