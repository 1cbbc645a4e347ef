"""A team, the three simulators seeded for the GitHub sync, and signed GitHub deliveries of the real
payloads in tests/fixtures/github (copies rewritten to reference the seeded tasks)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.github.sim.api import GitHubSimulator
from integrations.slack.sim.api import SlackSimulator
from tests.conftest import FIXTURES
from tests.support.platforms import SECRETS, TOKENS, sign_github
from tests.support.server import ThreadServer, make_settings

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
REPO = "Codertocat/Hello-World"  # the repository of most octokit example payloads
STATUSES = ["to do", "in progress", "in review", "ready for testing", "in testing", "needs fix", "done", "closed"]
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana", "slack": "U0DANA", "clickup": "101", "github": "Codertocat", "roles": ["developer"]},
    {"name": "Olly", "slack": "U0OLLY", "clickup": "103", "github": "octocat", "roles": ["lead"]},
    {"name": "Quinn", "slack": "U0QUINN", "clickup": "201", "roles": ["qa"]},
]


def gh_team(**sync: Any) -> TeamConfig:
    return TeamConfig.model_validate({"people": PEOPLE, "github_sync": {"repos": [REPO], **sync}})


def fixture(name: str, **pull_request: Any) -> dict[str, Any]:
    """A copy of a real payload; keyword arguments overwrite fields of its `pull_request`."""
    payload = copy.deepcopy(json.loads((FIXTURES / "github" / f"{name}.json").read_text()))
    pr = payload.get("pull_request")
    for key, value in pull_request.items():
        if key == "head_ref":
            pr["head"]["ref"] = value
        elif key == "head_sha":
            pr["head"]["sha"] = value
        elif key == "author":
            pr["user"]["login"] = value
        else:
            pr[key] = value
    return payload




@dataclass
class GitHubWorld:
    clock: FrozenClock
    clickup: ClickUpSimulator
    slack: SlackSimulator
    github: GitHubSimulator
    pmbot: ThreadServer

    def deliver(self, event: str, payload: Any, delivery: str, *, raw: bytes | None = None) -> httpx.Response:
        """POST one signed delivery to /webhooks/github and let pmbot process everything it causes."""
        body = raw if raw is not None else json.dumps(payload).encode()
        answer = httpx.post(f"{self.pmbot.url}/webhooks/github", content=body,
                            headers=sign_github(body, event, delivery), timeout=10)
        self.settle()
        return answer

    def settle(self) -> None:
        """pmbot's own ClickUp writes come back as webhooks (dropped); its own events are processed."""
        for _ in range(3):
            self.clickup.wait_for_webhooks()
            self.pmbot.drain()

    def tick(self, name: str) -> None:
        """A scheduler tick one minute on (ticks are deduplicated per minute)."""
        self.clock.advance(timedelta(minutes=1))
        self.pmbot.tick(name)
        self.settle()

    def kv(self, key: str) -> Any:
        return self.pmbot.call(self.pmbot.runtime.store.get, key)

    def agent_runs(self, event_id: str) -> dict[str, str]:
        return dict(self.pmbot.call(self.pmbot.runtime.store.inbox.agent_status, event_id))


@contextmanager
def github_world(tmp_path: Path, team: TeamConfig | None = None, *, t1_status: str = "in progress",
                 start: datetime = MONDAY) -> Iterator[GitHubWorld]:
    team = team or gh_team()
    clickup = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    slack = SlackSimulator(token=TOKENS["slack"])
    github = GitHubSimulator(token=TOKENS["github"])
    for person in team.people:
        if person.clickup:
            clickup.add_user(person.clickup, person.name)
        if person.slack:
            slack.add_user(person.slack, person.name.lower(), person.name, f"{person.name.lower()}@example.com")
    clickup.add_list("L1", "Board", STATUSES)
    clickup.add_task("T1", "Coupons", "L1", t1_status, assignees=["101"])
    clickup.add_task("86a1b2c3", "Search", "L1", "to do", assignees=["101"], custom_id="ENG-42")
    github.add_repo(REPO)
    for sim in (clickup, slack, github):
        sim.start()
    settings = make_settings(
        clickup_api_token=TOKENS["clickup"], clickup_webhook_secret=SECRETS["clickup"], clickup_team_id="9000",
        clickup_api_url=clickup.base_url, slack_bot_token=TOKENS["slack"], slack_signing_secret=SECRETS["slack"],
        slack_api_url=slack.web_api_url, github_token=TOKENS["github"], github_webhook_secret=SECRETS["github"],
        github_api_url=github.base_url, pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}",
    )
    clock = FrozenClock(start)
    try:
        with ThreadServer(settings, team, clock=clock) as server:
            clickup.set_webhook(f"{server.url}/webhooks/clickup", SECRETS["clickup"])
            yield GitHubWorld(clock, clickup, slack, github, server)
    finally:
        for sim in (clickup, slack, github):
            sim.stop()
