"""Tasks and tags made in the ClickUp simulator, by a person (human_*) or through the API (POST routes)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from integrations.clickup.sim.shapes import SimApiError, now_ms, user_key


class TaskAuthoring:
    """Tags and new tasks for ClickUpSimulator (mixed in; uses its state, history and outbox)."""

    # Provided by ClickUpSimulator.
    _state: Any
    lists: dict[str, dict[str, Any]]
    tasks: dict[str, dict[str, Any]]
    outbox: Any
    bot_user_id: str
    add_task: Any
    _find_task: Any
    _history: Any
    _lookup: Any
    _json_body: Any

    def human_tag(self, task_id: str, user_id: str | int, tag: str) -> list[dict[str, Any]]:
        """Add a tag as a person would; returns the new history items (none if the task had it)."""
        try:
            items = self._tag(str(task_id), user_key(user_id), tag)
        except SimApiError as exc:
            raise ValueError(exc.err) from None
        self.outbox.emit(str(task_id), items)
        return items

    def human_create(self, list_id: str, user_id: str | int, name: str, **fields: Any) -> dict[str, Any]:
        """Create a task as a person would; ClickUp then sends taskCreated."""
        try:
            task, items = self._create(str(list_id), user_key(user_id), {"name": name, **fields})
        except SimApiError as exc:
            raise ValueError(exc.err) from None
        self.outbox.emit(task["id"], items, event="taskCreated")
        return task

    def human_move(self, task_id: str, user_id: str | int, list_id: str) -> list[dict[str, Any]]:
        """Move a task to another List as a person would; ClickUp then sends taskMoved, whose history item
        names the new List as `parent_id` and both Lists in `before` / `after` (its documented payload)."""
        with self._state:
            task = self._find_task(str(task_id))
            if list_id not in self.lists:
                raise ValueError("List not found")
            old, new = self.lists[task["list"]["id"]], self.lists[list_id]
            task["list"] = {"id": new["id"], "name": new["name"], "access": True}
            task["date_updated"] = str(now_ms())
            items = [self._history(task, "section_moved", user_key(user_id), {"id": old["id"], "name": old["name"]},
                                   {"id": new["id"], "name": new["name"]}, data={"mute_notifications": True})]
        self.outbox.emit(str(task_id), items)
        return items

    def _tag(self, task_id: str, user_id: str, name: str) -> list[dict[str, Any]]:
        with self._state:
            task = self._find_task(task_id)
            if not name.strip():
                raise SimApiError(400, "Tag name invalid", "SIM_TAG_001")
            if any(t["name"] == name.lower() for t in task["tags"]):
                return []
            tag = {"name": name.lower(), "tag_fg": "#800000", "tag_bg": "#800000", "creator": int(user_id)
                   if user_id.isdigit() else 0}
            task["tags"].append(tag)
            task["date_updated"] = str(now_ms())
            return [self._history(task, "tag", user_id, None, [tag])]

    def _create(self, list_id: str, user_id: str, body: dict[str, Any]) -> tuple[dict[str, Any], list[dict]]:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SimApiError(400, "Task name invalid", "INPUT_005")
        with self._state:
            if list_id not in self.lists:
                raise SimApiError(404, "List not found", "SIM_LIST_001")
            task_id = f"sim{len(self.tasks) + 1:05d}"
            while task_id in self.tasks:
                task_id += "x"
            tags = body.get("tags")
            assignees = body.get("assignees")
            task = self.add_task(task_id, name, list_id, body.get("status"),
                                 assignees=assignees if isinstance(assignees, list) else [],
                                 tags=[str(t) for t in tags] if isinstance(tags, list) else [], creator=user_id)
            task["description"] = str(body.get("description") or "")
            open_status = self.lists[list_id]["statuses"][0]
            before = {"status": None, "color": "#000000", "type": "removed", "orderindex": -1}
            items = [self._history(task, "status", user_id, before, dict(task["status"]),
                                   data={"status_type": open_status["type"]}),
                     self._history(task, "task_creation", user_id, None, None)]
            return task, items

    async def _post_tag(self, task_id: str, tag_name: str, request: Request) -> dict:
        with self._state:
            task = self._lookup(task_id, request)
            items = self._tag(task["id"], self.bot_user_id, tag_name)
        self.outbox.emit(task["id"], items)
        return {}

    async def _post_list_task(self, list_id: str, request: Request) -> dict:
        body = await self._json_body(request)
        task, items = self._create(list_id, self.bot_user_id, body)
        self.outbox.emit(task["id"], items, event="taskCreated")
        return dict(task)
