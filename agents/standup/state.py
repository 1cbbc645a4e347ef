"""What the standup collector keeps (typed, in the key-value table): one record per person per day, a short
history per person, the team's summary per day, and each person's recent activity."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from agents.common.state import AgentState


class Sent(BaseModel):
    """Where a message of ours landed."""

    channel: str
    ts: str


class DraftLine(BaseModel):
    """One pre-filled line: the task, pull request or branch (`label`, linked to `url`), and what happened."""

    label: str
    note: str = ""
    url: str | None = None


class Draft(BaseModel):
    """The pre-filled "done" and "next" answers, from the person's activity since `since`."""

    since: datetime
    done: list[DraftLine] = Field(default_factory=list)
    next: list[DraftLine] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.done and not self.next


class Blocker(BaseModel):
    """One blocker as reported; `since` is the first day of a run of standups that reported it."""

    text: str
    norm: str
    task_id: str | None = None
    task_name: str | None = None
    task_url: str | None = None
    since: str


class StandupDay(AgentState):
    """`standup:day:<person>:<YYYY-MM-DD>`: the prompt, draft and answer of one person's standup."""

    namespace = "standup:day"

    prompt: Sent | None = None
    draft: Draft | None = None
    answer: dict[str, str] = Field(default_factory=dict)
    blockers: list[Blocker] = Field(default_factory=list)
    answered_at: datetime | None = None
    via: str | None = None  # modal / thread / command
    version: int = 0
    late: bool = False
    skipped: bool = False
    thread: Sent | None = None  # the answer in the summary's thread
    thread_version: int = 0

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class PersonLog(AgentState):
    """`standup:person:<name>`: the days answered (latest last) and which DM each prompt is."""

    namespace = "standup:person"

    days: list[str] = Field(default_factory=list)
    prompts: dict[str, str] = Field(default_factory=dict)  # prompt message ts → day
    last_answered_at: datetime | None = None


class TeamDay(AgentState):
    """`standup:team:<YYYY-MM-DD>`: where the day's summary was posted."""

    namespace = "standup:team"

    summary: Sent | None = None
    posted_at: datetime | None = None


class Entry(BaseModel):
    """One thing a person did, as pmbot saw it pass: `kind` is moved / closed / created / commented /
    pr_opened / pr_merged / reviewed / pushed; `ref` the task id, `repo#n` or `repo:branch`."""

    id: str
    at: datetime
    kind: str
    ref: str
    title: str = ""
    url: str | None = None
    detail: str = ""
    shas: list[str] = Field(default_factory=list)


class Logged(Entry, AgentState):
    """`standup:entry:<person>:<entry id>`: one thing a person did, a row of its own (appending never rewrites
    the others, so events processed side by side, or by replicas, cannot drop each other's entries)."""

    namespace = "standup:entry"


class Activity(AgentState):
    """`standup:activity:<name>`: the activity log as one list, as kept before entries had rows of their own
    (read alongside them until it ages out)."""

    namespace = "standup:activity"

    entries: list[Entry] = Field(default_factory=list)
