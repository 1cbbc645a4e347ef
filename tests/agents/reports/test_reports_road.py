"""Reports through the whole road against the simulators seeded with a known workspace: `/report` in Slack,
every section compared exactly (counts, reasons, links), the weekly chart uploaded as a PNG."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image

from agents.reports.chart import render
from integrations.slack.signing import slash_command_body
from tests.agents.reports.reports_support import (
    DAILY,
    REPORTED,
    WEEKLY,
    github_activity,
    reports_world,
    seed_workspace,
)
from tests.support.platforms import sign_slack
from tests.support.world import World

U = "https://app.clickup.com/t"
PR = "https://github.com/demo/webapp/pull"


def act(w: World) -> None:
    """Monday evening: PRs and CI on GitHub; Dana hands T3 to QA, Quinn sends T6 back. Tuesday: Dana's
    standup names T2 as blocked."""
    seed_workspace(w)
    github_activity(w)
    w.move("101", "ready for testing", "T3")
    w.move("201", "needs fix", "T6")
    w.clock.set(REPORTED)
    w.slash("done: coupons next: profile blockers: waiting on the design review for CU-T2", "U0DANA",
            command="/standup")


def command(w: World, text: str, channel: str, user: str = "U0LEE") -> httpx.Response:
    """`/report ...` as Slack sends it; pmbot is not drained, so the answer is the acknowledgement alone."""
    body = slash_command_body("/report", text, user, channel, response_url=w.slack.response_url())
    return httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                      headers=sign_slack(body, "application/x-www-form-urlencoded"))


def test_daily_report_on_demand__every_section_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with reports_world(tmp_path, monkeypatch) as w:
        act(w)
        answer = command(w, "daily", DAILY)
        assert (answer.status_code, answer.text) == (200, "")
        assert w.slack.messages(DAILY) == []  # acknowledged first; the report follows from the worker
        w.pmbot.drain()
        [posted] = w.slack.messages(DAILY)
        pr = w.github.pull("demo/webapp", 7)["html_url"].removesuffix("/7")
        summary = ("2 tasks completed, 1 created, 4 in progress, 1 moved to QA, 1 failed QA. 4 items at risk: "
                   "Checkout: apply coupon codes (T1) is overdue by 3d; Profile page redesign (T2) has CI failing "
                   "on demo/webapp#7; Fix flaky login test (T3) is waiting for QA 21h (remind after 12h). "
                   "1 pull request merged, 1 waiting for review.")
        t1, t2, t3 = (f"<{U}/T1|Checkout: apply coupon codes (T1)>", f"<{U}/T2|Profile page redesign (T2)>",
                      f"<{U}/T3|Fix flaky login test (T3)>")
        t4, t5, t6 = (f"<{U}/T4|Rate-limit the public API (T4)>", f"<{U}/T5|Onboarding e-mail copy (T5)>",
                      f"<{U}/T6|Search page (T6)>")
        assert posted.text == f"Daily report: {summary}"
        assert posted.blocks == [
            {"type": "header", "text": {"type": "plain_text", "text": "Daily report"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": summary}},
            {"type": "context", "elements": [
                {"type": "mrkdwn", "text": "Mon 23 Nov 17:00 → Tue 24 Nov 16:00 (Europe/Berlin) · 8 tasks in scope"},
                {"type": "mrkdwn", "text": "Summary written without a model (no OPENAI_API_KEY configured)."}]},
            section("Completed 2 · Created 1 · In progress 4 · Moved to QA 1 · Failed QA 1 · Overdue 1 · Due soon 1 · "
                    "Stale 1 · Unassigned 1 · PRs merged 1 · waiting for review 1"),
            section("*At risk (4)*",
                    f"• {t1} — Dana Developer: overdue by 3d; no update for 6d",
                    f"• {t2} — Devon Builder: CI failing on <{pr}/7|demo/webapp#7>; blocker at Dana Developer's "
                    "standup: “waiting on the design review for CU-T2”",
                    f"• {t3} — Quinn Tester: waiting for QA 21h (remind after 12h)",
                    f"• {t4} — nobody: no assignee"),
            section("*Completed (2)*", f"• <{U}/T8|Archive old logs (T8)> — nobody", f"• {t5} — Devon Builder"),
            section("*Created (1)*", f"• {t4} — nobody"),
            section("*In progress (4)*", f"• {t2} — Devon Builder", f"• {t3} — Quinn Tester",  # all three Monday
                    f"• {t6} — Dana Developer", f"• {t1} — Dana Developer"),  # 19:00, so by id; T1 6 days ago
            section("*Moved to QA (1)*", f"• {t3} — Quinn Tester"),
            section("*Failed QA (1)*", f"• {t6} — Dana Developer"),
            section("*Overdue (1)*", f"• {t1} — Dana Developer, overdue by 3d"),
            section("*Due soon (1)*", f"• {t4} — nobody, due Wed 25 Nov"),
            section("*Stale (1)*", f"• {t1} — Dana Developer, no update for 6d"),
            section("*Unassigned (1)*", f"• {t4}, due Wed 25 Nov"),
            section("*Per assignee* (open · completed)", "• Dana Developer: 2 open, 0 completed",
                    "• Devon Builder: 1 open, 1 completed", "• Quinn Tester: 1 open, 0 completed"),
            section("*Pull requests merged (1)*", f"• <{pr}/9|demo/webapp#9> CU-T5 Onboarding copy — Devon Builder"),
            section("*Waiting for review (1)*",
                    f"• <{pr}/8|demo/webapp#8> Speed up search — Dana Developer, waiting 21h"),
        ]
        assert w.slack.api_calls("files.getUploadURLExternal") == []  # daily reports have no chart
        w.pmbot.drain()
        assert len(w.slack.messages(DAILY)) == 1


def section(*lines: str) -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}


def test_weekly_report_in_its_channel__uploads_the_chart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with reports_world(tmp_path, monkeypatch) as w:
        act(w)
        command(w, "", WEEKLY)  # no name: this channel's report
        w.pmbot.drain()
        [posted] = w.slack.messages(WEEKLY)
        assert posted.blocks[0]["text"]["text"] == "Weekly report"  # type: ignore[index]
        # The window of a first weekly report is the week since the last Friday 16:00 (team timezone).
        assert posted.blocks[2]["elements"][0]["text"] == (  # type: ignore[index]
            "Fri 20 Nov 16:00 → Tue 24 Nov 16:00 (Europe/Berlin) · 8 tasks in scope")
        [upload] = w.slack.api_calls("files.completeUploadExternal")
        assert upload["channel_id"] == WEEKLY
        [file] = w.slack.files.values()
        assert (file.filename, file.channels, file.title) == (
            "weekly-2026-11-24.png", [WEEKLY], "Weekly report — completed vs created, open work by status")
        image = Image.open(io.BytesIO(file.content or b""))
        assert (image.format, image.size) == ("PNG", (1000, 420))
        # The chart plots exactly the workspace: Saturday T8 was created, on Tuesday T4 was created and T5 and
        # T8 were finished; one open task in each of five statuses (the drawing itself: test_chart).
        days = [date(2026, 11, 18) + timedelta(days=i) for i in range(7)]
        counts = {date(2026, 11, 21): (0, 1), date(2026, 11, 24): (2, 1)}
        expected = render([(d, *counts.get(d, (0, 0))) for d in days],
                          [(s, 1) for s in ("in progress", "in review", "in testing", "needs fix", "to do")],
                          file.title or "")
        assert file.content == expected.png


def test_unknown_report_and_a_channel_without_one_answer_privately(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with reports_world(tmp_path, monkeypatch) as w:
        command(w, "nightly", DAILY)
        command(w, "", "C0QA")
        w.pmbot.drain()
        assert w.slack.responses() == [
            {"text": "There is no report `nightly`. Reports: `daily`, `weekly`.", "response_type": "ephemeral"},
            {"text": "No report is posted in this channel. Name one: `/report NAME` (reports: `daily`, `weekly`).",
             "response_type": "ephemeral"},
        ]
        assert w.slack.api_calls("chat.postMessage") == []
