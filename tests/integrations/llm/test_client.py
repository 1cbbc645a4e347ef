"""OpenAILLM (openai SDK) against a running OpenAIStub; FallbackLLM offline and deterministic."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.errors import AuthFailed, PlatformRejected, RateLimited, Unavailable
from integrations.llm.client import FallbackLLM, OpenAILLM, example_for_schema, fit_budget, make_llm
from integrations.llm.sim.api import OpenAIStub
from integrations.protocols import LLM
from integrations.sim_base import free_port

KEY = "sk-test-5f1e2d3c"
MODEL = "gpt-test-mini"
SUMMARY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "summary": {"type": "string"},
        "blockers": {"type": "array", "items": {"type": "string"}},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "priority": {"type": "string", "enum": ["low", "normal", "high"]},
        "done": {"type": "boolean"},
        "owner": {"type": ["string", "null"]},
        "counts": {"type": "object", "properties": {"open": {"type": "integer", "minimum": 1}}},
    },
    "required": ["summary", "blockers", "confidence", "priority", "done", "owner", "counts"],
}
SUMMARY_DEFAULTS = {
    "summary": "",
    "blockers": [],
    "confidence": 0,
    "priority": "low",
    "done": False,
    "owner": "",
    "counts": {"open": 1},
}


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    simulator = OpenAIStub(api_key=KEY, reply="Standup: all green.")
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
async def llm(stub: OpenAIStub) -> AsyncIterator[OpenAILLM]:
    client = OpenAILLM(KEY, base_url=stub.base_url, model=MODEL, max_retries=0)
    yield client
    await client.aclose()


def test_both_are_llms(llm: OpenAILLM) -> None:
    assert isinstance(llm, LLM) and llm.available is True
    assert isinstance(FallbackLLM(), LLM) and FallbackLLM.available is False
    assert KEY not in repr(llm)


async def test_plain_completion(llm: OpenAILLM, stub: OpenAIStub) -> None:
    messages = [
        {"role": "system", "content": "You write terse standup summaries."},
        {"role": "user", "content": "Dana: coupons done. Lee: testing profile page."},
    ]
    assert await llm.complete(messages) == "Standup: all green."
    (call,) = stub.calls("POST", "/v1/chat/completions")
    assert call.json == {"model": MODEL, "messages": messages}
    assert call.headers["authorization"] == f"Bearer {KEY}"


async def test_reply_can_depend_on_the_messages(stub: OpenAIStub, llm: OpenAILLM) -> None:
    stub.reply = lambda messages: messages[-1]["content"].upper()
    assert await llm.complete([{"role": "user", "content": "shout"}]) == "SHOUT"


async def test_schema_completion_returns_json(llm: OpenAILLM, stub: OpenAIStub) -> None:
    text = await llm.complete([{"role": "user", "content": "Summarise."}], schema=SUMMARY_SCHEMA)
    assert json.loads(text) == SUMMARY_DEFAULTS
    (body,) = stub.completions()
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "result", "schema": SUMMARY_SCHEMA},
    }
    stub.json_reply = {"summary": "Two PRs merged."}
    assert json.loads(await llm.complete([{"role": "user", "content": "Again."}], schema=SUMMARY_SCHEMA)) == {
        "summary": "Two PRs merged."
    }


async def test_prompt_stays_within_budget_for_huge_input(stub: OpenAIStub) -> None:
    llm = OpenAILLM(KEY, base_url=stub.base_url, model=MODEL, max_prompt_chars=5_000, max_retries=0)
    history = [{"role": "user" if i % 2 else "assistant", "content": f"update {i}: " + "x" * 900} for i in range(200)]
    messages = [{"role": "system", "content": "Be brief."}, *history,
                {"role": "user", "content": "Summarise the week.\n" + "task line\n" * 2_000}]
    await llm.complete(messages)
    (body,) = stub.completions()
    sent = body["messages"]
    assert sum(len(m["content"]) for m in sent) <= 5_000
    assert sent[0] == {"role": "system", "content": "Be brief."}
    assert sent[-1]["content"].startswith("Summarise the week.\ntask line\n")
    assert sent[-1]["content"].endswith("…[truncated]")
    await llm.aclose()


def test_fit_budget_drops_oldest_first() -> None:
    messages = [
        {"role": "system", "content": "s" * 10},
        {"role": "user", "content": "a" * 50},
        {"role": "assistant", "content": "b" * 50},
        {"role": "user", "content": "c" * 30},
    ]
    assert fit_budget(messages, 100) == [
        {"role": "system", "content": "s" * 10},
        {"role": "assistant", "content": "b" * 50},
        {"role": "user", "content": "c" * 30},
    ]
    assert fit_budget(messages, 1_000) == messages


@settings(max_examples=200, deadline=None)
@given(
    contents=st.lists(st.tuples(st.sampled_from(["system", "user", "assistant"]), st.text(max_size=300)),
                      min_size=1, max_size=12),
    budget=st.integers(min_value=0, max_value=1_500),
)
def test_fit_budget_never_exceeds(contents: list[tuple[str, str]], budget: int) -> None:
    messages = [{"role": role, "content": text} for role, text in contents]
    fitted = fit_budget(messages, budget)
    assert sum(len(m["content"]) for m in fitted) <= budget
    assert fitted and fitted[-1]["role"] == messages[-1]["role"]


async def test_bad_key_is_auth_failed(stub: OpenAIStub, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    llm = OpenAILLM("sk-wrong-key-42", base_url=stub.base_url, model=MODEL, max_retries=0)
    with pytest.raises(AuthFailed):
        await llm.complete([{"role": "user", "content": "hi"}])
    assert "sk-wrong-key-42" not in caplog.text
    await llm.aclose()


async def test_server_error_is_unavailable(stub: OpenAIStub) -> None:
    llm = OpenAILLM(KEY, base_url=stub.base_url, model=MODEL, max_retries=1)
    stub.fail_next("/v1/chat/completions", 500, times=2, body={"error": {"message": "boom", "type": "server_error"}},
                   headers={"retry-after-ms": "1"})
    with pytest.raises(Unavailable):
        await llm.complete([{"role": "user", "content": "hi"}])
    assert len(stub.calls("POST", "/v1/chat/completions")) == 2  # one try plus the one retry configured
    await llm.aclose()


async def test_rate_limit_and_rejection(llm: OpenAILLM, stub: OpenAIStub) -> None:
    stub.fail_next("/v1/chat/completions", 429, body={"error": {"message": "slow down", "type": "requests"}},
                   headers={"retry-after": "12"})
    with pytest.raises(RateLimited) as caught:
        await llm.complete([{"role": "user", "content": "hi"}])
    assert caught.value.retry_after == 12
    stub.fail_next("/v1/chat/completions", 400, body={"error": {"message": "context too long", "type": "invalid"}})
    with pytest.raises(PlatformRejected):
        await llm.complete([{"role": "user", "content": "hi"}])


async def test_unreachable_endpoint_is_unavailable() -> None:
    llm = OpenAILLM(KEY, base_url=f"http://127.0.0.1:{free_port()}/v1", model=MODEL, max_retries=0)
    with pytest.raises(Unavailable):
        await llm.complete([{"role": "user", "content": "hi"}])
    await llm.aclose()


async def test_fallback_is_deterministic_and_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("FallbackLLM opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    fallback = FallbackLLM()
    messages = [
        {"role": "system", "content": "Summarise."},
        {"role": "user", "content": "old question"},
        {"role": "assistant", "content": "old answer"},
        {"role": "user", "content": "\n  Line one  \n\nLine two\nLine three\nLine four\n" + "y" * 500},
    ]
    first = await fallback.complete(messages)
    assert first == "Line one\nLine two\nLine three"
    assert await fallback.complete(messages) == first
    assert json.loads(await fallback.complete(messages, schema=SUMMARY_SCHEMA)) == SUMMARY_DEFAULTS
    assert await fallback.complete([{"role": "system", "content": "only system"}]) == ""


def test_example_for_schema_handles_refs_and_unions() -> None:
    schema = {
        "type": "object",
        "$defs": {"Item": {"type": "object", "properties": {"id": {"type": "integer"}, "tag": {"const": "x"}}}},
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}, "minItems": 1},
            "maybe": {"anyOf": [{"type": "null"}, {"type": "string", "default": "n/a"}]},
            "free": {},
        },
    }
    assert example_for_schema(schema) == {"items": [{"id": 0, "tag": "x"}], "maybe": "n/a", "free": None}


def test_make_llm_chooses_by_key() -> None:
    assert isinstance(make_llm(None, "https://api.openai.com/v1", MODEL), FallbackLLM)
    assert isinstance(make_llm("", "https://api.openai.com/v1", MODEL), FallbackLLM)
    real = make_llm(KEY, "http://127.0.0.1:9/v1", MODEL)
    assert isinstance(real, OpenAILLM) and real.model == MODEL and real.base_url == "http://127.0.0.1:9/v1"


async def test_stub_rejects_malformed_requests(stub: OpenAIStub) -> None:
    import httpx

    auth = {"Authorization": f"Bearer {KEY}"}
    async with httpx.AsyncClient(base_url=stub.base_url) as client:
        assert (await client.post("/chat/completions", json={"messages": []}, headers=auth)).status_code == 400
        no_key = await client.post("/chat/completions", json={"model": MODEL, "messages": [{"role": "user"}]})
        assert no_key.status_code == 401
        assert no_key.json()["error"]["code"] == "invalid_api_key"
        models = await client.get("/models", headers=auth)
        assert [m["id"] for m in models.json()["data"]] == ["gpt-4o-mini"]
