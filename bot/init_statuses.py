"""`pmbot init`'s proposal for the QA router's statuses, from the statuses the workspace's Lists really have."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from agents.qa_router.config import QAStatuses
from bot.init_match import name_likeness

STATUS_MATCH = 0.8  # a status at least this like one of a role's usual names (0..1) plays that role
# The usual names of each role, the router's defaults first; a status is chosen by how like one of them it is.
USUAL_NAMES: dict[str, tuple[str, ...]] = {
    "ready": ("ready for testing", "ready for test", "ready for qa", "ready to test", "to test", "awaiting qa",
              "waiting for qa", "qa ready", "ready for verification", "to verify"),
    "testing": ("in testing", "testing", "in qa", "qa", "qa in progress", "in test", "under test", "verifying",
                "in verification"),
    "failed": ("needs fix", "needs fixing", "failed", "qa failed", "failed qa", "reopened", "rejected",
               "changes requested", "bug found", "returned"),
    "passed": ("done", "closed", "complete", "completed", "shipped", "released", "verified", "qa passed", "passed",
               "accepted", "resolved"),
}
ROLE_WORDS = {"ready": "ready for testing", "testing": "in testing", "failed": "needs fix", "passed": "done"}


@dataclass(frozen=True)
class ListStatuses:
    """One List of the workspace and its statuses, in board order."""

    id: str
    path: str
    statuses: tuple[str, ...]


@dataclass
class StatusProposal:
    """The router's statuses, the Lists to watch ([] = all) and one plain line per choice."""

    statuses: QAStatuses
    lists: list[ListStatuses]
    notes: list[str] = field(default_factory=list)
    watched_all: bool = True


def _likeness(status: str, role: str) -> tuple[float, str]:
    return max((name_likeness(status, usual), usual) for usual in USUAL_NAMES[role])


def propose_statuses(lists: Sequence[ListStatuses]) -> StatusProposal:
    """Choose each role's status among the Lists' statuses (the most like a usual name; ties: the status more
    Lists have); keep the router's default where nothing is alike, and say so. The router watches the Lists that
    have the chosen ready status, or every List when they all do."""
    count: dict[str, int] = {}  # status → how many Lists have it, in order of first appearance
    for lst in lists:
        for status in dict.fromkeys(s.lower() for s in lst.statuses):
            count[status] = count.get(status, 0) + 1
    order = {status: n for n, status in enumerate(count)}
    defaults = QAStatuses()
    chosen: dict[str, str] = {}
    notes: list[str] = []
    for role in ("ready", "testing", "failed"):
        scored = sorted(((*_likeness(s, role), count[s], s) for s in count if s not in chosen.values()),
                        key=lambda t: (-t[0], -t[2], order[t[3]]))
        default = str(getattr(defaults, role))
        if scored and scored[0][0] >= STATUS_MATCH:
            score, usual, lists_with, status = scored[0]
            chosen[role] = status
            like = "a usual name for it" if score == 1.0 else f"{round(score * 100)}% like {usual!r}"
            notes.append(f"{role}: {status!r} ({like}; in {lists_with} of {len(lists)} lists)")
        else:
            chosen[role] = default
            notes.append(f"{role}: no status like {ROLE_WORDS[role]!r} in any list: kept the default {default!r}")
    passed = sorted(((*_likeness(s, "passed"), count[s], s) for s in count if s not in chosen.values()),
                    key=lambda t: (-t[0], -t[2], order[t[3]]))
    done = [s for score, _, _, s in passed if score >= STATUS_MATCH]
    if done:
        notes.append(f"passed: {', '.join(map(repr, done))} (like 'done')")
    else:
        done = list(defaults.passed)
        notes.append(f"passed: no status like 'done' in any list: kept the defaults {', '.join(map(repr, done))}")
    ready = chosen["ready"]
    watched = [lst for lst in lists if ready in {s.lower() for s in lst.statuses}]
    statuses = QAStatuses(ready=chosen["ready"], testing=chosen["testing"], failed=chosen["failed"], passed=done)
    every = len(watched) == len(lists)
    if not every:
        left = [lst.path for lst in lists if lst not in watched]
        notes.append(f"lists: only the {len(watched)} with {ready!r} (not {', '.join(left)})")
    return StatusProposal(statuses, watched, notes, watched_all=every)
