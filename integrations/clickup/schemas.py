"""Small pydantic models for the parts of ClickUp's JSON that pmbot reads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _id_to_str(value: Any) -> Any:
    # ClickUp sends user ids as numbers and most other ids as strings; normalise to str.
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


Id = Annotated[str, BeforeValidator(_id_to_str)]


def ms_to_datetime(value: Any) -> datetime | None:
    """A ClickUp millisecond epoch ("1642736073330" or 1642736073330) as an aware UTC datetime."""
    if value is None or isinstance(value, bool):
        return None
    try:
        millis = float(value)
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def datetime_to_ms(value: datetime) -> int:
    """An aware (or naive-as-UTC) datetime as a ClickUp millisecond epoch."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1000)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ClickUpUser(_Lenient):
    """A ClickUp user as embedded in tasks, history items and team listings."""

    id: Id | None = None
    username: str | None = None
    email: str | None = None


class HistoryItem(_Lenient):
    """One change inside a webhook delivery; its id is the dedupe key."""

    id: Id | None = None
    date: Any = None
    field: str | None = None
    parent_id: Id | None = None  # the List the task is in (after a move: its new List)
    user: ClickUpUser | None = None
    before: Any = None
    after: Any = None
    data: Any = None
    comment: Any = None


class WebhookPayload(_Lenient):
    """The body ClickUp POSTs to a webhook endpoint."""

    event: str
    task_id: Id | None = None
    webhook_id: Id | None = None
    history_items: Annotated[list[HistoryItem], BeforeValidator(lambda v: [] if v is None else v)] = Field(
        default_factory=list
    )


class _Status(_Lenient):
    status: str | None = None
    type: str | None = None


class _Priority(_Lenient):
    priority: str | None = None


class _Tag(_Lenient):
    name: str


class _ListRef(_Lenient):
    id: Id | None = None
    name: str | None = None


class _Container(_Lenient):
    id: Id | None = None
    name: str | None = None


class ApiCustomField(_Lenient):
    """A custom field on a task, with its value (a drop-down's value is the chosen option's orderindex)."""

    name: str = ""
    type: str | None = None
    type_config: dict[str, Any] = Field(default_factory=dict)
    value: Any = None


class ApiTask(_Lenient):
    """A task as GET /task/{id} and the task listings return it."""

    id: Id
    custom_id: str | None = None
    name: str = ""
    description: str | None = None
    text_content: str | None = None
    status: _Status | None = None
    url: str | None = None
    list_ref: _ListRef | None = Field(default=None, alias="list")
    locations: list[_ListRef] = Field(default_factory=list)  # its other Lists (Tasks in Multiple Lists)
    assignees: list[ClickUpUser] = Field(default_factory=list)
    creator: ClickUpUser | None = None
    tags: list[_Tag] = Field(default_factory=list)
    priority: _Priority | None = None
    due_date: Any = None
    date_updated: Any = None
    date_created: Any = None
    date_done: Any = None
    date_closed: Any = None
    folder: _Container | None = None
    space: _Container | None = None
    custom_fields: list[ApiCustomField] = Field(default_factory=list)


class TaskPage(_Lenient):
    """One page of GET /list/{id}/task or GET /team/{id}/task."""

    tasks: list[ApiTask] = Field(default_factory=list)
    last_page: bool | None = None


class ApiComment(_Lenient):
    """A comment as GET /task/{id}/comment returns it."""

    id: Id
    comment_text: str = ""
    user: ClickUpUser | None = None
    date: Any = None


class CommentList(_Lenient):
    comments: list[ApiComment] = Field(default_factory=list)


class CreatedComment(_Lenient):
    """The answer to POST /task/{id}/comment."""

    id: Id


class TeamMember(_Lenient):
    user: ClickUpUser


class Team(_Lenient):
    """A ClickUp workspace (called a team in API v2)."""

    id: Id
    name: str | None = None
    members: list[TeamMember] = Field(default_factory=list)


class TeamList(_Lenient):
    teams: list[Team] = Field(default_factory=list)


class _ListStatus(_Lenient):
    status: str


class ApiList(_Lenient):
    """A list as GET /list/{id} returns it."""

    id: Id
    name: str | None = None
    statuses: list[_ListStatus] = Field(default_factory=list)


class AuthorizedUser(_Lenient):
    """The answer to GET /user."""

    user: ClickUpUser
