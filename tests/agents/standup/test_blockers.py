"""A blocker reported on two consecutive standups (same text, or the same linked task) reaches the lead by
DM and, where a task is linked, gets one comment on it; a third day in a row does not repeat either."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.agents.standup.standup_support import at, channel_messages, standup_team, standup_world
from tests.support.platforms import comment_texts, dm_texts
from tests.support.world import SeedTask

MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
LINK = "<https://app.clickup.com/t/T1|Coupons>"


def test_a_repeated_blocker_escalates_once(tmp_path: Path) -> None:
    tasks = [SeedTask("T1", "Coupons", "in progress", ("112",))]
    with standup_world(tmp_path, standup_team(members=["Ben"]), tasks=tasks, start=MONDAY) as w:
        said = ["done: checkout next: coupons blockers: waiting on CU-T1 API keys",
                "done: tests next: coupons blockers: still blocked by https://app.clickup.com/t/T1 (no keys)",
                "done: docs next: coupons blockers: still no keys for CU-T1"]
        for n, text in enumerate(said):
            day = MONDAY + timedelta(days=n)
            at(w, day.replace(hour=8, minute=30))
            w.slash(text, "U0BEN", command="/standup")
            at(w, day.replace(hour=10, minute=0), summary=True)
        assert dm_texts(w.slack, "U0LEE") == [
            "Standup: Ben has reported the same blocker on consecutive standups (Monday 23 November → Tuesday "
            f"24 November): “still blocked by https://app.clickup.com/t/T1 (no keys)” ({LINK}).",
        ]
        assert comment_texts(w.clickup, "T1") == [
            "Ben reported this task as blocking on consecutive standups since Monday 23 November: "
            "“still blocked by https://app.clickup.com/t/T1 (no keys)” — pmbot",
        ]
        summaries = [m.text.splitlines()[2] for m in channel_messages(w) if not m.thread_ts]
        assert summaries == [f"• Ben: waiting on CU-T1 API keys ({LINK})",
                             f"• Ben: still blocked by https://app.clickup.com/t/T1 (no keys) ({LINK})",
                             f"• Ben: still no keys for CU-T1 ({LINK})"]


def test_a_blocker_that_changes_does_not_escalate(tmp_path: Path) -> None:
    with standup_world(tmp_path, standup_team(members=["Ben"]), start=MONDAY) as w:
        for n, blocker in enumerate(["the staging database is down", "waiting for design", "none"]):
            day = MONDAY + timedelta(days=n)
            at(w, day.replace(hour=8, minute=30))
            w.slash(f"done: work blockers: {blocker}", "U0BEN", command="/standup")
        at(w, MONDAY + timedelta(days=3, hours=1, minutes=30))
        w.slash("done: work blockers: waiting for design", "U0BEN", command="/standup")  # not consecutive
        assert dm_texts(w.slack, "U0LEE") == []
