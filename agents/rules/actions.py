"""Carrying out a rule's actions for one firing (or describing them, for a dry run).

Every write goes through `ctx.do` under a key per rule × event × action (`rules:<rule>:<event>:<action>`), so a
redelivery, a retry or another replica never doubles it. Consecutive task-field actions (status, assignees,
priority, due date) are one tracker write, keyed on the actions it carries (`...:0+1`). A change pmbot makes is
announced to the other agents and rules as a `pmbot` event (its own webhook is dropped), carrying the chain of
rules that led to it for the loop guard.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agents.base import AgentContext
from agents.common.absence import out_today
from agents.common.mrkdwn import Mrkdwn
from agents.common.task_refs import task_key
from agents.rules.config import PRIORITIES, Action, Rule, RulesConfig, priority_word
from agents.rules.dates import resolve_date
from agents.rules.state import PICKS_KEPT, Turn
from agents.rules.targets import Subject, chat_ids, resolve, tracker_ids
from agents.rules.templates import render, render_mrkdwn
from integrations.events import Event, Ref
from integrations.models import Task

CHAIN = "rules_chain"  # event data: {rule name: how many times it ran in this chain}
FIELD_WRITES = frozenset({"set_status", "assign", "unassign", "set_priority", "set_due_date"})
PRIORITY_NAMES = {n: name for name, n in PRIORITIES.items()}


def digest(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:20]


def action_key(rule: str, event_id: str, part: str) -> str:
    """`rules:<rule>:<event>:<part>`; hashed when it would not fit the actions table's 255 characters."""
    key = f"rules:{rule}:{event_id}:{part}"
    return key if len(key) <= 200 else f"rules:{rule}:{digest(event_id)}:{part}"[:255]


def chain_of(event: Event) -> dict[str, int]:
    runs = event.data.get(CHAIN)
    return {str(k): int(v) for k, v in runs.items()} if isinstance(runs, dict) else {}


@dataclass
class Change:
    """One merged tracker write for one task."""

    indices: list[int] = field(default_factory=list)
    status: str | None = None
    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    due: datetime | None = None
    priority: int | None = None

    def empty(self) -> bool:
        return not (self.status or self.add or self.remove or self.due or self.priority)


@dataclass
class Firing:
    """One rule acting on one subject; `preview` describes instead of writing (the dry run)."""

    ctx: AgentContext
    cfg: RulesConfig
    rule: Rule
    subject: Subject
    values: dict[str, str]
    preview: bool = False
    done: list[str] = field(default_factory=list)

    @property
    def event(self) -> Event:
        return self.subject.event

    @property
    def now(self) -> datetime:
        return self.event.occurred_at if self.preview else self.ctx.clock.now()

    async def run(self) -> list[str]:
        pending: list[tuple[int, Action]] = []
        for index, action in enumerate(self.rule.then):
            if action.do in FIELD_WRITES:
                if any(a.do == action.do for _, a in pending):
                    await self._write_fields(pending)
                    pending = []
                pending.append((index, action))
                continue
            await self._write_fields(pending)
            pending = []
            await self._single(index, action)
        await self._write_fields(pending)
        return self.done

    def text(self, template: str) -> str:
        return render(template, self.values)

    def slack_text(self, template: str) -> Mrkdwn:
        return render_mrkdwn(template, self.values)

    # -- task fields: one write per task ------------------------------------------------------------
    async def _write_fields(self, pending: list[tuple[int, Action]]) -> None:
        if not pending:
            return
        tasks = [self.subject.task] if self.subject.task else self.subject.linked_tasks
        if not tasks:
            self.done.append(f"no task to {', '.join(a.do for _, a in pending)}")
            return
        for task in tasks:
            change = Change(indices=[i for i, _ in pending])
            for index, action in pending:
                await self._plan(task, index, action, change)
            if change.empty():
                self.done.append(f"{self._shown(task)}: nothing to change")
                continue
            self.done.append(f"{self._shown(task)}: {self._describe(change)}")
            if self.preview:
                continue
            part = "+".join(map(str, change.indices)) + ("" if self.subject.task else f":{task.id}")
            await self.ctx.do.update_task(
                task.id, key=action_key(self.rule.name, self.event.id, part), status=change.status,
                add_assignees=change.add, remove_assignees=change.remove, due_date=change.due,
                priority=change.priority, record={"rule": self.rule.name})
            await self._announce_fields(task, change, part)

    async def _plan(self, task: Task, index: int, action: Action, change: Change) -> None:
        current = [m.id for m in task.assignees]
        if action.do == "set_status" and action.status and task.status.lower() != action.status:
            change.status = action.status
        elif action.do == "set_priority" and action.priority and priority_word(task.priority) != action.priority:
            change.priority = PRIORITIES[action.priority]
        elif action.do == "set_due_date" and action.date:
            due = resolve_date(action.date, self.now, self.ctx.team.schedules.timezone)
            if task.due_date != due:
                change.due = due
        elif action.do == "assign":
            ids = await self._assignees(index, action)
            change.add += [i for i in ids if i not in current and i not in change.add]
            if action.mode == "replace":
                change.remove += [c for c in current if c not in ids and c not in change.remove]
        elif action.do == "unassign":
            gone = current if action.who == "all" else tracker_ids(
                self.ctx, resolve(self.ctx, list(action.who or []), self.subject))
            change.remove += [g for g in gone if g in current and g not in change.remove]
            change.add = [a for a in change.add if a not in change.remove]

    async def _assignees(self, index: int, action: Action) -> list[str]:
        who = resolve(self.ctx, action.to or [], self.subject)
        if action.mode != "round_robin":
            return tracker_ids(self.ctx, who)
        today = self.now.astimezone(ZoneInfo(self.ctx.team.schedules.timezone)).date()
        people = [p for p in who.people if self.ctx.people.tracker_id(p) and not p.is_out_of_office(today)]
        if not people:
            return []
        if self.preview:
            return [f"one of {' / '.join(p.name for p in people)}"]
        turn = await self.ctx.state.load(Turn, self.rule.name, index)
        key = digest(self.event.id)
        if key not in turn.picks:
            # The pick and the moved pointer are one write, saved before the task write: a retry of this event
            # finds its pick here and assigns the same person.
            chosen = people[turn.next % len(people)]
            turn.next += 1
            turn.picks = {**dict(list(turn.picks.items())[-(PICKS_KEPT - 1):]), key: self.ctx.people.tracker_id(chosen)
                          or ""}
            await self.ctx.state.save(turn, self.rule.name, index)
        return [turn.picks[key]]

    def _describe(self, change: Change) -> str:
        parts = []
        if change.status:
            parts.append(f"status → {change.status}")
        if change.add:
            parts.append("assign " + ", ".join(self._name(i) for i in change.add))
        if change.remove:
            parts.append("unassign " + ", ".join(self._name(i) for i in change.remove))
        if change.priority:
            parts.append(f"priority → {PRIORITY_NAMES[change.priority]}")
        if change.due:
            tz = self.ctx.team.schedules.timezone
            parts.append(f"due {change.due.astimezone(ZoneInfo(tz)):%a %d %b %H:%M}")
        return ", ".join(parts)

    def _shown(self, task: Task) -> str:
        """A task as the dry run and the audit name it: its key where the tracker's tasks have keys (Jira's
        `ENG-42`), else its id (ClickUp's)."""
        return task_key(self.ctx, task) or task.id

    def _name(self, tracker_id: str) -> str:
        person = self.ctx.people.by_tracker(tracker_id)
        return person.name if person else tracker_id

    # -- everything else --------------------------------------------------------------------------
    async def _single(self, index: int, action: Action) -> None:
        key = action_key(self.rule.name, self.event.id, str(index))
        if action.do == "add_tag" and action.tag:
            await self._tag(index, action.tag)
        elif action.do == "comment" and action.text:
            await self._comment(key, self.text(action.text))
        elif action.do == "post" and action.channel and action.text:
            self.done.append(f"post in {action.channel}: {self.text(action.text)}")
            if not self.preview:
                await self.ctx.do.post(action.channel, self.slack_text(action.text), key=key)
        elif action.do == "dm" and action.text:
            text = self.text(action.text)
            who = resolve(self.ctx, action.to or [], self.subject)
            names = [p.name for p in who.people] or chat_ids(self.ctx, who)
            if not names:
                self.done.append(f"dm: nobody to send to ({', '.join(action.to or [])})")
                return
            away = await out_today(self.ctx, who.people)  # out of office: a rule does not nag them
            skipped = {self.ctx.people.chat_id(p) for p in away}
            self.done.append(f"dm {', '.join(names)}: {text}")
            if away:
                self.done.append(f"dm skipped, out of office: {', '.join(p.name for p in away)}")
            if not self.preview:
                for user in chat_ids(self.ctx, who):
                    if user not in skipped:
                        await self.ctx.do.dm(user, self.slack_text(action.text), key=f"{key}:{user}")
        elif action.do == "create_task" and action.list_ and action.name:
            await self._create(key, action.list_, self.text(action.name))

    async def _tag(self, index: int, tag: str) -> None:
        tasks = [self.subject.task] if self.subject.task else self.subject.linked_tasks
        for task in tasks:
            if tag in [t.lower() for t in task.tags]:
                self.done.append(f"{self._shown(task)}: already tagged {tag}")
                continue
            self.done.append(f"{self._shown(task)}: add tag {tag}")
            if self.preview:
                continue
            part = f"{index}" + ("" if self.subject.task else f":{task.id}")
            await self.ctx.do.add_tag(task.id, tag, key=action_key(self.rule.name, self.event.id, part))
            task.tags.append(tag)
            await self._announce(task, "task.tags_changed", {"added": [tag], "removed": []}, f"{part}:tag")

    async def _comment(self, key: str, text: str) -> None:
        if self.subject.task is not None:
            self.done.append(f"{self._shown(self.subject.task)}: comment “{text}”")
            if not self.preview:
                await self.ctx.do.comment(self.subject.task.id, text, key=key)
            return
        for repo, number in self.subject.prs:
            self.done.append(f"{repo}#{number}: comment “{text}”")
            if not self.preview:
                await self.ctx.do.pr_comment(repo, number, text, key=f"{key}:{repo}#{number}")

    async def _create(self, key: str, list_name: str, name: str) -> None:
        list_id = self.cfg.lists.get(list_name) or next(
            (i for n, i in self.cfg.lists.items() if n.lower() == list_name.lower()), list_name)
        self.done.append(f"create task “{name}” in {list_name}")
        if self.preview:
            return
        task_id = await self.ctx.do.create_task(list_id, name, key=key)
        if task_id:
            created = Task(id=task_id, name=name, status="", list_id=list_id)
            await self._announce(created, "task.created", {}, "create")

    # -- telling the other agents and rules ------------------------------------------------------
    async def _announce_fields(self, task: Task, change: Change, part: str) -> None:
        if change.status:
            await self._announce(task, "task.status_changed", {"from": task.status, "to": change.status},
                                 f"{part}:status")
            task.status = change.status
        if change.priority:
            await self._announce(task, "task.priority_changed",
                                 {"from": task.priority, "to": PRIORITY_NAMES[change.priority]}, f"{part}:priority")
            task.priority = PRIORITY_NAMES[change.priority]
        if change.add or change.remove:
            await self._announce(task, "task.assignee_changed", {"added": change.add, "removed": change.remove},
                                 f"{part}:assignees")
        if change.due:
            before = task.due_date.isoformat() if task.due_date else None
            await self._announce(task, "task.due_date_changed", {"from": before, "to": change.due.isoformat()},
                                 f"{part}:due")
            task.due_date = change.due

    async def _announce(self, task: Task, kind: str, data: dict[str, Any], part: str) -> None:
        if self.ctx.dry_run:
            return
        runs = chain_of(self.event)
        runs[self.rule.name] = runs.get(self.rule.name, 0) + 1
        event = Event(
            id=f"rules:{digest(self.rule.name, self.event.id, part)}", source="pmbot", type=kind,
            occurred_at=self.ctx.clock.now(), actor=self.ctx.identities.get("tracker"),
            subject=Ref(kind="task", id=task.id, url=task.url, container=task.list_id),
            data={**data, "by": "rules", "rule": self.rule.name, CHAIN: runs},
        )
        # After the write, every time: its id dedupes a repeat after a crash between the two.
        await self.ctx.store.enqueue([event])
