"""Finding the passages that answer a question, and how sure that is.

The index returns candidates holding any of the question's words (or their thesaurus variants), ranked by
bm25 / ts_rank. Each candidate is then scored by how much of the question it covers: every idea of the
question (a content word with its thesaurus variants) weighs its inverse passage frequency — rare words say
more, and a word no source contains weighs most, so a question about something the sources never mention
scores low; acronyms and codes (SEV1, 2FA, CSV) weigh half again as much; a synonym counts a little less than
the word itself. The covered share of the total weight, raised to the power 1.5, is the confidence compared
with `min_confidence`: a passage covering half of the question scores 0.35, the default threshold. A passage
that is not about any idea of the question — none of its headings names one, and it holds none of the
question's codes — scores half of that: it only mentions the question's words in passing ("can I get a
company phone?" matching a bug report about Android phones), the typical confident answer to a question the
sources do not answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from agents.auto_answer import evidence
from agents.auto_answer.text import Thesaurus, clean, stem, terms
from agents.common.search import Embedder, Hit, SearchIndex, VectorIndex
from integrations.errors import IntegrationError

CANDIDATES = 50
SYNONYM_CREDIT = 1.0
SPECIFIC_WEIGHT = 1.5
CALIBRATION = 1.5  # coverage ** 1.5: half of the question covered ≈ 0.35
# A passage none of whose headings (document title, section, file name) names an idea of the question, and which
# holds none of its codes or acronyms, mentions the question's words only in passing: its confidence is halved.
OFF_TOPIC = 0.5
# The index ranks every passage holding any searched word; when the question's words together occur in more
# than this many passages, the most common ones are not searched for (they still count for coverage): they
# say little about which passage answers, and ranking all their passages is what makes a search slow.
MATCH_BUDGET = 2000
_SPECIFIC = re.compile(r"\b(?:[A-Za-z]*[A-Z]{2}[A-Za-z0-9]*|[A-Za-z]+\d+[A-Za-z0-9]*|\d+[A-Za-z]+[A-Za-z0-9]*)\b")
# Ordering only (not confidence): among passages that cover the question alike, those whose own text holds
# more of its words (not just their document's title) come first, then those the backend ranks higher.
BODY_WEIGHT, BODY_CAP = 0.05, 3
RANK_WEIGHT = 0.05
RRF_K = 60  # reciprocal rank fusion: 1 / (60 + rank) per ranking, the usual constant
MAX_CONCEPTS = 12  # a pasted paragraph is not a question: its first dozen content words are plenty


@dataclass(frozen=True)
class Concept:
    """One idea of the question: the words it was asked with, the stems that count as it, and its weight."""

    terms: frozenset[str]
    variants: frozenset[str]
    weight: float
    specific: bool = False  # an acronym or code (SEV1, 2FA, CSV)


@dataclass(frozen=True)
class Hybrid:
    """Embedding search beside full-text search: who embeds the question, with which model, how many nearest."""

    embedder: Embedder
    model: str
    candidates: int
    reads: bool = False  # the best passages are read sentence by sentence (agents/auto_answer/evidence.py)
    dims: int | None = None  # nearest passages scanned on the vectors' leading `dims` (a Matryoshka model)


@dataclass(frozen=True)
class Scored:
    """A candidate passage and the share of the question it covers."""

    hit: Hit
    score: float


def concepts_of(question: str, thesaurus: Thesaurus) -> list[tuple[frozenset[str], frozenset[str]]]:
    """The question's content words; words of one thesaurus group ("ship to prod") are one idea, not two."""
    merged: list[tuple[frozenset[str], frozenset[str]]] = []
    for term in list(dict.fromkeys(terms(clean(question))))[:MAX_CONCEPTS]:
        variants = thesaurus.variants(term)
        same = next((i for i, (_, v) in enumerate(merged) if v & variants), None)
        if same is None:
            merged.append((frozenset([term]), variants))
        else:
            said, known = merged[same]
            merged[same] = (said | {term}, known | variants)
    return merged


def idf(passages: int, frequency: int) -> float:
    return math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5))


def coverage(hit: Hit, concepts: Sequence[Concept]) -> float:
    """The confidence that `hit` answers the question: the covered share of the question's weight, to the power
    CALIBRATION, halved when the passage is not about any idea of the question (see `on_topic`)."""
    total = sum(c.weight for c in concepts)
    if total <= 0:
        return 0.0
    words = set(hit.terms.split()) | set(hit.title_terms.split())
    got = 0.0
    for c in concepts:
        if c.terms & words:
            got += c.weight
        elif c.variants & words:
            got += c.weight * SYNONYM_CREDIT
    score = (got / total) ** CALIBRATION
    return round(score if on_topic(hit, concepts) else score * OFF_TOPIC, 4)


def on_topic(hit: Hit, concepts: Sequence[Concept]) -> bool:
    """A passage is about an idea of the question when its headings name it (or a variant of it), or when its
    text holds one of the question's codes or acronyms (SEV1, 1Password), which name a topic by themselves."""
    titled = set(hit.title_terms.split())
    text = set(hit.terms.split())
    return any(c.variants & titled or (c.specific and c.terms & text) for c in concepts)


class Retriever:
    """Question → scored passages of the allowed sources, best first."""

    def __init__(self, index: SearchIndex, thesaurus: Thesaurus, hybrid: Hybrid | None = None) -> None:
        self.index = index
        self.thesaurus = thesaurus
        self.hybrid = hybrid if isinstance(index, VectorIndex) else None

    async def concepts(self, question: str) -> list[Concept]:
        return (await self._analyse(question))[0]

    async def _analyse(self, question: str) -> tuple[list[Concept], dict[str, int]]:
        asked = concepts_of(question, self.thesaurus)
        if not asked:
            return [], {}
        stats = await self.index.term_stats(sorted({v for _, variants in asked for v in variants}))
        n = max(stats.passages, 1)
        specific = {stem(w.lower()) for w in _SPECIFIC.findall(clean(question))}
        return [Concept(said, variants, idf(n, max(stats.frequencies.get(v, 0) for v in variants))
                        * (SPECIFIC_WEIGHT if said & specific else 1.0), bool(said & specific))
                for said, variants in asked], stats.frequencies

    async def retrieve(self, question: str, sources: Sequence[str]) -> list[Scored]:
        """Every candidate, best first: by coverage plus a little of the backend's rank (so of two passages
        covering the question alike, the one bm25 / ts_rank prefers comes first). Passages that address an
        assistant ("ignore previous instructions…") are not evidence: they were left out of the index when it
        was built (agents/auto_answer/chunking.py), so candidates are not checked again here."""
        if not sources:
            return []
        concepts, frequencies = await self._analyse(question)
        if not concepts:
            return []
        search = sorted({v for c in concepts for v in c.variants})
        hits = await self.index.search(searched(search, frequencies), list(sources), CANDIDATES)
        near = await self._nearest(question, sources)
        lexical = {h.id for h in hits}
        hits += [h for h in near if h.id not in lexical]
        scored = [Scored(h, coverage(h, concepts)) for h in hits]
        best = max((h.rank for h in hits if h.id in lexical), default=0.0) or 1.0
        asked = frozenset(search)

        def order(s: Scored) -> float:
            in_text = len(asked & set(s.hit.terms.split()))
            rank = s.hit.rank / best if s.hit.id in lexical else 0.0
            return -(s.score + BODY_WEIGHT * min(in_text, BODY_CAP) + RANK_WEIGHT * rank)

        ranked = sorted(scored, key=order)
        if not near:
            return ranked
        # Reciprocal rank fusion of the full-text order (coverage first) and the embedding order: a passage near
        # the top of both comes first. Confidence stays the coverage score, so declining works as without.
        by_vector = {h.id: i for i, h in enumerate(near)}
        fused = {s.hit.id: 1 / (RRF_K + i) + (1 / (RRF_K + by_vector[s.hit.id]) if s.hit.id in by_vector else 0.0)
                 for i, s in enumerate(ranked)}
        ranked = sorted(ranked, key=lambda s: -fused[s.hit.id])
        if self.hybrid is not None and self.hybrid.reads:
            return await self._read(question, concepts, ranked)
        return ranked

    async def _read(self, question: str, concepts: Sequence[Concept], ranked: list[Scored]) -> list[Scored]:
        """The best passages of the first few documents, read sentence by sentence: their confidence becomes
        the evidence one (agents/auto_answer/evidence.py), and they are ordered by it, ahead of the rest."""
        assert self.hybrid is not None
        checked = distinct_documents(ranked, evidence.CHECKED)
        texts = [evidence.passage_sentences(s.hit.text) for s in checked]
        try:
            vectors = await self.hybrid.embedder.embed([question, *(t for ts in texts for t in ts)], self.hybrid.model)
        except IntegrationError:
            return ranked
        matrix = np.asarray(vectors, dtype=np.float32)
        ask = evidence.asking(clean(question), [c.variants for c in concepts], self.thesaurus)
        read: list[Scored] = []
        at = 1
        for s, ts in zip(checked, texts, strict=True):
            reading = evidence.read(matrix[0], matrix[at:at + len(ts)], ts, ask, f"{s.hit.title}\n{s.hit.text}")
            at += len(ts)
            read.append(Scored(s.hit, evidence.confidence(s.score, reading)))
        ids = {s.hit.id for s in checked}
        return sorted(read, key=lambda s: -s.score) + [s for s in ranked if s.hit.id not in ids]

    async def _nearest(self, question: str, sources: Sequence[str]) -> list[Hit]:
        if self.hybrid is None or not isinstance(self.index, VectorIndex):
            return []
        try:
            vector = (await self.hybrid.embedder.embed([question], self.hybrid.model))[0]
        except (IntegrationError, IndexError):
            return []  # the endpoint failed: full-text only for this question
        return await self.index.nearest(self.hybrid.model, vector, list(sources), self.hybrid.candidates,
                                        self.hybrid.dims)


def searched(words: Sequence[str], frequencies: dict[str, int]) -> list[str]:
    """The words to search for: all of them, unless together they occur in more than MATCH_BUDGET passages;
    then the most common are left out until they fit (the rarest word always stays)."""
    kept = sorted(words, key=lambda w: (frequencies.get(w, 0), w))
    while len(kept) > 1 and sum(frequencies.get(w, 0) for w in kept) > MATCH_BUDGET:
        kept.pop()
    return sorted(kept)


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
