"""What every agent is and what it gets to work with."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from agents.team import TeamConfig
from integrations.events import Event
from integrations.protocols import LLM, ChatClient, CodeHost, TaskTracker

T = TypeVar("T")


class Clock(Protocol):
    """Tells the current time in UTC."""

    def now(self) -> datetime: ...


class Store(Protocol):
    """The durable state agents may use: idempotent actions, due items, small key-value state."""

    async def act(
        self,
        key: str,
        kind: str,
        perform: Callable[[], Awaitable[Any]],
        *,
        target: str | None = None,
        event_key: str | None = None,
        agent: str | None = None,
        dry_run: bool = False,
    ) -> tuple[bool, Any]: ...

    async def schedule(self, key: str, kind: str, due_at: datetime, payload: dict[str, Any]) -> None: ...

    async def cancel(self, key: str) -> bool: ...

    async def get(self, key: str, default: Any = None) -> Any: ...

    async def put(self, key: str, value: Any) -> None: ...

    async def enqueue(self, events: list[Event]) -> list[bool]: ...


@dataclass
class AgentContext:
    """Clients, store, clock and settings for one agent handling one event."""

    tracker: TaskTracker | None
    chat: ChatClient | None
    code: CodeHost | None
    llm: LLM
    store: Store
    clock: Clock
    team: TeamConfig
    log: logging.LoggerAdapter[logging.Logger]
    dry_run: bool = False
    agent: str = ""
    event_key: str | None = None
    performed: list[str] = field(default_factory=list)

    async def act(
        self, key: str, kind: str, perform: Callable[[], Awaitable[T]], *, target: str | None = None
    ) -> tuple[bool, Any]:
        """Perform one platform write at most once per `key`, with an audit row."""
        done_now, result = await self.store.act(
            key,
            kind,
            perform,
            target=target,
            event_key=self.event_key,
            agent=self.agent,
            dry_run=self.dry_run,
        )
        self.log.info(
            "action %s", kind, extra={"action": kind, "action_key": key, "performed": done_now, "dry_run": self.dry_run}
        )
        if done_now or self.dry_run:
            self.performed.append(f"{kind} {target or ''}".strip())
        return done_now, result


class Agent(ABC):
    """Decides what to do about an event; acts only through `ctx`."""

    name: str = "agent"

    @abstractmethod
    def handles(self, event: Event) -> bool:
        """Pure and cheap: no I/O."""

    @abstractmethod
    async def run(self, event: Event, ctx: AgentContext) -> None:
        """Do the work; raise an error with `transient = True` to have the event retried."""
