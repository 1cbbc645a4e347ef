"""Review reminders: a DM at once, then once a working day after `review_remind_after` working hours, until
the review is in, the request is re-made (clock restarts) or the pull request closes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.agents.github_sync.github_sync_support import REPO, GitHubWorld, fixture, github_world
from tests.support.platforms import dm_texts

PR = f"<https://github.com/{REPO}/pull/2|{REPO}#2 “CU-T1 Apply coupon codes”>"
ASKED = f"Review requested: {PR} by Codertocat. Task: <https://app.clickup.com/t/T1|Coupons>."
THU_10 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # Monday 10:00 + 24 working hours (09-17, Mon-Fri)


def requested(**changes: Any) -> dict[str, Any]:
    return fixture("pull_request.review_requested", title="CU-T1 Apply coupon codes", **changes)


def sweep_at(w: GitHubWorld, when: datetime) -> None:
    w.clock.set(when)
    w.pmbot.tick("due_sweep")
    w.settle()


def reviewed_by(login: str) -> dict[str, Any]:
    payload = fixture("pull_request_review.submitted", title="CU-T1 Apply coupon codes")
    payload["review"]["user"]["login"] = login
    return payload


def open_pull(w: GitHubWorld) -> None:
    w.github.add_pull(REPO, 2, "CU-T1 Apply coupon codes", "Codertocat", "changes", requested_reviewers=["octocat"])


def test_review_requested__dm_at_once_then_once_a_working_day_until_reviewed(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        open_pull(w)
        w.deliver("pull_request", requested(), "d-req")
        w.deliver("pull_request", requested(), "d-req")  # redelivery
        assert dm_texts(w.slack, "U0OLLY") == [ASKED]
        sweep_at(w, THU_10.replace(hour=9, minute=59))
        assert dm_texts(w.slack, "U0OLLY") == [ASKED]
        sweep_at(w, THU_10)
        sweep_at(w, THU_10.replace(hour=16))
        assert dm_texts(w.slack, "U0OLLY") == [ASKED, f"Reminder #1: your review of {PR} has been pending for 3d."]
        sweep_at(w, datetime(2026, 11, 27, 10, 0, tzinfo=UTC))  # Friday: the next working day
        sweep_at(w, datetime(2026, 11, 28, 10, 0, tzinfo=UTC))  # Saturday: nothing
        assert dm_texts(w.slack, "U0OLLY")[2:] == [f"Reminder #2: your review of {PR} has been pending for 4d."]
        w.github.add_review(REPO, 2, "octocat", "approved")
        w.deliver("pull_request_review", reviewed_by("octocat"), "d-review")
        sweep_at(w, datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
        sweep_at(w, datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
        assert len(dm_texts(w.slack, "U0OLLY")) == 3


def test_review_re_requested__dm_again_and_the_clock_restarts(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        open_pull(w)
        w.deliver("pull_request", requested(), "d-req-1")
        w.clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))  # Wednesday
        w.deliver("pull_request", requested(updated_at="2026-11-25T10:00:00Z"), "d-req-2")  # a new body
        assert dm_texts(w.slack, "U0OLLY") == [ASKED, ASKED]
        sweep_at(w, THU_10)
        assert len(dm_texts(w.slack, "U0OLLY")) == 2
        sweep_at(w, datetime(2026, 11, 30, 10, 0, tzinfo=UTC))  # Wednesday 10:00 + 24 working hours
        assert dm_texts(w.slack, "U0OLLY")[2:] == [f"Reminder #1: your review of {PR} has been pending for 5d."]


def test_review_reminder__live_state_checked_review_missed_by_webhooks_or_pr_closed(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        open_pull(w)
        w.deliver("pull_request", requested(), "d-req")
        w.github.add_review(REPO, 2, "octocat", "commented")  # its webhook never arrives
        sweep_at(w, THU_10)
        assert dm_texts(w.slack, "U0OLLY") == [ASKED]
        calls = [r.path for r in w.github.calls("GET")]
        assert f"/repos/{REPO}/pulls/2" in calls


def test_review_reminder__stops_when_the_pull_request_closes(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        open_pull(w)
        w.deliver("pull_request", requested(), "d-req")
        w.github.close(REPO, 2)
        closed = fixture("pull_request.closed", merged=False)
        closed["repository"]["full_name"] = REPO
        closed["number"] = closed["pull_request"]["number"] = 2
        w.deliver("pull_request", closed, "d-closed")
        sweep_at(w, THU_10)
        assert dm_texts(w.slack, "U0OLLY") == [ASKED]
        assert w.kv(f"gh:review:{REPO}#2:octocat")["open"] is False
