"""The language model behind any OpenAI-compatible endpoint. `PLATFORM` is what `bot/` needs to know of it."""

from __future__ import annotations

from typing import Any

from integrations.platform import Platform, setting


def _client(settings: Any, *, budget: Any = None) -> Any:
    from integrations.llm.client import make_llm

    return make_llm(setting(settings, "openai_api_key"), settings.openai_base_url, settings.pmbot_llm_model)


PLATFORM = Platform(
    name="llm",
    role="llm",
    title="OpenAI-compatible model",
    credentials=(),
    make_client=_client,
)
