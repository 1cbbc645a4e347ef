"""Gathering a report's facts: the tasks in scope (open ones, and those finished since the window began),
what pmbot heard between reports (status moves, merges), the QA router's hand-offs and the GitHub sync's
links and CI state. Everything is counted; only the top items of each section are kept, so what the model
and the message get does not grow with the workspace."""

from __future__ import annotations

import asyncio
import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agents.base import AgentContext
from agents.common import squads
from agents.github_sync.ci import CIState
from agents.github_sync.links import PRRecord
from agents.github_sync.reviews import ReviewRequest
from agents.qa_router.config import QARouterConfig, qa_section
from agents.qa_router.handoff import handoffs as qa_handoffs
from agents.reports.blockers import standup_blockers
from agents.reports.config import ReportSpec
from agents.reports.journal import merged_between, moved_between
from agents.reports.reasons import PRRef, Reason, Signals, assess, severity
from agents.reports.state import Move, TaskMoves
from integrations.models import PullRequest, Task

TOP = 10  # items kept per section
TODO_STATUSES = frozenset({"to do", "todo", "open", "backlog", "new"})
JOURNAL_READS = 2000  # per report: tasks updated in the window whose moves are read; the rest use their status
SECTIONS = ("at_risk", "completed", "created", "in_progress", "moved_to_qa", "failed_qa", "overdue", "due_soon",
            "stale", "unassigned")


@dataclass(frozen=True)
class Window:
    """The time a report covers: since the last report (`start`) until it was written (`end`)."""

    start: datetime
    end: datetime
    tz: str


@dataclass
class Item:
    """A task as a report shows it."""

    id: str  # as people name the task: its key where the tracker has one (ENG-42 on Jira), else its id
    name: str
    url: str | None
    status: str
    assignees: list[str]
    age: timedelta | None = None  # overdue by / idle for / waiting for, per section
    when: datetime | None = None  # completed / created / due at, per section
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class PRItem:
    """A pull request as a report shows it."""

    repo: str
    number: int
    title: str
    url: str | None
    author: str | None
    age: timedelta | None = None

    @property
    def id(self) -> str:
        return f"{self.repo}#{self.number}"


@dataclass
class Section:
    """How many items, and the first TOP of them."""

    count: int = 0
    items: list[Item] = field(default_factory=list)


@dataclass
class Facts:
    """Everything a report says, computed once and rendered as a message, a prompt, a terminal page, a chart."""

    report: str
    window: Window
    focus: str | None
    sections: dict[str, Section]
    per_assignee: list[tuple[str, int, int]]  # name, open, completed in the window
    merged: list[PRItem]
    merged_count: int
    waiting_review: list[PRItem]
    waiting_count: int
    daily: list[tuple[date, int, int]]  # local day, completed, created (the chart's last 7 days)
    open_by_status: list[tuple[str, int]]
    tasks_in_scope: int
    people: list[str]

    def section(self, key: str) -> Section:
        return self.sections[key]


def qa_settings(ctx: AgentContext, spec: ReportSpec | None = None) -> QARouterConfig:
    """The QA router's statuses and `remind_after` (its defaults when its section is missing or invalid): with
    several routers, the report's squad's, else the one over the report's lists, else the first."""
    section = qa_section(ctx.team)
    routers = section.instances()
    scope = spec.scope if spec is not None else None
    if scope is not None and scope.squad and (named := squads.by_name(routers, scope.squad)) is not None:
        return named
    return (section.owner(list(scope.lists)) if scope is not None and scope.lists else None) or routers[0]


@dataclass(frozen=True)
class SquadScope:
    """What `scope: {squad: NAME}` adds: the squad's QA router's lists, and its people (tracker ids)."""

    lists: tuple[str, ...] = ()
    members: frozenset[str] | None = None  # None: no squad, every task in the lists counts


def squad_scope(ctx: AgentContext, spec: ReportSpec) -> SquadScope:
    name = spec.scope.squad
    if not name:
        return SquadScope()
    router = squads.by_name(qa_section(ctx.team).squads, name)
    members = {tid for p in ctx.team.squad_members(name) if (tid := ctx.people.tracker_id(p))}
    return SquadScope(tuple(router.lists) if router is not None else (), frozenset(members))


async def scope_tasks(ctx: AgentContext, spec: ReportSpec, since: datetime, done: frozenset[str]) -> list[Task]:
    """Open tasks in scope, and done ones updated since `since`; folders and spaces read the workspace listing
    and keep tasks of those containers. A squad's report reads its lists too (none: the workspace) and keeps
    the tasks of those lists and those of its members."""
    assert ctx.tracker is not None
    scope = spec.scope
    squad = squad_scope(ctx, spec)
    containers = bool(scope.folders or scope.spaces)
    own_lists: list[str | None] = list(dict.fromkeys([*scope.lists, *squad.lists]))
    sources: list[str | None] = [] if containers else own_lists or [None]
    if containers:
        sources = [None]
    tracker = ctx.tracker
    # Per source, the open tasks and the done ones of the window: both listings at once (the second is short;
    # it waits for nothing but its own pages). A done task that is not closed is in both: kept once.
    listings = await asyncio.gather(*(
        listing for list_id in sources for listing in (
            tracker.find_tasks(list_id=list_id),
            tracker.find_tasks(list_id=list_id, statuses=sorted(done), include_closed=True, updated_since=since))))
    found: dict[str, Task] = {}
    for listed in listings:
        for task in listed:
            found[task.id] = task
    if containers:
        lists, folders, spaces = set(scope.lists), set(scope.folders), set(scope.spaces)
        found = {k: t for k, t in found.items()
                 if set(t.lists) & lists or t.folder_id in folders or t.space_id in spaces}
    if squad.members is not None:
        squad_lists = set(squad.lists)
        found = {k: t for k, t in found.items()
                 if set(t.lists) & squad_lists or any(m.id in squad.members for m in t.assignees)}
    return list(found.values())


def _last_move(moves: list[Move], statuses: set[str]) -> Move | None:
    return next((m for m in reversed(moves) if m.to in statuses), None)


class _Names:
    """Tracker member → the person's name in the team YAML, else the tracker's username."""

    def __init__(self, ctx: AgentContext) -> None:
        self.ctx = ctx
        self.cache: dict[str, str] = {}

    def __call__(self, task: Task) -> list[str]:
        names = []
        for m in task.assignees:
            if m.id not in self.cache:
                person = self.ctx.people.by_tracker(m.id)
                self.cache[m.id] = person.name if person else (m.username or m.id)
            names.append(self.cache[m.id])
        return names

    def code(self, login: str | None) -> str | None:
        person = self.ctx.people.by_code(login)
        return person.name if person else login


async def pull_request_facts(ctx: AgentContext, repos: list[str], now: datetime
                             ) -> tuple[dict[str, list[PRRef]], list[PRItem]]:
    """Per task, the linked open pull requests whose head commit has failing CI; and the open pull requests
    waiting for a review (age from the GitHub sync's record of the request, when it saw one)."""
    failing: dict[str, list[PRRef]] = {}
    waiting: list[PRItem] = []
    if ctx.code is None:
        return failing, waiting
    names = _Names(ctx)
    for repo in repos:
        pulls: list[PullRequest] = await ctx.code.open_pull_requests(repo)
        records = await ctx.state.load_many(PRRecord, [(f"{repo}#{pr.number}",) for pr in pulls])
        linked = [(pr, record, pr.head_sha or record.head_sha) for pr, record in zip(pulls, records, strict=True)
                  if record.tasks and (pr.head_sha or record.head_sha)]
        runs = await ctx.state.load_many(CIState, [(record.id, sha) for _, record, sha in linked])
        for (pr, record, _), ci in zip(linked, runs, strict=True):
            if ci.failing:
                for task_id in record.tasks:
                    failing.setdefault(task_id, []).append(PRRef(repo, pr.number, pr.url))
        asked = [(pr, login) for pr in pulls if not pr.draft for login in pr.requested_reviewers]
        requests = await ctx.state.load_many(ReviewRequest, [(f"{repo}#{pr.number}", login.lower())
                                                             for pr, login in asked])
        since: dict[int, datetime] = {}
        for (pr, _), request in zip(asked, requests, strict=True):
            if request.requested_at is not None:
                since[pr.number] = min(since.get(pr.number, request.requested_at), request.requested_at)
        for pr in pulls:
            if pr.requested_reviewers and not pr.draft:
                when = since.get(pr.number)
                waiting.append(PRItem(repo, pr.number, pr.title, pr.url, names.code(pr.author),
                                      now - when if when else None))
    waiting.sort(key=lambda p: (-(p.age or timedelta(0)).total_seconds(), p.repo, p.number))
    return failing, waiting


async def gather(ctx: AgentContext, spec: ReportSpec, window: Window, *, horizon: timedelta,
                 chart: bool = False) -> Facts:
    """Read and count everything the report says about `window` (with `chart`, the last 7 days too)."""
    tz = ZoneInfo(window.tz)
    now, start = window.end, window.start
    qa = qa_settings(ctx, spec)
    ready, testing, failed = (s.lower() for s in (qa.statuses.ready, qa.statuses.testing, qa.statuses.failed))
    done = frozenset(s.lower() for s in qa.statuses.passed)
    chart_days = [(now.astimezone(tz) - timedelta(days=i)).date() for i in range(6, -1, -1)]
    chart_start = datetime.combine(chart_days[0], datetime.min.time(), tz)
    since = min(start, chart_start) if chart else start

    async def listed() -> list[Task]:
        return await scope_tasks(ctx, spec, since, done) if ctx.tracker is not None else []

    # The tracker's pages, the code host and pmbot's state are read at once (the listing takes longest).
    tasks, (failing, waiting), blocked = await asyncio.gather(
        listed(), pull_request_facts(ctx, list(spec.scope.repos), now), standup_blockers(ctx, now, spec.scope.squad))
    tasks.sort(key=lambda t: t.id)
    names = _Names(ctx)

    # What pmbot heard of tasks that changed lately (bounded: see JOURNAL_READS), and the QA router's
    # hand-offs of the tasks in testing: one key each, read in batches.
    heard = await moved_between(ctx, start, now)
    recent = [t for t in tasks if t.id in heard or t.date_updated is None or t.date_updated >= start]
    recent.sort(key=lambda t: (t.id in heard, t.date_updated or now), reverse=True)
    recent_ids = [t.id for t in recent[:JOURNAL_READS]]
    journals = await ctx.state.load_many(TaskMoves, [(i,) for i in recent_ids])
    moves = {i: list(j.root) for i, j in zip(recent_ids, journals, strict=True)}
    handoffs = await qa_handoffs(ctx, qa_section(ctx.team), [t for t in tasks if t.status.lower() == testing])

    # Per section: (sort key, task, extras) for every task, and Items only for the first TOP of each. Newest
    # first for completed / created / in progress, most overdue or idle first, soonest due first; ties by id.
    rows: dict[str, list[tuple[Any, Task, dict[str, Any]]]] = {key: [] for key in SECTIONS}
    open_count: Counter[str] = Counter()
    done_count: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    per_day_done: Counter[date] = Counter()
    per_day_created: Counter[date] = Counter()

    def add(key: str, order: Any, task: Task, **extra: Any) -> None:
        rows[key].append((order, task, extra))

    for task in tasks:
        status = task.status.lower()
        known = moves.get(task.id)
        created_at, updated = task.date_created, task.date_updated
        if created_at is not None and chart_start <= created_at < now:
            per_day_created[created_at.astimezone(tz).date()] += 1
        if created_at is not None and start <= created_at < now:
            add("created", (now - created_at, task.id), task, when=created_at)
        if status in done:
            finished = _last_move(known, set(done)) if known else None
            at = finished.at if finished else (task.date_done or updated)
            if at is not None and chart_start <= at < now:
                per_day_done[at.astimezone(tz).date()] += 1
            if at is not None and start <= at < now:
                add("completed", (now - at, task.id), task, when=at)
                done_count.update(names(task))
            continue
        by_status[status] += 1
        open_count.update(names(task))
        if status not in TODO_STATUSES:
            add("in_progress", (now - (updated or now), task.id), task, when=updated)
        if known:
            if any(m.to in (ready, testing) and start <= m.at < now for m in known):
                add("moved_to_qa", task.id, task)
            if any(m.to == failed and start <= m.at < now for m in known):
                add("failed_qa", task.id, task)
        elif updated is not None and start <= updated < now:  # nothing heard: its status and last update say it
            if status in (ready, testing):
                add("moved_to_qa", task.id, task)
            elif status == failed:
                add("failed_qa", task.id, task)
        due = task.due_date
        if due is not None and due < now:
            add("overdue", (due, task.id), task, age=now - due, when=due)
        elif due is not None and due < now + horizon:
            add("due_soon", (due, task.id), task, when=due)
        if updated is not None and now - updated > spec.stale_after:
            add("stale", (updated, task.id), task, age=now - updated)
        if not task.assignees:
            add("unassigned", (due is None, due or now, task.id), task, when=due)
        signals = Signals(failing_prs=failing.get(task.id, []), blockers=blocked.get(task.id, []))
        if status in (ready, testing):
            assigned = handoffs[task.id].assigned_at if status == testing else None
            move = _last_move(known or [], {status})
            signals.qa_since = assigned or (move.at if move else updated)
        reasons = assess(now=now, due=due, updated=updated, assigned=bool(task.assignees),
                         stale_after=spec.stale_after, remind_after=qa.remind_after, horizon=horizon,
                         signals=signals)
        if reasons:
            weight, longest = severity(reasons)
            add("at_risk", (-weight, -longest, task.id), task, reasons=reasons)

    merged = [PRItem(m.repo, m.number, m.title, m.url, names.code(m.author))
              for repo in spec.scope.repos for m in await merged_between(ctx, repo, start, now)]

    def section(key: str) -> Section:
        first = heapq.nsmallest(TOP, rows[key], key=lambda row: row[0])
        items = [Item(t.custom_id or t.id, t.name, t.url, t.status.lower(), names(t), **extra) for _, t, extra in first]
        return Section(len(rows[key]), items)

    sections = {key: section(key) for key in SECTIONS}
    people = sorted(set(open_count) | set(done_count))
    per_assignee = sorted(((p, open_count[p], done_count[p]) for p in people), key=lambda r: (-r[1] - r[2], r[0]))
    mentioned = {n for s in sections.values() for i in s.items for n in i.assignees}
    mentioned |= {p.author for p in [*merged, *waiting] if p.author}
    mentioned |= {r.who for i in sections["at_risk"].items for r in i.reasons if r.who}
    return Facts(
        report=spec.name, window=window, focus=spec.focus, sections=sections,
        per_assignee=per_assignee[:TOP], merged=merged[:TOP], merged_count=len(merged),
        waiting_review=waiting[:TOP], waiting_count=len(waiting),
        daily=[(d, per_day_done[d], per_day_created[d]) for d in chart_days],
        open_by_status=sorted(by_status.items(), key=lambda kv: (-kv[1], kv[0])),
        tasks_in_scope=len(tasks), people=sorted(mentioned | {p for p, _, _ in per_assignee[:TOP]}),
    )
