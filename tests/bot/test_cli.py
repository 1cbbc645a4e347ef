"""The command line: serve (sandbox banner), demo, replay (dry run, duplicates, force), check; and the
health, readiness and metrics routes."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.config import load_team_config
from bot.replay import replay
from integrations.clickup.sim.api import ClickUpSimulator
from tests.conftest import FIXTURES, ROOT
from tests.support.platforms import TOKENS, platforms, sign_clickup, sign_github
from tests.support.server import ProcessServer, make_settings


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


@pytest.fixture
def clickup() -> Iterator[ClickUpSimulator]:
    sim = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    sim.add_user("183", "John")
    sim.add_list("162641062", "Webhook payloads", ["to do", "in progress", "done"])
    sim.add_task("1vj38vv", "Fixture task", "162641062", "to do")
    sim.start()
    yield sim
    sim.stop()


def test_serve_without_credentials_starts_the_sandbox(tmp_path: Path) -> None:
    env = {"PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}", "PMBOT_SCHEDULER": "false"}
    for name in ("CLICKUP_API_TOKEN", "SLACK_BOT_TOKEN", "GITHUB_TOKEN", "CLICKUP_WEBHOOK_SECRET",
                 "SLACK_SIGNING_SECRET", "GITHUB_WEBHOOK_SECRET"):
        env[name] = ""
    server = ProcessServer(env)
    log = tmp_path / "out.log"
    with log.open("wb") as out:
        server.start(out)
        try:
            with httpx.Client(base_url=server.url, timeout=10) as browser:
                login = browser.get("/", follow_redirects=True)  # the dashboard asks to sign in first
                assert "Sandbox: the password is <code>sandbox</code>" in login.text
                token = re.search(r'name="csrf" value="([^"]+)"', login.text)
                assert token is not None
                page = browser.post("/login", data={"csrf": token.group(1), "password": "sandbox", "next": "/"},
                                    follow_redirects=True)
            assert page.status_code == 200 and "Sandbox mode: the platforms are simulated." in page.text
            assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}
        finally:
            server.stop()
    banner = log.read_text()
    assert f"pmbot serving on http://127.0.0.1:{server.port}" in banner
    assert "SANDBOX MODE: no platform credentials found, so these platforms are simulated on loopback:" in banner
    assert "  The simulated platforms' webhook secrets (not real; to sign your own test deliveries):" in banner
    for variable in ("CLICKUP_WEBHOOK_SECRET", "SLACK_SIGNING_SECRET", "GITHUB_WEBHOOK_SECRET"):
        assert any(line.startswith(f"    {variable}=") and len(line) > 40 for line in banner.splitlines())
    for name in ("clickup", "slack", "github"):
        assert f"    {name:<8} simulated at http://127.0.0.1:" in banner
        assert f"  {name:<8} {'simulated':<15} webhook http://127.0.0.1:{server.port}/" in banner


def test_demo_prints_what_flowed() -> None:
    result = run_cli("demo", timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "ClickUp sent 2 signed webhooks (taskStatusUpdated, taskUpdated); pmbot answered 200, 200." in out
    assert "pmbot: accepted 0, duplicates 1 — nothing is done twice." in out
    assert "What flowed through the inbox, and what each agent did:" in out
    for line in ("task.status_changed", "pr.merged", "chat.command"):
        assert line in out


def test_replay_dry_run_then_real_then_duplicate_then_force(tmp_path: Path, clickup: ClickUpSimulator,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(
        clickup_api_token=TOKENS["clickup"], clickup_team_id="9000", clickup_api_url=clickup.base_url,
        pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}",
        pmbot_agents="tests.support.agents:CommentOnEveryTaskEvent",
    )
    team = load_team_config(ROOT / "config" / "pmbot.example.yaml")
    fixture = FIXTURES / "clickup" / "webhook.taskStatusUpdated.json"
    event_id = "clickup:7fa3ec74-69a8-4530-a251-8a13730bd204:2800787326392370170"

    def comments() -> list[str]:
        return [r.json["comment_text"] for r in clickup.calls("POST", "/api/v2/task/1vj38vv/comment")]

    assert asyncio.run(replay(settings, team, fixture, "clickup", dry_run=True)) == 0
    out = capsys.readouterr().out
    assert "(dry run: nothing written)" in out and "test_commenter: clickup.comment 1vj38vv" in out
    assert comments() == []

    assert asyncio.run(replay(settings, team, fixture, "clickup", force=True)) == 0
    assert comments() == [f"saw replay:{capsys.readouterr().out.split('replay:')[1].split()[0]}"]

    assert asyncio.run(replay(settings, team, fixture, "clickup")) == 0
    assert "test_commenter: clickup.comment 1vj38vv" in capsys.readouterr().out
    assert comments()[-1] == f"saw {event_id}" and len(comments()) == 2

    assert asyncio.run(replay(settings, team, fixture, "clickup")) == 0
    assert "duplicate: already received, skipped (use --force to process again)" in capsys.readouterr().out
    assert len(comments()) == 2


def test_replay_rejects_what_is_not_a_delivery(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    env = {"PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}"}
    result = run_cli("replay", str(bad), "--source", "github", env=env)
    assert result.returncode == 2 and f"pmbot replay: cannot read {bad}" in result.stdout


def test_check_reports_each_platform(tmp_path: Path, clickup: ClickUpSimulator) -> None:
    env = {"PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}",
           "CLICKUP_API_TOKEN": TOKENS["clickup"], "CLICKUP_TEAM_ID": "9000", "CLICKUP_API_URL": clickup.base_url,
           "SLACK_BOT_TOKEN": "", "GITHUB_TOKEN": "", "OPENAI_API_KEY": ""}
    good = run_cli("check", env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    lines = good.stdout.splitlines()
    assert lines[0].startswith("config    ok       config/pmbot.example.yaml (5 people)")
    assert "database  ok       sqlite" in lines
    assert f"clickup   ok       {clickup.base_url} as pmbot" in lines
    assert "slack     skipped  no credentials configured" in lines
    assert "llm       ok       no key: running without a model" in lines

    bad = run_cli("check", env={**env, "CLICKUP_API_TOKEN": "pk_wrong"})
    assert bad.returncode == 1
    failed = f"clickup   FAILED   {clickup.base_url}: AuthFailed"
    assert any(line.startswith(failed) for line in bad.stdout.splitlines())
    assert "pk_wrong" not in bad.stdout + bad.stderr


def test_health_readiness_and_metrics(tmp_path: Path) -> None:
    with platforms(tmp_path) as p:
        base = p.pmbot.url
        assert httpx.get(base + "/healthz").json() == {"status": "ok"}
        assert httpx.get(base + "/readyz").json() == {"status": "ready", "database": "sqlite"}
        body = (FIXTURES / "clickup" / "webhook.taskStatusUpdated.json").read_bytes()
        for _ in range(2):
            assert httpx.post(base + "/webhooks/clickup", content=body, headers=sign_clickup(body)).status_code == 200
        assert httpx.post(base + "/webhooks/clickup", content=body, headers=sign_clickup(body, "x")).status_code == 401
        ping = (FIXTURES / "github" / "ping.json").read_bytes()
        assert httpx.post(base + "/webhooks/github", content=ping, headers=sign_github(ping, "ping", "p1")).json() == {
            "ok": True, "accepted": 0, "duplicates": 0, "ignored": "ping"}
        p.pmbot.drain()
        text = httpx.get(base + "/metrics").text
        for line in (
            'pmbot_deliveries_total{outcome="accepted",source="clickup"} 1.0',
            'pmbot_deliveries_total{outcome="duplicate",source="clickup"} 1.0',
            'pmbot_deliveries_total{outcome="rejected",source="clickup"} 1.0',
            'pmbot_deliveries_total{outcome="ignored",source="github"} 1.0',
            'pmbot_events_processed_total{source="clickup",status="ok",type="task.status_changed"} 1.0',
            'pmbot_event_processing_seconds_count{source="clickup"} 1.0',
        ):
            assert line in text, line


def test_a_missing_team_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    done = run_cli("init", "--yes", "--output", str(tmp_path / "out.yaml"), env={"PMBOT_CONFIG": str(missing)})
    assert done.returncode == 2
    assert done.stderr.strip() == f"pmbot: {missing}: file not found (set PMBOT_CONFIG to your team YAML)"
    assert not (tmp_path / "out.yaml").exists()
