"""An agent's own dashboard panels (`Agent.dashboard`), asked for with a read-only context and a time limit."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from agents.base import Agent
from agents.panels import Panel
from integrations.events import Event

log = logging.getLogger("pmbot.web")
TIMEOUT = 5.0


async def agent_panels(runtime: Any, agent: Agent, instance: str | None = None) -> tuple[list[Panel], str]:
    """The panels (of one squad's page, with `instance`), or none and why (a slow platform, a bug in the agent)
    - the page renders either way."""
    event = Event(id=f"dashboard:{agent.name}", source="pmbot", type="dashboard.viewed",
                  occurred_at=runtime.clock.now())
    # Dry run as a guard: the hook only reads, and a write by mistake is recorded, never performed.
    ctx = runtime.context_for(agent, event, dry_run=True)
    try:
        shown = agent.dashboard(ctx) if instance is None else agent.instance_dashboard(ctx, instance)
        panels = await asyncio.wait_for(shown, TIMEOUT)
    except TimeoutError:
        return [], f"{agent.name} did not answer within {TIMEOUT:g} s"
    except Exception as exc:  # noqa: BLE001 - one agent's page must not break the dashboard
        log.warning("dashboard panels failed", extra={"agent": agent.name}, exc_info=True)
        return [], f"{agent.name} could not build its panels ({type(exc).__name__})"
    return [p for p in panels if isinstance(p, Panel)], ""
