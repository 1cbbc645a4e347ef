"""The leads' switches as the dispatcher sees them: who runs dry, who waits, and the release on resume.

A paused agent's event is not held as a whole: the other agents run, and the paused agent is recorded as
`paused` in `agent_runs`. On resume those events go back to the inbox and the dispatcher runs only the
agents that did not finish, once. Every change is an audit row (`pmbot.pause`, `pmbot.dry_run_on` ...).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from agents.common.oversight import ALL, DRY_RUN, PAUSED, Roster, Switches
from agents.common.state import StateStore, state_key
from bot.storage.states import RunState
from bot.storage.tables import agent_runs
from bot.store import BotStore

log = logging.getLogger("pmbot.oversight")

# Plumbing, not decisions: the switches never hold these (the due sweep, catch-up, the command router ...).
SYSTEM = frozenset({"due_sweeper", "reconciler", "daily_planner", "commands", "oversight"})
# The consoles leads use to reach the switches keep working under the global ones.
CONSOLES = frozenset({"app_home"})


def action_kind(switch: str, on: bool) -> str:
    if switch == PAUSED:
        return "pmbot.pause" if on else "pmbot.resume"
    return "pmbot.dry_run_on" if on else "pmbot.dry_run_off"


class Oversight:
    """Reads and changes the switches; releases what a paused agent left waiting."""

    def __init__(self, store: BotStore, *, fresh_for: float = 1.0) -> None:
        self.store = store
        self.state = StateStore(store)
        self.fresh_for = fresh_for  # how long the dispatcher may reuse the switches it read
        self._lock = asyncio.Lock()  # one change at a time in this process (read-modify-write of one row)
        self._seen: tuple[float, Switches] | None = None
        self._changes = 0

    async def switches(self) -> Switches:
        """The switches as stored now."""
        changes, read_at = self._changes, time.monotonic()
        switches = await self.state.load(Switches, "switches")
        if changes == self._changes:  # no change of this process crossed the read: it may be reused
            self._seen = (read_at, switches)
        return switches

    async def recent(self) -> Switches:
        """The switches for dispatching an event: read again at most every `fresh_for` seconds, so a busy
        worker does not read the same row for every event. A change made through this process is seen at
        once; one made through another replica within `fresh_for` seconds (a paused agent holds its events
        as soon as its pause is seen, and `hold()` always reads the row)."""
        if self._seen is not None and time.monotonic() - self._seen[0] < self.fresh_for:
            return self._seen[1]
        return await self.switches()

    async def register(self, names: Iterable[str]) -> None:
        """Record which agents this pmbot runs, for the dashboard and App Home."""
        roster = Roster([n for n in names if n not in SYSTEM])
        if await self.state.load(Roster, "roster") != roster:
            await self.state.save(roster, "roster")

    @staticmethod
    def governs(agent: str) -> bool:
        return agent not in SYSTEM

    def applies(self, switches: Switches, switch: str, agent: str) -> bool:
        """Whether `agent` runs under `switch` now (its own, or the global one)."""
        if not self.governs(agent):
            return False
        return switches.effective(switch, agent, global_applies=agent not in CONSOLES)

    async def hold(self, event_key: str, agent: str) -> bool:
        """Record that a paused agent skipped the event; False when it was resumed meanwhile (run it now).
        The record is written before the switch is read again, so a resume either sees the record and
        releases it, or happened before the re-read."""
        await self.store.inbox.record_agent(event_key, agent, RunState.PAUSED)
        return self.applies(await self.switches(), PAUSED, agent)

    async def change(self, switch: str, agent: str | None, on: bool, *, by: str, via: str,
                     event_key: str | None = None) -> bool:
        """Set a switch; an audit row says who, how and when. Returns False when it was already so."""
        if switch not in (DRY_RUN, PAUSED):
            raise ValueError(f"unknown switch {switch!r}")
        target = agent or ALL
        async with self._lock:
            current = await self.switches()
            if current.get(switch, agent) == on:
                return False

            async def write() -> dict[str, Any]:
                current.set(switch, agent, on)
                await self.state.save(current, "switches")
                self._changes += 1
                self._seen = None
                return {"switch": switch, "agent": target, "on": on, "by": by, "via": via}

            key = f"oversight:{switch}:{target}:{'on' if on else 'off'}:{event_key or uuid.uuid4().hex}"
            await self.store.actions.run(key, action_kind(switch, on), write, target=target, event_key=event_key,
                                         agent="oversight")
        log.info("switch changed", extra={"action": action_kind(switch, on), "agent": target, "via": via})
        if switch == PAUSED and not on:
            released = await self.release(None if agent is None else [agent])
            log.info("released %d waiting events", released, extra={"agent": target})
        return True

    async def release(self, agents: list[str] | None = None) -> int:
        """Events a now-running agent skipped while paused go back to the inbox (only that agent re-runs)."""
        switches = await self.switches()
        runs = select(agent_runs.c.event_key, agent_runs.c.agent).where(agent_runs.c.status == RunState.PAUSED)
        if agents is not None:
            runs = runs.where(agent_runs.c.agent.in_(agents))
        held = await self.store.db.sql.rows(runs)
        keys = sorted({key for key, agent in held if not self.applies(switches, PAUSED, agent)})
        released = await self.store.inbox.requeue_done(keys)
        if released and self.store.on_enqueue is not None:
            self.store.on_enqueue()
        return released


def roster_key() -> str:
    return state_key(Roster, ("roster",))
