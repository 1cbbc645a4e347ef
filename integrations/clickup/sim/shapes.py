"""ClickUp JSON shapes the simulator stores and serves (users, lists, statuses, tasks)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

PRIORITIES = {
    1: ("urgent", "#f50000"),
    2: ("high", "#ffcc00"),
    3: ("normal", "#6fddff"),
    4: ("low", "#d8d8d8"),
}


class SimApiError(Exception):
    """A ClickUp-shaped error answer: {"err": ..., "ECODE": ...}."""

    def __init__(self, status: int, err: str, ecode: str) -> None:
        super().__init__(f"{status} {err} [{ecode}]")
        self.status, self.err, self.ecode = status, err, ecode


def now_ms() -> int:
    return int(time.time() * 1000)


def user_key(uid: Any) -> str:
    return str(uid)


def user_json(uid: str | int, username: str, email: str | None) -> dict[str, Any]:
    # ClickUp user ids are numbers on the wire.
    text = str(uid)
    initials = "".join(part[0] for part in username.split()[:2]).upper()
    return {
        "id": int(text) if text.isdigit() else text,
        "username": username,
        "email": email,
        "color": "#7b68ee",
        "initials": initials,
        "profilePicture": None,
    }


def list_json(list_id: str, name: str, statuses: Sequence[str]) -> dict[str, Any]:
    """A list whose first status is the open one and whose last (if more than one) is closed."""
    if not statuses:
        raise ValueError("a ClickUp list needs at least one status")
    last = len(statuses) - 1
    entries = [
        {
            "id": f"sc{list_id}_{i}",
            "status": name_.lower(),
            "orderindex": i,
            "color": "#87909e",
            "type": "open" if i == 0 else "closed" if i == last else "custom",
        }
        for i, name_ in enumerate(statuses)
    ]
    return {"id": list_id, "name": name, "statuses": entries, "task_count": 0}


def status_json(lst: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The task-status object for `name` in `lst` (case-insensitive), or None."""
    for entry in lst["statuses"]:
        if entry["status"] == name.lower():
            return {k: entry[k] for k in ("id", "status", "color", "orderindex", "type")}
    return None


def priority_json(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in PRIORITIES:
        raise SimApiError(400, "Priority must be 1, 2, 3 or 4", "SIM_PRIORITY_001")
    label, color = PRIORITIES[value]
    return {"id": str(value), "priority": label, "color": color, "orderindex": str(value)}


def task_json(
    *,
    task_id: str,
    name: str,
    lst: dict[str, Any],
    status: dict[str, Any],
    team_id: str,
    creator: dict[str, Any],
    assignees: Iterable[dict[str, Any]],
    tags: Iterable[str],
    custom_id: str | None,
    priority: dict[str, Any] | None,
    due_date: int | None,
    date_updated: int | None,
    orderindex: int,
    parent: str | None = None,
    top_level_parent: str | None = None,
) -> dict[str, Any]:
    """A task shaped like GET /task/{id} (see tests/fixtures/clickup/api.get_task.json)."""
    stamp = str(now_ms())
    return {
        "id": task_id,
        "custom_id": custom_id,
        "custom_item_id": 0,
        "name": name,
        "text_content": "",
        "description": "",
        "status": status,
        "orderindex": f"{orderindex}.0",
        "date_created": stamp,
        "date_updated": str(date_updated) if date_updated is not None else stamp,
        "date_closed": None,
        "date_done": None,
        "archived": False,
        "creator": creator,
        "assignees": list(assignees),
        "group_assignees": [],
        "watchers": [],
        "checklists": [],
        "tags": [{"name": t, "tag_fg": "#800000", "tag_bg": "#800000", "creator": 0} for t in tags],
        "parent": parent,
        "top_level_parent": top_level_parent,
        "priority": priority,
        "due_date": str(due_date) if due_date is not None else None,
        "start_date": None,
        "points": None,
        "time_estimate": None,
        "time_spent": 0,
        "custom_fields": [],
        "dependencies": [],
        "linked_tasks": [],
        "team_id": team_id,
        "url": f"https://app.clickup.com/t/{task_id}",
        "permission_level": "create",
        "list": {"id": lst["id"], "name": lst["name"], "access": True},
        "locations": [],  # the other Lists of a task in several (the Tasks in Multiple Lists ClickApp)
        "folder": {"id": "sim-folder", "name": "hidden", "hidden": True, "access": True},
        "space": {"id": "sim-space"},
    }
