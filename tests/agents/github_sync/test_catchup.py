"""Catch-up: the reconciliation tick finds pull requests whose webhooks never came and applies the same
idempotent actions; a webhook arriving after the catch-up changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.agents.github_sync.github_sync_support import REPO, github_world
from tests.support.platforms import comment_texts, dm_texts, put_bodies


def test_reconcile__missed_open_and_merge_applied_once_late_webhooks_change_nothing(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        w.tick("reconcile")  # first run: remembers which pull requests are open
        w.github.add_pull(REPO, 7, "Coupons at checkout", "Codertocat", "feature/CU-T1-coupons")
        w.tick("reconcile")
        link = w.kv("links:task:T1")
        assert [(entry["repo"], entry["number"], entry["author"]) for entry in link] == [(REPO, 7, "Codertocat")]
        pr_url = link[0]["url"]
        linked = (f"Pull request {REPO}#7 “Coupons at checkout” by Codertocat is linked to this task: {pr_url}"
                  " — pmbot")
        assert comment_texts(w.clickup) == [linked]
        assert put_bodies(w.clickup) == [{"status": "in review"}]

        # GitHub's delivery of the same opening arrives late: same action keys, nothing twice.
        w.deliver("pull_request", w.github.pull_request_payload("opened", REPO, 7), "d-late-open")
        assert comment_texts(w.clickup) == [linked] and put_bodies(w.clickup) == [{"status": "in review"}]

        w.github.merge(REPO, 7)  # ... and the merge webhook is lost
        w.tick("reconcile")
        assert put_bodies(w.clickup) == [
            {"status": "in review"},
            {"status": "ready for testing"},
            {"status": "in testing", "assignees": {"add": [201], "rem": [101]}},
        ]
        w.deliver("pull_request", w.github.pull_request_payload("closed", REPO, 7), "d-late-merge")
        w.tick("reconcile")
        assert len(put_bodies(w.clickup)) == 3
        assert comment_texts(w.clickup) == [linked, "Assigned to Quinn for testing — pmbot"]
        assert len(dm_texts(w.slack, "U0QUINN")) == 1


def test_webhook_first_then_reconcile__no_catch_up_copy(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        w.tick("reconcile")
        w.github.add_pull(REPO, 8, "CU-T1 coupons", "Codertocat", "feature/coupons")
        w.deliver("pull_request", w.github.pull_request_payload("opened", REPO, 8), "d-open-8")
        w.github.merge(REPO, 8)
        w.deliver("pull_request", w.github.pull_request_payload("closed", REPO, 8), "d-merge-8")
        w.tick("reconcile")
        w.tick("reconcile")
        assert put_bodies(w.clickup)[:2] == [{"status": "in review"}, {"status": "ready for testing"}]
        assert len(put_bodies(w.clickup)) == 3 and len(comment_texts(w.clickup)) == 2
