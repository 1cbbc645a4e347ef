"""The sandbox demo shows the whole QA cycle."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo import DemoServer
from bot.demo_qa import qa_cycle
from tests.support.demo import STARTS, demo_from

QUINN, DANA = "5d1a0c6b9f3e2a0012a1d201", "5d1a0c6b9f3e2a0012a1d101"  # config/pmbot.example.yaml's `jira:` ids
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


def test_demo_on_jira__the_same_qa_story_through_the_workflows_transitions_and_one_assignee(tmp_path: Path) -> None:
    """PMBOT_SANDBOX_TRACKER=jira: the Jira simulator seeded with the example team's `jira:` account ids."""
    lines: list[str] = []
    with DemoServer(tmp_path, tracker="jira") as demo:
        assert set(demo.sandbox.sims) == {"jira", "slack", "github"}
        issue = demo.sandbox.sims["jira"].find("DEMO-1")["id"]
        qa_cycle(demo, lines.append)
    transition, quinn, dana = (f"   Jira recorded POST /issue/{issue}/transitions {{'transition': {{'id': '41'}}}}",
                               f"   Jira recorded PUT /issue/{issue}/assignee {{'accountId': '{QUINN}'}}",
                               f"   Jira recorded PUT /issue/{issue}/assignee {{'accountId': '{DANA}'}}")
    wanted = [
        "1. Dana Developer moves Jira issue DEMO-1 to 'ready for testing'.",
        "   Jira sent 1 signed webhook (jira:issue_updated); pmbot answered 200.",
        transition, quinn,
        "   → pmbot moved it to 'In Testing' through the workflow's transition and made Quinn Tester the assignee "
        "(Jira has one); Dana Developer is remembered for a fix.",
        "2. Nobody touches it; the clock moves on 48 h and the due-sweep tick fires.",
        f"   Slack DM to Quinn Tester: Reminder #1: <{demo.sandbox.sims['jira'].base_url}/browse/DEMO-1|Checkout: "
        "apply coupon codes> has been waiting for testing for 2d.",
        "3. Quinn Tester comments and moves DEMO-1 to 'needs fix'.",
        "   Jira sent 1 signed webhook (jira:issue_updated); pmbot answered 200.",
        dana,
        "   → back to Dana Developer; the pending reminder is cancelled.",
        "4. Dana Developer fixes it and moves DEMO-1 to 'ready for testing' again.",
        "   Jira sent 2 signed webhooks (jira:issue_updated, jira:issue_updated); pmbot answered 200, 200.",
        transition, quinn,
        "   → the same QA engineer gets it back.",
        "5. Quinn Tester passes it: 'DEMO-1' → 'done'.",
        "   Jira sent 1 signed webhook (jira:issue_updated); pmbot answered 200.",
        "   → reminders cancelled; time in testing recorded: 48.0 h.",
        "   Jira writes for the whole cycle: 2 transitions (one per hand-off) and 3 assignee changes.",
    ]
    assert [line.rstrip("\n") for line in lines if line.rstrip("\n") in wanted] == wanted
