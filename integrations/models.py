"""Platform-neutral models the agents work with."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class Member(BaseModel):
    """A person as a task tracker knows them."""

    id: str
    username: str | None = None
    email: str | None = None


class Task(BaseModel):
    """A task in a tracker (ClickUp task, later Jira issue ...)."""

    id: str
    name: str
    status: str
    status_category: str | None = None  # todo / in_progress / done, where the tracker says (protocols.StatusCategory)
    url: str | None = None
    list_id: str | None = None
    list_name: str | None = None
    other_lists: list[str] = Field(default_factory=list)  # lists it is in besides its home list
    custom_id: str | None = None
    description: str | None = None
    assignees: list[Member] = Field(default_factory=list)
    creator: Member | None = None
    tags: list[str] = Field(default_factory=list)
    priority: str | None = None
    due_date: datetime | None = None
    date_updated: datetime | None = None
    date_created: datetime | None = None
    date_done: datetime | None = None  # when it reached a done / closed status (None while open)
    folder_id: str | None = None
    space_id: str | None = None
    custom_fields: dict[str, Any] = Field(default_factory=dict)  # field name → its value as people read it


    @property
    def lists(self) -> list[str]:
        """Its home list and every other list it is in."""
        return [i for i in (self.list_id, *self.other_lists) if i]


class Comment(BaseModel):
    """A comment on a task."""

    id: str
    text: str
    author: Member | None = None
    date: datetime | None = None


class PullRequest(BaseModel):
    """A pull request on a code host."""

    repo: str
    number: int
    title: str
    url: str
    author: str
    state: str  # open / closed
    merged: bool = False
    draft: bool = False
    head_ref: str = ""
    head_sha: str = ""
    body: str = ""
    requested_reviewers: list[str] = Field(default_factory=list)
    updated_at: datetime | None = None


class Review(BaseModel):
    """A submitted review on a pull request."""

    id: int
    reviewer: str
    state: str
    submitted_at: datetime | None = None


class Commit(BaseModel):
    """A commit on a code host."""

    sha: str
    message: str
    author: str | None = None
    date: datetime | None = None


class ChatUser(BaseModel):
    """A chat user, with what the agents need to be polite (timezone, presence)."""

    id: str
    name: str | None = None
    real_name: str | None = None
    email: str | None = None
    tz: str | None = None
    is_bot: bool = False
    deleted: bool = False
    status_text: str | None = None
    status_emoji: str | None = None


class RepoFile(BaseModel):
    """A text file read from a code host's repository (documentation the auto-answerer indexes)."""

    repo: str
    path: str
    text: str
    url: str | None = None


class PostedMessage(BaseModel):
    """Where a chat message landed, so it can be updated or threaded on."""

    channel: str
    ts: str
