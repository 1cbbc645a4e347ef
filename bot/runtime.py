"""Builds everything from settings: database, clients, webhook sources, agents, worker, scheduler."""

from __future__ import annotations

import asyncio
import logging
import weakref
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agents.base import Agent, AgentContext, Cron
from agents.system.commands import CommandRouter
from agents.system.daily import DailyPlanner
from agents.system.due_sweeper import DueSweeper
from agents.system.oversight import OversightSwitch
from agents.system.reconciler import Reconciler
from agents.team import TeamConfig
from bot.clock import Clock, SystemClock
from bot.dispatcher import Dispatcher
from bot.metrics import Metrics
from bot.oversight import Oversight
from bot.plugins import PluginError, agent_classes, build_agents, daily_schedules, scope
from bot.reload import ConfigReloader, Loaded
from bot.scheduler import Scheduler
from bot.settings import Settings
from bot.storage.budget import DatabaseBudget
from bot.storage.db import Database
from bot.storage.deliveries import Deliveries
from bot.storage.search import SqlSearchIndex
from bot.store import BotStore
from bot.translate import Translator
from bot.triage import Verdict, count
from bot.worker import Worker
from integrations.errors import AuthFailed, IntegrationError
from integrations.events import Event
from integrations.platform import Identity, setting
from integrations.protocols import LLM, ChatClient, CodeHost, TaskTracker, WebhookSource
from integrations.registry import PLATFORMS

log = logging.getLogger("pmbot.runtime")


class Clients:
    """The platform clients agents act through, by platform name; `tracker` / `chat` / `code` / `llm` by role."""

    def __init__(self, tracker: TaskTracker | None = None, chat: ChatClient | None = None,
                 code: CodeHost | None = None, llm: LLM | None = None, *,
                 by_platform: dict[str, Any] | None = None) -> None:
        self.by_platform: dict[str, Any] = dict(by_platform or {})
        self.budgets: dict[str, DatabaseBudget] = {}  # per-token request budgets, shared by replicas
        self.roles: dict[str, str] = {}  # role → platform name
        for role, client in (("tracker", tracker), ("chat", chat), ("code", code), ("llm", llm)):
            if client is not None:
                name = next((p.name for p in PLATFORMS if p.role == role), role)
                self.by_platform.setdefault(name, client)
        for p in PLATFORMS:
            if p.name in self.by_platform:
                self.roles.setdefault(p.role, p.name)
        if "llm" not in self.roles:
            from integrations.llm.client import FallbackLLM

            self.by_platform["llm"], self.roles["llm"] = FallbackLLM(), "llm"

    def role(self, role: str) -> Any:
        name = self.roles.get(role)
        return self.by_platform.get(name) if name else None

    @property
    def tracker(self) -> TaskTracker | None:
        return self.role("tracker")  # type: ignore[no-any-return]

    @property
    def chat(self) -> ChatClient | None:
        return self.role("chat")  # type: ignore[no-any-return]

    @property
    def code(self) -> CodeHost | None:
        return self.role("code")  # type: ignore[no-any-return]

    @property
    def llm(self) -> LLM:
        return self.role("llm")  # type: ignore[no-any-return]

    @classmethod
    def from_settings(cls, settings: Settings, db: Database | None = None) -> Clients:
        # Each descriptor imports its SDK only when configured, so a deployment loads only what it uses.
        budgets: dict[str, DatabaseBudget] = {}
        found: dict[str, Any] = {}
        for p in PLATFORMS:
            budget = None
            if p.rate_limit is not None and db is not None and (token := setting(settings, p.rate_limit[0])):
                budget = budgets[p.name] = DatabaseBudget(db, token, limit=int(getattr(settings, p.rate_limit[1])),
                                                          platform=p.name)
            elif p.write_pacing is not None and db is not None and (token := setting(settings, p.write_pacing[0])):
                budget = budgets[p.name] = DatabaseBudget(db, token, limit=1, platform=f"{p.name}-writes",
                                                          background_share=1.0, seconds=p.write_pacing[1],
                                                          buckets=1)
            client = p.make_client(settings, budget=budget)
            if client is not None:
                found[p.name] = client
        clients = cls(by_platform=found)
        clients.budgets = budgets
        return clients

    async def aclose(self) -> None:
        for client in self.by_platform.values():
            close = getattr(client, "aclose", None)
            if close is not None:
                try:
                    await close()
                except Exception:  # noqa: BLE001 - closing is best effort
                    log.debug("client close failed", exc_info=True)


def default_agents(settings: Settings, team: TeamConfig, store: BotStore,
                   oversight: Oversight | None = None) -> list[Agent]:
    """The system agents, every product agent the team config enables, and extra agents from
    `PMBOT_AGENTS` (your own, as `package.module:Class`)."""
    try:
        product = build_agents(agent_classes(settings.pmbot_agents), team)
    except ValidationError as exc:
        raise PluginError(f"agent configuration: {exc}") from None
    chat = next((p.name for p in PLATFORMS if p.role == "chat"), "")
    return [
        DueSweeper(store.sweep_due),
        Reconciler(scope(product, "repos"), scope(product, "lists")),
        DailyPlanner(daily_schedules(product)),
        *([OversightSwitch(oversight.change)] if oversight is not None else []),
        *product,
        CommandRouter(product, team, chat_platform=chat),
    ]


def cron_jobs(agents: list[Agent], team: TeamConfig) -> dict[str, str]:
    """Every declared cron schedule, with the team YAML's overrides (null turns one off)."""
    jobs: dict[str, str] = {}
    for agent in agents:
        for schedule in agent.schedules():
            if isinstance(schedule, Cron):
                cron = team.schedules.cron(schedule.name, schedule.cron)
                if cron:
                    jobs[schedule.name] = cron
    return jobs


class Runtime:
    """One per process: owns the database, clients, worker and scheduler."""

    def __init__(
        self,
        settings: Settings,
        team: TeamConfig,
        *,
        clock: Clock | None = None,
        clients: Clients | None = None,
        agents: list[Agent] | None = None,
        team_file: Path | None = None,
    ) -> None:
        self.settings = settings
        self.base_team = team  # as given at start, before the people added from Slack
        self.clock = clock or SystemClock()
        self.metrics = Metrics()
        self.db = Database(settings.pmbot_database_url)
        self.store = BotStore(self.db, self.clock, on_enqueue=self._poke)
        self.search = SqlSearchIndex(self.db, self.clock)
        self.clients = clients or Clients.from_settings(settings, self.db)
        self.oversight = Oversight(self.store)
        self._given_agents = agents  # a test's own agents stay through a reload; only the team changes
        # The team each agent was built with: an event an agent is running finishes on that team after a reload.
        self._team_of: weakref.WeakKeyDictionary[Agent, TeamConfig] = weakref.WeakKeyDictionary()
        self.loaded = Loaded(team, self.build_agents(team))
        self._team_of.update((agent, team) for agent in self.loaded.agents)
        self.dispatcher = Dispatcher(self.agents, self.context_for, self.store.inbox, commands=self.commands,
                                     oversight=self.oversight)
        self.reloader = ConfigReloader(self, team_file)
        self.deliveries = Deliveries(self.db, self.clock)  # raw webhook bodies, translated by the worker
        self.translator = Translator(self.deliveries, self.store.inbox, lambda: self.sources, self.metrics)
        self.worker = Worker(self.store.inbox, self.dispatcher, self.metrics, renewals=[self.store.actions.renew],
                             translator=self.translator, busy=self.deliveries.busy)
        self.worker.on_processed.append(self.reloader.after_event)
        self.scheduler: Scheduler | None = None
        self.sources: dict[str, WebhookSource] = {}
        self.identities: dict[str, str | None] = {}  # platform → pmbot's own user there
        self.identity_details: dict[str, Identity] = {}
        self._tasks: list[asyncio.Task[Any]] = []

    def _poke(self) -> None:
        self.worker.poke()

    @property
    def team(self) -> TeamConfig:
        return self.loaded.team

    @property
    def agents(self) -> list[Agent]:
        return self.loaded.agents

    @property
    def commands(self) -> CommandRouter | None:
        return self.loaded.commands

    def build_agents(self, team: TeamConfig) -> list[Agent]:
        if self._given_agents is not None:
            return self._given_agents
        return default_agents(self.settings, team, self.store, self.oversight)

    async def swap(self, loaded: Loaded) -> None:
        """Run `loaded` from the next event on (bot/reload.py); events under way finish on what they began with."""
        await self.oversight.register(a.name for a in loaded.agents)
        self._team_of.update((agent, loaded.team) for agent in loaded.agents)
        before = cron_jobs(self.agents, self.team), self.team.schedules.timezone
        self.loaded = loaded
        self.dispatcher.agents, self.dispatcher.commands = loaded.agents, loaded.commands
        jobs, timezone = cron_jobs(self.agents, self.team), self.team.schedules.timezone
        if self.scheduler is not None and (jobs, timezone) != before:
            self.scheduler.shutdown()
            self.scheduler = Scheduler(jobs, timezone, self.clock, self.store.enqueue)
            self.scheduler.start()

    def context_for(self, agent: Agent, event: Event, *, dry_run: bool | None = None) -> AgentContext:
        adapter = logging.LoggerAdapter(
            logging.getLogger(f"pmbot.agents.{agent.name}"), {"event_id": event.id, "agent": agent.name}
        )
        return AgentContext(
            tracker=self.clients.tracker,
            chat=self.clients.chat,
            code=self.clients.code,
            llm=self.clients.llm,
            store=self.store,
            clock=self.clock,
            team=self._team_of.get(agent, self.team),
            log=adapter,
            dry_run=self.settings.pmbot_dry_run if dry_run is None else dry_run,
            agent=agent.name,
            event_key=event.id,
            identities={role: self.identities.get(name) for role, name in self.clients.roles.items()},
            platforms=dict(self.clients.roles),
            search=self.search,
            config_dir=self.settings.pmbot_config.parent,
        )

    async def resolve_identities(self) -> None:
        """Learn pmbot's own user on each platform, so events it caused are dropped."""
        found: dict[str, str | None] = {}
        details: dict[str, Identity] = {}
        for p in PLATFORMS:
            configured = self.team.identities.get(p.name)
            client = self.clients.by_platform.get(p.name)
            if configured:
                details[p.name] = Identity(configured)
            elif client is not None and p.whoami is not None:
                try:
                    details[p.name] = await p.whoami(client)
                except AuthFailed as exc:
                    raise AuthFailed(f"{p.name}: the configured token was refused ({exc})") from None
                except IntegrationError as exc:
                    log.warning("could not look up own %s identity: %s", p.name, type(exc).__name__)
            found[p.name] = details[p.name].user if p.name in details else None
        self.identities, self.identity_details = found, details

    def build_sources(self) -> None:
        self.sources = {}
        for p in PLATFORMS:
            if p.make_webhook is not None:
                source = p.make_webhook(self.settings, self.identity_details.get(p.name))
                if source is not None:
                    self.sources[p.name] = source

    async def ingest(
        self, source: str, events: list[Event], raw: str | None = None, *, timeout: float | None = None
    ) -> list[bool]:
        """Commit events to the inbox (the 2xx is sent only after this returns), within `timeout` seconds."""
        fresh = await self.store.enqueue(events, raw, timeout=timeout)
        for is_new in fresh:
            count(self.metrics, source, Verdict.ACCEPTED if is_new else Verdict.DUPLICATE)
        return fresh

    async def start(self, *, worker: bool | None = None, scheduler: bool | None = None,
                    reload: bool = True) -> None:
        await self.db.migrate()
        released = await self.store.inbox.recover_orphans()
        if released:
            log.warning("released %d events held by a crashed process", released)
        await self.oversight.register(a.name for a in self.agents)
        await self.reloader.start()  # the people added from Slack join the team file's
        if reload:
            self._tasks.append(asyncio.create_task(self.reloader.run_forever(), name="pmbot-reload"))
        await self.resolve_identities()
        self.build_sources()
        if self.settings.pmbot_worker if worker is None else worker:
            self._tasks.append(asyncio.create_task(self.worker.run_forever(), name="pmbot-worker"))
        if self.settings.pmbot_scheduler if scheduler is None else scheduler:
            self.scheduler = Scheduler(cron_jobs(self.agents, self.team), self.team.schedules.timezone, self.clock,
                                       self.store.enqueue)
            self.scheduler.start()

    async def stop(self) -> None:
        if self.scheduler:
            self.scheduler.shutdown()
        self.worker.stop()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
        self._tasks.clear()
        for budget in self.clients.budgets.values():
            try:
                await budget.close()  # unused reserved requests go back to the other replicas
            except Exception:  # noqa: BLE001 - they age out of the window anyway
                log.warning("could not give back reserved requests", exc_info=True)
        await self.clients.aclose()
        await self.deliveries.aclose()
        await self.db.dispose()
