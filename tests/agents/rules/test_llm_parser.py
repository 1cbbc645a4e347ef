"""The model path: the real `openai` client against the local OpenAI-compatible stub, asked with the rule format's
JSON schema; the built-in parser takes over (and says so) with no model, an unreachable one, or a bad answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from agents.rules.llm_parser import MAX_NAMES, parse_with_model, prompt, rule_schema
from agents.rules.messages import NO_MODEL
from agents.rules.phrases import Vocabulary
from agents.team import TeamConfig
from integrations.llm.client import FallbackLLM, OpenAILLM
from integrations.llm.sim.api import OpenAIStub
from tests.agents.rules.rules_support import rules_team
from tests.support.loop import ticks_while
from tests.support.platforms import put_bodies
from tests.support.world import SeedTask, world

KEY = "sk-rules-test"
SENTENCE = "if something urgent lands, hand it to whoever is free on the backend team by tomorrow"
MODEL_RULE: dict[str, Any] = {
    "name": "Urgent Lands",
    "when": {"event": "task.priority_changed"},
    "if": [{"field": "priority", "op": "eq", "value": "urgent"}],
    "then": [{"do": "assign", "to": ["team:backend"], "mode": "round_robin"},
             {"do": "set_due_date", "date": "tomorrow"}],
}
VOCAB = Vocabulary.from_team(rules_team(), asker="U0LEE")


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    simulator = OpenAIStub(api_key=KEY, json_reply=MODEL_RULE)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
async def llm(stub: OpenAIStub) -> AsyncIterator[OpenAILLM]:
    client = OpenAILLM(KEY, base_url=stub.base_url, model="gpt-test", max_retries=0)
    yield client
    await client.aclose()


async def test_the_model_reads_what_the_built_in_parser_cannot(llm: OpenAILLM, stub: OpenAIStub) -> None:
    result = await parse_with_model(SENTENCE, VOCAB, llm)
    assert result.parser == "model" and result.note == "(read by the language model)"
    assert result.rule is not None and result.rule.data() == {**MODEL_RULE, "name": "urgent-lands"}
    (body,) = stub.completions()
    assert body["response_format"] == {"type": "json_schema", "json_schema": {"name": "result",
                                                                              "schema": rule_schema()}}
    system, user = body["messages"]
    assert user == {"role": "user", "content": SENTENCE}
    assert "People: Dana Developer, Devon Builder, Lee Lead, Quinn Tester, Rae Checker" in system["content"]
    assert "Teams: backend, qa" in system["content"] and 'The person asking ("me"): Lee Lead' in system["content"]


async def test_a_bad_answer_falls_back_to_the_built_in_parser(llm: OpenAILLM, stub: OpenAIStub) -> None:
    stub.json_reply = {"name": "x", "when": {"event": "task.exploded"}, "then": []}
    result = await parse_with_model("when a task is marked urgent, DM Lee", VOCAB, llm)
    assert result.parser == "rules"
    assert result.note == "(the model's answer was not a valid rule; the built-in sentence parser read this)"
    assert result.rule is not None and result.rule.data()["then"] == [
        {"do": "dm", "to": ["Lee Lead"], "text": "{{event.summary}}"}]


async def test_an_unreachable_model_falls_back_and_says_so(llm: OpenAILLM, stub: OpenAIStub) -> None:
    stub.fail_next("/v1/chat/completions", 500, body={"error": {"message": "boom", "type": "server_error"}})
    result = await parse_with_model("when a task is marked urgent, DM Lee", VOCAB, llm)
    assert result.note == ("(the model could not be reached: Unavailable; the built-in sentence parser read this)")
    assert result.rule is not None


async def test_no_model_configured_says_it_runs_without_one() -> None:
    result = await parse_with_model("when a task is marked urgent, DM Lee", VOCAB, FallbackLLM())
    assert result.note == NO_MODEL and result.rule is not None


def test_the_prompt_does_not_grow_with_the_workspace() -> None:
    people = [{"name": f"Person {n:04d}", "slack": f"U{n:05d}"} for n in range(2000)]
    teams = {f"t{n}": [] for n in range(500)}
    big = Vocabulary.from_team(TeamConfig.model_validate({"people": people, "teams": teams}))
    small = Vocabulary.from_team(TeamConfig.model_validate({"people": people[:MAX_NAMES]}))
    size = sum(len(m["content"]) for m in prompt(SENTENCE * 20, big))
    assert size <= sum(len(m["content"]) for m in prompt(SENTENCE * 20, small)) + 40 * 6
    assert size // 4 < 2000  # tokens, at the documented estimate of 4 characters a token


def test_automate_through_the_model_end_to_end(tmp_path: Path, stub: OpenAIStub) -> None:
    settings = {"openai_api_key": KEY, "openai_base_url": stub.base_url, "pmbot_llm_model": "gpt-test"}
    with world(tmp_path, rules_team(), tasks=[SeedTask("T1", "Coupons", "in progress")], **settings) as w:
        w.slash(f"automate {SENTENCE}", "U0LEE")
        (dm,) = w.slack.dms("U0LEE")
        assert dm.text.startswith("Here is the rule I read. Nothing runs until you press *Enable*.\n\n"
                                  "*urgent-lands* — when a task's priority changes\n")
        assert dm.text.endswith("_(read by the language model)_")
        w.click("U0LEE", "rules.enable", (dm.blocks or [])[1]["elements"][0]["value"], dm.channel, dm.ts)
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        assert put_bodies(w.clickup)[0]["assignees"] == {"add": [101], "rem": []}


async def test_the_built_in_parser_never_stalls_the_event_loop() -> None:
    # A long sentence takes the built-in parser a while (seconds at 15,000 characters); it reads in a thread.
    sentence = "when a ticket moves to done dm lee" + ", the team loves it" * 400
    result, took, ticks = await ticks_while(parse_with_model(sentence, VOCAB, FallbackLLM()))
    assert result.rule is None and result.note == NO_MODEL
    assert took > 0.3 and ticks > 10, (took, ticks)  # read in the loop's thread, it ticks once
