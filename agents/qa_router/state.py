"""What the QA router keeps per task and for its choice of QA engineer (typed, in the key-value table)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from agents.common.state import AgentState, ListState

ASSIGNING, UNASSIGNED, TESTING, FAILING, FAILED, PASSED = (
    "assigning", "unassigned", "testing", "failing", "failed", "passed")
# The tracker's workflow has no transition to the testing status: nothing was written; said once per round.
NO_TRANSITION = "no_transition"
# Phases of a round that has not handed the task over yet: another "ready" event retries the round, not a new one.
NOT_HANDED = (ASSIGNING, UNASSIGNED, NO_TRANSITION)


class Plan(BaseModel):
    """The decision of one hand-off round, saved before the write so a retry finishes the same round."""

    qa: str
    developers: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    at: datetime
    previous: str | None = None  # the QA engineer a reassignment took the task from


class FixPlan(BaseModel):
    """The decision of one "needs fix" round."""

    developers: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)
    add: list[str] = Field(default_factory=list)


class SentDM(BaseModel):
    """Where the QA engineer's DM landed, so its buttons' message can be updated."""

    channel: str
    ts: str
    text: str = ""


class QAHandOff(AgentState):
    """`qa:task:<id>`: one hand-off to QA per round; every write is keyed on the round."""

    namespace = "qa:task"

    round: int = 0
    phase: str | None = None
    qa: str | None = None
    developers: list[str] = Field(default_factory=list)
    plan: Plan | None = None
    dm: SentDM | None = None
    assigned_at: datetime | None = None
    started_at: datetime | None = None
    passed_at: datetime | None = None
    testing_seconds: int = 0
    fixes: int = 0
    fix: FixPlan | None = None


class PreviousAssignees(ListState):
    """`qa:prev_assignees:<id>`: tracker ids removed from the task lately (who built it, if nobody says)."""

    namespace = "qa:prev_assignees"
    root: list[str] = Field(default_factory=list)


class Picks(AgentState):
    """`qa:picks:team`: the round-robin pointer and when each QA engineer was last given a task."""

    namespace = "qa:picks"

    pointer: str | None = None
    last_assigned: dict[str, datetime] = Field(default_factory=dict)
