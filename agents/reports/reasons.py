"""Why an item is at risk, from facts pmbot has — never a guess. Each reason names the fact it rests on:
a due date passed, no update for longer than `stale_after`, a failing CI run on a linked pull request,
waiting for QA longer than the QA router's `remind_after`, no assignee, a blocker someone reported.

"No assignee" alone makes an item at risk only when it is due within the report's horizon (a backlog item
nobody owns yet is normal); next to another reason it is always listed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

OVERDUE, FAILING_CI, BLOCKER, WAITING_QA, STALE, NO_ASSIGNEE = (
    "overdue", "failing_ci", "blocker", "waiting_qa", "stale", "no_assignee")
WEIGHT = {OVERDUE: 4, FAILING_CI: 3, BLOCKER: 3, WAITING_QA: 2, STALE: 2, NO_ASSIGNEE: 1}
ORDER = [OVERDUE, FAILING_CI, BLOCKER, WAITING_QA, STALE, NO_ASSIGNEE]


@dataclass(frozen=True)
class PRRef:
    """A pull request a reason points at."""

    repo: str
    number: int
    url: str | None = None

    @property
    def id(self) -> str:
        return f"{self.repo}#{self.number}"


@dataclass(frozen=True)
class Reason:
    """One fact that puts an item at risk: `age` how long (overdue by, idle for, waiting for), `limit` the
    configured threshold it crossed, `prs` the pull requests, `text` what `who` said."""

    kind: str
    age: timedelta | None = None
    limit: timedelta | None = None
    prs: tuple[PRRef, ...] = ()
    text: str | None = None
    who: str | None = None


@dataclass
class Signals:
    """What is known about one open task besides its tracker fields."""

    failing_prs: list[PRRef] = field(default_factory=list)
    qa_since: datetime | None = None  # when it entered the QA queue (ready for testing / in testing)
    blockers: list[tuple[str, str]] = field(default_factory=list)  # (who, what they said) at the standup


def assess(*, now: datetime, due: datetime | None, updated: datetime | None, assigned: bool,
           stale_after: timedelta, remind_after: timedelta, horizon: timedelta, signals: Signals) -> list[Reason]:
    """The reasons an open task is at risk, most serious first ([] when it is not)."""
    found: list[Reason] = []
    if due is not None and due < now:
        found.append(Reason(OVERDUE, age=now - due))
    if signals.failing_prs:
        found.append(Reason(FAILING_CI, prs=tuple(signals.failing_prs)))
    for who, text in signals.blockers:
        found.append(Reason(BLOCKER, text=text, who=who))
    if signals.qa_since is not None and now - signals.qa_since > remind_after:
        found.append(Reason(WAITING_QA, age=now - signals.qa_since, limit=remind_after))
    if updated is not None and now - updated > stale_after:
        found.append(Reason(STALE, age=now - updated, limit=stale_after))
    due_soon = due is not None and due < now + horizon
    if not assigned and (found or due_soon):
        found.append(Reason(NO_ASSIGNEE))
    return found


def severity(reasons: list[Reason]) -> tuple[int, float]:
    """Sort key (larger is worse): summed weights, then the longest age involved."""
    longest = max((r.age.total_seconds() for r in reasons if r.age is not None), default=0.0)
    return sum(WEIGHT[r.kind] for r in reasons), longest
