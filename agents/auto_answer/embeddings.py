"""Embeddings: vectors for the passages that have none yet, and the question's vector at answer time - made by
the OpenAI-compatible endpoint the model client uses when `auto_answer.embeddings` is set, else by the model
packaged in `wordllama` (`auto_answer.local_model`). With the option set but no model endpoint, or with the
local model turned off, nothing here runs and retrieval is full-text only."""

from __future__ import annotations

from agents.auto_answer.config import EmbeddingsConfig
from agents.auto_answer.local_model import MODEL as LOCAL_MODEL
from agents.auto_answer.local_model import LocalEmbedder
from agents.base import AgentContext
from agents.common.search import Embedder, SearchIndex, VectorIndex
from integrations.errors import IntegrationError


def embedder(ctx: AgentContext, cfg: EmbeddingsConfig | None, index: SearchIndex | None) -> Embedder | None:
    """The client that embeds, when embeddings are configured and both the model and the index support them."""
    if cfg is None or not isinstance(index, VectorIndex):
        return None
    if cfg.model == LOCAL_MODEL:
        return LocalEmbedder()
    llm = ctx.llm
    return llm if getattr(llm, "available", False) and isinstance(llm, Embedder) else None


async def embed_missing(ctx: AgentContext, cfg: EmbeddingsConfig | None, index: SearchIndex,
                        sources: list[str]) -> int:
    """Embed the passages of `sources` that have no vector from the configured model, `batch` per request.
    Passages whose text did not change since they were embedded keep their vector (the index carries it over),
    so a re-index only pays for what changed. How many were embedded; stops quietly when the endpoint fails."""
    client = embedder(ctx, cfg, index)
    if client is None or cfg is None or not isinstance(index, VectorIndex):
        return 0
    done = 0
    while True:
        todo = await index.unembedded(cfg.model, sources, cfg.batch)
        if not todo:
            return done
        try:
            vectors = await client.embed([text for _, text in todo], cfg.model)
        except IntegrationError as exc:
            ctx.log.warning("embedding %d passages failed (%s); full-text search only for them", len(todo),
                            type(exc).__name__)
            return done
        stored = await index.store_vectors(cfg.model, [(pid, v) for (pid, _), v in zip(todo, vectors, strict=True)])
        done += stored
        if stored < len(todo):  # passages replaced meanwhile: the next pass sees their successors
            return done
