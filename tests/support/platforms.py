"""All three simulators plus a pmbot configured against them, and request signing as the platforms do."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.base import Agent
from agents.team import TeamConfig
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.github.sim.api import GitHubSimulator
from integrations.slack.sim.api import SlackSimulator
from tests.support.server import ThreadServer, make_settings

SECRETS = {
    "clickup": "clickup-webhook-secret-3f9a",
    "github": "github-webhook-secret-8c21",
    "slack": "slack-signing-secret-77d0",
}
TOKENS = {"clickup": "pk_test_4e5f6a", "slack": "xoxb-test-5b6c7d", "github": "ghp_test_9e8d7c"}


def sign_clickup(body: bytes, secret: str = SECRETS["clickup"]) -> dict[str, str]:
    return {"X-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
            "Content-Type": "application/json"}


def sign_github(body: bytes, event: str, delivery: str, secret: str = SECRETS["github"]) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
            "Content-Type": "application/json"}


def sign_slack(body: bytes, content_type: str, secret: str = SECRETS["slack"],
               timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{ts}:".encode() + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Signature": f"v0={digest}", "X-Slack-Request-Timestamp": ts, "Content-Type": content_type}


@dataclass
class Platforms:
    clickup: ClickUpSimulator
    slack: SlackSimulator
    github: GitHubSimulator
    pmbot: ThreadServer


@contextmanager
def platforms(tmp_path: Path, *, team: TeamConfig | None = None, agents: list[Agent] | None = None,
              db_url: str | None = None, clock: Any = None, **settings: Any) -> Iterator[Platforms]:
    """Start the three simulators and a pmbot pointed at them; stop everything afterwards."""
    clickup = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    slack = SlackSimulator(token=TOKENS["slack"])
    github = GitHubSimulator(token=TOKENS["github"])
    for sim in (clickup, slack, github):
        sim.start()
    try:
        config = make_settings(
            clickup_api_token=TOKENS["clickup"], clickup_webhook_secret=SECRETS["clickup"],
            clickup_team_id="9000", clickup_api_url=clickup.base_url,
            slack_bot_token=TOKENS["slack"], slack_signing_secret=SECRETS["slack"],
            slack_api_url=slack.web_api_url,
            github_token=TOKENS["github"], github_webhook_secret=SECRETS["github"], github_api_url=github.base_url,
            pmbot_database_url=db_url or f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}",
            **settings,
        )
        with ThreadServer(config, team or TeamConfig(), agents=agents, clock=clock) as server:
            clickup.set_webhook(f"{server.url}/webhooks/clickup", SECRETS["clickup"])
            yield Platforms(clickup, slack, github, server)
    finally:
        for sim in (clickup, slack, github):
            sim.stop()


def dumps(payload: Any) -> bytes:
    return json.dumps(payload).encode()


# What the simulators recorded, read the way the agent tests compare it.
def put_bodies(clickup: ClickUpSimulator, task: str = "T1") -> list[Any]:
    return [r.json for r in clickup.calls("PUT", f"/api/v2/task/{task}")]


def comment_texts(clickup: ClickUpSimulator, task: str = "T1") -> list[str]:
    return [r.json["comment_text"] for r in clickup.calls("POST", f"/api/v2/task/{task}/comment")]


def dm_texts(slack: SlackSimulator, user: str) -> list[str]:
    return [m.text for m in slack.dms(user)]
