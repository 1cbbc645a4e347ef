"""The team configuration model: people, statuses, channels, schedules, agent settings."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

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
    """Someone on the team, with their handle on each platform (`slack: U0DANA`, `clickup: "101"` ...)."""

    name: str
    ids: dict[str, str] = Field(default_factory=dict)  # platform name → handle there
    email: str | None = None
    roles: list[Literal["developer", "qa", "lead"]] = Field(default_factory=list)
    timezone: str = "UTC"
    working_days: list[str] = Field(default_factory=lambda: WEEKDAYS[:5])
    working_hours: tuple[time, time] = (time(9), time(17))
    skills: list[str] = Field(default_factory=list)
    out_of_office: list[Absence] = Field(default_factory=list)
    country: str | None = None  # for public holidays
    aka: list[str] = Field(default_factory=list)  # what people call them in Slack ("Seun", "Mati"): rules read it

    @model_validator(mode="before")
    @classmethod
    def _handles(cls, data: Any) -> Any:
        # A top-level key that is not a field is a handle on the platform of that name; the loader checks
        # the names against the registered platforms, so a typo is still an error there.
        if not isinstance(data, dict):
            return data
        data = dict(data)
        ids = {str(k): str(v) for k, v in dict(data.pop("ids", None) or {}).items()}
        for key in [k for k in data if k not in cls.model_fields]:
            value = data[key]
            if isinstance(value, str | int) and not isinstance(value, bool):
                ids[str(key)] = str(data.pop(key))
        data["ids"] = ids
        return data

    def handle(self, platform: str) -> str | None:
        return self.ids.get(platform)

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


class Channels(_Strict):
    reports: str | None = None
    standup: str | None = None
    qa: str | None = None
    alerts: str | None = None


def _cron(value: str | None) -> str | None:
    if value is not None and (not isinstance(value, str) or len(value.split()) != 5):
        raise ValueError(f"{value!r} is not a 5-field cron expression like '0 9 * * mon-fri'")
    return value


CronText = Annotated[str | None, AfterValidator(_cron)]


class Schedules(BaseModel):
    """The team timezone, and overrides of the agents' declared cron schedules by name (null turns one off)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, CronText] = Field(init=False)  # type: ignore[assignment]

    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        return Person._tz(value)

    @property
    def overrides(self) -> dict[str, str | None]:
        return dict(self.model_extra or {})

    def cron(self, name: str, default: str | None) -> str | None:
        return self.overrides.get(name, default) if name in self.overrides else default


LEGACY_IDENTITIES = {"clickup_user_id": "clickup", "slack_bot_user_id": "slack", "github_login": "github"}


Level = Literal["outsider", "member", "lead"]
OUTSIDER: Level = "outsider"
MEMBER: Level = "member"
LEAD: Level = "lead"
RANK: dict[str, int] = {OUTSIDER: 0, MEMBER: 1, LEAD: 2}


class RuleAccess(_Strict):
    """Who may make rules in Slack, and what one made there may do."""

    propose: Level = MEMBER  # /pm automate, /pm rules add, the edit modal
    enable: Level = LEAD  # the Enable button and /pm rules enable
    per_person: int = Field(default=10, ge=0)  # rules one person may have stored
    max_recipients: int = Field(default=10, ge=1)  # people one `dm` action of a Slack-made rule may reach
    channels: list[str] | None = None  # where a Slack-made rule may `post`; default: any channel pmbot is in


class Access(_Strict):
    """Who may do what through pmbot. A member is someone in `people`; a lead has the role lead; anyone else
    in the chat workspace (a guest, another team) is an outsider."""

    # Commands an outsider may use besides `/pm help`, by name: "qa", "/report", "/ask", "automate", ...
    outsider_commands: list[str] = Field(default_factory=list)
    # What an outsider's question is answered from: nothing, documents (folder sources: no tracker or code-host
    # data), or everything a member gets.
    outsider_answers: Literal["none", "documents", "all"] = "documents"
    rules: RuleAccess = Field(default_factory=RuleAccess)


class TeamConfig(_Strict):
    """The whole team YAML: people, channels, schedules, identities, and one section per agent."""

    team: str = "team"
    people: list[Person] = Field(default_factory=list)
    channels: Channels = Field(default_factory=Channels)
    schedules: Schedules = Field(default_factory=Schedules)
    # pmbot's own account per platform (no loops); looked up at start where not given.
    identities: dict[str, str] = Field(default_factory=dict)
    # Named groups of people (`team:backend` in rules): team name → people's names.
    teams: dict[str, list[str]] = Field(default_factory=dict)
    access: Access = Field(default_factory=Access)
    # Every other top-level key: an agent's section (validated against that agent's Config at start-up).
    sections: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _sections(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        sections = dict(data.pop("sections", None) or {})
        for key in [k for k in data if k not in cls.model_fields]:
            sections[key] = data.pop(key)
        data["sections"] = sections
        ids = data.get("identities")
        if isinstance(ids, dict):
            data["identities"] = {LEGACY_IDENTITIES.get(k, k): str(v) for k, v in ids.items() if v is not None}
        return data

    @field_validator("teams")
    @classmethod
    def _team_members(cls, value: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        names = {p.name.lower(): p.name for p in info.data.get("people") or []}
        teams: dict[str, list[str]] = {}
        for team, members in value.items():
            unknown = [m for m in members if m.lower() not in names]
            if unknown:
                raise ValueError(f"{team}: {', '.join(map(repr, unknown))} is not a name in people")
            teams[team.lower()] = [names[m.lower()] for m in members]
        return teams

    @model_validator(mode="after")
    def _unique_people(self) -> TeamConfig:
        for attr in ("name", "email"):
            seen: set[str] = set()
            for person in self.people:
                value = getattr(person, attr)
                if value is None:
                    continue
                if value in seen:
                    raise ValueError(f"two people share {attr} {value!r}")
                seen.add(value)
        seen_ids: set[tuple[str, str]] = set()
        for person in self.people:
            for platform, handle in person.ids.items():
                if (platform, handle) in seen_ids:
                    raise ValueError(f"two people share {platform} {handle!r}")
                seen_ids.add((platform, handle))
        return self

    def section(self, name: str) -> dict[str, Any]:
        value = self.sections.get(name)
        return dict(value) if isinstance(value, dict) else {}

    def team_members(self, name: str) -> list[Person]:
        """The people of `teams.<name>` (case-insensitive); [] for an unknown team."""
        return [p for n in self.teams.get(name.lower(), []) if (p := self.person(name=n)) is not None]

    def squads(self) -> dict[str, list[Person]]:
        """Every named squad of the `standup:` and `qa_router:` lists (agents/common/squads.py) → its people: the
        standup's `members` and the QA router's `qa`, in the order of `people`. A squad that leaves out its
        members (everyone asked, everyone with the role qa) has those."""
        found: dict[str, set[str]] = {}
        for section, key, roles in (("standup", "members", {"developer", "qa"}), ("qa_router", "qa", {"qa"})):
            items = self.sections.get(section)
            for item in items if isinstance(items, list) else []:
                if not isinstance(item, dict) or not item.get("name"):
                    continue
                names = item.get(key)
                wanted = ({str(n).lower() for n in names} if isinstance(names, list)
                          else {p.name.lower() for p in self.people if roles & set(p.roles)})
                found.setdefault(str(item["name"]), set()).update(wanted)
        return {squad: [p for p in self.people if p.name.lower() in names] for squad, names in found.items()}

    def squad_members(self, name: str) -> list[Person]:
        """The people of squad `name` (see `squads`); [] for an unknown squad."""
        return self.squads().get(name.lower(), [])

    def person_on(self, platform: str, handle: str | None) -> Person | None:
        """The person whose handle on `platform` is `handle` (case-insensitive)."""
        if handle is None:
            return None
        wanted = str(handle).lower()
        for p in self.people:
            mine = p.ids.get(platform)
            if mine is not None and mine.lower() == wanted:
                return p
        return None

    def level(self, platform: str, handle: str | None) -> str:
        """OUTSIDER, MEMBER or LEAD: what the person with `handle` on `platform` is to pmbot."""
        person = self.person_on(platform, handle)
        if person is None:
            return OUTSIDER
        return LEAD if "lead" in person.roles else MEMBER

    def person(self, **by: str | None) -> Person | None:
        """`person(name="Quinn")`, `person(email=...)` or by a platform handle: `person(clickup="183")`."""
        (attr, value), = by.items()
        if value is None:
            return None
        if attr not in ("name", "email"):
            return self.person_on(attr, value)
        for p in self.people:
            mine = getattr(p, attr)
            if mine is not None and str(mine).lower() == str(value).lower():
                return p
        return None
