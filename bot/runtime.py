"""Builds everything from settings: database, clients, webhook sources, agents, worker, scheduler."""

from __future__ import annotations

import asyncio
import importlib
import logging
from dataclasses import dataclass
from typing import Any

from agents.base import Agent, AgentContext
from agents.registry import product_agents
from agents.team import TeamConfig
from bot.clock import Clock, SystemClock
from bot.dispatcher import Dispatcher
from bot.metrics import Metrics
from bot.reconcile import DueSweeper, Reconciler
from bot.scheduler import Scheduler
from bot.settings import Settings, secret
from bot.storage.db import Database
from bot.store import BotStore
from bot.worker import Worker
from integrations.errors import AuthFailed, IntegrationError
from integrations.events import Event
from integrations.protocols import LLM, ChatClient, CodeHost, TaskTracker, WebhookSource

log = logging.getLogger("pmbot.runtime")


@dataclass
class Clients:
    """The platform clients agents act through (None where a platform is not configured)."""

    tracker: TaskTracker | None
    chat: ChatClient | None
    code: CodeHost | None
    llm: LLM

    @classmethod
    def from_settings(cls, settings: Settings) -> Clients:
        # Imported where used, so a deployment loads only the platform SDKs it is configured for.
        from integrations.llm.client import make_llm

        tracker = chat = code = None
        if settings.clickup_api_token:
            from integrations.clickup.client import ClickUpTracker

            tracker = ClickUpTracker(
                secret(settings.clickup_api_token),
                base_url=settings.clickup_api_url,
                team_id=settings.clickup_team_id,
            )
        if settings.slack_bot_token:
            from integrations.slack.client import SlackChat

            chat = SlackChat(secret(settings.slack_bot_token), base_url=settings.slack_api_url)
        if settings.github_token:
            from integrations.github.client import GitHubHost

            code = GitHubHost(secret(settings.github_token), base_url=settings.github_api_url)
        llm = make_llm(
            secret(settings.openai_api_key) or None, settings.openai_base_url, settings.pmbot_llm_model
        )
        return cls(tracker, chat, code, llm)

    async def aclose(self) -> None:
        for client in (self.tracker, self.chat, self.code, self.llm):
            close = getattr(client, "aclose", None)
            if close is not None:
                try:
                    await close()
                except Exception:  # noqa: BLE001 - closing is best effort
                    log.debug("client close failed", exc_info=True)


def default_agents(settings: Settings, team: TeamConfig, store: BotStore) -> list[Agent]:
    """The system agents, every product agent the team config enables, and extra agents from
    `PMBOT_AGENTS` (your own, as `package.module:Class`)."""
    agents: list[Agent] = [
        DueSweeper(store.sweep_due),
        Reconciler(team.github_sync.repos, team.qa_router.lists),
        *product_agents(team),
    ]
    for spec in filter(None, (s.strip() for s in settings.pmbot_agents.split(","))):
        module_name, _, class_name = spec.partition(":")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError, ValueError) as exc:
            raise ValueError(f"PMBOT_AGENTS: cannot load {spec!r}: {exc}") from None
        agents.append(cls())
    return agents


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
    ) -> None:
        self.settings = settings
        self.team = team
        self.clock = clock or SystemClock()
        self.metrics = Metrics()
        self.db = Database(settings.pmbot_database_url)
        self.store = BotStore(self.db, self.clock, on_enqueue=self._poke)
        self.clients = clients or Clients.from_settings(settings)
        self.agents = agents if agents is not None else default_agents(settings, team, self.store)
        self.dispatcher = Dispatcher(self.agents, self.context_for, self.store.inbox)
        self.worker = Worker(self.store.inbox, self.dispatcher, self.metrics)
        self.scheduler: Scheduler | None = None
        self.sources: dict[str, WebhookSource] = {}
        self.identities: dict[str, str | None] = {}
        self._tasks: list[asyncio.Task[Any]] = []

    def _poke(self) -> None:
        self.worker.poke()

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
            team=self.team,
            log=adapter,
            dry_run=self.settings.pmbot_dry_run if dry_run is None else dry_run,
            agent=agent.name,
            event_key=event.id,
        )

    async def resolve_identities(self) -> None:
        """Learn pmbot's own user on each platform, so events it caused are dropped."""
        ids = self.team.identities
        found: dict[str, str | None] = {
            "clickup": ids.clickup_user_id,
            "slack": ids.slack_bot_user_id,
            "slack_bot_id": None,
            "github": ids.github_login,
        }
        lookups = [
            ("clickup", self.clients.tracker),
            ("slack", self.clients.chat),
            ("github", self.clients.code),
        ]
        for name, client in lookups:
            if client is None or found[name]:
                continue
            try:
                me = await client.whoami()  # type: ignore[union-attr]
            except AuthFailed as exc:
                raise AuthFailed(f"{name}: the configured token was refused ({exc})") from None
            except IntegrationError as exc:
                log.warning("could not look up own %s identity: %s", name, type(exc).__name__)
                continue
            if name == "github":
                found[name] = str(me)
            else:
                found[name] = str(me.id)  # type: ignore[union-attr]
            if name == "slack":
                found["slack_bot_id"] = getattr(client, "bot_id", None)
        self.identities = found

    def build_sources(self) -> None:
        s, ids = self.settings, self.identities
        self.sources = {}
        if s.clickup_webhook_secret:
            from integrations.clickup.webhook import ClickUpWebhook

            self.sources["clickup"] = ClickUpWebhook(
                secret(s.clickup_webhook_secret), self_user_ids=[i for i in [ids.get("clickup")] if i]
            )
        if s.github_webhook_secret:
            from integrations.github.webhook import GitHubWebhook

            login = ids.get("github")
            self.sources["github"] = GitHubWebhook(
                secret(s.github_webhook_secret), self_logins=[login] if login else []
            )
        if s.slack_signing_secret:
            from integrations.slack.webhook import SlackWebhook

            self.sources["slack"] = SlackWebhook(
                secret(s.slack_signing_secret),
                bot_user_ids=[i for i in [ids.get("slack")] if i],
                bot_ids=[i for i in [ids.get("slack_bot_id")] if i],
            )

    async def ingest(self, source: str, events: list[Event], raw: str | None = None) -> list[bool]:
        """Commit events to the inbox (the 2xx is sent only after this returns)."""
        fresh = await self.store.enqueue(events, raw)
        for is_new in fresh:
            self.metrics.deliveries.labels(source, "accepted" if is_new else "duplicate").inc()
        return fresh

    async def start(self, *, worker: bool | None = None, scheduler: bool | None = None) -> None:
        await self.db.migrate()
        released = await self.store.inbox.recover_orphans()
        if released:
            log.warning("released %d events held by a crashed process", released)
        await self.resolve_identities()
        self.build_sources()
        if self.settings.pmbot_worker if worker is None else worker:
            self._tasks.append(asyncio.create_task(self.worker.run_forever(), name="pmbot-worker"))
        if self.settings.pmbot_scheduler if scheduler is None else scheduler:
            self.scheduler = Scheduler(self.team.schedules, self.clock, self.store.enqueue)
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
        await self.clients.aclose()
        await self.db.dispose()
