"""Documents into passages: Markdown by its headings, then paragraphs packed to about a hundred words, each
passage titled with its document and section so a quote says where it comes from.

Text that addresses an assistant is removed here, when a document is indexed, not when a question is asked:
sentences that look like prompt injection are dropped from each paragraph, and a packed passage that still
looks like one as a whole (a role-tag dialogue across paragraphs) is not stored at all. So every stored passage
was checked once, and retrieval (agents/auto_answer/retrieval.py) trusts the index instead of checking its 50-70
candidates for every question, which cost more than the search itself (BENCHMARKS.md)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from agents.auto_answer.safety import looks_like_injection, without_injections
from agents.auto_answer.text import joined
from agents.common.search import Document, Passage

VERSION = "2"  # part of every digest: a change in how passages are cut re-indexes everything once
# 2: passages that look like prompt injection as a whole are not stored (retrieval stopped checking them)
TARGET_WORDS = 90
MAX_WORDS = 160
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class RawDocument:
    """A document as a source reads it, before it is cut into passages."""

    source: str
    ref: str
    title: str
    url: str | None
    text: str
    markdown: bool = True
    context: str = ""  # words that say what the whole document is about (a repository's name), for its titles


def humanise(ref: str) -> str:
    """`docs/time-off.md` → `Time off`."""
    stem = PurePosixPath(ref).stem.replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else ref


def digest(raw: RawDocument) -> str:
    content = "\x1f".join((VERSION, raw.title, raw.url or "", raw.context, raw.text))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def sections(text: str) -> list[tuple[list[str], str]]:
    """(heading path, body) per Markdown section; `#` lines inside code fences are not headings."""
    found: list[tuple[list[str], str]] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []
    fenced = False

    def close() -> None:
        if any(line.strip() for line in body):
            found.append(([h for _, h in path], "\n".join(body).strip()))
        body.clear()

    for line in _FRONT_MATTER.sub("", text).splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            close()
            level = len(match.group(1))
            path = [(lvl, h) for lvl, h in path if lvl < level] + [(level, match.group(2).strip())]
        else:
            body.append(line)
    close()
    return found


def _pieces(body: str) -> list[str]:
    """Paragraphs, with any paragraph longer than MAX_WORDS cut at sentence ends."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", body):
        paragraph = without_injections(paragraph.strip())
        if not paragraph:
            continue
        if len(paragraph.split()) <= MAX_WORDS:
            out.append(paragraph)
            continue
        chunk: list[str] = []
        for sentence in _SENTENCE.split(paragraph):
            if chunk and len(" ".join(chunk).split()) + len(sentence.split()) > MAX_WORDS:
                out.append(" ".join(chunk))
                chunk = []
            chunk.append(sentence)
        if chunk:
            out.append(" ".join(chunk))
    return out


def pack(body: str) -> list[str]:
    """Paragraphs packed into passages of about TARGET_WORDS (never past MAX_WORDS)."""
    passages: list[str] = []
    current: list[str] = []
    size = 0
    for piece in _pieces(body):
        n = len(piece.split())
        if current and (size >= TARGET_WORDS or size + n > MAX_WORDS):
            passages.append("\n\n".join(current))
            current, size = [], 0
        current.append(piece)
        size += n
    if current:
        passages.append("\n\n".join(current))
    return passages


def chunk(raw: RawDocument) -> Document:
    """The document cut into passages, each titled `Document › Section › Subsection`."""
    parts = sections(raw.text) if raw.markdown else [([], raw.text)]
    file_words = humanise(raw.ref) if raw.markdown else ""
    passages: list[Passage] = []
    for headings, body in parts:
        trail = [h for h in headings if h.lower() != raw.title.lower()]
        title = " › ".join([raw.title, *trail])
        title_terms = joined(" ".join([title, file_words, raw.context]))
        for text in pack(body):
            if looks_like_injection(text):
                continue
            passages.append(Passage(len(passages), title, text, title_terms, joined(text)))
    return Document(raw.source, raw.ref, raw.title, raw.url, digest(raw), tuple(passages))


def markdown_title(text: str, ref: str) -> str:
    """The first top-level heading, else the file name made readable."""
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", _FRONT_MATTER.sub("", text), re.M)
    return match.group(1) if match else humanise(ref)
