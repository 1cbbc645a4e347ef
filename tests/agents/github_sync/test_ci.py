"""CI on a pull request linked to a task: failures DM the author with the run's link, in one thread; once
every failed run on that head commit has passed, the thread says it is green again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.agents.github_sync.github_sync_support import REPO, fixture, github_world

SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"  # the head of PR #2 in the octokit examples
PR_URL = f"https://github.com/{REPO}/pull/2"
PR = f"<{PR_URL}|{REPO}#2 “CU-T1 Apply coupon codes”>"
RUN_URL = "https://github.com/octo-org/octo-repo/actions/runs/289782451"


def check_suite(conclusion: str) -> dict[str, Any]:
    payload = fixture("check_suite.completed")
    payload["check_suite"]["conclusion"] = conclusion
    return payload


def workflow_run(conclusion: str) -> dict[str, Any]:
    payload = fixture("workflow_run.completed")
    payload["repository"]["full_name"] = REPO
    run = payload["workflow_run"]
    run.update(conclusion=conclusion, head_sha=SHA, name="Build")
    return payload


def test_ci_failed_then_green__one_dm_thread_to_the_pr_author(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        w.deliver("pull_request", fixture("pull_request.opened", title="CU-T1 Apply coupon codes"), "d-open")
        w.deliver("check_suite", check_suite("failure"), "d-cs-1")
        w.deliver("check_suite", check_suite("failure"), "d-cs-1")  # redelivery
        w.deliver("workflow_run", workflow_run("failure"), "d-wr-1")  # carries no pull_requests: found by SHA
        w.deliver("check_suite", check_suite("success"), "d-cs-2")  # the workflow still fails: not green yet
        w.deliver("workflow_run", workflow_run("success"), "d-wr-2")
        w.deliver("workflow_run", workflow_run("success"), "d-wr-3")
        messages = w.slack.dms("U0DANA")
        assert [(m.text, m.thread_ts) for m in messages] == [
            (f"CI failed on {PR}: <{PR_URL}/checks|octocoders-linter>.", None),
            (f"Also failing on the same commit: <{RUN_URL}|Build>.", messages[0].ts),
            (f"{REPO}#2 is green again.", messages[0].ts),
        ]


def test_ci_on_an_unlinked_pull_request_or_a_success_alone__no_message(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        w.deliver("pull_request", fixture("pull_request.opened"), "d-open")  # references no task
        w.deliver("check_suite", check_suite("failure"), "d-cs-1")
        w.deliver("pull_request", fixture("pull_request.synchronize",
                                          title="CU-T1 Apply coupon codes"), "d-sync")
        w.deliver("check_suite", check_suite("success"), "d-cs-2")  # nothing failed since it was linked
        w.deliver("check_suite", check_suite("neutral"), "d-cs-3")
        assert w.slack.dms("U0DANA") == []


def test_one_app_passing_does_not_clear_another_apps_failure(tmp_path: Path) -> None:
    """GitHub sends one check suite per app per commit: a linter passing says nothing about the tests."""
    with github_world(tmp_path) as w:
        w.deliver("pull_request", fixture("pull_request.opened", title="CU-T1 Apply coupon codes"), "d-open")
        suite = w.github.check_suite_payload
        w.deliver("check_suite", suite(REPO, SHA, "tests", "failure", [2]), "d-1")
        w.deliver("check_suite", suite(REPO, SHA, "linter", "success", [2]), "d-2")
        w.deliver("check_suite", suite(REPO, SHA, "linter", "failure", [2]), "d-3")
        w.deliver("check_suite", suite(REPO, SHA, "tests", "success", [2]), "d-4")  # tests fixed; linter still red
        assert [m.text for m in w.slack.dms("U0DANA")] == [
            f"CI failed on {PR}: <{PR_URL}/checks|tests>.",
            f"Also failing on the same commit: <{PR_URL}/checks|linter>.",
        ]
        rerun = suite(REPO, SHA, "linter", "success", [2])
        rerun["check_suite"]["updated_at"] = "2026-11-24T12:00:00Z"  # a re-run is a new body
        w.deliver("check_suite", rerun, "d-5")  # the same suite, re-run
        assert [m.text for m in w.slack.dms("U0DANA")][-1] == f"{REPO}#2 is green again."
        assert suite(REPO, SHA, "linter", "success")["check_suite"]["id"] == suite(REPO, SHA, "linter", "failure")[
            "check_suite"]["id"] != suite(REPO, SHA, "tests", "success")["check_suite"]["id"]
