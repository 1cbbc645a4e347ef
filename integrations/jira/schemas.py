"""Small pydantic models for the parts of Jira Cloud's REST v3 and webhook JSON that pmbot reads
(the shapes of Jira's OpenAPI document, swagger-v3.v3.json: IssueBean, IssueTransition, PageOfComments, User ...)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from integrations.protocols import StatusCategory as StatusCategoryKey

# Jira's status category keys (GET /rest/api/3/statuscategory on a real site: new "To Do", indeterminate
# "In Progress", done "Done"; "undefined" is the category of no status) → pmbot's tracker-neutral ones.
CATEGORY_OF_KEY: dict[str, StatusCategoryKey] = {"new": "todo", "indeterminate": "in_progress", "done": "done"}


def parse_time(value: Any) -> datetime | None:
    """A Jira timestamp ("2021-01-17T12:34:00.000+0000", offsets without a colon) or date ("2019-05-11", a due
    date: midnight UTC) as an aware UTC datetime; None for anything else."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
        if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():
            text = f"{text[:-2]}:{text[-2:]}"
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def format_time(value: datetime) -> str:
    """An aware (or naive-as-UTC) datetime the way Jira writes one: 2021-01-17T12:34:00.000+0000."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}+0000"


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class JiraUser(_Lenient):
    """A user as Jira embeds one (assignee, reporter, author, GET /myself, /users/search)."""

    account_id: str | None = Field(default=None, alias="accountId")
    display_name: str | None = Field(default=None, alias="displayName")
    email: str | None = Field(default=None, alias="emailAddress")  # null when the user's privacy hides it
    account_type: str | None = Field(default=None, alias="accountType")  # atlassian, app, customer
    active: bool | None = None


class StatusCategory(_Lenient):
    key: str | None = None
    name: str | None = None


class Status(_Lenient):
    """A status (StatusDetails): its name and its category."""

    id: str | None = None
    name: str = ""
    category: StatusCategory | None = Field(default=None, alias="statusCategory")

    @property
    def neutral_category(self) -> StatusCategoryKey | None:
        return CATEGORY_OF_KEY.get(self.category.key or "") if self.category else None


class _Named(_Lenient):
    id: str | None = None
    key: str | None = None
    name: str | None = None


class IssueFields(_Lenient):
    """The fields of an issue pmbot reads (the client asks for exactly these)."""

    summary: str = ""
    status: Status | None = None
    assignee: JiraUser | None = None
    reporter: JiraUser | None = None
    creator: JiraUser | None = None
    labels: list[str] = Field(default_factory=list)
    priority: _Named | None = None
    duedate: str | None = None
    updated: str | None = None
    created: str | None = None
    resolutiondate: str | None = None
    project: _Named | None = None
    issuetype: _Named | None = None
    parent: _Named | None = None
    description: Any = None  # an ADF document


class Transition(_Lenient):
    """One transition the issue's workflow offers from its current status (IssueTransition)."""

    id: str
    name: str = ""
    to: Status
    is_available: bool = Field(default=True, alias="isAvailable")


class IssueBean(_Lenient):
    """An issue as GET /issue/{key} and the JQL search return it."""

    id: str
    key: str
    self_url: str | None = Field(default=None, alias="self")
    fields: IssueFields = Field(default_factory=IssueFields)
    transitions: list[Transition] = Field(default_factory=list)  # with expand=transitions: those from its status


class SearchPage(_Lenient):
    """One page of GET /rest/api/3/search/jql (SearchAndReconcileResults): no total; `nextPageToken` is absent on
    the last page."""

    issues: list[IssueBean] = Field(default_factory=list)
    next_page_token: str | None = Field(default=None, alias="nextPageToken")


class ApiComment(_Lenient):
    """A comment (Comment): its body is an ADF document."""

    id: str
    body: Any = None
    author: JiraUser | None = None
    update_author: JiraUser | None = Field(default=None, alias="updateAuthor")
    created: str | None = None
    updated: str | None = None


class PageOfComments(_Lenient):
    comments: list[ApiComment] = Field(default_factory=list)
    total: int = 0


class CreatedIssue(_Lenient):
    id: str
    key: str


class ProjectRef(_Lenient):
    id: str
    key: str
    name: str = ""


class PageOfProjects(_Lenient):
    """GET /project/search: PageBeanProject (`values`, `isLast`, pages of `startAt`)."""

    values: list[ProjectRef] = Field(default_factory=list)
    is_last: bool = Field(default=True, alias="isLast")


class IssueTypeWithStatus(_Lenient):
    """One issue type of a project and its statuses (GET /project/{key}/statuses)."""

    name: str | None = None
    statuses: list[Status] = Field(default_factory=list)


class ChangeItem(_Lenient):
    """One changed field of a `jira:issue_updated` changelog: ids in from/to, names in fromString/toString."""

    field: str = ""
    field_id: str | None = Field(default=None, alias="fieldId")
    before: str | None = Field(default=None, alias="from")
    before_text: str | None = Field(default=None, alias="fromString")
    after: str | None = Field(default=None, alias="to")
    after_text: str | None = Field(default=None, alias="toString")


class Changelog(_Lenient):
    id: str | int | None = None
    items: list[ChangeItem] = Field(default_factory=list)


class WebhookIssue(_Lenient):
    id: str
    key: str | None = None
    self_url: str | None = Field(default=None, alias="self")
    fields: IssueFields = Field(default_factory=IssueFields)


class WebhookPayload(_Lenient):
    """The body Jira POSTs for issue and comment events (the documented callback shape)."""

    webhook_event: str = Field(alias="webhookEvent")
    timestamp: int | None = None
    issue_event_type_name: str | None = None
    user: JiraUser | None = None
    issue: WebhookIssue | None = None
    changelog: Changelog | None = None
    comment: ApiComment | None = None
