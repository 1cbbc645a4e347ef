"""Fast in-process fakes of the four protocols, for agents' unit tests (milliseconds, no HTTP). Each keeps
state like the platform would and records every write as `(method, args)` in `calls`, so a test asserts
what the agent asked for. The end-to-end tests use the HTTP simulators in each platform's `sim/` instead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import count
from typing import Any

from integrations.errors import NotFound
from integrations.models import ChatUser, Comment, Commit, Member, PostedMessage, PullRequest, Review, Task

PRIORITY_NAMES = {1: "urgent", 2: "high", 3: "normal", 4: "low"}  # ClickUp's numbers


class FakeTracker:
    """TaskTracker over a dict of tasks."""

    title = "the tracker"

    def __init__(self, tasks: Sequence[Task] = (), *, me: str = "900") -> None:
        self.tasks = {t.id: t.model_copy(deep=True) for t in tasks}
        self.comment_log: dict[str, list[Comment]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.me = me
        self._ids = count(1)

    def writes(self, method: str | None = None) -> list[dict[str, Any]]:
        return [args for name, args in self.calls if method is None or name == method]

    async def get_task(self, task_id: str, *, custom_id: bool = False) -> Task:
        for task in self.tasks.values():
            if (task.custom_id == task_id) if custom_id else (task.id == task_id):
                return task.model_copy(deep=True)
        raise NotFound(f"task {task_id}")

    async def find_tasks(self, *, list_id: str | None = None, statuses: Sequence[str] | None = None,
                         assignees: Sequence[str] | None = None, updated_since: datetime | None = None,
                         include_closed: bool = False, subtasks: bool = True) -> list[Task]:
        wanted = {s.lower() for s in statuses} if statuses else None
        found = []
        for task in self.tasks.values():
            if list_id and list_id not in task.lists:
                continue
            if wanted is not None and task.status.lower() not in wanted:
                continue
            if assignees and not {m.id for m in task.assignees} & set(assignees):
                continue
            if updated_since and task.date_updated and task.date_updated < updated_since:
                continue
            found.append(task.model_copy(deep=True))
        return found

    async def update_task(self, task_id: str, *, status: str | None = None, add_assignees: Sequence[str] = (),
                          remove_assignees: Sequence[str] = (), due_date: datetime | None = None,
                          priority: int | None = None) -> Task:
        self.calls.append(("update_task", {"task": task_id, "status": status, "add": list(add_assignees),
                                           "remove": list(remove_assignees), "due_date": due_date,
                                           "priority": priority}))
        task = self.tasks.get(task_id)
        if task is None:
            raise NotFound(f"task {task_id}")
        if status is not None:
            task.status = status.lower()
        members = [m for m in task.assignees if m.id not in set(remove_assignees)]
        members += [Member(id=a) for a in add_assignees if a not in {m.id for m in members}]
        task.assignees = members
        if due_date is not None:
            task.due_date = due_date
        if priority is not None:
            task.priority = PRIORITY_NAMES.get(priority, str(priority))
        return task.model_copy(deep=True)

    async def add_tag(self, task_id: str, tag: str) -> None:
        self.calls.append(("add_tag", {"task": task_id, "tag": tag}))
        task = self.tasks.get(task_id)
        if task is None:
            raise NotFound(f"task {task_id}")
        if tag.lower() not in task.tags:
            task.tags.append(tag.lower())

    async def create_task(self, list_id: str, name: str, *, description: str = "", assignees: Sequence[str] = (),
                          tags: Sequence[str] = ()) -> Task:
        self.calls.append(("create_task", {"list": list_id, "name": name, "description": description,
                                           "assignees": list(assignees), "tags": list(tags)}))
        task = Task(id=f"new{next(self._ids)}", name=name, status="to do", list_id=list_id,
                    assignees=[Member(id=a) for a in assignees], tags=[t.lower() for t in tags])
        self.tasks[task.id] = task
        return task.model_copy(deep=True)

    async def comment(self, task_id: str, text: str) -> str:
        self.calls.append(("comment", {"task": task_id, "text": text}))
        comment_id = str(next(self._ids))
        self.comment_log.setdefault(task_id, []).append(
            Comment(id=comment_id, text=text, author=Member(id=self.me), date=datetime.now(UTC)))
        return comment_id

    async def comments(self, task_id: str) -> list[Comment]:
        return list(self.comment_log.get(task_id, []))

    async def members(self) -> list[Member]:
        ids = {m.id for t in self.tasks.values() for m in t.assignees}
        return [Member(id=i) for i in sorted(ids)]

    async def list_statuses(self, list_id: str) -> list[str]:
        return sorted({t.status for t in self.tasks.values() if t.list_id == list_id})

    async def whoami(self) -> Member:
        return Member(id=self.me, username="pmbot")


class FakeChat:
    """ChatClient that keeps every message; DMs go to a channel named `D<user>`."""

    def __init__(self, users: Sequence[ChatUser] = (), *, me: str = "UBOT") -> None:
        self.users = {u.id: u for u in users}
        self.messages: list[dict[str, Any]] = []
        self.responses: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.me = me
        self._ts = count(1)

    def texts(self, channel: str) -> list[str]:
        return [m["text"] for m in self.messages if m["channel"] == channel]

    def dms(self, user_id: str) -> list[str]:
        return self.texts(f"D{user_id}")

    async def post(self, channel: str, text: str, *, thread_ts: str | None = None,
                   blocks: list[dict] | None = None) -> PostedMessage:
        ts = f"{next(self._ts)}.000100"
        message = {"channel": channel, "text": text, "thread_ts": thread_ts, "blocks": blocks, "ts": ts}
        self.messages.append(message)
        self.calls.append(("post", message))
        return PostedMessage(channel=channel, ts=ts)

    async def dm(self, user_id: str, text: str, *, blocks: list[dict] | None = None) -> PostedMessage:
        return await self.post(f"D{user_id}", text, blocks=blocks)

    async def update(self, channel: str, ts: str, text: str, *, blocks: list[dict] | None = None) -> PostedMessage:
        self.calls.append(("update", {"channel": channel, "ts": ts, "text": text}))
        for message in self.messages:
            if message["channel"] == channel and message["ts"] == ts:
                message.update(text=text, blocks=blocks)
        return PostedMessage(channel=channel, ts=ts)

    async def respond(self, response_url: str, text: str, *, blocks: list[dict] | None = None) -> None:
        answer = {"url": response_url, "text": text, "blocks": blocks}
        self.responses.append(answer)
        self.calls.append(("respond", answer))

    async def open_modal(self, trigger_id: str, view: dict[str, Any]) -> str:
        self.calls.append(("open_modal", {"trigger_id": trigger_id, "view": view}))
        return f"V{len(self.calls)}"

    async def update_modal(self, view_id: str, view: dict[str, Any]) -> None:
        self.calls.append(("update_modal", {"view_id": view_id, "view": view}))

    async def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self.calls.append(("publish_home", {"user_id": user_id, "view": view}))

    async def user(self, user_id: str) -> ChatUser:
        if user_id not in self.users:
            raise NotFound(f"user {user_id}")
        return self.users[user_id]

    async def user_by_email(self, email: str) -> ChatUser | None:
        return next((u for u in self.users.values() if u.email == email), None)

    async def presence(self, user_id: str) -> str:
        return "active"

    async def upload_image(self, channel: str, filename: str, content: bytes, *, title: str | None = None) -> str:
        self.calls.append(("upload_image", {"channel": channel, "filename": filename, "size": len(content)}))
        return f"F{next(self._ts)}"

    async def whoami(self) -> ChatUser:
        return ChatUser(id=self.me, name="pmbot", is_bot=True)


class FakeCodeHost:
    """CodeHost over dicts of pull requests, reviews and commits."""

    def __init__(self, pulls: Sequence[PullRequest] = (), *, me: str = "pmbot[bot]") -> None:
        self.pulls = {(p.repo, p.number): p.model_copy(deep=True) for p in pulls}
        self.review_log: dict[tuple[str, int], list[Review]] = {}
        self.commit_log: dict[str, list[Commit]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.me = me

    async def pull_request(self, repo: str, number: int) -> PullRequest:
        if (repo, number) not in self.pulls:
            raise NotFound(f"{repo}#{number}")
        return self.pulls[(repo, number)].model_copy(deep=True)

    async def open_pull_requests(self, repo: str) -> list[PullRequest]:
        return [p.model_copy(deep=True) for (r, _), p in sorted(self.pulls.items()) if r == repo and p.state == "open"]

    async def commits_since(self, repo: str, since: datetime) -> list[Commit]:
        return [c for c in self.commit_log.get(repo, []) if c.date is None or c.date >= since]

    async def reviews(self, repo: str, number: int) -> list[Review]:
        return list(self.review_log.get((repo, number), []))

    async def comment(self, repo: str, number: int, text: str) -> int:
        self.calls.append(("comment", {"repo": repo, "number": number, "text": text}))
        return len(self.calls)

    async def whoami(self) -> str:
        return self.me


class FakeLLM:
    """An LLM that answers from a queue of canned replies (or says it has no model)."""

    def __init__(self, replies: Sequence[str] = (), *, available: bool = True) -> None:
        self.replies = list(replies)
        self.available = available
        self.prompts: list[list[dict[str, str]]] = []

    async def complete(self, messages: list[dict[str, str]], schema: dict | None = None) -> str:
        self.prompts.append(messages)
        return self.replies.pop(0) if self.replies else ""
