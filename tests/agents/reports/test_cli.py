"""`pmbot report NAME --print [--png FILE]`: the same report in the terminal, the chart in a file, nothing
posted; an unknown name exits 2."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from bot import cli
from tests.agents.reports.reports_support import PEOPLE, REPO, REPORTED, REPORTS, reports_world
from tests.agents.reports.test_reports_road import act
from tests.support.platforms import TOKENS
from tests.support.world import World

U = "https://app.clickup.com/t"


def point_at(w: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Environment and team YAML for `pmbot` against the world's simulators and database, at its clock."""
    config: dict[str, Any] = {
        "people": PEOPLE, "schedules": {"timezone": "Europe/Berlin"},
        "channels": {"qa": "C0QA", "standup": "C0STANDUP"},
        "qa_router": {"lists": ["L1"], "remind_after": "12h"}, "github_sync": {"repos": [REPO]}, "reports": REPORTS}
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    env = {"CLICKUP_API_TOKEN": TOKENS["clickup"], "CLICKUP_TEAM_ID": "9000", "CLICKUP_API_URL": w.clickup.base_url,
           "SLACK_BOT_TOKEN": TOKENS["slack"], "SLACK_API_URL": w.slack.web_api_url,
           "GITHUB_TOKEN": TOKENS["github"], "GITHUB_API_URL": w.github.base_url, "PMBOT_DATABASE_URL": w.db_url}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("bot.runtime.SystemClock", lambda: w.clock)
    return path


def test_print_renders_the_report_and_png_writes_the_chart_without_posting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with reports_world(tmp_path, monkeypatch) as w:
        act(w)
        config = point_at(w, tmp_path, monkeypatch)
        posted = len(w.slack.api_calls("chat.postMessage"))
        png = tmp_path / "daily.png"
        assert cli.main(["--config", str(config), "report", "daily", "--print", "--png", str(png)]) == 0
        out, err = capsys.readouterr()
        lines = out.splitlines()
        assert lines[:3] == ["Daily report", "============", ""]
        assert lines[5:8] == ["Mon 23 Nov 17:00 → Tue 24 Nov 16:00 (Europe/Berlin) · 8 tasks in scope",
                              "Summary written without a model (no OPENAI_API_KEY configured).", ""]
        at_risk = lines[lines.index("At risk (4)"):lines.index("At risk (4)") + 5]
        assert at_risk == [
            "At risk (4)",
            f"• Checkout: apply coupon codes (T1) ({U}/T1) — Dana Developer: overdue by 3d; no update for 6d",
            f"• Profile page redesign (T2) ({U}/T2) — Devon Builder: CI failing on demo/webapp#7 "
            f"({w.github.pull(REPO, 7)['html_url']}); blocker at Dana Developer's standup: “waiting on the design "
            "review for CU-T2”",
            f"• Fix flaky login test (T3) ({U}/T3) — Quinn Tester: waiting for QA 21h (remind after 12h)",
            f"• Rate-limit the public API (T4) ({U}/T4) — nobody: no assignee",
        ]
        assert "Per assignee (open · completed)" in lines and "<" not in out.replace("<-", "")
        assert err.strip() == f"chart written to {png}"
        image = Image.open(io.BytesIO(png.read_bytes()))
        assert (image.format, image.size) == ("PNG", (1000, 420))
        assert len(w.slack.api_calls("chat.postMessage")) == posted  # a preview posts nothing
        assert w.slack.api_calls("files.getUploadURLExternal") == []
        assert w.clock.now() == REPORTED


def test_an_unknown_report_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with reports_world(tmp_path, monkeypatch) as w:
        config = point_at(w, tmp_path, monkeypatch)
        assert cli.main(["--config", str(config), "report", "nightly", "--print"]) == 2
        assert capsys.readouterr().err == "There is no report 'nightly'. Reports: 'daily', 'weekly'.\n"
