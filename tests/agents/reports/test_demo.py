"""`pmbot demo`'s report step: `/report daily` acknowledged at once, then the daily report in the channel."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo_reports import daily_report
from tests.support.demo import STARTS, demo_from


@pytest.mark.parametrize("start", STARTS)
def test_demo__slash_report_daily_then_the_report(tmp_path: Path, start: str) -> None:
    lines: list[str] = []
    with demo_from(tmp_path, start) as demo:
        daily_report(demo, lines.append)
    assert lines[:5] == [
        "Reports — Lee types `/report daily` in C0REPORTS.",
        "   Slack gets its acknowledgement at once: 200 ''; then, in C0REPORTS:",
        "     Daily report",
        "     ============",
        "",
    ]
    text = "\n".join(lines)
    assert " · 5 tasks in scope\n     Summary written without a model (no OPENAI_API_KEY configured).\n" in text
    in_progress = lines[lines.index("     In progress (3)") + 1:lines.index("     In progress (3)") + 4]
    assert sorted(in_progress) == [  # the sandbox seeds them within the same few milliseconds: any order
        "     • Checkout: apply coupon codes (T1) (https://app.clickup.com/t/T1) — Dana Developer",
        "     • Fix flaky login test (T4) (https://app.clickup.com/t/T4) — Quinn Tester",
        "     • Profile page redesign (T2) (https://app.clickup.com/t/T2) — Devon Builder",
    ]
    assert "     • Rate-limit the public API (T3) (https://app.clickup.com/t/T3)" in text  # unassigned
    if start == "now":
        assert "The demo moved pmbot's clock" not in text  # alone, the step keeps real time
