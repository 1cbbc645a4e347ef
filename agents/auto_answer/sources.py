"""Reading the configured sources — a folder of files, a ClickUp list's or a Jira project's tasks, a repository's
documentation —
and keeping the index in step with them: only documents whose digest changed are re-indexed."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable

from agents.auto_answer.chunking import VERSION, RawDocument, chunk, markdown_title
from agents.auto_answer.config import TRACKER_KINDS, EmbeddingsConfig, SourceConfig
from agents.auto_answer.embeddings import embed_missing
from agents.base import AgentContext
from agents.common.search import SearchIndex
from agents.common.state import AgentState
from integrations.errors import NotFound
from integrations.models import RepoFile, Task

SUFFIXES = (".md", ".markdown", ".txt", ".rst")
MAX_FILES = 5000
MAX_FILE_BYTES = 1_000_000
OVERLAP = timedelta(minutes=5)  # incremental tracker reads start a little before the last one: clocks differ


@runtime_checkable
class RepoFiles(Protocol):
    """A code host that can read files of a repository (GitHubHost does)."""

    async def read_files(self, repo: str, paths: Sequence[str]) -> list[RepoFile]: ...


class IndexMark(AgentState):
    """When a source was last indexed (also: whether it ever was)."""

    namespace = "auto_answer:indexed"
    at: datetime | None = None


@dataclass
class IndexReport:
    """What one indexing pass of a source did."""

    source: str
    read: int = 0
    changed: int = 0
    removed: int = 0
    embedded: int = 0  # passages given a vector (auto_answer.embeddings)
    skipped: str | None = None  # why nothing was read (a platform not configured, a missing folder)


def folder_root(src: SourceConfig, config_dir: Path | None) -> Path:
    """A folder source's path, relative to the team YAML's folder."""
    path = Path(src.path or ".").expanduser()
    return path if path.is_absolute() else (config_dir or Path.cwd()) / path


def _read_folder(root: Path) -> list[tuple[str, str]]:
    base = root.resolve()
    found: list[tuple[str, str]] = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() not in SUFFIXES:
            continue
        real = path.resolve()
        # A symlink out of the folder would index files nobody configured as a source.
        if not real.is_file() or not real.is_relative_to(base) or real.stat().st_size > MAX_FILE_BYTES:
            continue
        found.append((rel.as_posix(), real.read_text(encoding="utf-8", errors="replace")))
        if len(found) >= MAX_FILES:
            break
    return found


async def read_folder(src: SourceConfig, config_dir: Path | None) -> list[RawDocument] | None:
    root = folder_root(src, config_dir)
    if not root.is_dir():
        return None
    files = await asyncio.to_thread(_read_folder, root)
    base = src.url.rstrip("/") + "/" if src.url else None
    return [RawDocument(src.name, ref, markdown_title(text, ref), f"{base}{ref}" if base else None, text,
                        markdown=not ref.endswith(".txt")) for ref, text in files]


async def read_task(ctx: AgentContext, src: SourceConfig, task: Task) -> RawDocument:
    """A task as a document: its name, description and every comment."""
    assert ctx.tracker is not None
    parts = [task.description or ""]
    for comment in await ctx.tracker.comments(task.id):
        who = (comment.author.username or comment.author.id) if comment.author else "someone"
        parts.append(f"{who} commented: {comment.text}")
    title = f"{task.custom_id or task.id}: {task.name}"
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    return RawDocument(src.name, task.id, title, task.url, f"{task.name}\n\n{text}".strip(), markdown=False)


async def read_repo(ctx: AgentContext, src: SourceConfig) -> list[RawDocument] | None:
    code = ctx.code
    if not isinstance(code, RepoFiles) or not src.repo:
        return None
    files = await code.read_files(src.repo, list(src.paths))
    context = src.repo.replace("/", " ")
    return [RawDocument(src.name, f.path, markdown_title(f.text, f.path), f.url, f.text,
                        markdown=not f.path.endswith(".txt"), context=context) for f in files]


def task_digest(task: Task) -> str:
    """What the listing says about a task, comments included through `date_updated` (a comment moves it): a task
    whose listing is unchanged is not read again, so a crawl cut short resumes where it stopped."""
    seen = "\x1f".join((VERSION, task.name, task.description or "", task.url or "", task.custom_id or "",
                        task.date_updated.isoformat() if task.date_updated else ""))
    return hashlib.sha256(seen.encode("utf-8")).hexdigest()


async def _store_tasks(ctx: AgentContext, index: SearchIndex, src: SourceConfig, tasks: Sequence[Task],
                       known: dict[str, str], report: IndexReport, *, always: bool = False) -> None:
    report.read += len(tasks)
    for task in tasks:
        digest = task_digest(task)
        if always or known.get(task.id) != digest:
            document = chunk(await read_task(ctx, src, task))
            await index.replace(dataclasses.replace(document, digest=digest))
            report.changed += 1


async def _store(index: SearchIndex, raws: list[RawDocument], known: dict[str, str], report: IndexReport) -> None:
    report.read += len(raws)
    for raw in raws:
        document = chunk(raw)
        if known.get(raw.ref) != document.digest:
            await index.replace(document)
            report.changed += 1


async def index_source(ctx: AgentContext, index: SearchIndex, src: SourceConfig, *, full: bool,
                       embeddings: EmbeddingsConfig | None = None) -> IndexReport:
    """Bring one source's documents in the index up to date. Files and repositories are listed whole each time;
    a tracker list is read whole when `full`, else only the tasks updated since the last pass. With `embeddings`,
    then embed the source's passages that have no vector yet."""
    report = IndexReport(src.name)
    known = await index.digests(src.name)
    mark = await ctx.state.load(IndexMark, src.name)
    started = ctx.clock.now()
    if src.kind in TRACKER_KINDS:
        if (skipped := _no_tracker_for(ctx, src)) is not None:
            report.skipped = skipped
            return report
        assert ctx.tracker is not None
        since = None if full or mark.at is None else mark.at - OVERLAP
        tasks = await ctx.tracker.find_tasks(list_id=src.tracker_list, updated_since=since, include_closed=True)
        await _store_tasks(ctx, index, src, tasks, known, report)
        if since is None:
            report.removed = await _remove_missing(index, src.name, known, {t.id for t in tasks})
    else:
        raws = await (read_folder(src, ctx.config_dir) if src.kind == "folder" else read_repo(ctx, src))
        if raws is None:
            report.skipped = (f"folder {folder_root(src, ctx.config_dir)} not found" if src.kind == "folder"
                              else "no code host that reads files configured")
            return report
        await _store(index, raws, known, report)
        report.removed = await _remove_missing(index, src.name, known, {r.ref for r in raws})
    await ctx.state.save(IndexMark(at=started), src.name)
    report.embedded = await embed_missing(ctx, embeddings, index, [src.name])
    return report


def _no_tracker_for(ctx: AgentContext, src: SourceConfig) -> str | None:
    """Why a tracker source cannot be read with this deployment's tracker (none, or another platform's); None
    when it can. A context that does not say which platform its tracker is (a bare test context) is trusted."""
    if ctx.tracker is None:
        return "no task tracker configured"
    platform = ctx.platforms.get("tracker")
    if platform is not None and platform != TRACKER_KINDS[src.kind]:
        return f"a {src.kind} source needs {TRACKER_KINDS[src.kind]} as the tracker, not {platform}"
    return None


def tracker_sources(ctx: AgentContext, sources: Sequence[SourceConfig]) -> list[SourceConfig]:
    """The sources that read tasks of this deployment's tracker."""
    return [s for s in sources if s.kind in TRACKER_KINDS and _no_tracker_for(ctx, s) is None]


async def _remove_missing(index: SearchIndex, source: str, known: dict[str, str], present: set[str]) -> int:
    gone = [ref for ref in known if ref not in present]
    return await index.remove(source, gone) if gone else 0


async def index_task(ctx: AgentContext, index: SearchIndex, sources: Sequence[SourceConfig], task_id: str,
                     embeddings: EmbeddingsConfig | None = None, *, list_id: str | None = None) -> int:
    """A tracker webhook named a task: re-index it in the list sources that hold it (or forget a deleted one).
    `list_id`: the List the webhook says the task is in, when it says. How many documents changed."""
    lists = tracker_sources(ctx, sources)
    if not lists or ctx.tracker is None:
        return 0
    if list_id is not None and all(s.tracker_list != list_id for s in lists):
        # In a List no source reads: only a copy indexed earlier (before a move) needs the API's word.
        if not any([await index.digests(s.name, [task_id]) for s in lists]):
            return 0
    try:
        task = await ctx.tracker.get_task(task_id)
    except NotFound:
        return sum([await index.remove(s.name, [task_id]) for s in lists])
    changed = 0
    for src in lists:
        known = await index.digests(src.name, [task_id])
        if src.tracker_list not in task.lists:
            changed += await index.remove(src.name, [task_id]) if task_id in known else 0
            continue
        report = IndexReport(src.name)
        await _store_tasks(ctx, index, src, [task], known, report, always=True)  # the webhook says it changed
        changed += report.changed
        await embed_missing(ctx, embeddings, index, [src.name])
    return changed
