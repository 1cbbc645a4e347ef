"""Jira Cloud REST API v3 client: the TaskTracker (and WorkflowTracker) pmbot's agents use on Jira."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import aiohttp
import orjson
from pydantic import BaseModel, ValidationError

from integrations.errors import AuthFailed, NotFound, NoTransition, PlatformRejected, RateLimited, Unavailable
from integrations.headers import retry_after
from integrations.jira.adf import to_adf, to_text
from integrations.jira.keys import issue_keys
from integrations.jira.schemas import (
    ApiComment,
    CreatedIssue,
    IssueBean,
    IssueTypeWithStatus,
    JiraUser,
    PageOfComments,
    PageOfProjects,
    ProjectRef,
    SearchPage,
    Status,
    StatusCategoryKey,
    parse_time,
)
from integrations.models import Comment, Member, Task
from integrations.sessions import LoopSession

log = logging.getLogger(__name__)

API = "/rest/api/3"
# Every field Task is built from; the enhanced search returns only ids unless told (its `fields` default is `id`).
FIELDS = ("summary", "status", "assignee", "reporter", "creator", "labels", "priority", "duedate", "updated",
          "created", "resolutiondate", "project", "issuetype", "parent", "description")
PAGE_SIZE = 100  # issues per search page with these fields; pages of comments and users too
MAX_PAGES = 100
DEFAULT_ISSUE_TYPE = "Task"
# ClickUp's priority numbers (TaskTracker.update_task's `priority`) as the names of Jira's default scheme.
PRIORITY_NAMES = {1: "Highest", 2: "High", 3: "Medium", 4: "Low"}
HUMAN_ACCOUNT = "atlassian"  # accountType of people (apps are "app", service-desk customers "customer")
STATUSES_FOR = 600.0  # seconds the site's status names are kept: an admin adding a status is seen within this

M = TypeVar("M", bound=BaseModel)
Sleep = Callable[[float], Awaitable[Any]]


class ProjectList(NamedTuple):
    """A project as `pmbot init` lists the places tasks live in: `id` its key, `path` "Name (KEY)"."""

    id: str
    name: str
    path: str


def member_from(user: JiraUser) -> Member:
    return Member(id=user.account_id or "", username=user.display_name, email=user.email)


def label_of(tag: str) -> str:
    """A tag as a Jira label: Jira refuses labels with spaces, so runs of whitespace become one '-'."""
    return "-".join(tag.split())


def _quote(value: str) -> str:
    """A JQL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rejection(content: bytes) -> str:
    """Jira's ErrorCollection ({"errorMessages": [...], "errors": {field: message}}) as one line."""
    try:
        body = orjson.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace")[:200]
    if not isinstance(body, dict):
        return str(body)[:200]
    messages = [str(m) for m in body.get("errorMessages") or []]
    errors = body.get("errors")
    messages += [f"{field}: {message}" for field, message in (errors.items() if isinstance(errors, dict) else ())]
    return "; ".join(messages)[:500] or "no message"


class JiraTracker:
    """TaskTracker over Jira Cloud's REST API v3 with an Atlassian account's e-mail and API token (basic auth).
    A task is an issue: `id` its numeric id, `custom_id` its key (ENG-42), `list_id` its project's key."""

    title = "Jira"
    single_assignee = True

    def __init__(
        self,
        base_url: str,
        email: str,
        token: str,
        *,
        http: aiohttp.ClientSession | None = None,
        max_wait: float = 30.0,
        retries: int = 3,
        sleep: Sleep = asyncio.sleep,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._authorization = "Basic " + base64.b64encode(f"{email}:{token}".encode()).decode("ascii")
        self._http = http
        self._sessions = LoopSession(aiohttp.ClientTimeout(total=20.0, connect=5.0)) if http is None else None
        self.max_wait, self.retries, self.page_size = max_wait, retries, page_size
        self._sleep = sleep
        self._zone: ZoneInfo | None = None  # pmbot's user's time zone: JQL reads dates in it
        self._site_statuses: tuple[float, frozenset[str]] | None = None  # (read at, lower-cased names)

    def __repr__(self) -> str:  # never shows the token
        return f"JiraTracker(base_url={self.base_url!r})"

    async def aclose(self) -> None:
        if self._sessions is not None:
            await self._sessions.aclose()

    # -- TaskTracker ----------------------------------------------------------------------
    async def get_task(self, task_id: str, *, custom_id: bool = False) -> Task:
        """An issue by id or key (Jira takes either: `custom_id` changes nothing)."""
        return self.task_from(await self._issue(task_id))

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
        """Issues of one project (or every project), every page of the enhanced JQL search. Statuses that no
        workflow on the site has are left out of the query (JQL refuses them); none left: nothing to find."""
        if statuses:
            known = await self._status_names()
            statuses = [s for s in statuses if s.lower() in known]
            if not statuses:
                return []
        return [self.task_from(issue) for issue in await self.search(await self._jql(
            list_id, statuses, assignees, updated_since, include_closed, subtasks))]

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
        """Fields in one edit, the assignee through its own call, the status through a transition (`move`)."""
        if len(add_assignees) > 1:
            raise PlatformRejected(f"a Jira issue has one assignee, not {len(add_assignees)}")
        fields: dict[str, Any] = {}
        if due_date is not None:
            fields["duedate"] = due_date.date().isoformat()
        if priority is not None:
            if priority not in PRIORITY_NAMES:
                raise PlatformRejected(f"priority {priority} is not one of {sorted(PRIORITY_NAMES)}")
            fields["priority"] = {"name": PRIORITY_NAMES[priority]}
        if fields:
            await self._call("PUT", f"{API}/issue/{task_id}", json={"fields": fields})
        task: Task | None = None  # the issue as last read, after every change so far
        if add_assignees:
            task = await self.set_assignee(task_id, add_assignees[0])
        elif remove_assignees:
            task = await self.get_task(task_id)
            if any(a.id in remove_assignees for a in task.assignees):
                task = await self.set_assignee(task_id, None)
        if status is not None:
            return await self.move(task_id, status)
        return task or await self.get_task(task_id)

    async def comment(self, task_id: str, text: str) -> str:
        answer = await self._call("POST", f"{API}/issue/{task_id}/comment", json={"body": to_adf(text)})
        return self._parse(ApiComment, answer).id

    async def add_tag(self, task_id: str, tag: str) -> None:
        """Add a label (tags are labels on Jira)."""
        await self._call("PUT", f"{API}/issue/{task_id}", json={"update": {"labels": [{"add": label_of(tag)}]}})

    async def create_task(self, list_id: str, name: str, *, description: str = "", assignees: Sequence[str] = (),
                          tags: Sequence[str] = ()) -> Task:
        """A new issue of type Task in project `list_id`."""
        if len(assignees) > 1:
            raise PlatformRejected(f"a Jira issue has one assignee, not {len(assignees)}")
        fields: dict[str, Any] = {"project": {"key": list_id}, "summary": name,
                                  "issuetype": {"name": DEFAULT_ISSUE_TYPE}}
        if description:
            fields["description"] = to_adf(description)
        if assignees:
            fields["assignee"] = {"accountId": assignees[0]}
        if tags:
            fields["labels"] = [label_of(t) for t in tags]
        created = self._parse(CreatedIssue, await self._call("POST", f"{API}/issue", json={"fields": fields}))
        return await self.get_task(created.key)

    async def comments(self, task_id: str) -> list[Comment]:
        """Every comment, oldest first (pages of `startAt`)."""
        found: list[Comment] = []
        for _ in range(MAX_PAGES):
            params = {"startAt": str(len(found)), "maxResults": str(self.page_size), "orderBy": "created"}
            page = self._parse(PageOfComments, await self._call("GET", f"{API}/issue/{task_id}/comment",
                                                                params=params))
            found += [Comment(id=c.id, text=to_text(c.body), author=member_from(c.author) if c.author else None,
                              date=parse_time(c.created)) for c in page.comments]
            if not page.comments or len(found) >= page.total:
                break
        return found

    async def members(self) -> list[Member]:
        """Every active person on the site (GET /users/search, which needs "Browse users and groups")."""
        people: list[Member] = []
        for page_number in range(MAX_PAGES):
            params = {"startAt": str(page_number * self.page_size), "maxResults": str(self.page_size)}
            answer = await self._call("GET", f"{API}/users/search", params=params)
            if not isinstance(answer, list):
                raise Unavailable("Jira answered /users/search with something other than a list")
            users = [self._parse(JiraUser, u) for u in answer]
            people += [member_from(u) for u in users
                       if u.account_id and u.account_type == HUMAN_ACCOUNT and u.active is not False]
            if len(users) < self.page_size:
                break
        return people

    async def workspace_name(self) -> str | None:
        """The site's title (GET /serverInfo `serverTitle`)."""
        info = await self._call("GET", f"{API}/serverInfo")
        title = info.get("serverTitle") if isinstance(info, dict) else None
        return title if isinstance(title, str) and title else None

    async def workspace_lists(self) -> list[ProjectList]:
        """Every project as a place tasks live in (what a ClickUp List is): key, name, and "Name (KEY)"."""
        return [ProjectList(p.key, p.name, f"{p.name} ({p.key})") for p in await self.projects()]

    async def projects(self) -> list[ProjectRef]:
        """Every project the account can browse (GET /project/search, pages of `startAt` until `isLast`)."""
        found: list[ProjectRef] = []
        for _ in range(MAX_PAGES):
            params = {"startAt": str(len(found)), "maxResults": str(self.page_size), "orderBy": "key"}
            page = self._parse(PageOfProjects, await self._call("GET", f"{API}/project/search", params=params))
            found += page.values
            if page.is_last or not page.values:
                break
        return found

    async def list_statuses(self, list_id: str) -> list[str]:
        """The statuses of a project's workflows, every issue type's, each once."""
        return list(await self._statuses(list_id))

    async def whoami(self) -> Member:
        return member_from(self._parse(JiraUser, await self._call("GET", f"{API}/myself")))

    # -- WorkflowTracker ------------------------------------------------------------------
    async def status_categories(self, scope: str) -> dict[str, StatusCategoryKey]:
        return {name.lower(): category for name, category in (await self._statuses(scope)).items() if category}

    async def move(self, task_id: str, status: str) -> Task:
        """Transition the issue to `status`: the transition the workflow offers from where it is (none needed when
        it is there already); `NoTransition` when none leads there."""
        issue = await self._issue(task_id, expand="transitions")
        current = issue.fields.status.name if issue.fields.status else ""
        if current.lower() == status.lower():
            return self.task_from(issue)
        offered = issue.transitions
        chosen = next((t for t in offered if t.to.name.lower() == status.lower() and t.is_available), None)
        if chosen is None:
            raise NoTransition(issue.key, status, current, [t.to.name for t in offered if t.is_available])
        await self._call("POST", f"{API}/issue/{task_id}/transitions", json={"transition": {"id": chosen.id}})
        return await self.get_task(task_id)

    async def set_assignee(self, task_id: str, user_id: str | None) -> Task:
        await self._call("PUT", f"{API}/issue/{task_id}/assignee", json={"accountId": user_id})
        return await self.get_task(task_id)

    def references(self, text: str) -> list[str]:
        return issue_keys(text)

    # -- searching ------------------------------------------------------------------------
    async def search(self, jql: str) -> list[IssueBean]:
        """Every issue a JQL query finds: POST /search/jql, page after page while Jira gives a nextPageToken."""
        found: list[IssueBean] = []
        body: dict[str, Any] = {"jql": jql, "fields": list(FIELDS), "maxResults": self.page_size}
        for _ in range(MAX_PAGES):
            page: SearchPage = await self._call("POST", f"{API}/search/jql", json=body, parse=SearchPage)
            found += page.issues
            if not page.next_page_token:
                return found
            body = {**body, "nextPageToken": page.next_page_token}
        log.warning("jira search stopped after %d pages", MAX_PAGES)
        return found

    async def _jql(self, project: str | None, statuses: Sequence[str] | None, assignees: Sequence[str] | None,
                   updated_since: datetime | None, include_closed: bool, subtasks: bool) -> str:
        clauses = [f"project = {_quote(project)}"] if project else []
        if statuses:
            clauses.append(f"status in ({', '.join(_quote(s) for s in statuses)})")
        if assignees:
            clauses.append(f"assignee in ({', '.join(_quote(a) for a in assignees)})")
        if updated_since is not None:
            # JQL reads a date in the searching user's time zone, to the minute: floor it, so nothing is missed.
            local = updated_since.astimezone(await self._time_zone())
            clauses.append(f'updated >= "{local:%Y-%m-%d %H:%M}"')
        if not include_closed:
            clauses.append("statusCategory != Done")
        if not subtasks:
            clauses.append("issuetype not in subTaskIssueTypes()")
        # The enhanced search refuses an unbounded query (no restriction at all).
        return " AND ".join(clauses or ["project IS NOT EMPTY"]) + " ORDER BY created ASC"

    async def _status_names(self) -> frozenset[str]:
        """Every status name on the site, lower-cased (GET /status: the statuses of active workflows)."""
        now = time.monotonic()
        if self._site_statuses is None or now - self._site_statuses[0] > STATUSES_FOR:
            answer = await self._call("GET", f"{API}/status")
            names = frozenset(self._parse(Status, s).name.lower() for s in answer) if isinstance(answer, list) \
                else frozenset()
            self._site_statuses = (now, names)
        return self._site_statuses[1]

    async def _time_zone(self) -> ZoneInfo:
        if self._zone is None:
            me = await self._call("GET", f"{API}/myself")
            name = me.get("timeZone") if isinstance(me, dict) else None
            try:
                self._zone = ZoneInfo(name) if isinstance(name, str) and name else ZoneInfo("UTC")
            except (ZoneInfoNotFoundError, ValueError):
                self._zone = ZoneInfo("UTC")
        return self._zone

    # -- converting ------------------------------------------------------------------------
    def task_from(self, issue: IssueBean) -> Task:
        """Jira's issue JSON as the platform-neutral Task."""
        f = issue.fields
        due = parse_time(f.duedate)
        creator = f.reporter or f.creator
        return Task(
            id=issue.id,
            custom_id=issue.key,
            name=f.summary,
            status=f.status.name.lower() if f.status else "",
            status_category=f.status.neutral_category if f.status else None,
            url=f"{self.base_url}/browse/{issue.key}",
            list_id=f.project.key if f.project else None,
            list_name=f.project.name if f.project else None,
            description=to_text(f.description) or None,
            assignees=[member_from(f.assignee)] if f.assignee and f.assignee.account_id else [],
            creator=member_from(creator) if creator else None,
            tags=list(f.labels),
            priority=f.priority.name.lower() if f.priority and f.priority.name else None,
            due_date=due,
            date_updated=parse_time(f.updated),
            date_created=parse_time(f.created),
            date_done=parse_time(f.resolutiondate),
        )

    # -- plumbing -------------------------------------------------------------------------
    async def _issue(self, task_id: str, *, expand: str | None = None) -> IssueBean:
        params = {"fields": ",".join(FIELDS), **({"expand": expand} if expand else {})}
        return self._parse(IssueBean, await self._call("GET", f"{API}/issue/{task_id}", params=params))

    async def _statuses(self, project: str) -> dict[str, StatusCategoryKey | None]:
        answer = await self._call("GET", f"{API}/project/{project}/statuses")
        types = [self._parse(IssueTypeWithStatus, t) for t in answer] if isinstance(answer, list) else []
        found: dict[str, StatusCategoryKey | None] = {}
        for issue_type in types:
            for status in issue_type.statuses:
                found.setdefault(status.name, status.neutral_category)
        return found

    @staticmethod
    def _parse(model: type[M], body: Any) -> M:
        try:
            return model.model_validate(body)
        except ValidationError:
            raise Unavailable(f"Jira answered with an unexpected {model.__name__} shape") from None

    def _session(self) -> aiohttp.ClientSession:
        if self._sessions is not None:
            return self._sessions.get()
        assert self._http is not None
        return self._http

    async def _call(self, method: str, path: str, *, params: Any = None, json: Any = None,
                    parse: type[BaseModel] | None = None) -> Any:
        """One request, retried on 429 (as long as Jira's Retry-After asks), 5xx and broken connections; the JSON
        answer (None for 204), or `parse`'s model read straight from the bytes."""
        headers = {"Authorization": self._authorization, "Accept": "application/json"}
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                async with self._session().request(method, self.base_url + path, params=params, json=json,
                                                   headers=headers) as answer:
                    status, content = answer.status, await answer.read()
                    wait = retry_after(answer.headers) if status == 429 else None
            except (aiohttp.ClientError, TimeoutError) as exc:
                if last:
                    raise Unavailable(f"Jira {method} {path}: {type(exc).__name__}") from None
                await self._sleep(self._backoff(attempt))
                continue
            if status == 429:
                # Jira Cloud's rate limits answer 429 with Retry-After (seconds); without one, back off.
                wait = self._backoff(attempt) if wait is None else wait
                if last or wait > self.max_wait:
                    raise RateLimited(wait, f"Jira rate limit on {method} {path}")
                log.info("jira rate limited on %s %s; waiting %.1fs", method, path, wait)
                await self._sleep(wait)
                continue
            if status >= 500 and not last:
                await self._sleep(self._backoff(attempt))
                continue
            return self._answer(method, path, status, content, parse)
        raise AssertionError("unreachable")  # pragma: no cover - the last attempt returns or raises

    @staticmethod
    def _answer(method: str, path: str, status: int, content: bytes, parse: type[BaseModel] | None) -> Any:
        if status >= 500:
            raise Unavailable(f"Jira {method} {path} answered {status}")
        if status == 401:
            raise AuthFailed(f"Jira refused the e-mail and API token: {_rejection(content)}")
        if status == 404:
            raise NotFound(f"Jira {method} {path}: {_rejection(content)}")
        if status >= 400:
            raise PlatformRejected(f"Jira {method} {path} answered {status}: {_rejection(content)}")
        if not content:
            return None
        try:
            return parse.model_validate_json(content) if parse is not None else orjson.loads(content)
        except (ValidationError, ValueError):
            raise Unavailable(f"Jira {method} {path} answered with an unexpected body") from None

    @staticmethod
    def _backoff(attempt: int) -> float:
        return min(0.25 * 2 ** attempt, 4.0)

