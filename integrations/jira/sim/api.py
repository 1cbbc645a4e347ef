"""An in-memory Jira Cloud REST API v3 on loopback that also sends signed webhooks, for tests and the sandbox.
It answers as Jira's OpenAPI document (swagger-v3.v3.json) describes the calls JiraTracker makes, and refuses what
Jira refuses: a transition its workflow does not offer, a label with a space, a field not on the edit screen, an
unbounded JQL query, a page size past the limit."""

from __future__ import annotations

import base64
import json
from collections.abc import Collection
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from integrations.jira.adf import is_document
from integrations.jira.sim import jql
from integrations.jira.sim.shapes import SimApiError, public_user
from integrations.jira.sim.site import JiraSite
from integrations.jira.sim.webhooks import SentWebhook, Subscription
from integrations.sim_base import RecordedRequest, Simulator

__all__ = ["JiraSimulator", "SimApiError"]

DEFAULT_EMAIL, DEFAULT_TOKEN = "pmbot@example.com", "sim-jira-token"
SITE = "https://pmbot-sim.atlassian.net"  # what `self` links name; the API itself is served at `base_url`
# Search page sizes: up to 5000 issues when only ids or keys are asked for, fewer with fields (Jira "may return
# fewer items per page where a large number of fields are requested"; 100 is where this simulator stops).
MAX_IDS_PAGE, MAX_FIELDS_PAGE, DEFAULT_PAGE = 5000, 100, 50
MAX_USERS_PAGE, MAX_COMMENTS_PAGE, MAX_PROJECTS_PAGE = 1000, 100, 100
ONLY_IDS = frozenset({"id", "key"})
API = "/rest/api/3"


class JiraSimulator(JiraSite, Simulator):
    """Jira Cloud REST API v3 (the calls JiraTracker makes) plus admin-webhook deliveries."""

    name = "jira"
    api_prefix = ""

    def __init__(self, *, email: str = DEFAULT_EMAIL, token: str = DEFAULT_TOKEN, bot_account_id: str = "sim-pmbot",
                 bot_name: str = "pmbot", time_zone: str = "UTC", title: str = "Jira") -> None:
        self.title = title  # the site's title (GET /serverInfo)
        self._authorization = "Basic " + base64.b64encode(f"{email}:{token}".encode()).decode("ascii")
        JiraSite.__init__(self, SITE, bot_account_id, bot_name, time_zone)
        Simulator.__init__(self)

    # -- control: people acting in Jira, the webhook ---------------------------------------
    @property
    def webhook(self) -> Subscription | None:
        return self.outbox.subscription

    @property
    def sent_webhooks(self) -> list[SentWebhook]:
        return self.outbox.sent

    def set_webhook(self, url: str, secret: str, events: Collection[str] = ("*",)) -> Subscription:
        """Register an admin webhook (Jira settings → System → WebHooks) with a secret."""
        return self.outbox.subscribe(url, secret, events)

    def wait_for_webhooks(self, timeout: float = 5.0) -> bool:
        return self.outbox.wait(timeout)

    def human_move(self, key: str, account_id: str, status: str) -> None:
        """A person moves the issue on the board: through the transition to `status` (ValueError when none)."""
        record = self.find(key)
        chosen = next((t for t in self.workflow(record).offered(record["status"]) if t.to == status), None)
        if chosen is None:
            raise ValueError(f"{key}: no transition from {record['status']!r} to {status!r}")
        self.transition(record, account_id, chosen.id)

    def human_assign(self, key: str, account_id: str, assignee: str | None) -> None:
        self.assign(self.find(key), account_id, assignee)

    def human_edit(self, key: str, account_id: str, **fields: Any) -> None:
        """A person edits fields (priority={"name": ...}, duedate="2024-05-01", labels=[...])."""
        self.edit(self.find(key), account_id, fields, {})

    def human_comment(self, key: str, account_id: str, text: str) -> str:
        from integrations.jira.adf import to_adf

        return str(self.add_comment(self.find(key), account_id, to_adf(text))["id"])

    def human_edit_comment(self, key: str, comment_id: str, account_id: str, text: str) -> None:
        from integrations.jira.adf import to_adf

        self.edit_comment(self.find(key), comment_id, account_id, to_adf(text))

    def writes(self) -> list[RecordedRequest]:
        """Recorded requests that change state: not GETs, nor the enhanced JQL search (a POST that only reads)."""
        return [r for r in super().writes() if r.path != f"{API}/search/jql"]

    def stop(self) -> None:
        self.outbox.close()
        super().stop()

    # -- HTTP API -------------------------------------------------------------------------
    def routes(self) -> None:
        self.app.add_exception_handler(SimApiError, self._error_answer)  # type: ignore[arg-type]
        api = APIRouter(prefix=API, dependencies=[Depends(self._check_auth)])
        api.add_api_route("/myself", self._myself, methods=["GET"])
        api.add_api_route("/serverInfo", self._server_info, methods=["GET"])
        api.add_api_route("/users/search", self._users, methods=["GET"])
        api.add_api_route("/project/search", self._projects, methods=["GET"])
        api.add_api_route("/project/{key}/statuses", self._project_statuses, methods=["GET"])
        api.add_api_route("/status", self._statuses, methods=["GET"])
        api.add_api_route("/search/jql", self._search, methods=["GET", "POST"])
        api.add_api_route("/issue", self._create, methods=["POST"])
        api.add_api_route("/issue/{id_or_key}", self._get_issue, methods=["GET"])
        api.add_api_route("/issue/{id_or_key}", self._edit_issue, methods=["PUT"])
        api.add_api_route("/issue/{id_or_key}/assignee", self._put_assignee, methods=["PUT"])
        api.add_api_route("/issue/{id_or_key}/transitions", self._transitions, methods=["GET"])
        api.add_api_route("/issue/{id_or_key}/transitions", self._do_transition, methods=["POST"])
        api.add_api_route("/issue/{id_or_key}/comment", self._comments, methods=["GET"])
        api.add_api_route("/issue/{id_or_key}/comment", self._add_comment, methods=["POST"])
        self.app.include_router(api)

    @staticmethod
    async def _error_answer(request: Request, exc: SimApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    async def _check_auth(self, request: Request) -> None:
        if request.headers.get("authorization") != self._authorization:
            raise SimApiError(401, "Client must be authenticated to access this resource.")

    async def _myself(self) -> dict:
        return public_user(self.users[self.bot_account_id])

    async def _server_info(self) -> dict:
        return {"baseUrl": self.site, "deploymentType": "Cloud", "serverTitle": self.title}

    async def _users(self, request: Request) -> list:
        start, size = _int(request, "startAt", 0), min(_int(request, "maxResults", 50), MAX_USERS_PAGE)
        with self._state:
            return [public_user(u) for u in list(self.users.values())[start:start + size]]

    async def _projects(self, request: Request) -> dict:
        """GET /project/search: PageBeanProject, by key; `orderBy` other than key / name (or `-`) is refused."""
        order = request.query_params.get("orderBy", "key")
        if order.lstrip("+-") not in ("key", "name"):
            raise SimApiError(400, f"orderBy '{order}' is not supported: use key or name.")
        start, size = _int(request, "startAt", 0), min(_int(request, "maxResults", 50), MAX_PROJECTS_PAGE)
        with self._state:
            found = sorted(self.projects.values(), key=lambda p: p[order.lstrip("+-")],
                           reverse=order.startswith("-"))
        page = [{"self": f"{self.site}/rest/api/3/project/{p['id']}", "id": p["id"], "key": p["key"],
                 "name": p["name"], "projectTypeKey": "software"} for p in found[start:start + size]]
        return {"self": f"{self.site}/rest/api/3/project/search", "startAt": start, "maxResults": size,
                "total": len(found), "isLast": start + size >= len(found), "values": page}

    async def _project_statuses(self, key: str) -> list:
        project = self.projects.get(key)
        if project is None:
            raise SimApiError(404, f"No project could be found with key '{key}'.")
        record = {"project": key}
        statuses = [self.status(record, name) for name in project["workflow"].statuses]
        return [{"id": "3", "name": "Task", "subtask": False, "statuses": statuses},
                {"id": "5", "name": "Sub-task", "subtask": True, "statuses": statuses}]

    async def _statuses(self) -> list:
        """GET /status: every status of the site's workflows, each name once (as Jira returns the first found)."""
        found: dict[str, dict[str, Any]] = {}
        with self._state:
            for key, project in self.projects.items():
                for name in project["workflow"].statuses:
                    found.setdefault(name.lower(), self.status({"project": key}, name))
        return list(found.values())

    async def _get_issue(self, id_or_key: str, request: Request) -> dict:
        record = self.find(id_or_key)
        answer = self.issue_json(record, _fields(request.query_params.getlist("fields"), everything=True))
        if "transitions" in (request.query_params.get("expand") or "").split(","):
            answer["transitions"] = [self.transition_json(record, t)
                                     for t in self.workflow(record).offered(record["status"])]
        return answer

    async def _edit_issue(self, id_or_key: str, request: Request) -> Response:
        body = await _body(request)
        fields, update = body.get("fields") or {}, body.get("update") or {}
        if not isinstance(fields, dict) or not isinstance(update, dict) or not (fields or update):
            raise SimApiError(400, "No fields or update operations were given.")
        if "description" in fields and fields["description"] is not None and not is_document(fields["description"]):
            raise SimApiError(400, errors={"description": "Operation value must be an Atlassian Document."})
        self.edit(self.find(id_or_key), self.bot_account_id, fields, update)
        return Response(status_code=204)

    async def _put_assignee(self, id_or_key: str, request: Request) -> Response:
        body = await _body(request)
        if "accountId" not in body:
            raise SimApiError(400, "accountId must be provided (null to unassign).")
        self.assign(self.find(id_or_key), self.bot_account_id, body["accountId"])
        return Response(status_code=204)

    async def _transitions(self, id_or_key: str) -> dict:
        record = self.find(id_or_key)
        return {"expand": "transitions", "transitions": [self.transition_json(record, t)
                                                         for t in self.workflow(record).offered(record["status"])]}

    async def _do_transition(self, id_or_key: str, request: Request) -> Response:
        body = await _body(request)
        chosen = body.get("transition")
        if not isinstance(chosen, dict) or not chosen.get("id"):
            raise SimApiError(400, "'transition' identifier must be specified.")
        self.transition(self.find(id_or_key), self.bot_account_id, str(chosen["id"]))
        return Response(status_code=204)

    async def _comments(self, id_or_key: str, request: Request) -> dict:
        order = request.query_params.get("orderBy", "created")
        if order not in ("created", "-created", "+created"):
            raise SimApiError(400, f"orderBy '{order}' is not supported: use created.")
        record = self.find(id_or_key)
        start, size = _int(request, "startAt", 0), min(_int(request, "maxResults", 100), MAX_COMMENTS_PAGE)
        with self._state:
            found = list(self.comments[record["id"]])
        found = found[::-1] if order == "-created" else found
        return {"startAt": start, "maxResults": size, "total": len(found), "comments": found[start:start + size]}

    async def _add_comment(self, id_or_key: str, request: Request) -> JSONResponse:
        body = (await _body(request)).get("body")
        if not body:
            raise SimApiError(400, errors={"comment": "Comment body can not be empty!"})
        if not is_document(body) or not body["content"]:
            raise SimApiError(400, errors={"comment": "Comment body must be an Atlassian Document."})
        comment = self.add_comment(self.find(id_or_key), self.bot_account_id, body)
        return JSONResponse(comment, status_code=201)

    async def _create(self, request: Request) -> JSONResponse:
        fields = (await _body(request)).get("fields") or {}
        project = self.projects.get(((fields.get("project") or {}).get("key")) or "")
        errors = {name: message for name, message, missing in (
            ("project", "Specify a valid project ID or key", project is None),
            ("summary", "You must specify a summary of the issue.", not fields.get("summary")),
            ("issuetype", "Specify an issue type", not (fields.get("issuetype") or {}).get("name")),
            ("description", "Operation value must be an Atlassian Document.",
             fields.get("description") is not None and not is_document(fields.get("description"))),
        ) if missing}
        if errors:
            raise SimApiError(400, errors=errors)
        assert project is not None
        with self._state:
            number = 1 + sum(1 for r in self.issues.values() if r["project"] == project["key"])
        record = self.add_issue(f"{project['key']}-{number}", fields["summary"], labels=fields.get("labels") or ())
        extra = {k: v for k, v in fields.items() if k in ("description", "labels", "assignee")}
        if extra:
            self.edit(record, self.bot_account_id, extra, {})
        self.created(record, self.bot_account_id)
        return JSONResponse({"id": record["id"], "key": record["key"],
                             "self": f"{self.site}/rest/api/3/issue/{record['id']}"}, status_code=201)

    async def _search(self, request: Request) -> dict:
        if request.method == "POST":
            body = await _body(request)
            text, token = body.get("jql") or "", body.get("nextPageToken")
            asked, size = body.get("fields") or ["id"], body.get("maxResults", DEFAULT_PAGE)
        else:
            query = request.query_params
            text, token = query.get("jql") or "", query.get("nextPageToken")
            asked = [f for v in query.getlist("fields") for f in v.split(",")] or ["id"]
            size = _int(request, "maxResults", DEFAULT_PAGE)
        if not isinstance(size, int) or size < 0:
            raise SimApiError(400, "maxResults must be a positive number.")
        fields = _fields(asked, everything=False)
        size = min(size, MAX_IDS_PAGE if fields is not None and fields <= ONLY_IDS else MAX_FIELDS_PAGE)
        with self._state:
            known = {"status": {n.lower() for p in self.projects.values() for n in p["workflow"].statuses},
                     "project": {p["key"].lower() for p in self.projects.values()}}
        query_ = jql.parse(text, ZoneInfo(self.users[self.bot_account_id]["timeZone"]), known)
        start = _page_start(token, text)
        with self._state:
            found = [r for r in self.issues.values() if query_.matches(self.jql_record(r))]
            found.sort(key=lambda r: r.get(query_.order_field) or r["created"], reverse=query_.descending)
            page = [self.issue_json(r, fields) for r in found[start:start + size]]
        answer: dict[str, Any] = {"issues": page, "isLast": start + size >= len(found)}
        if not answer["isLast"]:
            answer["nextPageToken"] = _page_token(start + size, text)
        return answer


def _page_token(start: int, text: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([start, text]).encode()).decode("ascii")


def _page_start(token: Any, text: str) -> int:
    """The offset a nextPageToken stands for; a token of another query (or none of ours) is refused."""
    if token is None:
        return 0
    try:
        start, query = json.loads(base64.urlsafe_b64decode(str(token).encode()))
    except (ValueError, TypeError):
        raise SimApiError(400, "The provided next page token is invalid or expired.") from None
    if query != text or not isinstance(start, int):
        raise SimApiError(400, "The provided next page token is invalid or expired.")
    return start


def _fields(asked: list[str], *, everything: bool) -> set[str] | None:
    """The fields a request asks for; None for every field (`*all`, `*navigable`, or GET issue's default)."""
    names = {f.strip() for v in asked for f in v.split(",") if f.strip()}
    if not names:
        return None if everything else {"id"}
    return None if names & {"*all", "*navigable"} else names


def _int(request: Request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    try:
        return default if value is None else int(value)
    except ValueError:
        raise SimApiError(400, f"'{name}' must be a number.") from None


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise SimApiError(400, "Unexpected character in the request body: it is not JSON.") from None
    if not isinstance(body, dict):
        raise SimApiError(400, "The request body must be a JSON object.")
    return body
