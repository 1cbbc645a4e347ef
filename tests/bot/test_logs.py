"""Logs are JSON with event ids, and never carry a secret, a token or a payload body."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from bot.logs import JsonFormatter
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.github.sim.api import GitHubSimulator
from integrations.slack.sim.api import SlackSimulator
from tests.conftest import FIXTURES
from tests.support.platforms import SECRETS, TOKENS, sign_clickup, sign_github, sign_slack
from tests.support.server import ProcessServer, wait_until


def test_a_run_logs_no_secret_token_or_body(tmp_path: Path) -> None:
    sims = [ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900"),
            SlackSimulator(token=TOKENS["slack"]), GitHubSimulator(token=TOKENS["github"])]
    for sim in sims:
        sim.start()
    clickup, slack, github = sims
    log_path = tmp_path / "pmbot.log"
    env = {
        "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}", "PMBOT_SANDBOX": "false",
        "PMBOT_LOG_LEVEL": "DEBUG", "PMBOT_SCHEDULER": "false",
        "CLICKUP_API_TOKEN": TOKENS["clickup"], "CLICKUP_WEBHOOK_SECRET": SECRETS["clickup"],
        "CLICKUP_TEAM_ID": "9000", "CLICKUP_API_URL": clickup.base_url,
        "SLACK_BOT_TOKEN": TOKENS["slack"], "SLACK_SIGNING_SECRET": SECRETS["slack"],
        "SLACK_API_URL": slack.web_api_url,
        "GITHUB_TOKEN": TOKENS["github"], "GITHUB_WEBHOOK_SECRET": SECRETS["github"],
        "GITHUB_API_URL": github.base_url,
        "OPENAI_API_KEY": "sk-test-never-logged-1234",
    }
    server = ProcessServer(env)
    try:
        with log_path.open("wb") as log_file:
            server.start(log_file)
            body = (FIXTURES / "clickup" / "webhook.taskStatusUpdated.json").read_bytes()
            ok = httpx.post(f"{server.url}/webhooks/clickup", content=body, headers=sign_clickup(body))
            assert ok.status_code == 200
            assert httpx.post(f"{server.url}/webhooks/clickup", content=body,
                              headers=sign_clickup(body, "wrong")).status_code == 401
            gh = (FIXTURES / "github" / "pull_request.opened.json").read_bytes()
            assert httpx.post(f"{server.url}/webhooks/github", content=gh,
                              headers=sign_github(gh, "pull_request", "d1")).status_code == 200
            sl = (FIXTURES / "slack" / "slash_command.txt").read_bytes().strip()
            assert httpx.post(f"{server.url}/slack/events", content=sl,
                              headers=sign_slack(sl, "application/x-www-form-urlencoded")).status_code == 200
            wait_until(lambda: b"event processed" in log_path.read_bytes(), timeout=20)
    finally:
        server.stop()
        for sim in sims:
            sim.stop()
    text = log_path.read_text()
    for secret in [*SECRETS.values(), *TOKENS.values(), "sk-test-never-logged-1234"]:
        assert secret not in text
    assert "john@company.com" not in text  # payload bodies are never logged
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    processed = [line for line in lines if line["msg"] == "event processed"]
    assert processed and all(line["event_id"] for line in processed)
    assert any(line["event_id"].startswith("clickup:7fa3ec74") for line in processed)


def formatted(message: str, **extra: object) -> str:
    record = logging.LogRecord("pmbot.webhooks", logging.WARNING, __file__, 1, message, None, None)
    record.created = 0.0
    for key, value in extra.items():
        setattr(record, key, value)
    return JsonFormatter(secrets=["configured-secret-1"]).format(record)


def line_with(msg: str, **extra: object) -> str:
    return json.dumps({"ts": "1970-01-01T00:00:00.000+00:00", "level": "warning", "logger": "pmbot.webhooks",
                       "msg": msg, **extra})


@pytest.mark.parametrize(("message", "redacted"), [
    ("aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY rejected", "aws secret *** rejected"),
    ("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key=***"),
    ("call failed with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
     "call failed with Authorization: Bearer ***"),
    ("a bare jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl in a message", "a bare jwt *** in a message"),
    ("cannot connect to postgresql://pmbot:hunter2@db.internal:5432/pmbot",
     "cannot connect to postgresql://pmbot:***@db.internal:5432/pmbot"),
    ("login with pwd: hunter2 failed", "login with pwd: *** failed"),
    ("PASSWORD=hunter2, retrying", "PASSWORD=***, retrying"),
    ("the password is hunter2 for now", "the password is *** for now"),
    ("slack refresh xoxe-1-My0xLTEyMzQ1Njc4OTAtYWJj expired", "slack refresh *** expired"),
    ("config token xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4 rotated", "config token *** rotated"),
    ("gitlab glpat-abcDEF1234567890xyz_ refused", "gitlab *** refused"),
    ("google AIzaSyD-1234567890abcdefghijklmnopqrstu quota", "google *** quota"),
    ("bot token xoxb-1234-5678-abcdef and configured-secret-1", "bot token *** and ***"),
])
def test_secret_shapes_are_redacted(message: str, redacted: str) -> None:
    assert formatted(message) == line_with(redacted)


def test_a_secret_in_a_structured_field_is_redacted() -> None:
    assert formatted("login failed", password="hunter2", dsn="mysql://root:toor@db/x") == line_with(
        "login failed", password="***", dsn="mysql://root:***@db/x")


@pytest.mark.parametrize("message", [
    "commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b merged",  # a commit sha is not an AWS secret
    "event processed github:72d3162e-cc78-11e3-81ab-4c9367dc0958",
    "token budget exceeded after 12000 tokens",
    "password reset requested by U0DANA",
    "see https://github.com/Codertocat/Hello-World/pull/2",
])
def test_ordinary_lines_are_left_alone(message: str) -> None:
    assert formatted(message) == line_with(message)
