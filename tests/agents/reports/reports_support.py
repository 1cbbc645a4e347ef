"""A team with a daily and a weekly report, the test world seeded with a known workspace (every timestamp
fixed relative to the report's time), and the ClickUp simulator's clock tied to the test clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agents.team import TeamConfig
from tests.support.world import World, world

REPO = "demo/webapp"
DAILY, WEEKLY = "C0REPORTS", "C0WEEKLY"
MOVED = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # Monday 19:00 in Berlin: after Monday's 17:00 report
REPORTED = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 16:00 in Berlin
PEOPLE: list[dict[str, Any]] = [
    {"name": "Dana Developer", "slack": "U0DANA", "clickup": "101", "github": "dana-dev", "roles": ["developer"]},
    {"name": "Devon Builder", "slack": "U0DEVON", "clickup": "102", "github": "devon-b", "roles": ["developer"]},
    {"name": "Quinn Tester", "slack": "U0QUINN", "clickup": "201", "roles": ["qa"]},
    {"name": "Lee Lead", "slack": "U0LEE", "clickup": "301", "roles": ["lead"]},
]
REPORTS: list[dict[str, Any]] = [
    {"name": "daily", "scope": {"lists": ["L1"], "repos": [REPO]}, "cadence": "daily 17:00",
     "timezone": "Europe/Berlin", "channel": DAILY, "focus": "Call out anything blocking the release",
     "stale_after": "5d"},
    {"name": "weekly", "scope": {"lists": ["L1"], "repos": [REPO]}, "cadence": "weekly fri 16:00",
     "channel": WEEKLY},
]


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def reports_team(reports: list[dict[str, Any]] | None = None, **extra: Any) -> TeamConfig:
    return TeamConfig.model_validate({
        "people": PEOPLE, "schedules": {"timezone": "Europe/Berlin"},
        "channels": {"qa": "C0QA", "standup": "C0STANDUP"},
        "qa_router": {"lists": ["L1"], "remind_after": "12h"}, "github_sync": {"repos": [REPO]},
        "reports": REPORTS if reports is None else reports, **extra,
    })


@contextmanager
def reports_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, team: TeamConfig | None = None, *,
                  start: datetime = MOVED, **settings: Any) -> Iterator[World]:
    with world(tmp_path, team or reports_team(), tasks=[], repos=[REPO], channels=(DAILY, WEEKLY, "C0QA", "C0STANDUP"),
               start=start, settle_rounds=3, **settings) as w:
        # ClickUp stamps changes with its own clock; here that is the test's clock.
        monkeypatch.setattr("integrations.clickup.sim.api.now_ms", lambda: ms(w.clock.now()))
        yield w


def seed_workspace(w: World) -> None:
    """Eight tasks whose every date is fixed relative to REPORTED (see test_reports_road for what each shows)."""
    add = w.clickup.add_task
    r = REPORTED
    add("T1", "Checkout: apply coupon codes", "L1", "in progress", ["101"], due_date=ms(r - timedelta(days=3)),
        date_updated=ms(r - timedelta(days=6)), date_created=ms(r - timedelta(days=20)))
    add("T2", "Profile page redesign", "L1", "in review", ["102"], date_updated=ms(r - timedelta(days=1)),
        date_created=ms(r - timedelta(days=10)))
    add("T3", "Fix flaky login test", "L1", "in progress", ["101"], date_updated=ms(r - timedelta(days=2)),
        date_created=ms(r - timedelta(days=12)))
    add("T4", "Rate-limit the public API", "L1", "to do", [], due_date=ms(r + timedelta(days=1)),
        date_updated=ms(r - timedelta(hours=2)), date_created=ms(r - timedelta(hours=2)))
    add("T5", "Onboarding e-mail copy", "L1", "done", ["102"], date_updated=ms(r - timedelta(hours=5)),
        date_created=ms(r - timedelta(days=8)), date_done=ms(r - timedelta(hours=5)))
    add("T6", "Search page", "L1", "in testing", ["101", "201"], date_updated=ms(r - timedelta(days=1)),
        date_created=ms(r - timedelta(days=9)))
    add("T7", "Old launch checklist", "L1", "done", ["101"], date_updated=ms(r - timedelta(days=10)),
        date_created=ms(r - timedelta(days=30)))
    add("T8", "Archive old logs", "L1", "closed", [], date_updated=ms(r - timedelta(hours=2)),
        date_created=ms(r - timedelta(days=3)), date_done=ms(r - timedelta(hours=2)))


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def github_activity(w: World) -> None:
    """PR #7 (CU-T2) opened with failing CI, PR #8 waiting for Devon's review, PR #9 (CU-T5) merged."""
    gh = w.github
    gh.add_pull(REPO, 7, "CU-T2 Profile page redesign", "devon-b", "feature/profile")
    gh.add_pull(REPO, 8, "Speed up search", "dana-dev", "feature/search", requested_reviewers=["devon-b"])
    gh.add_pull(REPO, 9, "CU-T5 Onboarding copy", "devon-b", "feature/onboarding")
    w.deliver("pull_request", gh.pull_request_payload("opened", REPO, 7), "d-open-7")
    sha = gh.pull(REPO, 7)["head"]["sha"]
    w.deliver("check_suite", gh.check_suite_payload(REPO, sha, "tests", "failure", [7]), "d-ci-7")
    requested = gh.pull_request_payload("review_requested", REPO, 8)
    requested["requested_reviewer"] = {"login": "devon-b", "id": 3, "type": "User"}
    w.deliver("pull_request", requested, "d-review-8")
    gh.merge(REPO, 9)
    merged = gh.pull_request_payload("closed", REPO, 9)
    merged["pull_request"]["updated_at"] = merged["pull_request"]["merged_at"] = iso(w.clock.now())
    w.deliver("pull_request", merged, "d-merge-9")
