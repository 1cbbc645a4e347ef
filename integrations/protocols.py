"""The interfaces agents depend on; each platform client implements one of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from integrations.events import Event
from integrations.models import (
    ChatUser,
    Comment,
    Commit,
    Member,
    PostedMessage,
    PullRequest,
    Review,
    Task,
)


class Clock(Protocol):
    """Tells the current time in UTC (the one clock: agents, webhooks and storage read it; tests move it)."""

    def now(self) -> datetime: ...


@runtime_checkable
class WebhookSource(Protocol):
    """Verifies and translates one platform's webhook deliveries."""

    name: str

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """Raise InvalidSignature unless the delivery is signed with our secret."""

    def to_events(self, headers: Mapping[str, str], payload: Any) -> list[Event]:
        """Translate a verified payload; [] for known-and-ignored deliveries."""

    def classify(self, headers: Mapping[str, str], payload: Any) -> tuple[str, bool]:
        """For a delivery that became no event: its kind, and whether pmbot knows it (ignored on purpose)
        or not (unsupported, logged on its own logger)."""

    def delivery_key(self, headers: Mapping[str, str], payload: Any) -> str | None:
        """The dedupe key of a verified delivery before it is translated (it is stored raw under it); None when it
        carries nothing for pmbot. Raises `BadPayload` for a payload that is not what its headers say, and
        `Unkeyable` when the platform's deliveries are keyed only by their events (they are translated at once)."""

    def peek_key(self, headers: Mapping[str, str], body: bytes) -> str | None:
        """`delivery_key` read straight from the body, without building the payload. Raises ValueError for a body
        that is not JSON, `Unpeekable` when this body (or every body) must be parsed and `delivery_key` asked,
        and `Unkeyable` as `delivery_key` does."""


@runtime_checkable
class TaskTracker(Protocol):
    """A task tracker: ClickUp, Jira (Linear later)."""

    title: str  # the tracker as people name it ("ClickUp", "Jira"): for messages

    async def get_task(self, task_id: str, *, custom_id: bool = False) -> Task: ...

    async def find_tasks(
        self,
        *,
        list_id: str | None = None,
        statuses: Sequence[str] | None = None,
        assignees: Sequence[str] | None = None,
        updated_since: datetime | None = None,
        include_closed: bool = False,
        subtasks: bool = True,
    ) -> list[Task]: ...

    async def update_task(
        self,
        task_id: str,
        *,
        status: str | None = None,
        add_assignees: Sequence[str] = (),
        remove_assignees: Sequence[str] = (),
        due_date: datetime | None = None,
        priority: int | None = None,
    ) -> Task: ...

    async def comment(self, task_id: str, text: str) -> str: ...

    async def add_tag(self, task_id: str, tag: str) -> None: ...

    async def create_task(
        self, list_id: str, name: str, *, description: str = "", assignees: Sequence[str] = (),
        tags: Sequence[str] = (),
    ) -> Task: ...

    async def comments(self, task_id: str) -> list[Comment]: ...

    async def members(self) -> list[Member]: ...

    async def list_statuses(self, list_id: str) -> list[str]: ...

    async def whoami(self) -> Member: ...


StatusCategory = Literal["todo", "in_progress", "done"]


@runtime_checkable
class WorkflowTracker(Protocol):
    """What a tracker says of its workflow and people beyond `TaskTracker`, so agents need no tracker's names:
    Jira implements it, ClickUp does not. Agents ask `isinstance(ctx.tracker, WorkflowTracker)` first."""

    # True where a task has at most one assignee (Jira): `set_assignee` replaces; `update_task` cannot add a second.
    single_assignee: bool

    async def status_categories(self, scope: str) -> dict[str, StatusCategory]:
        """Each status of a scope (a ClickUp List, a Jira project), lower-cased, and its category."""

    async def move(self, task_id: str, status: str) -> Task:
        """Put the task in `status` (a name, any case): through the workflow's transition to it where the tracker
        has workflows. Raises `NoTransition` when there is none from the task's current status."""

    async def set_assignee(self, task_id: str, user_id: str | None) -> Task:
        """Make `user_id` the task's one assignee (None: nobody), whoever was assigned before."""

    def references(self, text: str) -> list[str]:
        """The task references in `text` (a branch name, a PR title, a commit message) in this tracker's own
        form (ENG-42), first seen first; `get_task(ref, custom_id=True)` reads each."""


@runtime_checkable
class ChatClient(Protocol):
    """A chat platform: Slack."""

    async def post(
        self, channel: str, text: str, *, thread_ts: str | None = None, blocks: list[dict] | None = None
    ) -> PostedMessage: ...

    async def dm(self, user_id: str, text: str, *, blocks: list[dict] | None = None) -> PostedMessage: ...

    async def update(
        self, channel: str, ts: str, text: str, *, blocks: list[dict] | None = None
    ) -> PostedMessage: ...

    async def respond(self, response_url: str, text: str, *, blocks: list[dict] | None = None) -> None:
        """Answer a slash command ephemerally, in the channel it was typed in."""

    async def open_modal(self, trigger_id: str, view: dict[str, Any]) -> str:
        """Open a modal for the user whose click or command carried `trigger_id` (valid 3 s); its view id."""

    async def update_modal(self, view_id: str, view: dict[str, Any]) -> None: ...

    async def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        """Publish the user's App Home tab."""

    async def user(self, user_id: str) -> ChatUser: ...

    async def user_by_email(self, email: str) -> ChatUser | None: ...

    async def presence(self, user_id: str) -> str: ...

    async def upload_image(
        self, channel: str, filename: str, content: bytes, *, title: str | None = None
    ) -> str: ...

    async def whoami(self) -> ChatUser: ...


@runtime_checkable
class CodeHost(Protocol):
    """A code host: GitHub (and GitHub Enterprise)."""

    async def pull_request(self, repo: str, number: int) -> PullRequest: ...

    async def open_pull_requests(self, repo: str) -> list[PullRequest]: ...

    async def commits_since(self, repo: str, since: datetime) -> list[Commit]: ...

    async def reviews(self, repo: str, number: int) -> list[Review]: ...

    async def comment(self, repo: str, number: int, text: str) -> int: ...

    async def whoami(self) -> str: ...


@runtime_checkable
class LLM(Protocol):
    """A language model behind an OpenAI-compatible endpoint, or the deterministic fallback."""

    available: bool

    async def complete(self, messages: list[dict[str, str]], schema: dict | None = None) -> str: ...
