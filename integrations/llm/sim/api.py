"""A deterministic OpenAI-compatible chat endpoint on loopback, for tests and the sandbox."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import re
import struct
import time
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from integrations.llm.client import example_for_schema
from integrations.sim_base import Simulator

__all__ = ["OpenAIStub", "DEFAULT_KEY", "hashed_vector"]

DEFAULT_KEY = "sk-sim"
DEFAULT_REPLY = "OK (simulated model)"

Reply = str | Callable[[list[dict[str, Any]]], str]
JsonReply = dict[str, Any] | Callable[[dict[str, Any], list[dict[str, Any]]], Any]


EMBEDDING_DIMENSIONS = 256
_WORD = re.compile(r"[a-z0-9]+")


def hashed_vector(text: str, dimensions: int = EMBEDDING_DIMENSIONS) -> list[float]:
    """The stub's embedding: a unit-length bag of words, each lower-case word (and its first five letters, so
    "deploys" and "deployment" meet) hashed to one dimension. Deterministic; texts sharing words point alike."""
    vector = [0.0] * dimensions
    for word in _WORD.findall(text.lower()):
        for key in {word, word[:5]}:
            vector[int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % dimensions] += 1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def _error(status: int, message: str, kind: str, code: str | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": None, "code": code}}, status_code=status
    )


class OpenAIStub(Simulator):
    """POST /v1/chat/completions with a configurable, deterministic reply, POST /v1/embeddings with hashed
    bag-of-words vectors (`hashed_vector`); records every request."""

    name = "openai"
    api_prefix = "/v1"

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_KEY,
        reply: Reply = DEFAULT_REPLY,
        json_reply: JsonReply | None = None,
        models: tuple[str, ...] = ("gpt-4o-mini",),
    ) -> None:
        self.api_key = api_key
        self.reply = reply
        self.json_reply = json_reply
        self.models = models
        self._ids = itertools.count(1)
        super().__init__()

    def completions(self) -> list[dict[str, Any]]:
        """The JSON bodies of the chat completion requests received, oldest first."""
        return [r.json for r in self.calls("POST", "/v1/chat/completions") if isinstance(r.json, dict)]

    def embedding_requests(self) -> list[dict[str, Any]]:
        """The JSON bodies of the embedding requests received, oldest first."""
        return [r.json for r in self.calls("POST", "/v1/embeddings") if isinstance(r.json, dict)]

    def _content(self, body: dict[str, Any]) -> str:
        messages = body["messages"]
        fmt = body.get("response_format")
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            schema = (fmt.get("json_schema") or {}).get("schema") or {}
            if callable(self.json_reply):
                value = self.json_reply(schema, messages)
            elif self.json_reply is not None:
                value = self.json_reply
            else:
                value = example_for_schema(schema)
            return json.dumps(value, ensure_ascii=False)
        if isinstance(fmt, dict) and fmt.get("type") == "json_object":
            return json.dumps(self.json_reply if isinstance(self.json_reply, dict) else {})
        return self.reply(messages) if callable(self.reply) else self.reply

    def _authorised(self, request: Request) -> bool:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and value.strip() == self.api_key

    async def _body(self, request: Request) -> dict[str, Any] | JSONResponse:
        """The request's JSON object, or the error OpenAI answers: a bad key, a body that is not JSON, no model."""
        if not self._authorised(request):
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.", "invalid_request_error")
        if not isinstance(body, dict) or not isinstance(body.get("model"), str):
            return _error(400, "you must provide a model parameter", "invalid_request_error")
        return body

    def routes(self) -> None:
        app = self.app

        @app.post("/v1/chat/completions")
        async def chat_completions(request: Request) -> JSONResponse:
            body = await self._body(request)
            if isinstance(body, JSONResponse):
                return body
            messages = body.get("messages")
            if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
                return _error(400, "'messages' must be a non-empty array of objects", "invalid_request_error")
            content = self._content(body)
            prompt_tokens = sum(len(str(m.get("content") or "")) for m in messages) // 4 + 1
            completion_tokens = len(content) // 4 + 1
            return JSONResponse(
                {
                    "id": f"chatcmpl-sim{next(self._ids):06d}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content, "refusal": None},
                            "logprobs": None,
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": completion_tokens,
                        "total_tokens": prompt_tokens + completion_tokens,
                    },
                    "system_fingerprint": "fp_sim",
                }
            )

        @app.post("/v1/embeddings")
        async def embeddings(request: Request) -> JSONResponse:
            body = await self._body(request)
            if isinstance(body, JSONResponse):
                return body
            given = body.get("input")
            inputs = [given] if isinstance(given, str) else given
            if not isinstance(inputs, list) or not inputs or not all(isinstance(t, str) and t for t in inputs):
                return _error(400, "'input' must be a non-empty string or array of strings", "invalid_request_error")
            if len(inputs) > 2048:
                return _error(400, "'input' must have at most 2048 items", "invalid_request_error")
            base64_format = body.get("encoding_format") == "base64"
            data = []
            for i, text in enumerate(inputs):
                vector = hashed_vector(text)
                value: Any = (base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
                              if base64_format else vector)
                data.append({"object": "embedding", "index": i, "embedding": value})
            tokens = sum(len(t) for t in inputs) // 4 + 1
            return JSONResponse({"object": "list", "data": data, "model": body["model"],
                                 "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

        @app.get("/v1/models")
        async def list_models(request: Request) -> JSONResponse:
            if not self._authorised(request):
                return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "pmbot-sim"} for m in self.models]
            return JSONResponse({"object": "list", "data": data})
