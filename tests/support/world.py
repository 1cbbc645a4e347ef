"""The one test world: the three simulators seeded for a team, and pmbot servers (one, restarted, or several
replicas on one database) pointed at them; helpers that act as people and platforms do and wait for pmbot."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.clickup.sim import ClickUpSimulator
from integrations.github.sim import GitHubSimulator
from integrations.slack.signing import block_actions_body, slash_command_body
from integrations.slack.sim import SlackSimulator
from tests.support.platforms import SECRETS, TOKENS, sign_github, sign_slack
from tests.support.server import ThreadServer, make_settings

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STATUSES = ["to do", "in progress", "in review", "ready for testing", "in testing", "needs fix", "done", "closed"]


@dataclass(frozen=True)
class SeedTask:
    id: str
    name: str
    status: str
    assignees: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    custom_id: str | None = None


@dataclass
class World:
    """Simulators that outlive any one pmbot, and the pmbot servers started against them."""

    tmp_path: Path
    team: TeamConfig
    clock: FrozenClock
    clickup: ClickUpSimulator
    slack: SlackSimulator
    github: GitHubSimulator
    db_url: str
    settle_rounds: int = 2
    settings: dict[str, Any] = field(default_factory=dict)
    servers: list[ThreadServer] = field(default_factory=list)
    team_file: Path | None = None  # the YAML `team` was read from, which every server watches for reloads

    @property
    def pmbot(self) -> ThreadServer:
        return self.servers[-1]

    def start(self, *, webhook: bool = True) -> ThreadServer:
        """Start one more pmbot on the shared database (and point ClickUp's webhook at it)."""
        settings = make_settings(
            clickup_api_token=TOKENS["clickup"], clickup_webhook_secret=SECRETS["clickup"], clickup_team_id="9000",
            clickup_api_url=self.clickup.base_url, slack_bot_token=TOKENS["slack"],
            slack_signing_secret=SECRETS["slack"], slack_api_url=self.slack.web_api_url,
            github_token=TOKENS["github"], github_webhook_secret=SECRETS["github"],
            github_api_url=self.github.base_url, pmbot_database_url=self.db_url, **self.settings,
        )
        server = ThreadServer(settings, self.team, clock=self.clock, team_file=self.team_file).__enter__()
        self.servers.append(server)
        if webhook:
            self.clickup.set_webhook(f"{server.url}/webhooks/clickup", SECRETS["clickup"])
        return server

    def stop(self, server: ThreadServer) -> None:
        server.__exit__(None, None, None)
        self.servers.remove(server)

    def restart(self) -> ThreadServer:
        self.stop(self.pmbot)
        return self.start()

    def settle(self) -> None:
        """Deliver every webhook ClickUp queued and let pmbot process what it received (several rounds: pmbot's
        own writes produce webhooks too, which it must drop, and events it announces to its other agents)."""
        for _ in range(self.settle_rounds):
            assert self.clickup.wait_for_webhooks()
            for server in self.servers:
                server.drain()

    # -- people acting ---------------------------------------------------------------------------------
    def move(self, user: str, status: str, task: str = "T1") -> list[dict[str, Any]]:
        items = self.clickup.human_update(task, user, status=status)
        self.settle()
        return items

    def slash(self, text: str, user: str, channel: str = "C0QA", command: str = "/pm") -> httpx.Response:
        body = slash_command_body(command, text, user, channel, response_url=self.slack.response_url())
        headers = sign_slack(body, "application/x-www-form-urlencoded")
        answer = httpx.post(f"{self.pmbot.url}/slack/events", content=body, headers=headers)
        self.pmbot.drain()
        return answer

    def click(self, user: str, action_id: str, value: str, channel: str, ts: str) -> httpx.Response:
        body = block_actions_body(user, [{"action_id": action_id, "block_id": "qa_router", "value": value}],
                                  channel_id=channel, message_ts=ts)
        headers = sign_slack(body, "application/x-www-form-urlencoded")
        answer = httpx.post(f"{self.pmbot.url}/slack/events", content=body, headers=headers)
        self.pmbot.drain()
        return answer

    def deliver(self, event: str, payload: Any, delivery: str, *, raw: bytes | None = None) -> httpx.Response:
        """POST one signed GitHub delivery and let pmbot process everything it causes."""
        body = raw if raw is not None else json.dumps(payload).encode()
        answer = httpx.post(f"{self.pmbot.url}/webhooks/github", content=body,
                            headers=sign_github(body, event, delivery), timeout=10)
        self.settle()
        return answer

    # -- time ----------------------------------------------------------------------------------------
    def sweep(self, server: ThreadServer | None = None) -> None:
        """The due-sweep tick fires (as the cron would each minute) and everything it causes runs."""
        (server or self.pmbot).tick("due_sweep")
        for _ in range(2):
            for s in self.servers:
                s.drain()

    def tick(self, name: str) -> None:
        """A scheduler tick one minute on (ticks are deduplicated per minute)."""
        self.clock.advance(timedelta(minutes=1))
        self.pmbot.tick(name)
        self.settle()

    # -- what pmbot keeps ------------------------------------------------------------------------------
    def kv(self, key: str) -> Any:
        return self.pmbot.call(self.pmbot.runtime.store.get, key)

    def agent_runs(self, event_id: str) -> dict[str, str]:
        return dict(self.pmbot.call(self.pmbot.runtime.store.inbox.agent_status, event_id))


@contextmanager
def world(tmp_path: Path, team: TeamConfig, *, tasks: Sequence[SeedTask], repos: Sequence[str] = (),
          channels: Sequence[str] = ("C0QA",), db_url: str | None = None, start: datetime = MONDAY,
          settle_rounds: int = 2, team_file: Path | None = None, **settings: Any) -> Iterator[World]:
    clickup = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    slack = SlackSimulator(token=TOKENS["slack"])
    github = GitHubSimulator(token=TOKENS["github"])
    for person in team.people:
        if person.handle("clickup"):
            clickup.add_user(str(person.handle("clickup")), person.name)
    clickup.add_list("L1", "Board", STATUSES)
    for task in tasks:
        clickup.add_task(task.id, task.name, "L1", task.status, assignees=list(task.assignees), tags=task.tags,
                         custom_id=task.custom_id)
    seed_chat_and_code(team, slack, github, channels, repos)
    for sim in (clickup, slack, github):
        sim.start()
    w = World(tmp_path, team, FrozenClock(start), clickup, slack, github,
              db_url or f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}", settle_rounds, settings, team_file=team_file)
    with served(w, (clickup, slack, github)):
        yield w


def seed_chat_and_code(team: TeamConfig, slack: SlackSimulator, github: GitHubSimulator, channels: Sequence[str],
                       repos: Sequence[str]) -> None:
    """What every world seeds whatever its tracker: the people's Slack users, the channels and the repositories."""
    for person in team.people:
        if person.handle("slack"):
            slack.add_user(str(person.handle("slack")), person.name.lower(), person.name,
                           f"{person.name.lower()}@example.com")
    for channel in channels:
        slack.add_channel(channel, channel.lower())
    for repo in repos:
        github.add_repo(repo)


@contextmanager
def served(w: World, sims: Sequence[Any]) -> Iterator[World]:
    """Start pmbot in a world whose simulators run; stop every server, then the simulators, afterwards."""
    try:
        w.start()
        yield w
    finally:
        for server in list(w.servers):
            w.stop(server)
        for sim in sims:
            sim.stop()
