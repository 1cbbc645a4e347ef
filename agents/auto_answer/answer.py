"""The one pipeline behind every way of asking (channel, mention, DM, `/ask`, `pmbot ask`): refuse what must be
refused, answer live-state questions from the tools, otherwise retrieve from the allowed sources and either
decline, quote the best passages (no model) or let the model write a short cited answer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from agents.auto_answer import live, reader, safety
from agents.auto_answer import messages as msg
from agents.auto_answer.config import AutoAnswerConfig, EmbeddingsConfig
from agents.auto_answer.embeddings import embedder
from agents.auto_answer.local_model import SEARCH_DIMS, LocalEmbedder
from agents.auto_answer.retrieval import Concept, Hybrid, Retriever, Scored, distinct_documents
from agents.auto_answer.sources import IndexMark, index_source
from agents.auto_answer.text import MD_LINK, clean, sentences, terms, thesaurus
from agents.base import AgentContext
from agents.common.mrkdwn import Mrkdwn, esc, link, unescape
from agents.common.search import SearchIndex
from integrations.errors import IntegrationError

QUOTE_CHARS = 320
PROMPT_PASSAGE_CHARS = 1200  # ~300 tokens (chars/4): the prompt stays under ~1.5k tokens whatever the workspace
MODEL_ANSWER_CHARS = 1200
SECOND_QUOTE = 0.9  # a second passage is quoted when it scores within 10 % of the best
SEE_ALSO = 0.8  # further documents are cited (not quoted) when they score within 20 % of the best
_CITE = re.compile(r"\[(\d{1,2})\]")
_UNWRAP = re.compile(r"(?<!\n)\n(?!\n|\s*(?:[-*•]|\d+\.)\s)")  # a hard-wrapped line, not a new paragraph or item


@dataclass(frozen=True)
class Scope:
    """What may answer a question asked here: these sources, and live state or not."""

    sources: tuple[str, ...]
    live: bool


@dataclass(frozen=True)
class Citation:
    n: int
    title: str
    source: str
    ref: str
    url: str | None
    score: float


@dataclass
class Answer:
    """An answer (or a refusal to answer), with its numbered citations."""

    text: Mrkdwn  # Slack text, built by agents.common.mrkdwn
    confident: bool
    kind: str  # documents | live | declined | refused
    citations: list[Citation] = field(default_factory=list)
    model: bool = False
    note: str | None = None
    hits: list[Scored] = field(default_factory=list)  # every candidate, best first (the evaluation reads them)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(c.source for c in self.citations))

    @property
    def plain_text(self) -> str:
        text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", self.text)
        return unescape(re.sub(r"(?m)^> ?", "    ", text).replace("*", ""))

    def to_json(self) -> dict[str, Any]:
        return {"answer": self.plain_text, "confident": self.confident,
                "citations": [{"n": c.n, "title": c.title, "source": c.source, "ref": c.ref, "url": c.url,
                               "score": c.score} for c in self.citations]}


def hybrid(ctx: AgentContext, cfg: EmbeddingsConfig | None, index: SearchIndex | None) -> Hybrid | None:
    """Embedding search beside full-text search, when `auto_answer.embeddings` is set and a model endpoint is."""
    client = embedder(ctx, cfg, index)
    if client is None or cfg is None:
        return None
    local = isinstance(client, LocalEmbedder)
    return Hybrid(client, cfg.model, cfg.candidates, reads=local, dims=SEARCH_DIMS if local else None)


def _decline(hits: list[Scored] | None = None, cfg: AutoAnswerConfig | None = None) -> Answer:
    """"I don't know", with the closest documents listed (not quoted) when something was found: a question
    worded far from the page's words is often declined with its page among the first three, and a person can
    open it rather than be left with nothing. The listed pages are not claimed to answer, and a page with no
    evidence at all (score 0: no word of the question, no sentence close enough) is not listed."""
    related = [s for s in hits or [] if s.score > 0]  # a page sharing no word nor a close sentence is not offered
    closest = distinct_documents(related, cfg.max_citations) if cfg is not None else []
    citations = [_citation(n, s) for n, s in enumerate(closest, 1)]
    return Answer(Mrkdwn(msg.declined(bool(citations))), False, "declined", citations, hits=hits or [])


async def ensure_indexed(ctx: AgentContext, cfg: AutoAnswerConfig, index: SearchIndex,
                         sources: tuple[str, ...]) -> None:
    """A source never indexed is indexed now, before its first question (the schedule keeps it fresh)."""
    for name in sources:
        src = cfg.source(name)
        if src is not None and (await ctx.state.load(IndexMark, name)).at is None:
            report = await index_source(ctx, index, src, full=True, embeddings=cfg.vectors())
            ctx.log.info("indexed %s on first use: %d documents", name, report.read)


async def ask(ctx: AgentContext, cfg: AutoAnswerConfig, index: SearchIndex | None, question: str, scope: Scope,
              asker: str | None) -> Answer:
    text = clean(question).strip()
    if not terms(text):
        return Answer(Mrkdwn(msg.EMPTY), False, "declined")
    if safety.refusal(text):
        return Answer(Mrkdwn(msg.REFUSED), False, "refused")
    if scope.live:
        call = await live.choose(ctx, cfg, text, asker)
        result = await live.run(ctx, cfg, call, asker) if call else None
        if result is not None:
            return _live_answer(ctx, result)
    if index is None or not scope.sources:
        return _decline()
    await ensure_indexed(ctx, cfg, index, scope.sources)
    retriever = Retriever(index, thesaurus(cfg.synonyms), hybrid(ctx, cfg.vectors(), index))
    concepts = await retriever.concepts(text)
    scored = await retriever.retrieve(text, scope.sources)
    if not scored or not await _answers(ctx, cfg, text, scored[0]):
        return _decline(scored, cfg)
    if ctx.llm.available:
        written = await _model_answer(ctx, cfg, text, scored)
        if written is not None:
            return written
    return _quote_answer(cfg, scored, concepts)


async def _answers(ctx: AgentContext, cfg: AutoAnswerConfig, question: str, best: Scored) -> bool:
    """Whether the best passage is worth answering from: its retrieval confidence reaches `min_confidence` and,
    where the reader reads (no model endpoint, `auto_answer.reader` on), the reader does not veto it (a near miss:
    the words match, the asked-for fact is not there)."""
    if best.score < cfg.min_confidence:
        return False
    if ctx.llm.available or not cfg.reader.active():
        return True
    try:
        score = await reader.read(cfg.reader.model, cfg.reader.threads, question, best.hit.text)
    except Exception as exc:  # noqa: BLE001 - a reader that cannot load or run vetoes nothing
        ctx.log.warning("the reader failed (%s: %s); answering on the confidence", type(exc).__name__, exc)
        return True
    ctx.log.info("reader: %.2f for %s (veto at %.2f or below)", score, best.hit.ref, cfg.reader.threshold)
    return score > cfg.reader.threshold


def _live_answer(ctx: AgentContext, result: live.ToolResult) -> Answer:
    source = ctx.platforms.get(result.source, result.source)
    citations = [Citation(n, item.title, source, item.ref, item.url, 1.0) for n, item in enumerate(result.items, 1)]
    lines = [esc(result.heading)]
    for n, item in enumerate(result.items, 1):
        lines.append(Mrkdwn("• {} — {} [{}]").format(link(item.url, item.title), item.line, n))
    if result.more:
        lines.append(esc(msg.more_line(result.more)))
    text = safety.outgoing(Mrkdwn("\n").join(lines), [c.url for c in citations if c.url])
    return Answer(text, True, "live", citations)


def _citation(n: int, s: Scored) -> Citation:
    return Citation(n, s.hit.title, s.hit.source, s.hit.ref, s.hit.url, s.score)


def best_excerpt(text: str, concepts: list[Concept], limit: int = QUOTE_CHARS) -> str:
    """The passage itself when short, else the run of sentences starting at the one covering most of the
    question, up to `limit` characters."""
    plain = _UNWRAP.sub(" ", MD_LINK.sub(r"\1", text)).strip()
    if len(plain) <= limit:
        return plain
    parts = sentences(plain)

    def weight(sentence: str) -> float:
        words = set(terms(sentence))
        return sum(c.weight for c in concepts if c.variants & words)

    start = max(range(len(parts)), key=lambda i: (weight(parts[i]), -i))
    picked: list[str] = []
    for sentence in parts[start:]:
        if picked and len(" ".join(picked)) + len(sentence) > limit:
            break
        picked.append(sentence)
    excerpt = " ".join(picked)
    return excerpt if len(excerpt) <= limit else excerpt[: limit - 1].rstrip() + "…"


def _quote_answer(cfg: AutoAnswerConfig, scored: list[Scored], concepts: list[Concept]) -> Answer:
    top = distinct_documents(scored, cfg.max_citations)
    quoted = [top[0]] + [s for s in top[1:2] if s.score >= max(cfg.min_confidence, top[0].score * SECOND_QUOTE)]
    floor = max(cfg.min_confidence, top[0].score * SEE_ALSO)
    cited = quoted + [s for s in top if s not in quoted and s.score >= floor]
    citations = [_citation(n, s) for n, s in enumerate(cited, 1)]
    parts = [msg.quote_intro(s.hit.title, n) + Mrkdwn("\n") + msg.quoted(best_excerpt(s.hit.text, concepts))
             for n, s in enumerate(quoted, 1)]
    text = safety.outgoing(Mrkdwn("\n").join(parts), [c.url for c in citations if c.url])
    return Answer(text, True, "documents", citations, note=msg.NO_MODEL, hits=scored)


ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["answerable", "answer", "citations"],
    "properties": {"answerable": {"type": "boolean"}, "answer": {"type": "string"},
                   "citations": {"type": "array", "items": {"type": "integer"}}},
}


async def _model_answer(ctx: AgentContext, cfg: AutoAnswerConfig, question: str,
                        scored: list[Scored]) -> Answer | None:
    """The model writes the answer from the best passages; None (quote instead) when its reply is unusable."""
    given = distinct_documents(scored, cfg.max_citations)
    prompt = msg.answer_prompt(question, [(s.hit.title, s.hit.text[:PROMPT_PASSAGE_CHARS]) for s in given])
    try:
        reply = json.loads(await ctx.llm.complete(prompt, schema=ANSWER_SCHEMA))
    except (IntegrationError, ValueError) as exc:
        ctx.log.info("model answer failed (%s); quoting instead", type(exc).__name__)
        return None
    if not isinstance(reply, dict):
        return None
    if reply.get("answerable") is False:
        return _decline(scored, cfg)
    text = str(reply.get("answer") or "").strip()[:MODEL_ANSWER_CHARS]
    used = [n for n in dict.fromkeys(int(m) for m in _CITE.findall(text)) if 1 <= n <= len(given)]
    listed = [n for n in reply.get("citations") or [] if isinstance(n, int) and 1 <= n <= len(given)]
    order = list(dict.fromkeys(used + listed))
    if not text or not order:
        return None  # an answer that cites nothing found is not one pmbot will post
    renumber = {old: new for new, old in enumerate(order, 1)}
    text = _CITE.sub(lambda m: f"[{renumber[int(m.group(1))]}]" if int(m.group(1)) in renumber else "", text)
    citations = [_citation(renumber[old], given[old - 1]) for old in order]
    text = re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    text = safety.outgoing(text, [c.url for c in citations if c.url])
    return Answer(text, True, "documents", citations, model=True, hits=scored)
