"""What the report writer keeps (typed, in the key-value table): per report its schedule and last window,
per task its recent status moves, per repository and day the pull requests merged."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from agents.common.state import AgentState, ListState

MAX_MOVES = 20


class ReportState(AgentState):
    """`reports:report:<name>`: the next slot armed as a due row, for which cadence, and the last window."""

    namespace = "reports:report"

    signature: str | None = None  # cadence|timezone the next slot was computed for
    next_slot: datetime | None = None
    last_slot: datetime | None = None
    last_end: datetime | None = None


class Move(BaseModel):
    """A task's status change as pmbot heard of it."""

    to: str
    at: datetime
    from_: str | None = Field(default=None, alias="from")
    event: str | None = None  # the event that told us

    model_config = {"populate_by_name": True}


class TaskMoves(ListState):
    """`reports:moves:<task>`: the last status moves of one task (one key per task: replicas never share it)."""

    namespace = "reports:moves"
    root: list[Move] = Field(default_factory=list)


class Moved(AgentState):
    """`reports:moved_task:<YYYY-MM-DD>:<task id>`: pmbot heard this task move on that UTC day (which journals a
    report reads besides those of tasks the tracker says changed in its window). A row per task: recording one
    never rewrites the day's others."""

    namespace = "reports:moved_task"
    task: str


class MovedOn(ListState):
    """`reports:moved:<YYYY-MM-DD>`: the same as one list per day, as kept before `Moved` (still read)."""

    namespace = "reports:moved"
    root: list[str] = Field(default_factory=list)


class Merged(BaseModel):
    """A pull request merged, as the webhook (or the reconciler's catch-up) said."""

    repo: str
    number: int
    title: str = ""
    url: str | None = None
    author: str | None = None
    at: datetime


class MergedPR(Merged, AgentState):
    """`reports:merged_pr:<repo>:<YYYY-MM-DD>:<number>`: a pull request merged in one repository on one UTC day,
    a row of its own."""

    namespace = "reports:merged_pr"


class MergedOn(ListState):
    """`reports:merged:<repo>:<YYYY-MM-DD>`: the same as one list per day, as kept before `MergedPR` (still
    read)."""

    namespace = "reports:merged"
    root: list[Merged] = Field(default_factory=list)
