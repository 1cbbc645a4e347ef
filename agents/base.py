"""What every agent is, what it declares about itself, and what it gets to work with.

An agent is a declared plug-in: `name`, `Config` (its section of the team YAML), `subscribes` (the event
types the dispatcher routes to it), `commands` (its `/pm` subcommands and top-level slash commands) and
`schedules()` (team-wide cron ticks, or a local time for each person). `bot/` reads these declarations;
adding an agent never needs an edit there.
"""

from __future__ import annotations

import argparse
import functools
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from agents.team import TeamConfig
from integrations.events import Event
from integrations.protocols import LLM, ChatClient, Clock, CodeHost, TaskTracker

if TYPE_CHECKING:
    from pathlib import Path

    from agents.common.people import People
    from agents.common.search import SearchIndex
    from agents.common.state import StateStore
    from agents.effects import Effects
    from agents.panels import Panel

T = TypeVar("T")


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
        verify: Callable[[], Awaitable[Any]] | None = None,
    ) -> tuple[bool, Any]: ...

    async def schedule(
        self, key: str, kind: str, due_at: datetime, payload: dict[str, Any], *, replace: bool = True
    ) -> bool: ...

    async def cancel(self, key: str) -> bool: ...

    async def get(self, key: str, default: Any = None) -> Any: ...

    async def put(self, key: str, value: Any) -> None: ...

    async def get_prefix(self, prefix: str) -> dict[str, Any]:
        """Every stored value whose key starts with `prefix`, by key (append-only logs: one row per entry)."""
        ...

    async def delete(self, keys: Collection[str]) -> int:
        """Remove these keys; how many existed."""
        ...

    async def enqueue(self, events: list[Event]) -> list[bool]: ...

    async def recent_events(self, limit: int, types: Collection[str] | None = None) -> list[Event]:
        """The last `limit` events received (of `types`, if given), newest first, without their payloads."""
        ...

    async def pending_due(self, kind: str, limit: int = 500) -> list[PendingDue]:
        """Stored due items of `kind` still waiting (reminders, cut-offs), soonest first: for dashboards."""
        ...


@dataclass(frozen=True)
class PendingDue:
    """A due item that has not fired yet."""

    key: str
    kind: str
    due_at: datetime
    payload: Mapping[str, Any]


class AgentConfig(BaseModel):
    """An agent's section of the team YAML; unknown keys are errors, every section may say `enabled: false`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True


@dataclass(frozen=True)
class Command:
    """A `/pm <name>` subcommand, or a top-level slash command when `name` starts with `/` (e.g. `/standup`)."""

    name: str
    help: str
    usage: str = ""
    lead_only: bool = False
    dm: bool = False  # answers by DM; otherwise ephemerally in the channel through `response_url`
    # Who may run it: "member" (someone in `people`; an outsider only where `access.outsider_commands` names it)
    # or "lead". `lead_only` is "lead".
    access: str = "member"

    def level(self) -> str:
        return "lead" if self.lead_only else self.access

    @property
    def top_level(self) -> bool:
        return self.name.startswith("/")


@dataclass(frozen=True)
class Cron:
    """A team-wide schedule: `tick.<name>` events on a 5-field cron in the team timezone.
    The team YAML's `schedules.<name>` overrides the expression (or turns it off with null)."""

    name: str
    cron: str


@dataclass(frozen=True)
class Daily:
    """At a local time for each person: a stored due row per person and day, firing `due.<kind>` with
    `{"person": name, "day": "YYYY-MM-DD"}`. Only on the person's working days, never out of office."""

    name: str
    at: time
    people: tuple[str, ...] | None = None  # names from `people`; None = everyone

    @property
    def kind(self) -> str:
        return f"daily.{self.name}"


Schedule = Cron | Daily


@dataclass(frozen=True)
class CliCommand:
    """A `pmbot <name>` subcommand an agent adds (e.g. `pmbot report NAME --print`). `run(args, agent, ctx)`
    gets the parsed arguments, the configured agent and a context on the real clients; it returns the exit
    code. Nothing runs in the background: no worker, no scheduler."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Agent, AgentContext], Awaitable[int]]


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
    # pmbot's own account per role ("tracker", "chat", "code"), and which platform plays each role.
    identities: Mapping[str, str | None] = field(default_factory=dict)
    platforms: Mapping[str, str] = field(default_factory=dict)
    performed: list[str] = field(default_factory=list)
    search: SearchIndex | None = None  # pmbot's full-text passage index (the auto-answerer's documents)
    config_dir: Path | None = None  # the team YAML's folder: relative paths in agent sections start here

    async def act(
        self, key: str, kind: str, perform: Callable[[], Awaitable[T]], *, target: str | None = None,
        verify: Callable[[], Awaitable[Any]] | None = None,
    ) -> tuple[bool, Any]:
        """Perform one platform write at most once per `key`, with an audit row (agents use `ctx.do`);
        `verify` looks for the write on the platform before one a dead holder left unfinished is sent again."""
        done_now, result = await self.store.act(
            key,
            kind,
            perform,
            target=target,
            event_key=self.event_key,
            agent=self.agent,
            dry_run=self.dry_run,
            verify=verify,
        )
        self.log.info(
            "action %s", kind, extra={"action": kind, "action_key": key, "performed": done_now, "dry_run": self.dry_run}
        )
        if done_now or self.dry_run:
            self.performed.append(f"{kind} {target or ''}".strip())
        return done_now, result

    @property
    def do(self) -> Effects:
        """Typed, idempotent platform writes: `await ctx.do.comment(task_id, text, key=...)`."""
        from agents.effects import Effects

        return Effects(self)

    @property
    def state(self) -> StateStore:
        """Typed agent state in the key-value table: `await ctx.state.load(QAHandOff, task_id)`."""
        from agents.common.state import StateStore

        return StateStore(self.store)

    @property
    def people(self) -> People:
        """The team's people looked up by their handle on the tracker, chat or code host."""
        from agents.common.people import People

        return People(self.team, self.platforms)


class Agent(ABC):
    """Decides what to do about an event; acts only through `ctx`."""

    name: ClassVar[str] = "agent"
    Config: ClassVar[type[AgentConfig]] = AgentConfig
    subscribes: ClassVar[frozenset[str]] = frozenset()  # event types; "prefix.*" matches a family
    commands: ClassVar[tuple[Command, ...]] = ()
    cli: ClassVar[tuple[CliCommand, ...]] = ()
    # Whether `run()` reads `event.raw`, the platform's payload as received. An agent that reads only the
    # normalised event (type, subject, actor, data) says False, and the worker then neither reads nor parses
    # the stored webhook body for it (a GitHub pull request delivery is ~28 KB): `event.raw` may be empty.
    reads_raw: ClassVar[bool] = True

    def __init__(self, config: AgentConfig | None = None) -> None:
        self.cfg: Any = config if config is not None else self.Config()

    def schedules(self) -> list[Schedule]:
        """Cron ticks and per-person local times this agent wants (from its config)."""
        return []

    def instances(self) -> list[str]:
        """The names of the squads this agent runs side by side (a list section, agents/common/squads.py); each
        has its own dashboard page. [] for an agent that runs once."""
        return []

    async def instance_dashboard(self, ctx: AgentContext, instance: str) -> list[Panel]:
        """The panels of one squad's page (see `instances`)."""
        return []

    def required_level(self, command: Command, team: TeamConfig) -> str:
        """Who may run `command` here (an agent whose commands depend on the team's `access:` overrides it)."""
        return command.level()

    def check(self, team: TeamConfig) -> list[str]:
        """Problems across sections that a schema cannot see (`key: problem`), reported at start-up."""
        return []

    def scope(self) -> dict[str, list[str]]:
        """What the reconciler should re-read for this agent: {"lists": [...], "repos": [...]}."""
        return {}

    def wants(self, event: Event) -> bool:
        """The dispatcher's routing: the event type is subscribed, and `handles()` agrees."""
        return subscribed(self.subscribes, event.type) and self.handles(event)

    def handles(self, event: Event) -> bool:
        """Pure and cheap refinement of `subscribes` (no I/O)."""
        return True

    @abstractmethod
    async def run(self, event: Event, ctx: AgentContext) -> None:
        """Do the work; raise an error with `transient = True` to have the event retried."""

    async def on_request(self, event: Event, ctx: AgentContext) -> None:
        """Runs on the Slack request path, after the event is in the inbox and before the acknowledgement, for
        the few things that cannot wait for the worker and change no state: opening a modal with the
        `trigger_id` (good for 3 s). Called for the agent a command resolves to, and for agents that want a
        `chat.action`. Keep it to one platform call; the event itself is still processed by `run()`."""
        return None

    async def dashboard(self, ctx: AgentContext) -> list[Panel]:
        """The agent's own panels on its dashboard page (its queue, what is due, what it sent), read from its
        state and the platforms; pmbot adds the agent's switches and recent actions. Reads only."""
        return []


@functools.lru_cache(maxsize=4096)  # asked for every agent and every event: a few dozen types in practice
def subscribed(patterns: frozenset[str], event_type: str) -> bool:
    """`task.status_changed` is matched by itself, by `task.*`, and by `*` (everything)."""
    if event_type in patterns or "*" in patterns:
        return True
    return any(p.endswith(".*") and event_type.startswith(p[:-1]) for p in patterns)


def command_words(event: Event) -> list[str]:
    """The words after the slash command: `/pm qa mine` → ["qa", "mine"]."""
    return str(event.data.get("text") or "").split()
