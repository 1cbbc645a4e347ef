"""`pmbot demo`'s standup step: the prompt with its draft, two answers (one with a blocker), the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo_standup import standup_round
from tests.support.demo import STARTS, demo_from


@pytest.mark.parametrize("start", STARTS)
def test_demo__prompt_two_answers_summary(tmp_path: Path, start: str) -> None:
    lines: list[str] = []
    with demo_from(tmp_path, start) as demo:
        standup_round(demo, lines.append)
    text = "\n".join(lines)
    assert "   Slack DM to Dana Developer:\n     Good morning Dana — your standup for " in text
    assert ("     *What will you do next?*\n"
            "     • <https://app.clickup.com/t/T1|Checkout: apply coupon codes> — in progress\n") in text
    assert "pmbot answers ephemerally: Saved your standup for " in text
    summary = next(line for line in lines if line.startswith("   Slack #standup: *Standup — "))
    assert summary.endswith("\n       ".join([
        " answered", "*Blockers*", "• Dana Developer: waiting for the payment sandbox keys", "*Summary*",
        "• Dana Developer: coupon codes ready for testing; next: gift cards",
        "• Quinn Tester: tested coupons; next: regression suite", "_Summary written without a language model._",
        "Everyone's answers are in the thread."]))
    thread = [line.split("\n")[0] for line in lines if line.startswith("     ↳ Slack #standup: ")]
    assert thread == ["     ↳ Slack #standup: *Dana Developer*", "     ↳ Slack #standup: *Quinn Tester*"]
