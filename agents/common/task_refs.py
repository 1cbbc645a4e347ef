"""Task references in GitHub text (branch names, PR titles and bodies, commit messages), and their
resolution against the tracker.

`CU-<id>` names a ClickUp task id; `ENG-42` a custom task id; `#<id>` is only a candidate: on GitHub
`#12` usually means an issue or pull request, so it counts only when the tracker knows such a task.
A tracker that says what its references look like (`WorkflowTracker.references`: Jira's issue keys) is asked
instead, so nothing ClickUp-shaped (`CU-`, `#12`, ClickUp links) is looked up on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from agents.base import AgentContext
from integrations.errors import AuthFailed, NotFound, PlatformRejected
from integrations.models import Task
from integrations.protocols import WorkflowTracker

MAX_CANDIDATES = 10  # each costs one tracker read; a pasted changelog must not cost a hundred

_CU = re.compile(r"(?<![A-Za-z0-9])CU-([A-Za-z0-9]{1,32})(?![A-Za-z0-9])", re.IGNORECASE)
_HASH = re.compile(r"(?<![\w/&#])#([A-Za-z0-9]{1,32})(?![\w-])")
_CUSTOM = re.compile(r"(?<![A-Za-z0-9-])([A-Z][A-Z0-9]{0,9}-\d{1,9})(?![\w-])")
_CUSTOM_ANY_CASE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{0,9}-\d{1,9})(?![A-Za-z0-9])")
_URL = re.compile(r"app\.clickup\.com/t/(?:\d+/)?([A-Za-z0-9]+(?:-\d+)?)(?![\w-])")


@dataclass(frozen=True)
class Candidate:
    """A possible task reference: `kind` is `id` (CU-), `custom` (ENG-42) or `hash` (#abc)."""

    kind: str
    value: str

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.value}"


def candidates_in(ctx: AgentContext, *, branch: str | None = None, texts: Iterable[str | None] = (),
                  prefixes: Iterable[str] = ()) -> list[Candidate]:
    """`find_candidates` in the form of `ctx.tracker`'s references (its own where it says, ClickUp's otherwise)."""
    tracker = ctx.tracker
    references = tracker.references if isinstance(tracker, WorkflowTracker) else None
    return find_candidates(branch=branch, texts=texts, prefixes=prefixes, references=references)


def find_candidates(
    *, branch: str | None = None, texts: Iterable[str | None] = (), prefixes: Iterable[str] = (),
    references: Callable[[str], list[str]] | None = None,
) -> list[Candidate]:
    """Every reference in a branch name and free texts, in order of appearance, without repeats. With
    `references` (a tracker's), exactly the references it finds, each a `custom` candidate (read by key)."""
    allowed = {p.upper().rstrip("-") for p in prefixes}
    found: list[Candidate] = []
    if references is not None:
        for text in [branch, *texts]:
            for key in references(text or ""):
                candidate = Candidate("custom", key)
                if candidate not in found and (not allowed or key.split("-", 1)[0].upper() in allowed):
                    found.append(candidate)
        return found[:MAX_CANDIDATES]

    def add(candidate: Candidate) -> None:
        if candidate not in found:
            found.append(candidate)

    def custom(value: str) -> None:
        prefix = value.split("-", 1)[0].upper()
        if prefix == "CU" or (allowed and prefix not in allowed):
            return
        add(Candidate("custom", value.upper()))

    if branch:
        # Branch names are often lower-cased (feature/eng-42-coupons); ids and custom ids alike.
        for match in _CU.finditer(branch):
            add(Candidate("id", match.group(1)))
        for match in _CUSTOM_ANY_CASE.finditer(branch):
            custom(match.group(1))
    for text in texts:
        if not text:
            continue
        for match in _URL.finditer(text):
            value = match.group(1)
            add(Candidate("custom", value.upper()) if "-" in value else Candidate("id", value))
        for match in _CU.finditer(text):
            add(Candidate("id", match.group(1)))
        for match in _CUSTOM.finditer(text):
            custom(match.group(1))
        for match in _HASH.finditer(text):
            add(Candidate("hash", match.group(1)))
    return found[:MAX_CANDIDATES]


def task_key(ctx: AgentContext, task: Task) -> str | None:
    """The task's key where the tracker's tasks have keys (its `custom_id` is a reference in the tracker's own
    form, `WorkflowTracker.references`: Jira's `ENG-42`), else None (ClickUp: people know a task by its name)."""
    tracker, key = ctx.tracker, task.custom_id
    if key and isinstance(tracker, WorkflowTracker) and tracker.references(key) == [key]:
        return key
    return None


def task_label(ctx: AgentContext, task: Task) -> str:
    """`ENG-42 Search` where the task's key is a reference in the tracker's own form, else the task's name."""
    key = task_key(ctx, task)
    return f"{key} {task.name}" if key else task.name


async def resolve(ctx: AgentContext, candidates: list[Candidate], known: dict[str, str | None]) -> list[str]:
    """Tracker task ids for the candidates. `known` maps tokens already tried to their task id (or None)
    and is updated in place, so later events on the same pull request do not ask again."""
    if ctx.tracker is None:
        return []
    ids: list[str] = []
    for candidate in candidates:
        if candidate.token not in known:
            known[candidate.token] = await _lookup(ctx, candidate)
        task_id = known[candidate.token]
        if task_id and task_id not in ids:
            ids.append(task_id)
    return ids


async def _lookup(ctx: AgentContext, candidate: Candidate) -> str | None:
    assert ctx.tracker is not None
    try:
        task = await ctx.tracker.get_task(candidate.value, custom_id=candidate.kind == "custom")
    except (NotFound, PlatformRejected):
        return None
    except AuthFailed:
        # ClickUp answers 401 for ids of other workspaces too: not ours, so not a reference.
        ctx.log.warning("task reference refused by the tracker", extra={"reference": candidate.token})
        return None
    return task.id
