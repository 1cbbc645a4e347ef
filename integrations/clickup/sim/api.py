"""An in-memory ClickUp API v2 on loopback that also emits signed webhooks, for tests and the sandbox."""

from __future__ import annotations

import copy
import itertools
import json
import threading
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from integrations.clickup.sim.authoring import TaskAuthoring
from integrations.clickup.sim.listing import comment_page, task_page
from integrations.clickup.sim.shapes import (
    SimApiError,
    list_json,
    now_ms,
    priority_json,
    status_json,
    task_json,
    user_json,
    user_key,
)
from integrations.clickup.sim.webhooks import (
    DEFAULT_WEBHOOK_ID,
    SentWebhook,
    WebhookOutbox,
    WebhookSubscription,
    signed_delivery,
    webhook_payloads,
)
from integrations.sim_base import Simulator

__all__ = ["ClickUpSimulator", "SimApiError", "signed_delivery", "webhook_payloads", "DEFAULT_TOKEN"]

DEFAULT_TOKEN = "sim-clickup-token"
DEFAULT_SPACE_ID = "90100"  # the space that holds every list not placed in one


class ClickUpSimulator(TaskAuthoring, Simulator):
    """ClickUp REST API v2 (the calls ClickUpTracker makes) plus webhook emission."""

    name = "clickup"
    api_prefix = "/api/v2"

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        team_id: str = "9011000001",
        team_name: str = "Sandbox Workspace",
        bot_user_id: str = "81000001",
        bot_username: str = "pmbot",
    ) -> None:
        self.token = token
        self.team = {"id": team_id, "name": team_name}
        self.bot_user_id = user_key(bot_user_id)
        self.users: dict[str, dict[str, Any]] = {}
        self.lists: dict[str, dict[str, Any]] = {}
        self.spaces: dict[str, dict[str, Any]] = {}  # space id → {"id", "name"}
        self.folders: dict[str, dict[str, Any]] = {}  # folder id → {"id", "name", "space"}
        self.places: dict[str, tuple[str, str | None]] = {}  # list id → (space id, folder id or None)
        self.tasks: dict[str, dict[str, Any]] = {}
        self.comments: dict[str, list[dict[str, Any]]] = {}
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.outbox = WebhookOutbox()
        self._state = threading.RLock()
        self._history_ids = itertools.count(2900000000000000001)
        self._comment_ids = itertools.count(90000001)
        super().__init__()
        self.add_user(bot_user_id, bot_username, f"{bot_username}@example.invalid")

    # -- seeding --------------------------------------------------------------------------
    def add_user(self, id: str | int, username: str, email: str | None = None) -> dict[str, Any]:
        user = user_json(id, username, email)
        with self._state:
            self.users[user_key(id)] = user
        return user

    def add_list(
        self, id: str, name: str, statuses: Sequence[str] = ("to do", "in progress", "complete")
    ) -> dict[str, Any]:
        lst = list_json(str(id), name, statuses)
        with self._state:
            self.lists[str(id)] = lst
        return lst

    def add_space(self, id: str, name: str) -> None:
        with self._state:
            self.spaces[str(id)] = {"id": str(id), "name": name}

    def add_folder(self, id: str, name: str, space_id: str) -> None:
        with self._state:
            self.folders[str(id)] = {"id": str(id), "name": name, "space": self.spaces[str(space_id)]}

    def place_list(self, list_id: str, space_id: str, folder_id: str | None = None) -> None:
        """Put a list in a space (in a folder of it, or folderless). Lists never placed are served as the
        folderless lists of one default space, so every list can be found through the hierarchy."""
        with self._state:
            if str(space_id) not in self.spaces or (folder_id is not None and str(folder_id) not in self.folders):
                raise ValueError(f"unknown space {space_id!r} or folder {folder_id!r}")
            self.places[str(list_id)] = (str(space_id), None if folder_id is None else str(folder_id))

    def add_task(
        self,
        id: str,
        name: str,
        list_id: str,
        status: str | None = None,
        assignees: Iterable[str | int] = (),
        tags: Iterable[str] = (),
        creator: str | int | None = None,
        custom_id: str | None = None,
        *,
        priority: int | None = None,
        due_date: int | None = None,
        date_updated: int | None = None,
        parent: str | None = None,
        description: str = "",
        date_created: int | None = None,
        date_done: int | None = None,
        custom_fields: Iterable[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """Seed a task; with `parent` it is a subtask of that task (in the same list, as ClickUp puts it).
        `custom_fields`: ClickUp's field objects ({"name", "type", "value", "type_config"?})."""
        with self._state:
            lst = self.lists[str(list_id)]
            top = None
            if parent is not None:
                above = self.tasks[str(parent)]
                top = above["top_level_parent"] or above["id"]
            state = status_json(lst, status or lst["statuses"][0]["status"])
            if state is None:
                raise ValueError(f"status {status!r} is not one of list {list_id}'s statuses")
            task = task_json(
                task_id=str(id), name=name, lst=lst, status=state, team_id=self.team["id"],
                creator=self._user_json(creator if creator is not None else self.bot_user_id),
                assignees=[self._user_json(a) for a in assignees], tags=tags, custom_id=custom_id,
                priority=priority_json(priority), due_date=due_date, date_updated=date_updated,
                orderindex=len(self.tasks) + 1,
                parent=None if parent is None else str(parent), top_level_parent=top,
            )
            task["description"] = task["text_content"] = description
            if date_created is not None:
                task["date_created"] = str(date_created)
            if date_done is not None:
                task["date_done"] = str(date_done)
            task["custom_fields"] = [{"id": f"cf{n}", "type_config": {}, **f} for n, f in enumerate(custom_fields)]
            self.tasks[str(id)] = task
            self.comments.setdefault(str(id), [])
            self.history.setdefault(str(id), [])
        return task

    def add_to_list(self, task_id: str, list_id: str) -> None:
        """Put a task in a second List (POST /list/{list_id}/task/{task_id} in ClickUp): its home List stays."""
        with self._state:
            lst, task = self.lists[str(list_id)], self.tasks[str(task_id)]
            if all(loc["id"] != lst["id"] for loc in task["locations"]):
                task["locations"].append({"id": lst["id"], "name": lst["name"]})

    def task(self, id: str) -> dict[str, Any]:
        with self._state:
            return self.tasks[str(id)]

    # -- control: people acting in the ClickUp UI, webhook subscription -------------------
    @property
    def webhook(self) -> WebhookSubscription | None:
        return self.outbox.subscription

    @property
    def sent_webhooks(self) -> list[SentWebhook]:
        return self.outbox.sent

    def set_webhook(
        self, url: str, secret: str, webhook_id: str = DEFAULT_WEBHOOK_ID, events: Collection[str] = ("*",)
    ) -> WebhookSubscription:
        """Subscribe `url` to this workspace's task events, signed with `secret`."""
        return self.outbox.subscribe(url, secret, webhook_id, events)

    def human_update(
        self,
        task_id: str,
        user_id: str | int,
        status: str | None = None,
        add_assignees: Iterable[str | int] = (),
        remove_assignees: Iterable[str | int] = (),
        *,
        due_date: int | None = None,
        priority: int | None = None,
    ) -> list[dict[str, Any]]:
        """Change a task as a person would in the ClickUp UI; returns the new history items."""
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if add_assignees or remove_assignees:
            changes["assignees"] = {"add": list(add_assignees), "rem": list(remove_assignees)}
        if due_date is not None:
            changes["due_date"] = due_date
        if priority is not None:
            changes["priority"] = priority
        try:
            items = self._apply(str(task_id), user_key(user_id), changes)
        except SimApiError as exc:
            raise ValueError(exc.err) from None
        self.outbox.emit(str(task_id), items)
        return items

    def human_comment(self, task_id: str, user_id: str | int, text: str, *, date: int | None = None) -> str:
        """Post a comment as a person (at `date`, ms, if given); returns the comment id."""
        try:
            item = self._add_comment(str(task_id), user_key(user_id), text, date=date)
        except SimApiError as exc:
            raise ValueError(exc.err) from None
        self.outbox.emit(str(task_id), [item])
        return str(item["after"])

    def human_edit_comment(self, task_id: str, comment_id: str, text: str) -> None:
        """A person edits their comment: ClickUp sends taskCommentUpdated with the comment's own history item
        (the same id and date as when it was posted) and the new text."""
        with self._state:
            comment = next(c for c in self.comments[str(task_id)] if c["id"] == str(comment_id))
            comment["comment"], comment["comment_text"] = [{"text": text}], text
            posted = next(h for h in self.history[str(task_id)]
                          if h.get("field") == "comment" and str(h.get("after")) == str(comment_id))
            item = copy.deepcopy(posted)
            item["comment"]["comment"] = [{"text": text, "attributes": {}}]
            item["comment"]["text_content"] = text
        self.outbox.emit(str(task_id), [item], event="taskCommentUpdated")

    def webhook_payloads(
        self, task_id: str, history_items: Sequence[dict[str, Any]], event: str
    ) -> list[dict[str, Any]]:
        webhook_id = self.webhook.webhook_id if self.webhook else DEFAULT_WEBHOOK_ID
        return webhook_payloads(task_id, history_items, event, webhook_id=webhook_id)

    def signed(self, payload: dict[str, Any]) -> tuple[dict[str, str], bytes]:
        """Headers and body of `payload` signed with the subscribed secret."""
        if self.webhook is None:
            raise RuntimeError("set_webhook() first")
        return signed_delivery(payload, self.webhook.secret)

    def wait_for_webhooks(self, timeout: float = 5.0) -> bool:
        """Block until every queued delivery was POSTed; False on timeout."""
        return self.outbox.wait(timeout)

    def stop(self) -> None:
        self.outbox.close()
        super().stop()

    # -- state changes --------------------------------------------------------------------
    def _user_json(self, uid: Any) -> dict[str, Any]:
        known = self.users.get(user_key(uid))
        if known is None:
            raise SimApiError(400, "Assignee is not a member of this workspace", "SIM_ASSIGNEE_001")
        return dict(known)

    def _history(self, task: dict, field: str, user_id: str, before: Any, after: Any, **extra: Any) -> dict:
        item = {"id": str(next(self._history_ids)), "type": 1, "date": str(now_ms()), "field": field,
                "parent_id": task["list"]["id"], "data": extra.pop("data", {}), "source": None,
                "user": self._user_json(user_id), "before": before, "after": after, **extra}
        if field == "assignee_add":
            del item["before"]  # ClickUp's documented assignee_add item carries no `before`
        self.history[task["id"]].append(item)
        return item

    def _apply(self, task_id: str, user_id: str, changes: dict[str, Any]) -> list[dict[str, Any]]:
        with self._state:
            task = self._find_task(task_id)
            lst = self.lists[task["list"]["id"]]
            self._user_json(user_id)
            new_status = None
            if "status" in changes:
                new_status = status_json(lst, str(changes["status"]))
                if new_status is None:
                    raise SimApiError(400, "Status does not exist", "SIM_STATUS_001")
            assignees = changes.get("assignees") or {}
            due = changes.get("due_date")
            if not isinstance(assignees, dict) or (due is not None and not str(due).isdigit()):
                raise SimApiError(400, "Invalid assignees or due_date", "SIM_BODY_001")
            added = [self._user_json(u) for u in assignees.get("add") or []]
            removed = [user_key(u) for u in assignees.get("rem") or []]
            priority = priority_json(changes["priority"]) if "priority" in changes else None
            # Validated: now mutate and record, one history item per change.
            items: list[dict[str, Any]] = []
            if new_status is not None and new_status["status"] != task["status"]["status"]:
                items.append(self._history(task, "status", user_id, task["status"], new_status,
                                           data={"status_type": new_status["type"]}))
                task["status"] = new_status
                # ClickUp stamps a task when it enters a closed status and clears the stamps when it leaves.
                closed = new_status["type"] == "closed"
                task["date_closed"] = task["date_done"] = str(now_ms()) if closed else None
            current = {user_key(a["id"]) for a in task["assignees"]}
            for user in added:
                if user_key(user["id"]) not in current:
                    task["assignees"].append(user)
                    current.add(user_key(user["id"]))
                    items.append(self._history(task, "assignee_add", user_id, None, user))
            for uid in removed:
                gone = [a for a in task["assignees"] if user_key(a["id"]) == uid]
                if gone:
                    task["assignees"] = [a for a in task["assignees"] if user_key(a["id"]) != uid]
                    items.append(self._history(task, "assignee_rem", user_id, gone[0], None))
            if "due_date" in changes:
                due = str(changes["due_date"]) if changes["due_date"] is not None else None
                if due != task["due_date"]:
                    items.append(self._history(task, "due_date", user_id, task["due_date"], due,
                                               data={"due_date_time": False, "old_due_date_time": False}))
                    task["due_date"] = due
            if "priority" in changes and priority != task["priority"]:
                items.append(self._history(task, "priority", user_id, task["priority"], priority))
                task["priority"] = priority
            if items:
                task["date_updated"] = str(now_ms())
            return items

    def _add_comment(self, task_id: str, user_id: str, text: str, *, date: int | None = None) -> dict[str, Any]:
        with self._state:
            task = self._find_task(task_id)
            stamp = str(now_ms() if date is None else date)
            comment = {"id": str(next(self._comment_ids)), "comment": [{"text": text}], "comment_text": text,
                       "user": self._user_json(user_id), "resolved": False, "assignee": None,
                       "assigned_by": None, "reactions": [], "date": stamp}
            self.comments[task_id].append(comment)
            detail = {"id": comment["id"], "date": stamp, "parent": task_id, "type": 1,
                      "comment": [{"text": text, "attributes": {}}], "text_content": text,
                      "user": comment["user"]}
            item = self._history(task, "comment", user_id, None, comment["id"], comment=detail)
            task["date_updated"] = stamp
            return item

    def _find_task(self, task_id: str, *, custom: bool = False, team_id: str | None = None) -> dict[str, Any]:
        if custom:
            if team_id != self.team["id"]:
                raise SimApiError(401, "Team not authorized", "OAUTH_027")
            found = next((t for t in self.tasks.values() if t["custom_id"] == task_id), None)
        else:
            found = self.tasks.get(task_id)
        if found is None:
            raise SimApiError(404, "Task not found, deleted", "ITEM_013")
        return found

    # -- HTTP API -------------------------------------------------------------------------
    def routes(self) -> None:
        self.app.add_exception_handler(SimApiError, self._error_answer)  # type: ignore[arg-type]
        api = APIRouter(prefix=self.api_prefix, dependencies=[Depends(self._check_auth)])
        api.add_api_route("/user", self._get_user, methods=["GET"])
        api.add_api_route("/team", self._get_teams, methods=["GET"])
        api.add_api_route("/team/{team_id}/task", self._get_team_tasks, methods=["GET"])
        api.add_api_route("/team/{team_id}/space", self._get_spaces, methods=["GET"])
        api.add_api_route("/space/{space_id}/folder", self._get_folders, methods=["GET"])
        api.add_api_route("/space/{space_id}/list", self._get_folderless_lists, methods=["GET"])
        api.add_api_route("/folder/{folder_id}/list", self._get_folder_lists, methods=["GET"])
        api.add_api_route("/list/{list_id}", self._get_list, methods=["GET"])
        api.add_api_route("/list/{list_id}/task", self._get_list_tasks, methods=["GET"])
        api.add_api_route("/task/{task_id}", self._get_task, methods=["GET"])
        api.add_api_route("/task/{task_id}", self._put_task, methods=["PUT"])
        api.add_api_route("/task/{task_id}/comment", self._get_comments, methods=["GET"])
        api.add_api_route("/task/{task_id}/comment", self._post_comment, methods=["POST"])
        api.add_api_route("/task/{task_id}/tag/{tag_name}", self._post_tag, methods=["POST"])
        api.add_api_route("/list/{list_id}/task", self._post_list_task, methods=["POST"])
        self.app.include_router(api)

    @staticmethod
    async def _error_answer(request: Request, exc: SimApiError) -> JSONResponse:
        return JSONResponse({"err": exc.err, "ECODE": exc.ecode}, status_code=exc.status)

    async def _check_auth(self, request: Request) -> None:
        # Personal tokens are documented raw, OAuth access tokens as Bearer; accept either form.
        if request.headers.get("authorization") not in (self.token, f"Bearer {self.token}"):
            raise SimApiError(401, "Token invalid", "OAUTH_025")

    async def _get_user(self) -> dict:
        return {"user": self._user_json(self.bot_user_id)}

    async def _get_teams(self) -> dict:
        with self._state:
            members = [{"user": {**u, "role": 3}} for u in self.users.values()]
        return {"teams": [{**self.team, "color": "#7b68ee", "avatar": None, "members": members}]}

    # -- the hierarchy: spaces, folders, lists (GET /team/{id}/space, /space/{id}/folder, /space|folder/{id}/list) --
    def _hierarchy(self) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[str, str | None]]]:
        spaces, places = dict(self.spaces), dict(self.places)
        unplaced = [list_id for list_id in self.lists if list_id not in places]
        if unplaced:
            spaces.setdefault(DEFAULT_SPACE_ID, {"id": DEFAULT_SPACE_ID, "name": "Space"})
            places.update((list_id, (DEFAULT_SPACE_ID, None)) for list_id in unplaced)
        return spaces, places

    def _lists_at(self, places: dict[str, tuple[str, str | None]], space_id: str, folder_id: str | None,
                  spaces: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        folder = self.folders.get(folder_id) if folder_id else None
        return [{**self.lists[list_id], "space": spaces[space_id], "archived": False,
                 "folder": {"id": folder["id"], "name": folder["name"], "hidden": False} if folder else
                 {"id": f"hidden{space_id}", "name": "hidden", "hidden": True}}
                for list_id, (space, fid) in places.items() if space == space_id and fid == folder_id
                and list_id in self.lists]

    async def _get_spaces(self, team_id: str) -> dict:
        if team_id != self.team["id"]:
            raise SimApiError(401, "Team not authorized", "OAUTH_027")
        with self._state:
            spaces, _ = self._hierarchy()
            return {"spaces": [{**s, "private": False, "archived": False} for s in spaces.values()]}

    async def _get_folders(self, space_id: str) -> dict:
        with self._state:
            spaces, places = self._hierarchy()
            if space_id not in spaces:
                raise SimApiError(404, "Space not found", "SIM_SPACE_001")
            return {"folders": [{"id": f["id"], "name": f["name"], "hidden": False, "space": spaces[space_id],
                                 "lists": self._lists_at(places, space_id, f["id"], spaces)}
                                for f in self.folders.values() if f["space"]["id"] == space_id]}

    async def _get_folderless_lists(self, space_id: str) -> dict:
        with self._state:
            spaces, places = self._hierarchy()
            if space_id not in spaces:
                raise SimApiError(404, "Space not found", "SIM_SPACE_001")
            return {"lists": self._lists_at(places, space_id, None, spaces)}

    async def _get_folder_lists(self, folder_id: str) -> dict:
        with self._state:
            if folder_id not in self.folders:
                raise SimApiError(404, "Folder not found", "SIM_FOLDER_001")
            spaces, places = self._hierarchy()
            return {"lists": self._lists_at(places, self.folders[folder_id]["space"]["id"], folder_id, spaces)}

    async def _get_list(self, list_id: str) -> dict:
        with self._state:
            if list_id not in self.lists:
                raise SimApiError(404, "List not found", "SIM_LIST_001")
            return self.lists[list_id]

    async def _get_list_tasks(self, list_id: str, request: Request) -> JSONResponse:
        with self._state:
            if list_id not in self.lists:
                raise SimApiError(404, "List not found", "SIM_LIST_001")
            tasks = list(self.tasks.values())
        # A List's listing holds the tasks whose home it is; tasks added to it from another List only with
        # include_timl=true.
        timl = request.query_params.get("include_timl", "false").lower() == "true"
        here = (t for t in tasks if t["list"]["id"] == list_id
                or (timl and any(loc["id"] == list_id for loc in t.get("locations") or ())))
        # Straight to JSON: FastAPI's encoder walks every nested dict, which made a 10,000-task listing slow.
        return JSONResponse(task_page(here, request.query_params))

    async def _get_team_tasks(self, team_id: str, request: Request) -> JSONResponse:
        if team_id != self.team["id"]:
            raise SimApiError(401, "Team not authorized", "OAUTH_027")
        with self._state:
            tasks = list(self.tasks.values())
        return JSONResponse(task_page(tasks, request.query_params))

    async def _get_task(self, task_id: str, request: Request) -> dict:
        with self._state:
            return self._lookup(task_id, request)

    def _lookup(self, task_id: str, request: Request) -> dict[str, Any]:
        query = request.query_params
        custom = query.get("custom_task_ids", "false").lower() == "true"
        return self._find_task(task_id, custom=custom, team_id=query.get("team_id"))

    async def _put_task(self, task_id: str, request: Request) -> dict:
        body = await self._json_body(request)
        with self._state:
            task = self._lookup(task_id, request)
            items = self._apply(task["id"], self.bot_user_id, body)
            answer = dict(task)
        self.outbox.emit(task["id"], items)
        return answer

    async def _get_comments(self, task_id: str, request: Request) -> dict:
        with self._state:
            task = self._lookup(task_id, request)
            return comment_page(self.comments[task["id"]], request.query_params)

    async def _post_comment(self, task_id: str, request: Request) -> dict:
        body = await self._json_body(request)
        text = body.get("comment_text")
        if not isinstance(text, str) or not text:
            raise SimApiError(400, "Comment text is required", "SIM_COMMENT_001")
        with self._state:
            task = self._lookup(task_id, request)
            item = self._add_comment(task["id"], self.bot_user_id, text)
        self.outbox.emit(task["id"], [item])
        return {"id": int(item["after"]), "hist_id": item["id"], "date": int(item["date"])}

    @staticmethod
    async def _json_body(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            raise SimApiError(400, "Body is not valid JSON", "SIM_JSON_001") from None
        if not isinstance(body, dict):
            raise SimApiError(400, "Body must be a JSON object", "SIM_JSON_001")
        return body
