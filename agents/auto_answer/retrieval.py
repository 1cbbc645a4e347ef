"""Finding the passages that answer a question, and how sure that is.

The index returns candidates holding any of the question's words (or their thesaurus variants), ranked by
bm25 / ts_rank. Each candidate is then scored by how much of the question it covers: every content word of
the question weighs its inverse passage frequency (rare words say more; a word no source contains weighs
most, so a question about something the sources never mention scores low), a synonym counts a little less
than the word itself, and the score is the covered share of the total weight (0–1). That score is the
confidence compared with `min_confidence`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from agents.auto_answer.safety import looks_like_injection
from agents.auto_answer.text import Thesaurus, clean, terms
from agents.common.search import Hit, SearchIndex

CANDIDATES = 50
SYNONYM_CREDIT = 0.8
MAX_CONCEPTS = 12  # a pasted paragraph is not a question: its first dozen content words are plenty


@dataclass(frozen=True)
class Concept:
    """One content word of the question, the stems that count as it, and its weight."""

    term: str
    variants: frozenset[str]
    weight: float


@dataclass(frozen=True)
class Scored:
    """A candidate passage and the share of the question it covers."""

    hit: Hit
    score: float


def concepts_of(question: str, thesaurus: Thesaurus) -> list[tuple[str, frozenset[str]]]:
    found = list(dict.fromkeys(terms(clean(question))))[:MAX_CONCEPTS]
    return [(t, thesaurus.variants(t)) for t in found]


def idf(passages: int, frequency: int) -> float:
    return math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5))


def coverage(hit: Hit, concepts: Sequence[Concept]) -> float:
    total = sum(c.weight for c in concepts)
    if total <= 0:
        return 0.0
    words = set(hit.terms.split()) | set(hit.title_terms.split())
    got = 0.0
    for c in concepts:
        if c.term in words:
            got += c.weight
        elif c.variants & words:
            got += c.weight * SYNONYM_CREDIT
    return round(got / total, 4)


class Retriever:
    """Question → scored passages of the allowed sources, best first."""

    def __init__(self, index: SearchIndex, thesaurus: Thesaurus) -> None:
        self.index = index
        self.thesaurus = thesaurus

    async def concepts(self, question: str) -> list[Concept]:
        asked = concepts_of(question, self.thesaurus)
        if not asked:
            return []
        stats = await self.index.term_stats(sorted({v for _, variants in asked for v in variants}))
        n = max(stats.passages, 1)
        return [Concept(term, variants, idf(n, max(stats.frequencies.get(v, 0) for v in variants)))
                for term, variants in asked]

    async def retrieve(self, question: str, sources: Sequence[str]) -> list[Scored]:
        """Every candidate, best first: by coverage, then by the backend's rank. Passages that address an
        assistant ("ignore previous instructions…") are not evidence and are left out."""
        if not sources:
            return []
        concepts = await self.concepts(question)
        if not concepts:
            return []
        search = sorted({v for c in concepts for v in c.variants})
        hits = await self.index.search(search, list(sources), CANDIDATES)
        scored = [Scored(h, coverage(h, concepts)) for h in hits if not looks_like_injection(h.text)]
        order = {h.id: i for i, h in enumerate(hits)}
        return sorted(scored, key=lambda s: (-s.score, order[s.hit.id]))


def distinct_documents(scored: Sequence[Scored], k: int) -> list[Scored]:
    """The best passage of each of the first `k` documents."""
    seen: set[tuple[str, str]] = set()
    out: list[Scored] = []
    for s in scored:
        key = (s.hit.source, s.hit.ref)
        if key not in seen:
            seen.add(key)
            out.append(s)
            if len(out) == k:
                break
    return out
