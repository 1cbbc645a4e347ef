"""Every GitHub event kind is handled, ignored or logged as unsupported with a 2xx — odd payloads included —
and the GitHub sync never fails on one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.agents.github_sync.github_sync_support import GitHubWorld, fixture, github_world
from tests.conftest import FIXTURES
from tests.support.platforms import comment_texts, put_bodies


def odd_deliveries() -> list[tuple[str, Any]]:
    null_body = fixture("pull_request.opened", body=None, title=None)
    no_sender = fixture("pull_request.ready_for_review", title="CU-T1 coupons")
    del no_sender["sender"]
    tag_push = fixture("push")
    tag_push.update(ref="refs/tags/v1.0.0", commits=[], head_commit=None, created=True)
    deleted_branch = fixture("push")
    deleted_branch.update(ref="refs/heads/CU-T1-gone", commits=[], head_commit=None, deleted=True,
                          after="0" * 40)
    null_messages = fixture("push")
    null_messages["commits"] = [{"id": None, "message": None, "author": None}, "not an object", None]
    bad_pr = fixture("pull_request.opened")
    bad_pr["pull_request"]["number"] = "not-a-number"
    no_reviewer = fixture("pull_request.review_requested", title="CU-T1 coupons")
    no_reviewer["requested_reviewer"] = None
    no_reviewer["requested_team"] = {"name": "reviewers", "slug": "reviewers"}
    review_no_user = fixture("pull_request_review.submitted")
    review_no_user["review"]["user"] = None
    odd_ci = fixture("check_suite.completed")
    odd_ci["check_suite"].update(pull_requests=None, conclusion=None, head_sha=None)
    odd_run = fixture("workflow_run.completed")
    odd_run["workflow_run"].update(pull_requests=[{"number": None}, 3], conclusion="failure")
    no_repo = fixture("pull_request.opened")
    no_repo["repository"] = None
    return [
        ("sponsorship", {"action": "created", "sender": {"login": "someone"}}),
        ("totally_made_up_event", {"zen": "?"}),
        ("", {"action": "opened"}),
        ("security_advisory", {"action": "published", "security_advisory": {}}),
        ("pull_request", {"action": "opened", "pull_request": {}, "repository": {}}),
        ("pull_request", {"action": "labeled", "pull_request": {"number": 1}, "repository": {"full_name": "a/b"}}),
        ("pull_request", null_body),
        ("pull_request", no_sender),
        ("pull_request", bad_pr),
        ("pull_request", no_reviewer),
        ("pull_request", no_repo),
        ("pull_request_review", review_no_user),
        ("push", tag_push),
        ("push", deleted_branch),
        ("push", null_messages),
        ("check_suite", odd_ci),
        ("workflow_run", odd_run),
        ("issue_comment", fixture("issue_comment.created")),
        ("ping", fixture("ping")),
        ("issues", fixture("issues.opened")),
    ]


def mismatched_deliveries() -> list[tuple[str, Any]]:
    """Bodies that are not the payload of the event their (unsigned) X-GitHub-Event header names."""
    no_pr = fixture("pull_request.closed")
    no_pr["pull_request"] = None
    return [
        ("pull_request", {}),
        ("pull_request", no_pr),
        ("issue_comment", {"action": "created", "issue": None, "comment": None}),
        ("pull_request", fixture("pull_request_review.submitted")),  # a review relabelled as a pull request event
        ("issue_comment", fixture("pull_request.opened")),
    ]


def assert_nothing_failed(w: GitHubWorld) -> None:
    rows = w.pmbot.call(w.pmbot.runtime.store.inbox.rows)
    for row in rows:
        assert row["status"] == "done", row["key"]
        runs = w.agent_runs(row["key"])
        assert set(runs.values()) <= {"done"}, (row["key"], runs)


def test_odd_payloads_and_unknown_events__2xx_and_no_agent_fails(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        for n, (event, payload) in enumerate(odd_deliveries()):
            answer = w.deliver(event, payload, f"d-odd-{n}")
            assert 200 <= answer.status_code < 300, (event, answer.status_code, answer.text)
        for n, (event, payload) in enumerate(mismatched_deliveries()):
            answer = w.deliver(event, payload, f"d-mismatch-{n}")
            assert answer.status_code == 400 and "does not match" in answer.json()["error"], (event, answer.text)
        for raw in (b"null", b"[1, 2]", b"not json", b""):
            answer = w.deliver("pull_request", None, f"d-raw-{raw!r}", raw=raw)
            assert answer.status_code == 400, (raw, answer.status_code)
        assert_nothing_failed(w)
        # a PR event without `sender` still links and moves: once, though two deliveries name CU-T1
        assert comment_texts(w.clickup) == [
            "Pull request Codertocat/Hello-World#2 “CU-T1 coupons” by Codertocat is linked to this task: "
            "https://github.com/Codertocat/Hello-World/pull/2 — pmbot"]
        assert put_bodies(w.clickup) == [{"status": "in review"}]


def test_every_real_payload__2xx_and_the_sync_does_not_fail(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        for path in sorted((FIXTURES / "github").glob("*.json")):
            answer = w.deliver(path.name.split(".")[0], json.loads(path.read_text()), f"d-{path.stem}")
            assert 200 <= answer.status_code < 300, path.name
        handled = [r["key"] for r in w.pmbot.call(w.pmbot.runtime.store.inbox.rows)]
        assert len(handled) == 10  # the issues.* and ping deliveries are known and ignored
        ran = sorted(k for k in handled if "github_sync" in w.agent_runs(k))
        assert ran == sorted(f"github:d-{name}" for name in (
            "check_suite.completed", "pull_request.closed", "pull_request.opened", "pull_request.ready_for_review",
            "pull_request.review_requested", "pull_request.synchronize", "pull_request_review.submitted",
            "push", "workflow_run.completed"))
        assert_nothing_failed(w)


def test_enterprise_urls__linked_with_the_enterprise_address(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        url = "https://github.example.com/shop/web/pull/31"
        payload = fixture("pull_request.opened", title="Coupons", body="CU-T1", html_url=url, number=31,
                          url="https://github.example.com/api/v3/repos/shop/web/pulls/31")
        payload["repository"].update(full_name="shop/web", html_url="https://github.example.com/shop/web")
        payload["number"] = 31
        answer = w.deliver("pull_request", payload, "d-ghe")
        assert answer.status_code == 200
        assert comment_texts(w.clickup) == [
            f"Pull request shop/web#31 “Coupons” by Codertocat is linked to this task: {url} — pmbot"]
        assert w.kv("links:task:T1")[0]["url"] == url
