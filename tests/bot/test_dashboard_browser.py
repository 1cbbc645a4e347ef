"""The dashboard page in a real browser (headless Chromium): what a person sees."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.support.agents import CommentOnEveryTaskEvent
from tests.support.platforms import platforms, sign_clickup

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (make test installs it)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],  # type: ignore[list-item]
                            capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_dashboard_shows_platforms_inbox_and_actions(tmp_path: Path) -> None:
    import httpx

    with platforms(tmp_path, agents=[CommentOnEveryTaskEvent()]) as p:
        p.clickup.add_list("162641062", "Board", ["to do", "in progress"])
        p.clickup.add_task("1vj38vv", "Fixture task", "162641062", "to do")
        body = (FIXTURES / "clickup" / "webhook.taskStatusUpdated.json").read_bytes()
        delivered = httpx.post(p.pmbot.url + "/webhooks/clickup", content=body, headers=sign_clickup(body))
        assert delivered.status_code == 200
        p.pmbot.drain()
        dom = chromium(tmp_path, "--dump-dom", p.pmbot.url + "/")
        shot = tmp_path / "dashboard.png"
        chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,700", p.pmbot.url + "/")
    assert "<h1>pmbot</h1>" in dom
    assert "Connected to real platforms." in dom
    for platform in ("clickup", "slack", "github"):
        assert f"<td>{platform}</td><td class=\"\">connected</td>" in dom
    assert "<td>done</td><td>1</td>" in dom
    assert "<td>test_commenter</td><td>clickup.comment</td><td>1vj38vv</td><td>done</td>" in dom
    assert shot.stat().st_size > 5000  # a rendered page, not an error placeholder
