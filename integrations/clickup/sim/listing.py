"""How ClickUp pages its listings: tasks 100 a page by number, comments 25 a page by the oldest one seen."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from starlette.datastructures import QueryParams

from integrations.clickup.sim.shapes import SimApiError, user_key

TASK_PAGE_SIZE = 100
COMMENT_PAGE_SIZE = 25


def _flag(query: QueryParams, name: str) -> bool:
    return query.get(name, "false").lower() == "true"


def task_page(tasks: Iterable[dict[str, Any]], query: QueryParams) -> dict[str, Any]:
    """One page of GET /list/{id}/task or GET /team/{id}/task, filtered as ClickUp filters."""
    try:
        page = int(query.get("page", "0"))
        updated_gt = int(query["date_updated_gt"]) if "date_updated_gt" in query else None
    except ValueError:
        raise SimApiError(400, "Invalid query parameter", "SIM_QUERY_001") from None
    statuses = {s.lower() for s in query.getlist("statuses[]")}
    assignees = set(query.getlist("assignees[]"))
    include_closed = _flag(query, "include_closed")
    # ClickUp leaves subtasks out of both listings unless asked with subtasks=true.
    subtasks = _flag(query, "subtasks")
    selected = (
        t for t in tasks
        if (include_closed or t["status"]["type"] != "closed")
        and (subtasks or t["parent"] is None)
        and (not statuses or t["status"]["status"].lower() in statuses)
        and (not assignees or assignees & {user_key(a["id"]) for a in t["assignees"]})
        and (updated_gt is None or int(t["date_updated"]) > updated_gt)
    )
    # Walk only as far as the page and one task past it (is there more?): a 10,000-task listing stays quick.
    start, end = page * TASK_PAGE_SIZE, (page + 1) * TASK_PAGE_SIZE
    chunk = list(islice(selected, start, end + 1))
    return {"tasks": chunk[:TASK_PAGE_SIZE], "last_page": len(chunk) <= TASK_PAGE_SIZE}


def _position(comment: dict[str, Any]) -> tuple[int, int]:
    return int(comment["date"]), int(comment["id"])


def comment_page(comments: list[dict[str, Any]], query: QueryParams) -> dict[str, Any]:
    """GET /task/{id}/comment: the newest 25, newest first; `start` (date in ms) and `start_id`
    of the oldest comment already seen ask for the 25 before it."""
    newest_first = sorted(comments, key=_position, reverse=True)
    start, start_id = query.get("start"), query.get("start_id")
    if (start is None) != (start_id is None):
        # ClickUp's pagination guide: both parameters are needed to ask for an older page.
        raise SimApiError(400, "start and start_id must be sent together", "SIM_QUERY_002")
    if start is not None and start_id is not None:
        try:
            after = (int(start), int(start_id))
        except ValueError:
            raise SimApiError(400, "Invalid query parameter", "SIM_QUERY_001") from None
        newest_first = [c for c in newest_first if _position(c) < after]
    return {"comments": newest_first[:COMMENT_PAGE_SIZE]}
