"""The full-text passage index pmbot's storage provides to agents (`ctx.search`), with no external service:
SQLite FTS5 on the embedded default, PostgreSQL full-text search on PostgreSQL.

Agents hand it passages whose words are already normalised (lower-case stems separated by spaces), so both
backends see the same tokens and rank the same words; the index does no language processing of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Passage:
    """One searchable piece of a document: `title_terms` and `terms` are the normalised words of its title
    (document title, section headings, file name) and of its text."""

    position: int
    title: str
    text: str
    title_terms: str
    terms: str


@dataclass(frozen=True)
class Document:
    """A document of a named source (a file, a task, a repository file), split into passages. `digest` says
    whether it changed since it was indexed."""

    source: str
    ref: str
    title: str
    url: str | None
    digest: str
    passages: Sequence[Passage] = field(default_factory=tuple)


@dataclass(frozen=True)
class Hit:
    """A passage the index found, with the backend's own relevance (`rank`: higher is better)."""

    id: int
    source: str
    ref: str
    url: str | None
    position: int
    title: str
    text: str
    title_terms: str
    terms: str
    rank: float


@dataclass(frozen=True)
class TermStats:
    """How many passages there are, and in how many of them each asked-for term occurs (capped)."""

    passages: int
    frequencies: dict[str, int]


@runtime_checkable
class SearchIndex(Protocol):
    """Passages of named sources, searchable by any of a set of normalised terms; answer feedback beside it."""

    async def digests(self, source: str, refs: Sequence[str] | None = None) -> dict[str, str]:
        """Indexed documents of `source` (all, or those of `refs`): ref → digest."""

    async def replace(self, document: Document) -> None:
        """Store `document` and its passages instead of what was indexed under its source and ref."""

    async def remove(self, source: str, refs: Sequence[str] | None = None) -> int:
        """Forget documents of `source` (all of them when `refs` is None); how many were removed."""

    async def search(self, terms: Sequence[str], sources: Sequence[str], limit: int) -> list[Hit]:
        """Passages of `sources` holding any of `terms`, best first (at most `limit`)."""

    async def term_stats(self, terms: Sequence[str]) -> TermStats:
        """Passage count and per-term passage frequencies, for weighting rare words over common ones."""

    async def counts(self) -> dict[str, tuple[int, int]]:
        """Per source: (documents, passages)."""

    async def vote(self, answer: str, user: str, vote: int, sources: Sequence[str], at: float) -> bool:
        """Record a user's 👍 (1) or 👎 (-1) on an answer; a click older than the stored one is ignored (the
        last click wins). True when stored."""

    async def votes(self, answer: str | None = None) -> dict[str, tuple[int, int]]:
        """(👍, 👎) per source — or, for one `answer`, under the key "" — counting each user's last click."""


@runtime_checkable
class VectorIndex(Protocol):
    """Embedding vectors beside the passages (optional: `auto_answer.embeddings`)."""

    async def unembedded(self, model: str, sources: Sequence[str], limit: int) -> list[tuple[int, str]]:
        """Passages of `sources` with no vector from `model` yet: (passage id, text to embed)."""

    async def store_vectors(self, model: str, rows: Sequence[tuple[int, Sequence[float]]]) -> int:
        """Store `model`'s vector of each passage id; how many were stored."""

    async def nearest(self, model: str, vector: Sequence[float], sources: Sequence[str], limit: int,
                      scan: int | None = None) -> list[Hit]:
        """The passages of `sources` closest to `vector` by cosine similarity (`rank`), best first. `scan`: the
        model is Matryoshka-trained, so the index may compare on the leading `scan` dimensions first."""


@runtime_checkable
class Embedder(Protocol):
    """Something that turns texts into vectors (the OpenAI-compatible client's `/embeddings`)."""

    async def embed(self, texts: Sequence[str], model: str) -> list[list[float]]:
        """One vector per text."""
