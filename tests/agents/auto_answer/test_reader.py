"""The reader (agents/auto_answer/reader.py) on the real packaged model (Gemma 3 270M on llama.cpp, installed by
`make reader`, which `make test` runs): its scores, its bounds, and the gate it is in the pipeline, asserted on
what the Slack simulator recorded."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from agents.auto_answer import reader
from agents.auto_answer.config import AutoAnswerConfig, ReaderConfig
from tests.agents.auto_answer.road_support import answer_world, replies, say
from tests.agents.auto_answer.test_slack_road import DONT_KNOW, VACATION
from tests.support.loop import ticks_while

DECLINED_WITH_PAGE = ("I don't know — nothing in the sources I can use here answers that confidently. The closest "
                      "pages, which may not answer it:\n\n[1] Time off › Vacation (`time-off.md`)\n"
                      "[2] Laptops (`guides/laptop.md`)")
RELEASES = ("We deploy to production on Tuesdays and Thursdays after 14:00. Never deploy on a Friday. The release "
            "captain runs the release script and watches the dashboards.")


@pytest.fixture
def reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(reader.SWITCH, "auto")  # the suite runs with the reader off (tests/conftest.py)


def test_the_model_is_installed_and_loads_from_its_wheels() -> None:
    assert reader.installed(), "make test installs the reader (make reader): llama-cpp-python and the model"
    model = reader.reader(None, 2)
    assert model.path.name == "gemma-3-270m-q4_k_m.gguf"
    assert model.path.stat().st_size > 200_000_000


def test_scores_are_the_models_log_odds_for_this_question_and_passage() -> None:
    model = reader.reader(None, 2)
    first = model.score("which days can i ship to prod", RELEASES)
    assert model.score("which days can i ship to prod", RELEASES) == first  # the model's state is reset each time
    assert math.isfinite(first)
    assert model.score("which days can i ship to prod", "The canteen serves lunch from noon to two.") != first
    assert model.score("how long does a rollback take", RELEASES) != first


def test_long_and_odd_input_is_bounded_and_still_scored() -> None:
    model = reader.reader(None, 2)
    odd = "🦜𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 2000  # characters of a byte a token: far more tokens than the context holds
    assert isinstance(model.score(odd, odd), float)
    assert len(reader.prompt("q" * 40_000, "p" * 40_000)) < 3_000


def test_off_switch_and_config() -> None:
    assert AutoAnswerConfig().reader.active() is False  # PMBOT_READER=off in the suite
    assert ReaderConfig(enabled=False).active() is False
    with pytest.raises(ValidationError, match="threshold"):
        ReaderConfig(threshold=50)


def test_on_by_default_when_installed(reading: None) -> None:
    assert ReaderConfig().active() is True
    assert ReaderConfig(enabled=False).active() is False


def test_in_slack_the_reader_vetoes_a_near_miss_the_confidence_answers(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    near_miss = "how many vacation days can i carry over to next year"  # the vacation page never says
    with answer_world(tmp_path / "off") as w:  # the reader off: the confidence answers on the shared words
        ts = say(w, "U0DANA", "C0HELP", near_miss)
        assert [m.text for m in replies(w, "C0HELP", ts)] == [VACATION]
    monkeypatch.setenv(reader.SWITCH, "auto")
    with answer_world(tmp_path / "on") as w:  # the packaged model reads the vacation page: it does not say
        ts = say(w, "U0DANA", "C0HELP", near_miss)
        assert [m.text for m in replies(w, "C0HELP", ts)] == [DECLINED_WITH_PAGE]
    with answer_world(tmp_path / "never", reader={"threshold": -20}) as w:  # the veto is the reader's score
        ts = say(w, "U0DANA", "C0HELP", near_miss)
        assert [m.text for m in replies(w, "C0HELP", ts)] == [VACATION]
        # The reader only vetoes: what the confidence declines stays declined, whatever the reader would say.
        ts = say(w, "U0DANA", "C0HELP", "Where can I park my bike?")
        assert [m.text for m in replies(w, "C0HELP", ts)] == [DONT_KNOW]


def test_a_reader_that_cannot_load_falls_back_to_the_confidence(tmp_path: Path, reading: None,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), answer_world(tmp_path, reader={"model": str(tmp_path / "none.gguf")}) as w:
        ts = say(w, "U0DANA", "C0HELP", "How many vacation days do we get?")
        assert [m.text for m in replies(w, "C0HELP", ts)] == [VACATION]
    assert any("the reader failed (ReaderUnavailable: no model file at" in r.getMessage() for r in caplog.records)


async def test_reading_never_stalls_the_event_loop() -> None:
    # about a second of CPU
    _, took, ticks = await ticks_while(reader.read(None, 2, "which days can i ship to prod", RELEASES * 8))
    assert took > 0.2 and ticks > 3, (took, ticks)  # a read in the loop's thread would let it tick once
