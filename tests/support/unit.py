"""The unit layer for agents: an in-memory Store and an AgentContext over the fakes in integrations/fakes.py,
so an agent's decisions are checked in milliseconds (the road tests through HTTP stay beside them)."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Awaitable, Callable, Collection
from datetime import datetime
from typing import Any

from agents.base import AgentContext, PendingDue
from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.events import Event
from integrations.fakes import FakeChat, FakeCodeHost, FakeLLM, FakeTracker


class MemoryStore:
    """The agents' Store in memory: actions run once per key (with their stored result), due rows, kv."""

    def __init__(self) -> None:
        self.actions: dict[str, dict[str, Any]] = {}
        self.due: dict[str, dict[str, Any]] = {}
        self.kv: dict[str, Any] = {}
        self.enqueued: list[Event] = []
        self.received: list[Event] = []  # what the inbox holds, for dry runs over stored events

    async def act(self, key: str, kind: str, perform: Callable[[], Awaitable[Any]], *, target: str | None = None,
                  event_key: str | None = None, agent: str | None = None, dry_run: bool = False,
                  verify: Callable[[], Awaitable[Any]] | None = None) -> tuple[bool, Any]:
        if key in self.actions and self.actions[key]["status"] == "done":
            return False, copy.deepcopy(self.actions[key]["result"])
        if dry_run:
            self.actions[key] = {"kind": kind, "target": target, "status": "dry_run", "result": None}
            return False, None
        result = await perform()
        stored = json.loads(json.dumps(result, default=str)) if result is not None else None
        self.actions[key] = {"kind": kind, "target": target, "status": "done", "result": stored, "agent": agent}
        return True, result

    async def schedule(self, key: str, kind: str, due_at: datetime, payload: dict[str, Any], *,
                       replace: bool = True) -> bool:
        if not replace and key in self.due:
            return False
        self.due[key] = {"kind": kind, "due_at": due_at, "payload": payload, "status": "pending"}
        return True

    async def cancel(self, key: str) -> bool:
        if key in self.due and self.due[key]["status"] == "pending":
            self.due[key]["status"] = "cancelled"
            return True
        return False

    async def get(self, key: str, default: Any = None) -> Any:
        return copy.deepcopy(self.kv.get(key, default))

    async def get_many(self, keys: list[str]) -> dict[str, Any]:
        return {k: copy.deepcopy(self.kv[k]) for k in keys if k in self.kv}

    async def put(self, key: str, value: Any) -> None:
        self.kv[key] = json.loads(json.dumps(value, default=str))

    async def get_prefix(self, prefix: str) -> dict[str, Any]:
        return {k: copy.deepcopy(v) for k, v in self.kv.items() if k.startswith(prefix)}

    async def delete(self, keys: Collection[str]) -> int:
        return sum(self.kv.pop(k, None) is not None for k in keys)

    async def enqueue(self, events: list[Event]) -> list[bool]:
        fresh = [e.id not in {x.id for x in self.enqueued} for e in events]
        self.enqueued += [e for e, new in zip(events, fresh, strict=True) if new]
        return fresh

    async def recent_events(self, limit: int, types: Collection[str] | None = None) -> list[Event]:
        """`received` (what the inbox got, oldest first) and `enqueued`, newest first."""
        events = [e for e in [*self.received, *self.enqueued] if types is None or e.type in types]
        return list(reversed(events))[:limit]

    async def pending_due(self, kind: str, limit: int = 500) -> list[PendingDue]:
        rows = [(v["due_at"], k, v) for k, v in self.due.items() if v["kind"] == kind and v["status"] == "pending"]
        return [PendingDue(k, kind, due_at, v["payload"]) for due_at, k, v in sorted(rows)[:limit]]


def unit_context(team: TeamConfig, clock: FrozenClock, *, tracker: FakeTracker | None = None,
                 chat: FakeChat | None = None, code: FakeCodeHost | None = None, store: MemoryStore | None = None,
                 agent: str = "agent", event: Event | None = None, dry_run: bool = False) -> AgentContext:
    return AgentContext(
        tracker=tracker, chat=chat, code=code, llm=FakeLLM(available=False), store=store or MemoryStore(),
        clock=clock, team=team, log=logging.LoggerAdapter(logging.getLogger(f"pmbot.agents.{agent}"), {}),
        dry_run=dry_run, agent=agent, event_key=event.id if event else None,
        identities={"tracker": "900", "chat": "UBOT", "code": "pmbot[bot]"},
        platforms={"tracker": "clickup", "chat": "slack", "code": "github"},
    )
