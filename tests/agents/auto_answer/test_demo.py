"""The sandbox demo shows a cited answer from the example handbook and a live-state answer from ClickUp."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.demo_answers import answers
from tests.support.demo import STARTS, demo_from


@pytest.mark.parametrize("start", STARTS)
def test_demo__a_cited_answer_and_a_live_state_answer(tmp_path: Path, start: str) -> None:
    lines: list[str] = []
    with demo_from(tmp_path, start) as demo:
        answers(demo, lines.append)
    assert lines == [
        "Auto-answerer — Dana asks in #help: “How many vacation days do we get?”",
        "   pmbot answers in the thread (cited from the handbook):",
        "     From *Time off › Vacation* [1]:",
        "     > Everyone gets 28 days of paid vacation a year. Request it in the HR tool at least two weeks ahead; "
        "your lead approves it there. Up to 5 unused days carry over to the next year and expire on 31 March.",
        "     [1] Time off › Vacation (`time-off.md`)",
        "     _Running without a model: the best passages, quoted._",
        "   buttons: 👍 👎",
        "    Lee asks in #help: “Who is testing task T4?”",
        "   pmbot answers in the thread (from the ClickUp simulator, right now):",
        "     Right now in the tracker:",
        "     • <https://app.clickup.com/t/T4|T4 Fix flaky login test> — *in testing*, Quinn Tester [1]",
        "     [1] <https://app.clickup.com/t/T4|T4 Fix flaky login test>",
        "   buttons: 👍 👎",
    ]
