"""`pmbot demo`'s GitHub step: PR #1 merged → task T1 to ready for testing → QA."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo_github import pr_merged_moves_task
from tests.support.demo import STARTS, demo_from


@pytest.mark.parametrize("start", STARTS)
def test_demo__pr_merged_moves_task_to_qa(tmp_path: Path, start: str) -> None:
    lines: list[str] = []
    with demo_from(tmp_path, start) as demo:
        pr_merged_moves_task(demo, lines.append)
    assert lines[0] == ("GitHub sync — dana-dev's pull request #1 (branch feature/CU-T1-coupons) is merged on GitHub;"
                        " task T1 is 'in progress'.")
    assert "   ClickUp recorded PUT /task/T1 {'status': 'ready for testing'}" in lines
    to_qa = "{'status': 'in testing', 'assignees': {'add': [201], 'rem': [101]}}"
    assert f"   ClickUp recorded PUT /task/T1 {to_qa}" in lines
    assert any(line.startswith("   ClickUp recorded comment on T1: Pull request demo/webapp#1 “CU-T1 Apply coupon")
               for line in lines)
    assert lines[-1] == ("   → T1 moved to 'ready for testing' and the QA router took it from there"
                         " (now 'in testing').")
