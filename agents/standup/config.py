"""The standup collector's section of the team YAML (`standup:`)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agents.common import squads
from agents.team import parse_duration

DONE, NEXT, BLOCKERS = "done", "next", "blockers"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


class Question(BaseModel):
    """One standup question; `key` names the answer (`done` and `next` are pre-filled, `blockers` escalate)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    text: str = Field(min_length=1, max_length=300)

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError(f"{value!r} is not a question key (lower-case letters, digits, _)")
        return value


DEFAULT_QUESTIONS = (
    Question(key=DONE, text="What did you get done since your last standup?"),
    Question(key=NEXT, text="What will you do next?"),
    Question(key=BLOCKERS, text="Anything blocking you?"),
)


class StandupConfig(squads.SquadConfig):
    """Who is asked, when (each person's local time), what, and where the summary goes: one squad's standup, or
    (`squads`, the YAML list form) several, each a `StandupConfig` of its own with a `name`."""

    squads: tuple[StandupConfig, ...] = ()  # the list form; each standup's `name` says whose it is
    members: list[str] | None = None  # names from `people`; None: every developer and qa
    channel: str | None = None  # default: channels.standup
    prompt_at: time = time(9, 30)
    cutoff_at: time = time(11, 0)
    questions: tuple[Question, ...] = DEFAULT_QUESTIONS
    remind_before_cutoff: timedelta = timedelta(minutes=30)
    holidays: dict[date, str] = Field(default_factory=dict)  # extra team days off, besides public holidays
    done_statuses: list[str] = Field(default_factory=lambda: ["done", "closed"])
    # Open tasks in these statuses fill the "next" draft (empty: any status that is not done).
    next_statuses: list[str] = Field(default_factory=lambda: ["in progress", "needs fix", "in review"])
    repos: list[str] | None = None  # for commits missed by webhooks; default: github_sync.repos
    max_draft_lines: int = Field(default=8, ge=1, le=30)
    llm_timeout: timedelta = timedelta(seconds=20)

    @field_validator("prompt_at", "cutoff_at", mode="before")
    @classmethod
    def _time(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):  # YAML 1.1 reads 09:30 as 570 (minutes)
            return time(value // 60 % 24, value % 60)
        return value

    @field_validator("remind_before_cutoff", "llm_timeout", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)

    @field_validator("questions", mode="before")
    @classmethod
    def _questions(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        # A plain string is a question of its own (key q1, q2 ...), answered but not pre-filled.
        return [{"key": f"q{i + 1}", "text": q} if isinstance(q, str) else q for i, q in enumerate(value)]

    @field_validator("holidays", mode="before")
    @classmethod
    def _holidays(cls, value: Any) -> Any:
        if isinstance(value, list):  # [2026-12-24, {date: 2026-12-31, name: Team day}]
            out: dict[Any, str] = {}
            for item in value:
                if isinstance(item, dict):
                    out[item.get("date")] = str(item.get("name") or "Team holiday")
                else:
                    out[item] = "Team holiday"
            return out
        return value

    @field_validator("members", "done_statuses", "next_statuses", "repos", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _consistent(self) -> StandupConfig:
        if not self.questions:
            raise ValueError("questions: at least one question")
        keys = [q.key for q in self.questions]
        if len(set(keys)) != len(keys):
            raise ValueError(f"questions: two questions share a key ({keys})")
        if self.cutoff_at <= self.prompt_at:
            raise ValueError("cutoff_at must be after prompt_at")
        if self.remind_at <= self.prompt_at:
            raise ValueError("remind_before_cutoff puts the reminder before prompt_at")
        return self

    def instances(self) -> tuple[StandupConfig, ...]:
        """Every standup this section runs: its squads, or itself."""
        return self.squads or (self,)


    @property
    def remind_at(self) -> time:
        moment = datetime.combine(date(2000, 1, 3), self.cutoff_at) - self.remind_before_cutoff
        return moment.time() if moment.date() == date(2000, 1, 3) else time(0)

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)
