"""Questions about the current state of the project, answered from the tracker and the code host.

Each tool has a JSON schema for its arguments. With a model, the model picks the tool and its arguments
(function calling through a JSON-schema'd reply: one call, `{"tool": ..., "arguments": ...}`); without one, a
small deterministic matcher recognises the common shapes ("who is testing ENG-42?", "what is overdue in
Mobile?", "which PRs wait for my review?"). Either way the tool runs on the same clients the agents use and
its result is rendered here, so every link and id in the answer comes from a tool result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from agents.auto_answer import messages as msg
from agents.auto_answer.config import AutoAnswerConfig
from agents.base import AgentContext
from agents.common.task_refs import candidates_in
from agents.team import Person
from integrations.errors import IntegrationError, NotFound, PlatformRejected
from integrations.models import PullRequest, Task

MAX_ITEMS = 10
_NULLABLE = {"type": ["string", "null"]}


@dataclass(frozen=True)
class Tool:
    """A live-state tool: its name, what it does, and the JSON schema of its arguments."""

    name: str
    description: str
    parameters: dict[str, Any]


def _schema(required: dict[str, str], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    props: dict[str, Any] = {k: {"type": "string", "description": d} for k, d in required.items()}
    props.update({k: {**_NULLABLE, "description": "optional; null for all"} for k in optional})
    return {"type": "object", "properties": props, "required": [*required, *optional],
            "additionalProperties": False}


TOOLS: tuple[Tool, ...] = (
    Tool("task_status", "Status, assignees and due date of one task, by id or custom id such as ENG-42.",
         _schema({"task": "the task id or custom id as written in the question"})),
    Tool("overdue_tasks", "Open tasks whose due date has passed, in one project (list) or in all.",
         _schema({}, ("project",))),
    Tool("tasks_in_status", "Open tasks in a given status (e.g. 'in testing'), in one project or in all.",
         _schema({"status": "the status as the question says it"}, ("project",))),
    Tool("assigned_tasks", "Open tasks assigned to a person; 'me' means the person asking.",
         _schema({"person": "a name, or 'me'"})),
    Tool("review_requests", "Open pull requests waiting for a person's review; 'me' means the person asking.",
         _schema({"person": "a GitHub login, a name, or 'me'"})),
    Tool("open_pull_requests", "Open pull requests, in one repository (owner/name) or in all.",
         _schema({}, ("repo",))),
)
BY_NAME = {t.name: t for t in TOOLS}


def choice_schema() -> dict[str, Any]:
    """The reply the model must give: one tool (or "none") and arguments matching that tool's schema."""
    return {"type": "object", "additionalProperties": False, "required": ["tool", "arguments"],
            "properties": {"tool": {"type": "string", "enum": ["none", *BY_NAME]},
                           "arguments": {"anyOf": [t.parameters for t in TOOLS] + [{"type": "object"}]}}}


def valid(arguments: Any, schema: dict[str, Any]) -> bool:
    """The subset of JSON Schema the tools use: an object of strings / nulls, required keys, nothing extra."""
    if not isinstance(arguments, dict):
        return False
    props = schema["properties"]
    if any(k not in props for k in arguments) or any(k not in arguments for k in schema["required"]
                                                      if props[k].get("type") == "string"):
        return False
    for key, value in arguments.items():
        kinds = props[key]["type"]
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not ((value is None and "null" in kinds) or (isinstance(value, str) and "string" in kinds)):
            return False
    return True


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, str | None]


@dataclass
class Item:
    """One task or pull request a tool found: a line of the answer and a citation."""

    title: str
    ref: str
    url: str | None
    line: str


@dataclass
class ToolResult:
    """What a tool found, rendered: a heading line and one line per item (each cited)."""

    heading: str
    items: list[Item] = field(default_factory=list)
    source: str = "tracker"
    more: int = 0


# -- choosing the tool -----------------------------------------------------------------------------------------
_OVERDUE = re.compile(r"\b(overdue|past\s+due|past\s+(its|their)\s+due|missed\s+(its|their|the)\s+"
                      r"(due\s+date|deadline)s?|behind\s+schedule)\b", re.I)
_REVIEW = re.compile(r"\breview", re.I)
_PRS = re.compile(r"\b(prs?|pull\s*requests?|merge\s*requests?)\b", re.I)
_WAITING = re.compile(r"\b(wait\w*|pending|need\w*|request\w*|assigned|for)\b", re.I)
_OPEN_PRS = re.compile(r"\b(open|pending|outstanding|unmerged)\b", re.I)
_ASSIGNED = re.compile(r"\b(on\s+(my|\w+'?s)\s+plate|my\s+tasks|assigned\s+to|working\s+on|(is|are)\s+(\w+)\s+"
                       r"(doing|busy\s+with|up\s+to))\b", re.I)
_IN_STATUS = re.compile(r"\b(?:what|which)(?:'s|\s+is|\s+are)?\s+(?:tasks?\s+)?(?:are\s+|is\s+)?(?:currently\s+|"
                        r"still\s+)?((?:in|ready\s+for|waiting\s+for)\s+(?:testing|review|progress|qa|fix))\b",
                        re.I)
_PROJECT = re.compile(r"\b(?:in|for|on|of)\s+(?:the\s+)?([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)"
                      r"(?:\s+(?:project|list|board|team))?\s*\??\s*$", re.I)
_TASK_WORD = re.compile(r"\btask\s+#?([A-Za-z]*\d[A-Za-z0-9]*)\b", re.I)  # "task T4", "task 86a1b2"
_ME = re.compile(r"\b(me|my|i)\b", re.I)


def _project(question: str, cfg: AutoAnswerConfig) -> str | None:
    match = _PROJECT.search(question.strip())
    if not match:
        return None
    said = match.group(1).lower()
    for name in cfg.projects:
        if name.lower() in (said, said.split()[0]):
            return name
    return None


def _person_named(question: str, ctx: AgentContext) -> str | None:
    for person in ctx.team.people:
        names = {person.name.lower(), person.name.split()[0].lower(), *(h.lower() for h in person.ids.values())}
        if any(re.search(rf"\b{re.escape(n)}\b", question, re.I) for n in names):
            return person.name
    return None


def match(question: str, cfg: AutoAnswerConfig, ctx: AgentContext) -> ToolCall | None:
    """The deterministic intent matcher used without a model."""
    refs = candidates_in(ctx, texts=[question])
    word = _TASK_WORD.search(question)
    if refs or word:
        return ToolCall("task_status", {"task": refs[0].value if refs else word.group(1) if word else ""})
    if _OVERDUE.search(question):
        return ToolCall("overdue_tasks", {"project": _project(question, cfg)})
    if _REVIEW.search(question) and _PRS.search(question) and _WAITING.search(question):
        return ToolCall("review_requests", {"person": _person_named(question, ctx) or "me"})
    if _PRS.search(question) and _OPEN_PRS.search(question):
        return ToolCall("open_pull_requests", {"repo": next((r for r in cfg.all_repos() if r in question), None)})
    in_status = _IN_STATUS.search(question)
    if in_status:
        status = re.sub(r"\s+", " ", in_status.group(1).lower())
        return ToolCall("tasks_in_status", {"status": status, "project": _project(question, cfg)})
    if _ASSIGNED.search(question):
        named = _person_named(question, ctx)
        if named or _ME.search(question):
            return ToolCall("assigned_tasks", {"person": named or "me"})
    return None


async def choose(ctx: AgentContext, cfg: AutoAnswerConfig, question: str, asker: str | None) -> ToolCall | None:
    """The tool for a live-state question, or None for a question the documents should answer."""
    if not ctx.llm.available:
        return match(question, cfg, ctx)
    person = ctx.people.by_chat(asker)
    messages = msg.tool_prompt(TOOLS, question, person.name if person else None, list(cfg.projects))
    try:
        reply = json.loads(await ctx.llm.complete(messages, schema=choice_schema()))
    except (IntegrationError, ValueError) as exc:
        ctx.log.info("tool choice by the model failed (%s); using the matcher", type(exc).__name__)
        return match(question, cfg, ctx)
    name = reply.get("tool") if isinstance(reply, dict) else None
    if name not in BY_NAME or not valid(reply.get("arguments"), BY_NAME[name].parameters):
        return None
    return ToolCall(name, dict(reply["arguments"]))


# -- running it ------------------------------------------------------------------------------------------------
def _who(ctx: AgentContext, spoken: str | None, asker: str | None) -> Person | None:
    if not spoken or spoken.strip().lower() in ("me", "i", "myself"):
        return ctx.people.by_chat(asker)
    said = spoken.strip().lower()
    for person in ctx.team.people:
        if said in (person.name.lower(), person.name.split()[0].lower(), *(h.lower() for h in person.ids.values())):
            return person
    return None


def _names(ctx: AgentContext, task: Task) -> list[str]:
    return [p.name if (p := ctx.people.by_tracker(m.id)) else (m.username or m.id) for m in task.assignees]


def _task_item(ctx: AgentContext, task: Task) -> Item:
    label = f"{task.custom_id or task.id} {task.name}"
    due = task.due_date.date().isoformat() if task.due_date else None
    return Item(label, task.id, task.url, msg.task_line(task.status, _names(ctx, task), due))


def _pr_item(pr: PullRequest) -> Item:
    return Item(f"{pr.repo}#{pr.number} {pr.title}", f"{pr.repo}#{pr.number}", pr.url,
                msg.pr_line(pr.author, pr.requested_reviewers, pr.draft))


def _lists(cfg: AutoAnswerConfig, project: str | None) -> list[str | None]:
    if project and project in cfg.projects:
        return [cfg.projects[project]]
    known = list(dict.fromkeys([*cfg.projects.values(), *(s.tracker_list for s in cfg.sources if s.tracker_list)]))
    return list(known) or [None]


async def _open_tasks(ctx: AgentContext, cfg: AutoAnswerConfig, project: str | None, **filters: Any) -> list[Task]:
    assert ctx.tracker is not None
    done = {s.lower() for s in cfg.done_statuses}
    found: dict[str, Task] = {}
    for list_id in _lists(cfg, project):
        for task in await ctx.tracker.find_tasks(list_id=list_id, **filters):
            if task.status.lower() not in done:
                found.setdefault(task.id, task)
    return list(found.values())


def _capped(result: ToolResult, items: list[Item]) -> ToolResult:
    result.items, result.more = items[:MAX_ITEMS], max(0, len(items) - MAX_ITEMS)
    return result


async def run(ctx: AgentContext, cfg: AutoAnswerConfig, call: ToolCall, asker: str | None) -> ToolResult | None:
    """Run one tool; None when it does not apply after all (an unknown task, no such platform)."""
    args = call.arguments
    code_tools = ("review_requests", "open_pull_requests")
    if (ctx.code if call.name in code_tools else ctx.tracker) is None:
        return None
    if call.name == "task_status":
        task = await _task(ctx, str(args.get("task") or ""))
        if task is None:
            return None
        return ToolResult(msg.task_heading(), [_task_item(ctx, task)])
    if call.name in ("overdue_tasks", "tasks_in_status", "assigned_tasks"):
        return await _task_list(ctx, cfg, call, asker)
    assert ctx.code is not None
    repos = cfg.all_repos()
    if call.name == "open_pull_requests" and args.get("repo"):
        repos = [r for r in repos if r == args["repo"]] or repos
    pulls = [pr for repo in repos for pr in await ctx.code.open_pull_requests(repo)]
    if call.name == "open_pull_requests":
        return _capped(ToolResult(msg.open_prs_heading(len(pulls)), source="code"), [_pr_item(p) for p in pulls])
    person = _who(ctx, args.get("person"), asker)
    login = ctx.people.code_id(person)
    if person is None or login is None:
        return ToolResult(msg.unknown_person(args.get("person")), source="code")
    waiting = [p for p in pulls if login.lower() in (r.lower() for r in p.requested_reviewers)]
    return _capped(ToolResult(msg.reviews_heading(person.name, len(waiting), person is _who(ctx, "me", asker)),
                              source="code"), [_pr_item(p) for p in waiting])


async def _task(ctx: AgentContext, spoken: str) -> Task | None:
    assert ctx.tracker is not None
    custom = bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,9}-\d{1,9}", spoken)) and not spoken.upper().startswith("CU-")
    value = spoken[3:] if spoken.upper().startswith("CU-") else spoken
    try:
        return await ctx.tracker.get_task(value.upper() if custom else value, custom_id=custom)
    except (NotFound, PlatformRejected):
        return None


async def _task_list(ctx: AgentContext, cfg: AutoAnswerConfig, call: ToolCall, asker: str | None) -> ToolResult:
    args = call.arguments
    project = args.get("project")
    if call.name == "overdue_tasks":
        now = ctx.clock.now()
        tasks = [t for t in await _open_tasks(ctx, cfg, project) if t.due_date and t.due_date < now]
        tasks.sort(key=lambda t: (t.due_date, t.id))
        heading = msg.overdue_heading(len(tasks), project)
    elif call.name == "tasks_in_status":
        status = str(args.get("status") or "").lower().strip()
        every = await _open_tasks(ctx, cfg, project)
        exact = [t for t in every if t.status.lower() == status]
        tasks = exact or [t for t in every if status.split()[-1:] and status.split()[-1] in t.status.lower()]
        tasks.sort(key=lambda t: t.id)
        heading = msg.status_heading(len(tasks), status, project)
    else:
        person = _who(ctx, args.get("person"), asker)
        tracker_id = ctx.people.tracker_id(person)
        if person is None or tracker_id is None:
            return ToolResult(msg.unknown_person(args.get("person")))
        tasks = sorted(await _open_tasks(ctx, cfg, None, assignees=[tracker_id]), key=lambda t: t.id)
        heading = msg.assigned_heading(person.name, len(tasks), person is _who(ctx, "me", asker))
    return _capped(ToolResult(heading), [_task_item(ctx, t) for t in tasks])
