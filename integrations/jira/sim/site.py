"""The simulated Jira site's state: people, projects with a workflow each, issues, comments, and the changes
that become webhooks. Every change, by pmbot over HTTP or by a person (`human_*`), goes through here."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from integrations.jira.adf import to_adf
from integrations.jira.schemas import format_time
from integrations.jira.sim.shapes import (
    CATEGORIES,
    SimApiError,
    comment_json,
    public_user,
    status_json,
    user_json,
)
from integrations.jira.sim.webhooks import JiraOutbox


@dataclass(frozen=True)
class Transition:
    """A workflow transition: from the statuses in `sources` (every status when None: a global transition)."""

    id: str
    name: str
    to: str
    sources: tuple[str, ...] | None = None


@dataclass
class Workflow:
    """A project's workflow: its statuses (name → category) and the transitions between them."""

    statuses: dict[str, str]
    transitions: tuple[Transition, ...]

    def offered(self, current: str) -> list[Transition]:
        return [t for t in self.transitions if t.to != current and (t.sources is None or current in t.sources)]


# A QA workflow like the one pmbot's QA router expects. There is no transition from "To Do" to "Done" (work starts
# first), nor from "In Review" back to "To Do": what a real workflow refuses, the simulator refuses.
QA_WORKFLOW = Workflow(
    statuses={"To Do": "todo", "In Progress": "in_progress", "In Review": "in_progress",
              "Ready for Testing": "in_progress", "In Testing": "in_progress", "Needs Fix": "in_progress",
              "Done": "done"},
    transitions=(
        Transition("11", "Start work", "In Progress", ("To Do", "Needs Fix")),
        Transition("21", "Submit for review", "In Review", ("In Progress",)),
        Transition("31", "Ready for testing", "Ready for Testing", ("In Progress", "In Review")),
        Transition("41", "Start testing", "In Testing", ("Ready for Testing",)),
        Transition("51", "Needs fix", "Needs Fix", ("In Testing",)),
        Transition("61", "Done", "Done", ("In Testing",)),
        Transition("71", "Reopen", "To Do", ("In Progress", "Done")),
    ),
)
PRIORITIES = {"1": "Highest", "2": "High", "3": "Medium", "4": "Low", "5": "Lowest"}
EDITABLE = frozenset({"summary", "description", "duedate", "priority", "labels", "assignee"})


def _now() -> datetime:
    return datetime.now(UTC)


def _cannot_set(field: str) -> SimApiError:
    return SimApiError(400, errors={field: f"Field '{field}' cannot be set. It is not on the appropriate screen, "
                                           "or unknown."})


class JiraSite:
    """State and changes of one simulated site (the simulator's HTTP routes call these)."""

    def __init__(self, site: str, bot_account_id: str, bot_name: str, time_zone: str = "UTC") -> None:
        self.site = site
        self.bot_account_id = bot_account_id
        self.users: dict[str, dict[str, Any]] = {}
        self.projects: dict[str, dict[str, Any]] = {}  # key → {"id", "key", "name", "workflow"}
        self.issues: dict[str, dict[str, Any]] = {}  # issue id → record
        self.comments: dict[str, list[dict[str, Any]]] = {}
        self.outbox = JiraOutbox()
        self._state = threading.RLock()
        self._ids = itertools.count(10001)
        self._changes = itertools.count(20001)
        self.add_user(bot_account_id, bot_name, None, account_type="app", time_zone=time_zone)

    # -- seeding --------------------------------------------------------------------------
    def add_user(self, account_id: str, name: str, email: str | None = None, *, account_type: str = "atlassian",
                 time_zone: str = "UTC", hidden_email: bool = False, active: bool = True) -> dict[str, Any]:
        user = user_json(self.site, account_id, name, email, account_type=account_type, time_zone=time_zone,
                         active=active)
        user["hidden_email"] = hidden_email
        with self._state:
            self.users[account_id] = user
        return user

    def add_project(self, key: str, name: str, workflow: Workflow = QA_WORKFLOW) -> None:
        with self._state:
            self.projects[key] = {"id": str(next(self._ids)), "key": key, "name": name, "workflow": workflow}

    def add_issue(self, key: str, summary: str, status: str | None = None, *, assignee: str | None = None,
                  labels: tuple[str, ...] | list[str] = (), reporter: str | None = None, priority: str = "Medium",
                  duedate: str | None = None, description: str = "", updated: datetime | None = None,
                  created: datetime | None = None, subtask_of: str | None = None) -> dict[str, Any]:
        """Seed an issue (`key` is PROJECT-N of a project added before)."""
        project = self.projects[key.rsplit("-", 1)[0]]
        with self._state:
            status = status or str(next(iter(project["workflow"].statuses)))
            if status not in project["workflow"].statuses:
                raise ValueError(f"{status!r} is not a status of {project['key']}'s workflow")
            when = created or _now()
            record = {"id": str(next(self._ids)), "key": key, "project": project["key"], "summary": summary,
                      "status": status, "assignee": self._user(assignee)["accountId"] if assignee else None,
                      "reporter": reporter or self.bot_account_id, "labels": list(labels), "priority": priority,
                      "duedate": duedate, "description": to_adf(description) if description else None,
                      "created": when, "updated": updated or when, "resolutiondate": None,
                      "subtask": subtask_of is not None, "parent": subtask_of}
            self.issues[record["id"]] = record
            self.comments[record["id"]] = []
        return record

    # -- reading ---------------------------------------------------------------------------
    def find(self, id_or_key: str) -> dict[str, Any]:
        with self._state:
            found = self.issues.get(id_or_key) or next(
                (r for r in self.issues.values() if r["key"].upper() == id_or_key.upper()), None)
        if found is None:
            raise SimApiError(404, "Issue does not exist or you do not have permission to see it.")
        return found

    def workflow(self, record: dict[str, Any]) -> Workflow:
        return self.projects[record["project"]]["workflow"]  # type: ignore[no-any-return]

    def status(self, record: dict[str, Any], name: str | None = None) -> dict[str, Any]:
        statuses = self.workflow(record).statuses
        name = name or record["status"]
        return status_json(self.site, str(list(statuses).index(name) + 1), name, statuses[name])

    def transition_json(self, record: dict[str, Any], t: Transition) -> dict[str, Any]:
        return {"id": t.id, "name": t.name, "to": self.status(record, t.to), "hasScreen": False,
                "isGlobal": t.sources is None, "isInitial": False, "isAvailable": True, "isConditional": False,
                "isLooped": False}

    def issue_json(self, record: dict[str, Any], fields: set[str] | None = None) -> dict[str, Any]:
        """IssueBean with the fields asked for (None: every field)."""
        project = self.projects[record["project"]]
        every = {
            "summary": record["summary"], "status": self.status(record),
            "assignee": public_user(self.users[record["assignee"]]) if record["assignee"] else None,
            "reporter": public_user(self.users[record["reporter"]]),
            "creator": public_user(self.users[record["reporter"]]), "labels": list(record["labels"]),
            "priority": {"self": f"{self.site}/rest/api/3/priority/1", "name": record["priority"],
                         "id": next(k for k, v in PRIORITIES.items() if v == record["priority"])},
            "duedate": record["duedate"], "updated": format_time(record["updated"]),
            "created": format_time(record["created"]),
            "resolutiondate": format_time(record["resolutiondate"]) if record["resolutiondate"] else None,
            "project": {"self": f"{self.site}/rest/api/3/project/{project['id']}", "id": project["id"],
                        "key": project["key"], "name": project["name"]},
            "issuetype": {"name": "Sub-task" if record["subtask"] else "Task", "subtask": record["subtask"]},
            "description": record["description"],
            **({"parent": {"key": record["parent"]}} if record["parent"] else {}),
        }
        chosen = every if fields is None else {k: v for k, v in every.items() if k in fields}
        return {"expand": "", "id": record["id"], "self": f"{self.site}/rest/api/3/issue/{record['id']}",
                "key": record["key"], "fields": chosen}

    def jql_record(self, record: dict[str, Any]) -> dict[str, Any]:
        """What a JQL clause reads of an issue."""
        category = CATEGORIES[self.workflow(record).statuses[record["status"]]]
        return {**record, "statuscategory": [category["name"], category["key"]]}

    # -- changes ---------------------------------------------------------------------------
    def edit(self, record: dict[str, Any], actor: str, fields: dict[str, Any], update: dict[str, Any]) -> None:
        """PUT /issue: `fields` set, `update` operations (labels add/remove); one changelog, one webhook."""
        for name in [*fields, *update]:
            if name not in EDITABLE:
                raise _cannot_set(name)
        items: list[dict[str, Any]] = []
        with self._state:
            labels = list(fields.get("labels", record["labels"]))
            for op in update.get("labels") or []:
                if not isinstance(op, dict):
                    raise SimApiError(400, errors={"labels": "Operation value must be an object"})
                labels += [op["add"]] if "add" in op and op["add"] not in labels else []
                labels = [x for x in labels if x != op.get("remove")]
            bad = next((x for x in labels if not isinstance(x, str) or not x or " " in x), None)
            if bad is not None:
                raise SimApiError(400, errors={"labels": f"The label '{bad}' contains spaces which is invalid."})
            if "priority" in fields:
                given = fields["priority"] or {}
                priority = given.get("name") or PRIORITIES.get(str(given.get("id")))
                if priority not in PRIORITIES.values():
                    raise SimApiError(400, errors={"priority": "Specify the Priority (name) in the string format"})
                items += self._set(record, "priority", priority, lambda v: next(k for k, n in PRIORITIES.items()
                                                                                 if n == v))
            if "duedate" in fields:
                due = fields["duedate"]
                if due is not None and not _is_day(due):
                    raise SimApiError(400, errors={"duedate": "Error parsing date string: " + str(due)})
                items += self._set(record, "duedate", due, lambda v: v, text=lambda v: f"{v} 00:00:00.0")
            if "summary" in fields:
                items += self._set(record, "summary", fields["summary"], lambda v: None)
            if "description" in fields:
                record["description"] = fields["description"]
            if labels != record["labels"]:
                items.append(self._item("labels", None, " ".join(record["labels"]), None, " ".join(labels)))
                record["labels"] = labels
            if "assignee" in fields:
                items += self._assign(record, (fields["assignee"] or {}).get("accountId"))
        self.changed(record, actor, items)

    def assign(self, record: dict[str, Any], actor: str, account_id: str | None) -> None:
        with self._state:
            items = self._assign(record, account_id)
        self.changed(record, actor, items, event_type="issue_assigned")

    def transition(self, record: dict[str, Any], actor: str, transition_id: str) -> None:
        with self._state:
            offered = self.workflow(record).offered(record["status"])
            chosen = next((t for t in offered if t.id == str(transition_id)), None)
            if chosen is None:
                raise SimApiError(400, f"Transition id '{transition_id}' is not valid for this issue.")
            before, after = self.status(record), self.status(record, chosen.to)
            record["status"] = chosen.to
            done = self.workflow(record).statuses[chosen.to] == "done"
            record["resolutiondate"] = _now() if done else None
            items = [self._item("status", before["id"], before["name"], after["id"], after["name"])]
        self.changed(record, actor, items)

    def add_comment(self, record: dict[str, Any], actor: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._state:
            stamp = format_time(_now())
            comment = comment_json(self.site, record["id"], str(next(self._ids)), self._user(actor), body, stamp)
            self.comments[record["id"]].append(comment)
            record["updated"] = _now()
        self._emit_comment("comment_created", record, comment)
        self._emit_issue("jira:issue_updated", record, actor, None, "issue_commented", comment=comment)
        return comment

    def edit_comment(self, record: dict[str, Any], comment_id: str, actor: str, body: dict[str, Any]) -> None:
        with self._state:
            comment = next(c for c in self.comments[record["id"]] if c["id"] == comment_id)
            comment.update(body=body, updated=format_time(_now()), updateAuthor=public_user(self._user(actor)))
        self._emit_comment("comment_updated", record, comment)

    def changed(self, record: dict[str, Any], actor: str, items: list[dict[str, Any]],
                event_type: str = "issue_generic") -> None:
        if items:
            record["updated"] = _now()
            self._emit_issue("jira:issue_updated", record, actor, items, event_type)

    def created(self, record: dict[str, Any], actor: str) -> None:
        self._emit_issue("jira:issue_created", record, actor, None, "issue_created")

    # -- plumbing --------------------------------------------------------------------------
    def _user(self, account_id: str | None) -> dict[str, Any]:
        user = self.users.get(account_id or "")
        if user is None:
            raise SimApiError(400, errors={"assignee": f"User '{account_id}' does not exist."})
        return user

    def _assign(self, record: dict[str, Any], account_id: str | None) -> list[dict[str, Any]]:
        new = self._user(account_id)["accountId"] if account_id else None
        if new == record["assignee"]:
            return []
        old = record["assignee"]
        record["assignee"] = new
        return [self._item("assignee", old, self.users[old]["displayName"] if old else None, new,
                           self.users[new]["displayName"] if new else None)]

    def _set(self, record: dict[str, Any], field: str, value: Any, ref: Any, text: Any = None) -> list[dict]:
        old = record[field]
        if old == value:
            return []
        record[field] = value
        show = text or (lambda v: v)
        return [self._item(field, ref(old) if old is not None else None, show(old) if old is not None else None,
                           ref(value) if value is not None else None, show(value) if value is not None else None)]

    @staticmethod
    def _item(field: str, before: Any, before_text: Any, after: Any, after_text: Any) -> dict[str, Any]:
        return {"field": field, "fieldtype": "jira", "fieldId": field, "from": before, "fromString": before_text,
                "to": after, "toString": after_text}

    def _emit_issue(self, event: str, record: dict[str, Any], actor: str, items: list[dict[str, Any]] | None,
                    event_type: str, *, comment: dict[str, Any] | None = None) -> None:
        payload: dict[str, Any] = {"timestamp": int(_now().timestamp() * 1000), "webhookEvent": event,
                                   "issue_event_type_name": event_type, "user": public_user(self._user(actor)),
                                   "issue": self.issue_json(record)}
        if items is not None:
            payload["changelog"] = {"id": str(next(self._changes)), "items": items}
        if comment is not None:
            payload["comment"] = comment
        self.outbox.emit(payload)

    def _emit_comment(self, event: str, record: dict[str, Any], comment: dict[str, Any]) -> None:
        issue = self.issue_json(record, {"summary", "status", "priority", "assignee", "issuetype", "project"})
        self.outbox.emit({"timestamp": int(_now().timestamp() * 1000), "webhookEvent": event, "comment": comment,
                          "issue": issue})


def _is_day(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and len(value) == 10
