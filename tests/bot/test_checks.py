"""`pmbot check` and `pmbot serve` say what is wrong before it bites: a team that cannot work, a database URL
pmbot cannot use, a SQLite folder it had to create; and `serve` says "serving" only once it is."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from integrations.sim_base import free_port
from tests.bot.test_cli import run_cli
from tests.conftest import ROOT

NO_PLATFORMS = {"CLICKUP_API_TOKEN": "", "SLACK_BOT_TOKEN": "", "GITHUB_TOKEN": "", "OPENAI_API_KEY": "",
                "CLICKUP_WEBHOOK_SECRET": "", "SLACK_SIGNING_SECRET": "", "GITHUB_WEBHOOK_SECRET": ""}


def check(tmp_path: Path, yaml: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "team.yaml"
    config.write_text(yaml)
    return run_cli("check", env={**NO_PLATFORMS, "PMBOT_CONFIG": str(config),
                                 "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}"})


def test_check_fails_a_team_that_cannot_work(tmp_path: Path) -> None:
    empty = check(tmp_path, "team: nobody\n")
    assert empty.returncode == 1
    assert empty.stdout.splitlines()[:4] == [
        f"config    FAILED   {tmp_path / 'team.yaml'}:",
        "            people: nobody on the team, so no agent can assign, remind or ask anyone",
        "            qa_router: no person has the role qa, so no task can be handed to QA "
        "(add roles: [qa] to someone, or set qa_router.enabled: false)",
        "database  ok       sqlite",
    ]
    yaml = ("people:\n  - {name: Dana, slack: U0DANA, clickup: '101', roles: [developer]}\n"
            "qa_router:\n  escalate_to: [U0NOBODY]\n  channel: qa-team\n")
    bad = check(tmp_path, yaml)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[1:4] == [
        "            qa_router: no person has the role qa, so no task can be handed to QA "
        "(add roles: [qa] to someone, or set qa_router.enabled: false)",
        "            qa_router.escalate_to: 'U0NOBODY' is nobody's chat id in people",
        "            qa_router.channel: 'qa-team' is not a channel id (in Slack: the channel's details, at the "
        "bottom, e.g. C0123ABCD)",
    ]
    fixed = yaml.replace("U0NOBODY", "U0DANA").replace("qa-team", "C0QA").replace(
        "roles: [developer]}", "roles: [developer]}\n  - {name: Quinn, slack: U0QUINN, clickup: '201', roles: [qa]}")
    good = check(tmp_path, fixed)
    assert good.returncode == 0 and good.stdout.startswith(f"config    ok       {tmp_path / 'team.yaml'} (2 people)")


def test_database_urls_pmbot_cannot_use_get_one_line_naming_the_variable(tmp_path: Path) -> None:
    accepted = "sqlite+aiosqlite:///path/to/pmbot.db or postgresql+asyncpg://user:password@host:5432/database"
    for url, message in (
        ("postgresql://pmbot@db/pmbot", "postgresql:// needs pmbot's async driver: use "
                                        "'postgresql+asyncpg://pmbot@db/pmbot'"),
        ("mysql://root@localhost/pmbot", f"mysql:// is not supported (use {accepted})"),
        ("not a url", f"'not a url' is not a database URL (use {accepted})"),
    ):
        result = run_cli("check", env={**NO_PLATFORMS, "PMBOT_DATABASE_URL": url})
        assert (result.returncode, result.stdout, result.stderr) == (2, "", f"pmbot: PMBOT_DATABASE_URL: {message}\n")


def test_serve_says_serving_once_it_is_and_names_a_sqlite_folder_it_created(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, **NO_PLATFORMS, "PMBOT_SANDBOX": "false", "PMBOT_SCHEDULER": "false",
           "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'new' / 'folder' / 'pmbot.db'}"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("pmbot serving on"):
                # Printed after the database answered: the readiness probe agrees at once.
                assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
            if "note:" in line:
                break
        assert any(line.startswith(f"pmbot serving on http://127.0.0.1:{port}") for line in lines)
        assert lines[-1].strip() == f"note: created the folder {tmp_path / 'new' / 'folder'}/ for the SQLite database"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
