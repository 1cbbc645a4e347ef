"""The summary through a model: the real `openai` client against the local OpenAI-compatible stub. A model
error or a model that does not answer in time posts the plain digest, never nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from integrations.llm.sim.api import OpenAIStub
from tests.agents.standup.standup_support import at, channel_messages, standup_team, standup_world
from tests.support.world import World

KEY = "sk-standup-test"
MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
PROMPT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
CUTOFF = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DIGEST = ["• Ben: coupons merged; next: search filters", "• Oona: profile page; next: avatars"]
HEAD = ["*Standup — Monday 23 November* · 2 of 2 answered", "*Blockers*", "• Oona: design review pending",
        "*Summary*"]
TAIL = ["Everyone's answers are in the thread."]


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    simulator = OpenAIStub(api_key=KEY, reply="Coupons are merged; search filters and avatars come next.")
    simulator.start()
    yield simulator
    simulator.stop()


@contextmanager
def answered_round(tmp_path: Path, stub: OpenAIStub, **standup: Any) -> Iterator[World]:
    team = standup_team(members=["Ben", "Oona"], **standup)
    with standup_world(tmp_path, team, start=MONDAY, openai_api_key=KEY, openai_base_url=stub.base_url) as w:
        at(w, PROMPT)
        w.slash("done: coupons merged next: search filters blockers: none", "U0BEN", command="/standup")
        w.slash("done: profile page next: avatars blockers: design review pending", "U0OONA", command="/standup")
        yield w


def summary_text(w: World) -> str:
    [summary] = [m for m in channel_messages(w) if not m.thread_ts]
    return summary.text


def test_the_model_writes_the_summary_from_a_bounded_prompt(tmp_path: Path, stub: OpenAIStub) -> None:
    with answered_round(tmp_path, stub) as w:
        at(w, CUTOFF, summary=True)
        assert summary_text(w) == "\n".join(
            [*HEAD, "Coupons are merged; search filters and avatars come next.", *TAIL])
        [request] = stub.completions()
        assert request["messages"] == [
            {"role": "system", "content": (
                "You summarise a software team's asynchronous standup for its Slack channel. Write 2 to 4 short "
                "sentences: what the team got done and what comes next, grouped by theme, naming people. Do not "
                "list blockers (they are listed separately) and do not mention who did not answer. Plain text.")},
            {"role": "user", "content": (
                "Standup answers for Monday 23 November:\n\n"
                "Ben:\nWhat did you get done since your last standup? coupons merged\n"
                "What will you do next? search filters\n\n"
                "Oona:\nWhat did you get done since your last standup? profile page\n"
                "What will you do next? avatars")},
        ]


def test_a_model_error_posts_the_digest(tmp_path: Path, stub: OpenAIStub) -> None:
    with answered_round(tmp_path, stub) as w:
        # The client tries three times (two retries); every answer is a server error.
        stub.fail_next("/v1/chat/completions", 500, times=3, headers={"retry-after-ms": "1"},
                       body={"error": {"message": "overloaded", "type": "server_error"}})
        at(w, CUTOFF, summary=True)
        assert summary_text(w) == "\n".join(
            [*HEAD, *DIGEST, "_The language model did not answer; this is the plain digest._", *TAIL])
        assert len(stub.calls("POST", "/v1/chat/completions")) == 3


def test_a_model_that_does_not_answer_in_time_posts_the_digest(tmp_path: Path, stub: OpenAIStub) -> None:
    release = threading.Event()

    def never(messages: list[dict[str, Any]]) -> str:
        release.wait(30)  # the model hangs (until the test is over)
        return "too late"

    stub.reply = never
    try:
        with answered_round(tmp_path, stub, llm_timeout="1s") as w:
            at(w, CUTOFF, summary=True)
            assert summary_text(w) == "\n".join(
                [*HEAD, *DIGEST, "_The language model did not answer; this is the plain digest._", *TAIL])
            assert len(stub.calls("POST", "/v1/chat/completions")) == 1
    finally:
        release.set()


def test_without_a_key_the_digest_says_so(tmp_path: Path) -> None:
    team = standup_team(members=["Ben"])
    with standup_world(tmp_path, team, start=MONDAY) as w:
        at(w, PROMPT)
        w.slash("done: coupons merged next: search filters", "U0BEN", command="/standup")
        at(w, CUTOFF, summary=True)
        assert summary_text(w).splitlines()[4:6] == [
            "• Ben: coupons merged; next: search filters", "_Summary written without a language model._"]
