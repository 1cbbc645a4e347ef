"""A QA team, the three simulators seeded for it, and pmbot servers that can be restarted or doubled."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.github.sim.api import GitHubSimulator
from integrations.slack.signing import block_actions_body, slash_command_body
from integrations.slack.sim.api import SlackSimulator
from tests.support.platforms import SECRETS, TOKENS, sign_slack
from tests.support.server import ThreadServer, make_settings

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STATUSES = ["to do", "in progress", "ready for testing", "in testing", "needs fix", "done", "closed"]
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana", "slack": "U0DANA", "clickup": "101", "github": "dana-dev", "roles": ["developer"],
     "timezone": "Europe/Berlin"},
    {"name": "Devon", "slack": "U0DEVON", "clickup": "102", "github": "devon-b", "roles": ["developer"]},
    {"name": "Quinn", "slack": "U0QUINN", "clickup": "201", "roles": ["qa"], "timezone": "Europe/Berlin",
     "skills": ["backend"]},
    {"name": "Rae", "slack": "U0RAE", "clickup": "202", "roles": ["qa"], "timezone": "America/New_York"},
    {"name": "Lee", "slack": "U0LEE", "clickup": "301", "roles": ["lead"]},
]


def qa_team(*, people: list[dict[str, Any]] | None = None, **router: Any) -> TeamConfig:
    config = {"channel": "C0QA", "escalate_to": ["U0LEE"], **router}
    return TeamConfig.model_validate({"people": people or PEOPLE, "qa_router": config})




def channel_texts(slack: SlackSimulator, channel: str = "C0QA") -> list[str]:
    return [m.text for m in slack.messages(channel)]


@dataclass
class QAWorld:
    """Simulators that outlive any one pmbot, and the pmbot servers started against them."""

    tmp_path: Path
    team: TeamConfig
    clock: FrozenClock
    clickup: ClickUpSimulator
    slack: SlackSimulator
    github: GitHubSimulator
    db_url: str
    stack: ExitStack = field(default_factory=ExitStack)
    servers: list[ThreadServer] = field(default_factory=list)

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
            github_api_url=self.github.base_url, pmbot_database_url=self.db_url,
        )
        server = ThreadServer(settings, self.team, clock=self.clock).__enter__()
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
        """Deliver every webhook ClickUp queued and let pmbot process what it received (twice: pmbot's
        own writes produce webhooks too, which it must drop)."""
        for _ in range(2):
            assert self.clickup.wait_for_webhooks()
            for server in self.servers:
                server.drain()

    def move(self, user: str, status: str, task: str = "T1") -> list[dict[str, Any]]:
        items = self.clickup.human_update(task, user, status=status)
        self.settle()
        return items

    def sweep(self, server: ThreadServer | None = None) -> None:
        """The due-sweep tick fires (as the cron would each minute) and everything it causes runs."""
        (server or self.pmbot).tick("due_sweep")
        for s in self.servers:
            s.drain()
        for s in self.servers:
            s.drain()

    def slash(self, text: str, user: str, channel: str = "C0QA") -> httpx.Response:
        body = slash_command_body("/pm", text, user, channel)
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


@contextmanager
def qa_world(tmp_path: Path, team: TeamConfig | None = None, *, db_url: str | None = None,
             start: datetime = MONDAY, tags: tuple[str, ...] = ()) -> Iterator[QAWorld]:
    clickup = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    slack = SlackSimulator(token=TOKENS["slack"])
    github = GitHubSimulator(token=TOKENS["github"])
    team = team or qa_team()
    for person in team.people:
        if person.clickup:
            clickup.add_user(person.clickup, person.name)
        if person.slack:
            slack.add_user(person.slack, person.name.lower(), person.name, f"{person.name.lower()}@example.com")
    clickup.add_list("L1", "Board", STATUSES)
    clickup.add_task("T1", "Coupons", "L1", "in progress", assignees=["101"], tags=tags)
    slack.add_channel("C0QA", "qa")
    for sim in (clickup, slack, github):
        sim.start()
    world = QAWorld(tmp_path, team, FrozenClock(start), clickup, slack, github,
                    db_url or f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}")
    try:
        world.start()
        yield world
    finally:
        for server in list(world.servers):
            world.stop(server)
        for sim in (clickup, slack, github):
            sim.stop()
