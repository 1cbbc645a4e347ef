"""The team configuration model: people, statuses, channels, schedules, agent settings."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Any) -> timedelta:
    """`48h`, `30m`, `2d`, `1.5h` or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(seconds=value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])
    raise ValueError(f"{value!r} is not a duration (use e.g. 48h, 30m, 2d)")


def _weekdays(value: Any) -> list[str]:
    """`Mon-Fri`, `[mon, tue]` or `mon,wed,fri` → lower-case three-letter days."""
    if isinstance(value, str):
        value = value.strip().lower()
        if "-" in value and "," not in value:
            first, last = (part.strip()[:3] for part in value.split("-", 1))
            if first not in WEEKDAYS or last not in WEEKDAYS:
                raise ValueError(f"{value!r} is not a range of week days like Mon-Fri")
            i, j = WEEKDAYS.index(first), WEEKDAYS.index(last)
            return WEEKDAYS[i : j + 1] if i <= j else WEEKDAYS[i:] + WEEKDAYS[: j + 1]
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        raise ValueError("working_days must be a range like Mon-Fri or a list of days")
    days = [str(v).strip().lower()[:3] for v in value]
    bad = [d for d in days if d not in WEEKDAYS]
    if bad:
        raise ValueError(f"unknown week day(s) {bad}")
    return days


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Absence(_Strict):
    """A stretch of out-of-office dates, both ends included."""

    from_: date = Field(alias="from")
    to: date

    @model_validator(mode="after")
    def _ordered(self) -> Absence:
        if self.to < self.from_:
            raise ValueError("'to' is before 'from'")
        return self


class Person(_Strict):
    """Someone on the team, with their handle on each platform."""

    name: str
    slack: str | None = None
    clickup: str | None = None
    github: str | None = None
    email: str | None = None
    roles: list[Literal["developer", "qa", "lead"]] = Field(default_factory=list)
    timezone: str = "UTC"
    working_days: list[str] = Field(default_factory=lambda: WEEKDAYS[:5])
    working_hours: tuple[time, time] = (time(9), time(17))
    skills: list[str] = Field(default_factory=list)
    out_of_office: list[Absence] = Field(default_factory=list)

    @field_validator("clickup", "slack", "github", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (use an IANA name like Europe/Berlin)") from None
        return value

    @field_validator("working_days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> list[str]:
        return _weekdays(value)

    @field_validator("working_hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> tuple[time, time]:
        if isinstance(value, str) and "-" in value:
            start, end = (time.fromisoformat(part.strip()) for part in value.split("-", 1))
            if end <= start:
                raise ValueError("working_hours must end after they start, e.g. 09:00-17:00")
            return (start, end)
        if isinstance(value, tuple | list) and len(value) == 2:
            return (time.fromisoformat(str(value[0])), time.fromisoformat(str(value[1])))
        raise ValueError("working_hours must look like 09:00-17:00")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_out_of_office(self, day: date) -> bool:
        return any(a.from_ <= day <= a.to for a in self.out_of_office)

    def works_on(self, day: date) -> bool:
        return WEEKDAYS[day.weekday()] in self.working_days and not self.is_out_of_office(day)


class QAStatuses(_Strict):
    ready: str = "ready for testing"
    testing: str = "in testing"
    failed: str = "needs fix"
    passed: list[str] = Field(default_factory=lambda: ["done", "closed"])


class QARouterConfig(_Strict):
    enabled: bool = True
    lists: list[str] = Field(default_factory=list)
    statuses: QAStatuses = Field(default_factory=QAStatuses)
    strategy: Literal["least_loaded", "round_robin"] = "least_loaded"
    remind_after: timedelta = timedelta(hours=48)
    remind_every: timedelta = timedelta(hours=24)
    escalate_after_reminders: int = Field(default=2, ge=0)
    escalate_to: list[str] = Field(default_factory=list)
    channel: str | None = None
    business_hours: bool = False

    @field_validator("remind_after", "remind_every", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)

    @field_validator("lists", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value


class GitHubSyncConfig(_Strict):
    enabled: bool = True
    repos: list[str] = Field(default_factory=list)
    moves: dict[str, str] = Field(
        default_factory=lambda: {
            "opened": "in review",
            "ready_for_review": "in review",
            "merged": "ready for testing",
        }
    )
    status_order: list[str] = Field(
        default_factory=lambda: [
            "to do",
            "in progress",
            "in review",
            "ready for testing",
            "in testing",
            "needs fix",
            "done",
            "closed",
        ]
    )
    review_remind_after: timedelta = timedelta(hours=24)
    # Custom task id prefixes (e.g. [ENG, OPS]); empty: any `ABC-123` is looked up as a custom id.
    custom_id_prefixes: list[str] = Field(default_factory=list)

    @field_validator("review_remind_after", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> timedelta:
        return parse_duration(value)


class Channels(_Strict):
    reports: str | None = None
    standup: str | None = None
    qa: str | None = None
    alerts: str | None = None


class Schedules(_Strict):
    """Cron expressions (5 fields) in the team timezone."""

    timezone: str = "UTC"
    due_sweep: str = "* * * * *"
    reconcile: str = "*/10 * * * *"
    standup_prompt: str | None = "0 9 * * mon-fri"
    daily_report: str | None = "0 17 * * mon-fri"
    weekly_report: str | None = "0 16 * * fri"

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        return Person._tz(value)

    @field_validator("due_sweep", "reconcile", "standup_prompt", "daily_report", "weekly_report")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) != 5:
            raise ValueError(f"{value!r} is not a 5-field cron expression like '0 9 * * mon-fri'")
        return value


class Identities(_Strict):
    """pmbot's own accounts, so events it caused are dropped (no loops). Looked up at start when empty."""

    clickup_user_id: str | None = None
    slack_bot_user_id: str | None = None
    github_login: str | None = None


class TeamConfig(_Strict):
    """The whole team YAML."""

    team: str = "team"
    people: list[Person] = Field(default_factory=list)
    channels: Channels = Field(default_factory=Channels)
    schedules: Schedules = Field(default_factory=Schedules)
    identities: Identities = Field(default_factory=Identities)
    qa_router: QARouterConfig = Field(default_factory=QARouterConfig)
    github_sync: GitHubSyncConfig = Field(default_factory=GitHubSyncConfig)
    agents: dict[str, dict[str, Any]] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_people(self) -> TeamConfig:
        for attr in ("name", "slack", "clickup", "github", "email"):
            seen: set[str] = set()
            for person in self.people:
                value = getattr(person, attr)
                if value is None:
                    continue
                if value in seen:
                    raise ValueError(f"two people share {attr} {value!r}")
                seen.add(value)
        return self

    def person(self, **by: str | None) -> Person | None:
        """The person whose attribute matches, e.g. `person(clickup="183")`, `person(github="octocat")`."""
        (attr, value), = by.items()
        if value is None:
            return None
        for p in self.people:
            mine = getattr(p, attr)
            if mine is not None and str(mine).lower() == str(value).lower():
                return p
        return None
