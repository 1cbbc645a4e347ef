"""The few GitHub webhook fields pmbot reads, as lenient pydantic models.

Every field is optional: real deliveries vary (null bodies, no sender on some app events,
GitHub Enterprise URLs), and a missing field must never turn a delivery into an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _dicts_only(value: Any) -> Any:
    """Drop list entries that are not objects, so one odd element does not sink a payload."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return value


class Account(_Lenient):
    login: str | None = None
    type: str | None = None


class Repository(_Lenient):
    full_name: str | None = None
    html_url: str | None = None


class GitRef(_Lenient):
    ref: str | None = None
    sha: str | None = None


class PullRequestPayload(_Lenient):
    number: int | None = None
    title: str | None = None
    body: str | None = None
    html_url: str | None = None
    state: str | None = None
    merged: bool | None = None
    draft: bool | None = None
    user: Account | None = None
    head: GitRef | None = None
    requested_reviewers: list[Account] = Field(default_factory=list)
    updated_at: datetime | None = None

    _reviewers = field_validator("requested_reviewers", mode="before")(_dicts_only)


class ReviewPayload(_Lenient):
    id: int | None = None
    state: str | None = None
    user: Account | None = None
    submitted_at: datetime | None = None


class PullRequestNumber(_Lenient):
    number: int | None = None


class AppRef(_Lenient):
    id: int | None = None
    slug: str | None = None
    name: str | None = None


class CheckSuitePayload(_Lenient):
    id: int | None = None
    app: AppRef | None = None
    head_sha: str | None = None
    conclusion: str | None = None
    status: str | None = None
    url: str | None = None
    pull_requests: list[PullRequestNumber] = Field(default_factory=list)
    updated_at: datetime | None = None

    _prs = field_validator("pull_requests", mode="before")(_dicts_only)


class WorkflowRunPayload(_Lenient):
    id: int | None = None
    workflow_id: int | None = None
    head_sha: str | None = None
    conclusion: str | None = None
    html_url: str | None = None
    name: str | None = None
    pull_requests: list[PullRequestNumber] = Field(default_factory=list)
    updated_at: datetime | None = None

    _prs = field_validator("pull_requests", mode="before")(_dicts_only)


class CommitAuthor(_Lenient):
    name: str | None = None
    username: str | None = None


class PushCommit(_Lenient):
    id: str | None = None
    message: str | None = None
    timestamp: datetime | None = None
    author: CommitAuthor | None = None


class IssuePayload(_Lenient):
    number: int | None = None
    title: str | None = None
    html_url: str | None = None
    user: Account | None = None
    # Present (an object) only when the issue is a pull request.
    pull_request: dict[str, Any] | None = None


class CommentPayload(_Lenient):
    id: int | None = None
    body: str | None = None
    user: Account | None = None
    created_at: datetime | None = None


class Installation(_Lenient):
    id: int | None = None


class WebhookPayload(_Lenient):
    """The union of the top-level fields pmbot reads from any GitHub delivery."""

    action: str | None = None
    sender: Account | None = None
    repository: Repository | None = None
    pull_request: PullRequestPayload | None = None
    requested_reviewer: Account | None = None
    review: ReviewPayload | None = None
    check_suite: CheckSuitePayload | None = None
    workflow_run: WorkflowRunPayload | None = None
    ref: str | None = None
    commits: list[PushCommit] = Field(default_factory=list)
    head_commit: PushCommit | None = None
    issue: IssuePayload | None = None
    comment: CommentPayload | None = None
    installation: Installation | None = None

    _commits = field_validator("commits", mode="before")(_dicts_only)
