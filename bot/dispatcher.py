"""Hands one event to every agent that wants it, each isolated from the others."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agents.base import Agent, AgentContext
from agents.common.oversight import DRY_RUN, PAUSED
from agents.system.commands import CommandRouter
from bot.storage.inbox import Inbox
from bot.storage.states import FINISHED, RunState
from integrations.errors import IntegrationError, RateLimited
from integrations.events import Event
from integrations.ratelimit import as_background

if TYPE_CHECKING:
    from bot.oversight import Oversight

log = logging.getLogger("pmbot.dispatcher")



@dataclass
class Outcome:
    """What the agents made of one event."""

    ran: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    retry: list[str] = field(default_factory=list)
    retry_after: float = 0.0
    performed: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    paused: list[str] = field(default_factory=list)  # agents that skipped it paused; they run on resume


class Dispatcher:
    """Runs agents for an event; a crash in one agent is recorded and does not stop the others."""

    def __init__(
        self,
        agents: Sequence[Agent],
        make_context: Callable[[Agent, Event], AgentContext],
        inbox: Inbox,
        *,
        commands: CommandRouter | None = None,
        timeout: float = 60.0,
        oversight: Oversight | None = None,
    ) -> None:
        self.agents = list(agents)
        self.make_context = make_context
        self.inbox = inbox
        self.commands = commands
        self.timeout = timeout
        self.oversight = oversight  # the leads' switches: pause (the agent waits) and dry run
        # Request-path work still running in this process, by (event id, agent): the agent's run of the same
        # event waits for it, instead of meeting its half-done action and retrying later.
        self.on_request: dict[tuple[str, str], asyncio.Future[None]] = {}

    def request_work(self, event: Event, agent: Agent, work: asyncio.Future[None]) -> None:
        """Note an agent's request-path work for an event until it ends (see `on_request`)."""
        key = (event.id, agent.name)
        self.on_request[key] = work
        work.add_done_callback(lambda _: self.on_request.pop(key, None))

    def interested(self, event: Event) -> list[Agent]:
        """The agents that subscribe to the event's type (and whose `handles()` agrees); a slash command goes
        to the one agent that declared it, or to the command router for help."""
        if event.type == "chat.command" and self.commands is not None:
            try:
                return self.commands.route(event)
            except Exception:  # noqa: BLE001 - a broken declaration must not stop the worker
                log.exception("command routing failed", extra={"event_id": event.id})
                return []
        chosen = []
        for agent in self.agents:
            try:
                if agent.wants(event):
                    chosen.append(agent)
            except Exception:  # noqa: BLE001 - a broken handles() must not stop the others
                log.exception("handles() failed", extra={"event_id": event.id, "agent": agent.name})
        return chosen

    async def dispatch(self, event: Event, agents: list[Agent] | None = None) -> Outcome:
        """Run the agents that want `event` (`agents`: `interested(event)`, when the caller has it already)."""
        outcome = Outcome()
        previous = await self.inbox.agent_status(event.id)
        oversight = self.oversight
        switches = await oversight.recent() if oversight is not None else None
        for agent in self.interested(event) if agents is None else agents:
            if previous.get(agent.name) in FINISHED:
                continue
            if oversight is not None and switches is not None and oversight.applies(switches, PAUSED, agent.name):
                if await oversight.hold(event.id, agent.name):
                    outcome.paused.append(agent.name)
                    continue
            ctx = self.make_context(agent, event)
            if oversight is not None and switches is not None and oversight.applies(switches, DRY_RUN, agent.name):
                ctx.dry_run = True
            extra = {"event_id": event.id, "agent": agent.name}
            if (work := self.on_request.get((event.id, agent.name))) is not None:
                await asyncio.wait({work}, timeout=self.timeout)  # its outcome is its own; only the order matters
            try:
                # In this task (asyncio.timeout), not a task of its own per run as wait_for makes one.
                if getattr(agent, "background", False):
                    with as_background():  # its platform reads wait behind agent work for the request budget
                        async with asyncio.timeout(self.timeout):
                            await agent.run(event, ctx)
                else:
                    async with asyncio.timeout(self.timeout):
                        await agent.run(event, ctx)
            except Exception as exc:  # noqa: BLE001 - isolate every agent
                if getattr(exc, "transient", False) or isinstance(exc, asyncio.TimeoutError):
                    outcome.retry.append(agent.name)
                    if isinstance(exc, RateLimited):
                        outcome.retry_after = max(outcome.retry_after, exc.retry_after)
                    outcome.errors.append(f"{agent.name}: {type(exc).__name__}: {exc}")
                    log.warning("agent will retry: %s", type(exc).__name__, extra=extra)
                    await self.inbox.record_agent(event.id, agent.name, RunState.RETRY, str(exc))
                else:
                    outcome.failed.append(agent.name)
                    outcome.errors.append(f"{agent.name}: {type(exc).__name__}: {exc}")
                    if isinstance(exc, IntegrationError):  # a platform's answer, not a bug: its words say it all
                        log.error("agent failed: %s: %s", type(exc).__name__, exc, extra=extra)
                    else:
                        log.exception("agent failed", extra=extra)
                    await self.inbox.record_agent(event.id, agent.name, RunState.FAILED, f"{type(exc).__name__}: {exc}")
                continue
            outcome.ran.append(agent.name)
            outcome.performed[agent.name] = list(ctx.performed)
            await self.inbox.record_agent(event.id, agent.name, RunState.DONE)
        return outcome
