"""ClickUp REST API v2 client: the TaskTracker pmbot's agents use."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote

import aiohttp
import orjson
from pydantic import BaseModel, ValidationError

from integrations.clickup.schemas import (
    ApiComment,
    ApiCustomField,
    ApiList,
    ApiTask,
    AuthorizedUser,
    ClickUpUser,
    CommentList,
    CreatedComment,
    TaskPage,
    TeamList,
    datetime_to_ms,
    ms_to_datetime,
)
from integrations.errors import (
    AuthFailed,
    NotFound,
    PlatformRejected,
    RateLimited,
    Unavailable,
)
from integrations.headers import retry_after
from integrations.models import Comment, Member, Task
from integrations.ratelimit import RequestBudget, background_work
from integrations.sessions import LoopSession

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # ClickUp's fixed page size for task listings
MAX_PAGES = 100
LOOKAHEAD = 4  # at most this many pages of one task listing in flight
PERSONAL_TOKEN_PREFIX = "pk_"
COMMENT_PAGE_SIZE = 25  # GET /task/{id}/comment answers the newest 25, newest first
MAX_COMMENT_PAGES = 400  # a safety cap: 10,000 comments on one task
DEFAULT_BASE_URL = "https://api.clickup.com/api/v2"
# A ClickUp status's `type` as pmbot's status category (WorkflowTracker's todo / in_progress / done).
CATEGORY_OF_TYPE = {"open": "todo", "custom": "in_progress", "done": "done", "closed": "done"}

MAX_LISTS = 500  # a safety cap for one walk of the workspace's hierarchy

M = TypeVar("M", bound=BaseModel)
Sleep = Callable[[float], Awaitable[Any]]


def lookahead(received: int) -> int:
    """Pages of one listing to have asked for beyond the last one read, once `received` pages came back full:
    one while the listing is short, growing with it to LOOKAHEAD. A listing therefore asks for at most
    LOOKAHEAD - 1 pages past its last one, and fewer than half as many as it needed (a listing of one to four
    pages asks for exactly those)."""
    return max(1, min(LOOKAHEAD, received // 2))


class WorkspaceList(NamedTuple):
    """A List and where it sits: `path` is "Space / Folder / List" (no folder for a folderless List)."""

    id: str
    name: str
    path: str


class _Named(BaseModel):
    id: str | int
    name: str = ""


class _Spaces(BaseModel):
    spaces: list[_Named] = []


class _Folders(BaseModel):
    folders: list[_Named] = []


class _Lists(BaseModel):
    lists: list[_Named] = []


def member_from(user: ClickUpUser) -> Member:
    return Member(id=user.id or "", username=user.username, email=user.email)


def task_from(api: ApiTask) -> Task:
    """Convert ClickUp's task JSON into the platform-neutral Task."""
    return Task(
        id=api.id,
        name=api.name,
        status=(api.status.status or "").lower() if api.status else "",
        status_category=CATEGORY_OF_TYPE.get(api.status.type or "") if api.status else None,
        url=api.url,
        list_id=api.list_ref.id if api.list_ref else None,
        list_name=api.list_ref.name if api.list_ref else None,
        other_lists=[str(loc.id) for loc in api.locations if loc.id is not None],
        custom_id=api.custom_id,
        description=api.text_content or api.description or None,
        assignees=[member_from(u) for u in api.assignees if u.id],
        creator=member_from(api.creator) if api.creator and api.creator.id else None,
        tags=[tag.name for tag in api.tags],
        priority=api.priority.priority if api.priority else None,
        due_date=ms_to_datetime(api.due_date),
        date_updated=ms_to_datetime(api.date_updated),
        date_created=ms_to_datetime(api.date_created),
        date_done=ms_to_datetime(api.date_done) or ms_to_datetime(api.date_closed),
        folder_id=api.folder.id if api.folder else None,
        space_id=api.space.id if api.space else None,
        custom_fields={f.name: custom_value(f) for f in api.custom_fields if f.name and f.value is not None},
    )


def custom_value(field: ApiCustomField) -> Any:
    """A custom field's value as people read it: a drop-down's option name, labels' names, users' names."""
    options = field.type_config.get("options") if isinstance(field.type_config, dict) else None
    options = options if isinstance(options, list) else []

    def option(value: Any) -> Any:
        for o in options:
            if isinstance(o, dict) and (o.get("id") == value or str(o.get("orderindex")) == str(value)):
                return o.get("name") or o.get("label") or value
        return value

    if field.type == "drop_down":
        return option(field.value)
    if field.type == "labels" and isinstance(field.value, list):
        return [option(v) for v in field.value]
    if field.type == "users" and isinstance(field.value, list):
        return [u.get("username") or str(u.get("id")) for u in field.value if isinstance(u, dict)]
    return field.value


def comment_from(api: ApiComment) -> Comment:
    return Comment(
        id=api.id,
        text=api.comment_text,
        author=member_from(api.user) if api.user and api.user.id else None,
        date=ms_to_datetime(api.date),
    )


def _user_ids(ids: Sequence[str]) -> list[int]:
    try:
        return [int(uid) for uid in ids]
    except (TypeError, ValueError):
        raise PlatformRejected(f"ClickUp user ids are numeric, got {list(ids)!r}") from None


def authorization(token: str) -> str:
    """The Authorization header for a token: ClickUp's personal tokens (pk_) go raw, OAuth access
    tokens as `Bearer <token>` (ClickUp's authentication guide)."""
    if token.startswith(PERSONAL_TOKEN_PREFIX) or token.lower().startswith("bearer "):
        return token
    return f"Bearer {token}"


def _rejection(content: bytes) -> str:
    try:
        body = orjson.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace")[:200]
    if isinstance(body, dict):
        return f"{body.get('err', '')} [{body.get('ECODE', '')}]".strip()
    return str(body)[:200]


class ClickUpTracker:
    """TaskTracker over the ClickUp REST API v2 (personal token or OAuth access token)."""

    title = "ClickUp"

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        team_id: str | None = None,
        http: aiohttp.ClientSession | None = None,
        max_wait: float = 30.0,
        retries: int = 3,
        sleep: Sleep = asyncio.sleep,
        budget: RequestBudget | None = None,
    ) -> None:
        self._budget = budget
        self._authorization = authorization(token)
        self._base_url = base_url.rstrip("/")
        self.team_id = team_id
        # aiohttp rather than httpx: about 0.1 ms of CPU per request here against 0.8 ms (measured on the
        # simulator, BENCHMARKS.md), which was a third of the worker's time per event. Made on first use, in
        # the loop that uses it (a session belongs to one event loop).
        self._http = http
        self._sessions = LoopSession(aiohttp.ClientTimeout(total=20.0, connect=5.0)) if http is None else None
        self.max_wait = max_wait
        self.retries = retries
        self._sleep = sleep

    def __repr__(self) -> str:  # never shows the token
        return f"ClickUpTracker(base_url={self._base_url!r}, team_id={self.team_id!r})"

    def _session(self) -> aiohttp.ClientSession:
        if self._sessions is not None:
            return self._sessions.get()
        assert self._http is not None
        return self._http

    async def aclose(self) -> None:
        if self._sessions is not None:  # a session given to it is its owner's to close
            await self._sessions.aclose()

    async def __aenter__(self) -> ClickUpTracker:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- TaskTracker ----------------------------------------------------------------------
    async def get_task(self, task_id: str, *, custom_id: bool = False) -> Task:
        params: dict[str, str] = {}
        if custom_id:
            params = {"custom_task_ids": "true", "team_id": await self._team_id()}
        body = await self._call("GET", f"/task/{task_id}", params=params)
        return task_from(self._parse(ApiTask, body))

    async def find_tasks(
        self,
        *,
        list_id: str | None = None,
        statuses: Sequence[str] | None = None,
        assignees: Sequence[str] | None = None,
        updated_since: datetime | None = None,
        include_closed: bool = False,
        subtasks: bool = True,
    ) -> list[Task]:
        """Tasks of one list (or the whole workspace), every page; subtasks included unless told not to."""
        path = f"/list/{list_id}/task" if list_id else f"/team/{await self._team_id()}/task"
        filters: list[tuple[str, str]] = [("statuses[]", s) for s in statuses or ()]
        filters += [("assignees[]", str(a)) for a in assignees or ()]
        if updated_since is not None:
            filters.append(("date_updated_gt", str(datetime_to_ms(updated_since))))
        filters.append(("include_closed", "true" if include_closed else "false"))
        if list_id:  # without it a List's listing leaves out the tasks added to it from another List
            filters.append(("include_timl", "true"))
        # Both listings leave subtasks out unless asked; a subtask is work that moves through QA too.
        filters.append(("subtasks", "true" if subtasks else "false"))
        async def read(page: int) -> tuple[list[Task], bool]:
            """One page's tasks, converted as soon as it arrives (its parsed JSON is dropped there), and
            whether ClickUp has more."""
            parsed: TaskPage = await self._call("GET", path, params=[("page", str(page)), *filters], parse=TaskPage)
            more = len(parsed.tasks) >= PAGE_SIZE and not parsed.last_page
            return [task_from(t) for t in parsed.tasks], more

        def fetch(page: int) -> asyncio.Task[tuple[list[Task], bool]]:
            return asyncio.ensure_future(read(page))

        # Pages are asked for ahead of the one being read (see `lookahead`) and read in order; the listing ends
        # at ClickUp's last_page or a short page, and pages asked for past it are cancelled.
        pending: dict[int, asyncio.Task[tuple[list[Task], bool]]] = {}
        asked = 0  # pages 0 .. asked - 1 have been asked for

        def ask_through(last: int) -> None:
            nonlocal asked
            while asked <= min(last, MAX_PAGES - 1):
                pending[asked] = fetch(asked)
                asked += 1

        tasks: list[Task] = []
        ask_through(0)
        try:
            for page in range(MAX_PAGES):
                found, more = await pending.pop(page)
                if more:
                    ask_through(page + lookahead(page + 1))
                tasks.extend(found)
                if not more:
                    break
            else:
                log.warning("clickup find_tasks stopped after %d pages", MAX_PAGES)
        finally:
            for left in pending.values():
                left.cancel()
            # Wait for the cancelled ones (a request still waiting for the budget is never sent).
            await asyncio.gather(*pending.values(), return_exceptions=True)
        return tasks

    async def update_task(
        self,
        task_id: str,
        *,
        status: str | None = None,
        add_assignees: Sequence[str] = (),
        remove_assignees: Sequence[str] = (),
        due_date: datetime | None = None,
        priority: int | None = None,
    ) -> Task:
        body: dict[str, Any] = {}
        if status is not None:
            body["status"] = status
        if add_assignees or remove_assignees:
            body["assignees"] = {"add": _user_ids(add_assignees), "rem": _user_ids(remove_assignees)}
        if due_date is not None:
            body["due_date"] = datetime_to_ms(due_date)
        if priority is not None:
            body["priority"] = priority
        if not body:
            return await self.get_task(task_id)
        answer = await self._call("PUT", f"/task/{task_id}", json=body)
        return task_from(self._parse(ApiTask, answer))

    async def comment(self, task_id: str, text: str) -> str:
        body = {"comment_text": text, "notify_all": False}
        answer = await self._call("POST", f"/task/{task_id}/comment", json=body)
        return self._parse(CreatedComment, answer).id

    async def add_tag(self, task_id: str, tag: str) -> None:
        """Put a tag on a task (POST /task/{id}/tag/{name})."""
        await self._call("POST", f"/task/{task_id}/tag/{quote(tag, safe='')}")

    async def create_task(self, list_id: str, name: str, *, description: str = "",
                          assignees: Sequence[str] = (), tags: Sequence[str] = ()) -> Task:
        body: dict[str, Any] = {"name": name}
        if description:
            body["description"] = description
        if assignees:
            body["assignees"] = _user_ids(assignees)
        if tags:
            body["tags"] = list(tags)
        answer = await self._call("POST", f"/list/{list_id}/task", json=body)
        return task_from(self._parse(ApiTask, answer))

    async def comments(self, task_id: str) -> list[Comment]:
        """Every comment on the task, oldest first (agents read a thread's last item as the latest)."""
        seen: dict[str, ApiComment] = {}
        params: dict[str, str] = {}
        for _ in range(MAX_COMMENT_PAGES):
            answer = await self._call("GET", f"/task/{task_id}/comment", params=params)
            page = self._parse(CommentList, answer).comments
            fresh = [c for c in page if c.id not in seen]
            seen.update((c.id, c) for c in fresh)
            if len(page) < COMMENT_PAGE_SIZE or not fresh:
                break
            # ClickUp pages comments by the oldest one seen: its date (ms) as `start`, its id as `start_id`.
            oldest = page[-1]
            if oldest.date is None:
                log.warning("clickup comment %s has no date; cannot ask for older ones", oldest.id)
                break
            params = {"start": str(oldest.date), "start_id": oldest.id}
        else:
            log.warning("clickup comments stopped after %d pages", MAX_COMMENT_PAGES)
        found = [comment_from(c) for c in seen.values()]
        # Numeric ids of equal dates sort by length first, so "10" follows "9".
        return sorted(found, key=lambda c: (c.date is None, c.date, len(c.id), c.id))

    async def members(self) -> list[Member]:
        teams = self._parse(TeamList, await self._call("GET", "/team")).teams
        if not teams:
            return []
        team = next((t for t in teams if t.id == self.team_id), None) if self.team_id else teams[0]
        if team is None:
            raise NotFound(f"ClickUp workspace {self.team_id} is not visible to this token")
        return [member_from(m.user) for m in team.members if m.user.id]

    async def list_statuses(self, list_id: str) -> list[str]:
        answer = await self._call("GET", f"/list/{list_id}")
        return [s.status for s in self._parse(ApiList, answer).statuses]

    async def workspace_name(self) -> str | None:
        """The name of the workspace (a "team" in API v2) this client works in."""
        teams = self._parse(TeamList, await self._call("GET", "/team")).teams
        team_id = await self._team_id()
        return next((t.name for t in teams if t.id == team_id), None)

    async def workspace_lists(self) -> list[WorkspaceList]:
        """Every List of the workspace not archived: each space's folders' Lists, then its folderless Lists."""
        found: list[WorkspaceList] = []
        archived = {"archived": "false"}
        spaces = self._parse(_Spaces, await self._call("GET", f"/team/{await self._team_id()}/space",
                                                       params=archived)).spaces
        for space in spaces:
            places: list[tuple[str, str]] = []
            folders = self._parse(_Folders, await self._call("GET", f"/space/{space.id}/folder", params=archived))
            for folder in folders.folders:
                places.append((f"/folder/{folder.id}/list", f"{space.name} / {folder.name}"))
            places.append((f"/space/{space.id}/list", space.name))
            for path, where in places:
                lists = self._parse(_Lists, await self._call("GET", path, params=archived)).lists
                found += [WorkspaceList(str(lst.id), lst.name, f"{where} / {lst.name}") for lst in lists]
                if len(found) >= MAX_LISTS:
                    log.warning("clickup workspace_lists stopped at %d lists", MAX_LISTS)
                    return found[:MAX_LISTS]
        return found

    async def whoami(self) -> Member:
        return member_from(self._parse(AuthorizedUser, await self._call("GET", "/user")).user)

    # -- plumbing -------------------------------------------------------------------------
    async def _team_id(self) -> str:
        if self.team_id is None:
            teams = self._parse(TeamList, await self._call("GET", "/team")).teams
            if not teams:
                raise NotFound("this ClickUp token sees no workspace")
            self.team_id = teams[0].id
        return self.team_id

    @staticmethod
    def _parse(model: type[M], body: Any) -> M:
        try:
            return model.model_validate(body)
        except ValidationError:
            raise Unavailable(f"ClickUp answered with an unexpected {model.__name__} shape") from None

    @staticmethod
    def _rate_limit_wait(headers: Mapping[str, str]) -> float:
        # ClickUp's 429 carries X-RateLimit-Reset, the epoch second its window resets.
        wait = retry_after(headers, reset="x-ratelimit-reset")
        return 1.0 if wait is None else wait

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        parse: type[BaseModel] | None = None,
    ) -> Any:
        """The answer's JSON; with `parse`, that model read straight from the bytes (no dicts in between:
        a 10,000-task listing parses in about two thirds of the time)."""
        url = f"{self._base_url}{path}"
        headers = {"Authorization": self._authorization, "Accept": "application/json"}
        attempt = 0
        while True:
            if self._budget is not None:
                # ClickUp counts every request, retries included, against one limit per token.
                await self._budget.acquire(background=background_work.get())
            try:
                async with self._session().request(method, url, params=params, json=json, headers=headers) as answer:
                    status, content, answer_headers = answer.status, await answer.read(), answer.headers
            except (aiohttp.ClientError, TimeoutError) as exc:  # connection refused/reset, timeouts
                if attempt < self.retries:
                    attempt += 1
                    log.info("clickup %s %s failed (%s); retry %d", method, path, type(exc).__name__, attempt)
                    await self._sleep(self._backoff(attempt))
                    continue
                raise Unavailable(f"ClickUp {method} {path}: {type(exc).__name__}") from None
            if status == 429:
                wait = self._rate_limit_wait(answer_headers)
                if wait <= self.max_wait and attempt < self.retries:
                    attempt += 1
                    log.info("clickup rate limited on %s %s; waiting %.1fs", method, path, wait)
                    await self._sleep(wait)
                    continue
                raise RateLimited(wait, f"ClickUp rate limit on {method} {path}")
            if status >= 500:
                if attempt < self.retries:
                    attempt += 1
                    log.info("clickup %s %s answered %d; retry %d", method, path, status, attempt)
                    await self._sleep(self._backoff(attempt))
                    continue
                raise Unavailable(f"ClickUp {method} {path} answered {status}")
            if status == 401:
                raise AuthFailed(f"ClickUp refused the token: {_rejection(content)}")
            if status == 404:
                raise NotFound(f"ClickUp {method} {path}: {_rejection(content)}")
            if status >= 400:
                raise PlatformRejected(f"ClickUp {method} {path} answered {status}: {_rejection(content)}")
            if parse is not None:
                try:
                    return parse.model_validate_json(content)
                except ValidationError:
                    raise Unavailable(f"ClickUp answered with an unexpected {parse.__name__} shape") from None
            try:
                return orjson.loads(content)
            except ValueError:
                raise Unavailable(f"ClickUp {method} {path} answered with a body that is not JSON") from None

    @staticmethod
    def _backoff(attempt: int) -> float:
        return min(0.25 * 2 ** (attempt - 1), 4.0)
