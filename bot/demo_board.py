"""The sandbox's task tracker as `pmbot demo` drives it: a person moving, commenting on or prioritising a task, and
what pmbot wrote there, in the simulated tracker's own terms (ClickUp's tasks T1… and PUTs; Jira's issues DEMO-1…,
its workflow's transitions, its one assignee and its field edits)."""

from __future__ import annotations

from collections import deque
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from agents.team import Person, TeamConfig
from integrations.jira.adf import to_text

JIRA_API = "/rest/api/3"
URGENT = {"clickup": 1, "jira": "Highest"}  # "urgent" in each tracker's own priority terms


class Board(Protocol):
    """One demo task on the simulated tracker."""

    title: str  # the tracker's name
    task: str  # the task as people name it
    platform: str  # the team file's handle key for this tracker
    per_handoff: int  # pmbot's tracker writes in one hand-off to QA
    per_fix: int  # ... and in one "needs fix"

    def writes(self) -> list[str]:
        """pmbot's status and assignee writes on the task so far, as the simulator recorded them."""

    def move(self, user: str, status: str) -> str:
        """The person with tracker id `user` moves the task to `status`; what the tracker sent pmbot."""

    def comment(self, user: str, text: str) -> None: ...

    def assignees(self) -> list[str]: ...

    def id(self) -> str:
        """The task's id in pmbot's stored state."""

    def handed_off(self, qa: str, developer: str) -> str:
        """What pmbot did in one hand-off, in this tracker's words."""

    def summary(self) -> str: ...

    def status(self) -> str:
        """The task's status as the tracker shows it."""

    def comments_by_pmbot(self) -> list[str]:
        """The text of the comments pmbot wrote on the task, oldest first."""

    def mark_urgent(self, user: str) -> None:
        """The person with tracker id `user` sets the task's priority to the tracker's most urgent one."""

    def due(self, tz: ZoneInfo) -> str | None:
        """The task's due date (and time, where the tracker keeps one, in `tz`); None when it has none."""


def board_for(sims: dict[str, Any], task: str | None = None) -> Board:
    """The board of whichever tracker the sandbox simulates, on `task` (default: the QA cycle's task)."""
    if "jira" in sims:
        return JiraBoard(sims["jira"], task or JiraBoard.task)
    return ClickUpBoard(sims["clickup"], task or ClickUpBoard.task)


def demo_task(sims: dict[str, Any], clickup: str) -> str:
    """The sandbox task that plays ClickUp's `clickup` (T2) on the simulated tracker (DEMO-2 on Jira)."""
    return f"DEMO-{clickup.removeprefix('T')}" if "jira" in sims else clickup


def person_on(team: TeamConfig, board: Board, user: str | None) -> Person | None:
    return team.person_on(board.platform, user)


class ClickUpBoard:
    """Task T1 on the ClickUp simulator: a status write and the assignees in one PUT."""

    title, task, platform, per_handoff, per_fix = "ClickUp", "T1", "clickup", 1, 1

    def __init__(self, sim: Any, task: str = "T1") -> None:
        self.sim, self.task = sim, task

    def _puts(self) -> list[Any]:
        return [r.json for r in self.sim.calls("PUT", f"/api/v2/task/{self.task}")]

    def writes(self) -> list[str]:
        return [f"PUT /task/{self.task} {body}" for body in self._puts()]

    def move(self, user: str, status: str) -> str:
        before = len(self.sim.sent_webhooks)
        self.sim.human_update(self.task, user, status=status)
        self.sim.wait_for_webhooks()
        mine = [w for w in self.sim.sent_webhooks[before:]
                if str(w.payload["history_items"][0]["user"]["id"]) == str(user)]
        return (f"ClickUp sent {len(mine)} signed webhooks ({', '.join(w.payload['event'] for w in mine)});"
                f" pmbot answered {', '.join(str(w.status) for w in mine)}.")

    def comment(self, user: str, text: str) -> None:
        self.sim.human_comment(self.task, user, text)

    def assignees(self) -> list[str]:
        return [str(a["id"]) for a in self.sim.task(self.task)["assignees"]]

    def id(self) -> str:
        return self.task

    def handed_off(self, qa: str, developer: str) -> str:
        return f"in one write pmbot set 'in testing', assigned {qa} and removed {developer}."

    def summary(self) -> str:
        return f"ClickUp writes for the whole cycle: {len(self._puts())} PUTs (one per hand-off)."

    def status(self) -> str:
        return str(self.sim.task(self.task)["status"]["status"])

    def comments_by_pmbot(self) -> list[str]:
        return [r.json["comment_text"] for r in self.sim.calls("POST", f"/api/v2/task/{self.task}/comment")]

    def mark_urgent(self, user: str) -> None:
        self.sim.human_update(self.task, user, priority=URGENT["clickup"])
        self.sim.wait_for_webhooks()

    def due(self, tz: ZoneInfo) -> str | None:
        due = self.sim.task(self.task).get("due_date")
        return f"{datetime.fromtimestamp(int(due) / 1000, tz):%a %d %b %H:%M} ({tz.key})" if due else None


class JiraBoard:
    """Issue DEMO-1 on the Jira simulator: statuses change through the workflow's transitions, one assignee."""

    title, task, platform, per_handoff, per_fix = "Jira", "DEMO-1", "jira", 2, 1

    def __init__(self, sim: Any, task: str = "DEMO-1") -> None:
        self.sim, self.task = sim, task

    def _mine(self) -> list[Any]:
        """pmbot's writes to the issue's status, assignee and fields (comments are not among them)."""
        issue = f"{JIRA_API}/issue/{self.id()}"
        return [r for r in self.sim.writes() if r.path in (issue, f"{issue}/transitions", f"{issue}/assignee")]

    def writes(self) -> list[str]:
        return [f"{r.method} {r.path.removeprefix(JIRA_API)} {r.json}" for r in self._mine()]

    def move(self, user: str, status: str) -> str:
        """Through the workflow, one transition at a time (Needs Fix goes back through In Progress)."""
        before = len(self.sim.sent_webhooks)
        for step in self._path(status):
            self.sim.human_move(self.task, user, step)
        self.sim.wait_for_webhooks()
        mine = [w for w in self.sim.sent_webhooks[before:] if (w.payload.get("user") or {}).get("accountId") == user]
        return (f"Jira sent {len(mine)} signed webhook{'s' if len(mine) != 1 else ''} "
                f"({', '.join(w.event for w in mine)}); pmbot answered {', '.join(str(w.status) for w in mine)}.")

    def _path(self, status: str) -> list[str]:
        """The shortest walk of the workflow's transitions from the issue's status to `status` (any case)."""
        record = self.sim.find(self.task)
        workflow = self.sim.workflow(record)
        target = next((s for s in workflow.statuses if s.lower() == status.lower()), status)
        came_from: dict[str, str | None] = {record["status"]: None}
        queue = deque([record["status"]])
        while queue:
            here = queue.popleft()
            if here == target:
                break
            for transition in workflow.offered(here):
                if transition.to not in came_from:
                    came_from[transition.to] = here
                    queue.append(transition.to)
        if target not in came_from:
            raise ValueError(f"{self.task}: the workflow has no way from {record['status']!r} to {target!r}")
        steps: list[str] = []
        at: str | None = target
        while at is not None and at != record["status"]:
            steps.insert(0, at)
            at = came_from[at]
        return steps

    def comment(self, user: str, text: str) -> None:
        self.sim.human_comment(self.task, user, text)
        self.sim.wait_for_webhooks()  # its deliveries (comment_created, and the issue's update) are not a move's

    def assignees(self) -> list[str]:
        found = self.sim.find(self.task)["assignee"]
        return [found] if found else []

    def id(self) -> str:
        return str(self.sim.find(self.task)["id"])

    def handed_off(self, qa: str, developer: str) -> str:
        return (f"pmbot moved it to 'In Testing' through the workflow's transition and made {qa} the assignee "
                f"(Jira has one); {developer} is remembered for a fix.")

    def summary(self) -> str:
        kinds = [r.path.rsplit("/", 1)[-1] for r in self._mine()]
        return (f"Jira writes for the whole cycle: {kinds.count('transitions')} transitions (one per hand-off) and "
                f"{kinds.count('assignee')} assignee changes.")

    def status(self) -> str:
        return str(self.sim.find(self.task)["status"])

    def comments_by_pmbot(self) -> list[str]:
        return [to_text(r.json["body"]) for r in self.sim.calls("POST", f"{JIRA_API}/issue/{self.id()}/comment")]

    def mark_urgent(self, user: str) -> None:
        self.sim.human_edit(self.task, user, priority={"name": URGENT["jira"]})
        self.sim.wait_for_webhooks()

    def due(self, tz: ZoneInfo) -> str | None:
        due = self.sim.find(self.task)["duedate"]
        return f"{date.fromisoformat(due):%a %d %b} (a Jira due date is a day)" if due else None
