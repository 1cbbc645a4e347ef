"""The QA router's dashboard panels: the QA queue (waiting and in testing, with their QA and age) and the
reminders due."""

from __future__ import annotations

from agents.base import AgentContext
from agents.common.timefmt import age
from agents.panels import Link, Panel
from agents.qa_router.config import QARouterConfig
from agents.qa_router.handoff import REMINDER_KIND, load, squad_of, who
from agents.qa_router.state import NO_TRANSITION, UNASSIGNED
from integrations.models import Task

NOBODY = "nobody available (out of office or not a working day)"
STUCK = "not handed over: the workflow has no transition to testing"
WAITING = {UNASSIGNED: NOBODY, NO_TRANSITION: STUCK}  # a ready task's round that did not hand it over, and why


async def panels(cfg: QARouterConfig, ctx: AgentContext) -> list[Panel]:
    now = ctx.clock.now()
    rows: list[tuple[Link | str, ...]] = []
    names: dict[str, str] = {}
    if ctx.tracker is not None:
        ready, testing = cfg.statuses.ready.lower(), cfg.statuses.testing.lower()
        tasks: list[Task] = []
        for list_id in cfg.lists or [None]:  # type: ignore[list-item]
            tasks += await ctx.tracker.find_tasks(list_id=list_id, statuses=[cfg.statuses.ready, cfg.statuses.testing])
        for task in sorted(tasks, key=lambda t: (t.status.lower() != ready, t.id)):
            status = task.status.lower()
            if status not in (ready, testing):
                continue
            names[task.id] = task.name
            state = await load(ctx, cfg, task.id)
            since = state.assigned_at if status == testing and state.assigned_at else (task.date_updated or now)
            qa = who(ctx, state.qa) if status == testing else None
            name: Link | str = Link(task.name, task.url) if task.url else task.name
            tester = qa.name if qa else (WAITING.get(state.phase or "", "—") if status == ready else "—")
            rows.append((name, task.status, tester, age(now - since)))
    due = await ctx.store.pending_due(REMINDER_KIND, limit=100)
    reminders = tuple((names.get(str(d.payload.get("task")), str(d.payload.get("task"))),
                       d.due_at.strftime("%Y-%m-%d %H:%M UTC"), str(int(d.payload.get("count") or 0)))
                      for d in due if squad_of(d.payload) == cfg.name)
    return [
        Panel("QA queue", ("task", "status", "QA engineer", "for"), tuple(rows), empty="nothing waiting for QA"),
        Panel("Reminders due", ("task", "next reminder", "reminders sent"), reminders, empty="no reminder pending"),
    ]
