"""Language-model clients: any OpenAI-compatible endpoint, or a deterministic offline fallback."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import openai

from integrations.errors import AuthFailed, PlatformRejected, RateLimited, Unavailable
from integrations.headers import retry_after
from integrations.protocols import LLM

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
# About 6k tokens at ~4 characters a token; the prompt never grows past this, however large
# the workspace (callers summarise; this is the last line of defence).
DEFAULT_MAX_PROMPT_CHARS = 24_000
TRUNCATION_MARK = "\n…[truncated]"
DEFAULT_RATE_LIMIT_WAIT = 20.0
FALLBACK_LINES = 3
FALLBACK_LINE_CHARS = 200

Message = dict[str, str]


def _content(message: Any) -> str:
    value = message.get("content") if isinstance(message, dict) else None
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _total(messages: list[Message]) -> int:
    return sum(len(m["content"]) for m in messages)


def _shorten(text: str, excess: int) -> str:
    keep = len(text) - excess - len(TRUNCATION_MARK)
    if keep > 0:
        return text[:keep] + TRUNCATION_MARK
    return text[: max(0, len(text) - excess)]


def fit_budget(messages: list[dict[str, Any]], max_chars: int) -> list[Message]:
    """Messages whose contents total at most `max_chars`.

    Oldest non-system messages go first (the last message, the actual request, always stays);
    if that is not enough, the longest contents are cut, keeping their beginnings.
    """
    fitted: list[Message] = [{"role": str(m.get("role", "user")), "content": _content(m)} for m in messages]
    budget = max(0, max_chars)
    while _total(fitted) > budget:
        droppable = [i for i, m in enumerate(fitted[:-1]) if m["role"] != "system"]
        if not droppable:
            break
        del fitted[droppable[0]]
    for _ in range(4 * len(fitted) + 4):
        excess = _total(fitted) - budget
        if excess <= 0:
            break
        longest = max(fitted, key=lambda m: len(m["content"]))
        longest["content"] = _shorten(longest["content"], excess)
    return fitted


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node: Any = root
        for part in ref[2:].split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            return node
    return schema


def example_for_schema(schema: Any, root: dict[str, Any] | None = None, depth: int = 0) -> Any:
    """A deterministic value that matches a JSON Schema: defaults, first enum values, empties."""
    if not isinstance(schema, dict) or depth > 20:
        return None
    root = root if root is not None else schema
    schema = _resolve(schema, root)
    if "default" in schema:
        return schema["default"]
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            concrete = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
            return example_for_schema((concrete or options)[0], root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and "properties" in schema):
        props = schema.get("properties")
        if not isinstance(props, dict):
            return {}
        return {name: example_for_schema(sub, root, depth + 1) for name, sub in props.items()}
    if kind == "array":
        count = schema.get("minItems", 0)
        item = example_for_schema(schema.get("items"), root, depth + 1)
        return [item] * count if isinstance(count, int) and 0 < count <= 10 else []
    if kind == "string":
        length = schema.get("minLength", 0)
        return "-" * length if isinstance(length, int) and 0 < length <= 100 else ""
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        base = low if isinstance(low, int | float) and not isinstance(low, bool) and low > 0 else 0
        if "exclusiveMinimum" in schema and base == schema["exclusiveMinimum"]:
            base += 1
        return int(base) if kind == "integer" else base
    if kind == "boolean":
        return False
    return None


def _retry_after(exc: openai.APIStatusError) -> float:
    headers = exc.response.headers if exc.response is not None else {}
    wait = retry_after(headers, reset="x-ratelimit-reset-requests", reset_kind="duration")
    return DEFAULT_RATE_LIMIT_WAIT if wait is None else wait


def translate(exc: Exception) -> Exception:
    """Map an openai SDK exception onto what the caller should do next."""
    if isinstance(exc, openai.RateLimitError):
        return RateLimited(_retry_after(exc), "model endpoint rate limited")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthFailed(f"model endpoint refused the key ({exc.status_code})")
    if isinstance(exc, openai.APIConnectionError | openai.InternalServerError):  # includes timeouts
        return Unavailable(f"model endpoint unavailable ({type(exc).__name__})")
    if isinstance(exc, openai.APIStatusError) and exc.status_code >= 500:
        return Unavailable(f"model endpoint failed ({exc.status_code})")
    if isinstance(exc, openai.APIStatusError):
        return PlatformRejected(f"model endpoint rejected the request ({exc.status_code})")
    return PlatformRejected(f"model call failed ({type(exc).__name__})")


class OpenAILLM:
    """A chat model behind any OpenAI-compatible endpoint (OPENAI_BASE_URL)."""

    available = True

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        model: str = DEFAULT_MODEL,
        max_prompt_chars: int = DEFAULT_MAX_PROMPT_CHARS,
        max_retries: int = 2,
        timeout: float = 60.0,
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.max_prompt_chars = max_prompt_chars
        self._client = openai.AsyncOpenAI(api_key=api_key, base_url=base_url, max_retries=max_retries, timeout=timeout)

    def __repr__(self) -> str:  # the key stays out of reprs and logs
        return f"OpenAILLM(model={self.model!r}, base_url={self.base_url!r})"

    async def complete(self, messages: list[dict[str, str]], schema: dict | None = None) -> str:
        prompt = fit_budget(messages, self.max_prompt_chars)
        options: dict[str, Any] = {}
        if schema is not None:
            options["response_format"] = {"type": "json_schema", "json_schema": {"name": "result", "schema": schema}}
        try:
            response = await self._client.chat.completions.create(
                model=self.model,
                messages=prompt,  # type: ignore[arg-type]
                **options,
            )
        except openai.OpenAIError as exc:
            error = translate(exc)
            log.info("llm call failed: %s", type(error).__name__)
            raise error from None
        if not response.choices:
            raise PlatformRejected("model endpoint returned no choices")
        return response.choices[0].message.content or ""

    async def embed(self, texts: Sequence[str], model: str) -> list[list[float]]:
        """One vector per text from the endpoint's `/embeddings` (same key and base URL as the chat model)."""
        if not texts:
            return []
        try:
            response = await self._client.embeddings.create(model=model, input=list(texts), encoding_format="float")
        except openai.OpenAIError as exc:
            error = translate(exc)
            log.info("embedding call failed: %s", type(error).__name__)
            raise error from None
        vectors = [list(item.embedding) for item in sorted(response.data, key=lambda item: item.index)]
        if len(vectors) != len(texts):
            raise PlatformRejected(f"embedding endpoint returned {len(vectors)} vectors for {len(texts)} inputs")
        return vectors

    async def aclose(self) -> None:
        await self._client.close()


class FallbackLLM:
    """No model configured: deterministic, offline answers.

    Callers check `available` and tell people the feature is "running without a model".
    Plain requests get the last user message condensed to its first lines; schema requests
    get a JSON object with default values for every property.
    """

    available = False

    async def complete(self, messages: list[dict[str, str]], schema: dict | None = None) -> str:
        if schema is not None:
            return json.dumps(example_for_schema(schema), ensure_ascii=False)
        last = next((_content(m) for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"), "")
        lines = [line.strip() for line in last.splitlines() if line.strip()]
        return "\n".join(line[:FALLBACK_LINE_CHARS] for line in lines[:FALLBACK_LINES])

    async def aclose(self) -> None:
        return None


def make_llm(api_key: str | None, base_url: str = DEFAULT_BASE_URL, model: str = DEFAULT_MODEL) -> LLM:
    """The real client when a key is configured, else the offline fallback."""
    if api_key:
        return OpenAILLM(api_key, base_url=base_url, model=model)
    return FallbackLLM()
