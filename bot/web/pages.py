"""The dashboard's pages: overview, audit log, one event, the agents, one agent, dead letters."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import and_, select, tuple_

from agents.common.oversight import DRY_RUN, PAUSED
from agents.common.squads import MARK
from bot.storage.states import ActionState, EventState
from bot.storage.tables import inbox
from bot.web.audit import PAGE, Audit, AuditFilter, decode_cursor, encode_cursor
from bot.web.chart import stacked_bars
from bot.web.common import base_context, runtime_of, signed_in
from bot.web.overview import DEFAULT_MINUTES, MINUTES, Overview
from bot.web.panels import agent_panels
from bot.web.render import page
from integrations.registry import PLATFORMS

router = APIRouter()
PLATFORM_PREFIXES = ("clickup", "slack", "github", "pmbot")
STATUSES = tuple(sorted(ActionState))
# What /dead?message=<code> may say after Retry or Discard: fixed words, never text from the address bar.
DEAD_MESSAGES = {"retried": "The event was sent back to the inbox.", "discarded": "The event was discarded.",
                 "gone": "That event is no longer a dead letter."}


def governed(runtime: Any) -> list[Any]:
    return [a for a in runtime.agents if runtime.oversight.governs(a.name)]


def switch_rows(runtime: Any, switches: Any) -> list[dict[str, Any]]:
    rows = [{"agent": None, "label": "every agent", DRY_RUN: switches.dry_run, PAUSED: switches.paused}]
    for agent in governed(runtime):
        rows.append({"agent": agent.name, "label": agent.name, DRY_RUN: switches.get(DRY_RUN, agent.name),
                     PAUSED: switches.get(PAUSED, agent.name),
                     "effective_dry_run": runtime.oversight.applies(switches, DRY_RUN, agent.name),
                     "effective_paused": runtime.oversight.applies(switches, PAUSED, agent.name)})
    return rows


@router.get("/", include_in_schema=False)
async def overview(request: Request) -> Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    runtime = runtime_of(request)
    now = runtime.clock.now()
    stats = Overview(runtime.db)
    events, acted = await stats.events_per_source(now), await stats.actions_per_agent(now)
    health = await stats.platform_health(now)
    simulated = set(request.app.state.sandbox.simulated) if request.app.state.sandbox else set()
    platforms = []
    for p in PLATFORMS:
        if not p.credentials:
            continue
        state = ("simulated" if p.name in simulated else "connected" if p.name in runtime.clients.by_platform
                 else "not configured")
        seen = health.get(p.name, {})
        budget = runtime.clients.budgets.get(p.name)
        platforms.append({"name": p.name, "state": state, "webhook": p.name in runtime.sources,
                          "last_event": seen.get("last_event"), "failed_24h": seen.get("failed_24h", 0),
                          "budget": f"{budget.used}/{budget.limit} per min" if budget else ""})
    context = await base_context(request, user, "overview")
    return page("overview.html", **context, now=now,
                events_chart=stacked_bars(events, "Events received per source per day"),
                actions_chart=stacked_bars(acted, "Actions per agent per day"), events_total=events.total,
                actions_total=acted.total, backlog=await stats.backlog(now), platforms=platforms,
                saved=await stats.time_saved(now), minutes=MINUTES, default_minutes=DEFAULT_MINUTES,
                switch_rows=switch_rows(runtime, context["switches"]), reload=runtime.reloader.status)


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    from datetime import UTC

    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@router.get("/audit", include_in_schema=False)
async def audit(request: Request) -> Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    runtime = runtime_of(request)
    q = request.query_params
    f = AuditFilter(agent=q.get("agent", ""), platform=q.get("platform", ""), target=q.get("target", ""),
                    person=q.get("person", ""), status=q.get("status", ""), since=_when(q.get("since")),
                    until=_when(q.get("until")))
    started = time.perf_counter()
    log = Audit(runtime.db, runtime.team)
    result = await log.page(f, q.get("after"))
    agents = sorted({*(await log.agents()), *(a.name for a in governed(runtime))})
    elapsed = (time.perf_counter() - started) * 1000
    context = await base_context(request, user, "audit")
    response = page("audit.html", **context, f=f, result=result, agents=agents, platforms=PLATFORM_PREFIXES,
                    statuses=STATUSES, people=[p.name for p in runtime.team.people], query_ms=elapsed,
                    first_page=not q.get("after"))
    response.headers["Server-Timing"] = f"db;dur={elapsed:.1f}"
    return response


@router.get("/events/{key:path}", include_in_schema=False)
async def event(request: Request, key: str) -> Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    runtime = runtime_of(request)
    item = await Audit(runtime.db, runtime.team).event(key)
    context = await base_context(request, user, "audit")
    if item is None:
        return page("missing.html", status_code=404, **context, what=f"No event {key!r} in the inbox.")
    return page("event.html", **context, item=item)


@router.get("/agents", include_in_schema=False)
async def agents(request: Request) -> Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    runtime = runtime_of(request)
    context = await base_context(request, user, "agents")
    listed = [{"name": a.name, "doc": (type(a).__doc__ or "").strip().splitlines()[0] if type(a).__doc__ else "",
               "commands": [c.name if c.top_level else f"/pm {c.name}" for c in a.commands],
               "subscribes": sorted(a.subscribes), "instances": a.instances()} for a in governed(runtime)]
    return page("agents.html", **context, agents=listed, switch_rows=switch_rows(runtime, context["switches"]))


@router.get("/agents/{name}", include_in_schema=False)
async def agent_page(request: Request, name: str) -> Response:
    return await _agent_view(request, name, None)


@router.get("/agents/{name}/{instance}", include_in_schema=False)
async def instance_page(request: Request, name: str, instance: str) -> Response:
    """One squad of an agent that runs several (a `standup:` list): its own panels and actions."""
    return await _agent_view(request, name, instance)


async def _agent_view(request: Request, name: str, instance: str | None) -> Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    runtime = runtime_of(request)
    context = await base_context(request, user, "agents")
    agent = next((a for a in governed(runtime) if a.name == name), None)
    if agent is None:
        return page("missing.html", status_code=404, **context, what=f"No agent named {name!r} runs here.")
    if instance is not None and instance not in agent.instances():
        return page("missing.html", status_code=404, **context, what=f"No squad {instance!r} of {name!r} runs here.")
    panels, problem = await agent_panels(runtime, agent, instance)
    # A squad's actions carry its name in their keys (agents/common/squads.py).
    only = AuditFilter(agent=name, key_part=f":{MARK}{instance}:" if instance else "")
    recent = await Audit(runtime.db, runtime.team).page(only, limit=20)
    row = next(r for r in switch_rows(runtime, context["switches"]) if r["agent"] == name)
    return page("agent.html", **context, agent=agent, panels=panels, problem=problem, recent=recent, row=row,
                doc=(type(agent).__doc__ or "").strip(), instance=instance)


@router.get("/dead", include_in_schema=False)
async def dead_letters(request: Request) -> Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    runtime = runtime_of(request)
    after = decode_cursor(request.query_params.get("after", "")) if request.query_params.get("after") else None
    conds = [inbox.c.status == EventState.DEAD]
    if after is not None:
        conds.append(tuple_(inbox.c.processed_at, inbox.c.key) < tuple_(*after))
    query = (select(inbox.c.key, inbox.c.source, inbox.c.type, inbox.c.attempts, inbox.c.last_error,
                    inbox.c.received_at, inbox.c.processed_at)
             .where(and_(*conds)).order_by(inbox.c.processed_at.desc(), inbox.c.key.desc()).limit(PAGE + 1))
    rows = await runtime.db.sql.dicts(query, heavy=True)
    more, rows = len(rows) > PAGE, rows[:PAGE]
    next_cursor = encode_cursor(rows[-1]["processed_at"], rows[-1]["key"]) if more else None
    context = await base_context(request, user, "dead")
    return page("dead.html", **context, rows=rows, next_cursor=next_cursor,
                message=DEAD_MESSAGES.get(request.query_params.get("message", ""), ""))
