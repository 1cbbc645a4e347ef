"""GitHub sync, linking and status moves: real payloads, signed, through POST /webhooks/github; the ClickUp
and Slack simulators' recorded calls compared exactly."""

from __future__ import annotations

from pathlib import Path

from tests.agents.github_sync.github_sync_support import REPO, fixture, github_world
from tests.support.platforms import comment_texts, dm_texts, put_bodies

PR_URL = "https://github.com/Codertocat/Hello-World/pull/2"
LINKED_T1 = (f"Pull request {REPO}#2 “CU-T1 Apply coupon codes” by Codertocat is linked to this task: {PR_URL}"
             " — pmbot")


def opened(**changes: object) -> dict:
    fields = {"title": "CU-T1 Apply coupon codes", "body": "Fixes #12 (the GitHub issue). Also ENG-42."}
    return fixture("pull_request.opened", **{**fields, **changes})


def test_pull_request_opened__links_tasks_comments_once_and_moves_to_in_review(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        answer = w.deliver("pull_request", opened(), "d-opened")
        assert answer.status_code == 200
        assert put_bodies(w.clickup, "T1") == [{"status": "in review"}]
        assert put_bodies(w.clickup, "86a1b2c3") == [{"status": "in review"}]
        assert comment_texts(w.clickup, "T1") == [LINKED_T1]
        assert comment_texts(w.clickup, "86a1b2c3") == [LINKED_T1]
        # `#12` was tried as a ClickUp id and is not one: nothing written for it.
        assert [r.path for r in w.clickup.calls("GET", "/api/v2/task/12")] == ["/api/v2/task/12"]
        assert [r.query.get("custom_task_ids") for r in w.clickup.calls("GET", "/api/v2/task/ENG-42")] == [["true"]]
        link = {"repo": REPO, "number": 2, "url": PR_URL, "author": "Codertocat", "title": "CU-T1 Apply coupon codes"}
        assert w.kv("links:task:T1") == [link]
        assert w.kv("links:task:86a1b2c3") == [link]
        assert w.clickup.task("T1")["status"]["status"] == "in review"


def test_redelivery_and_later_events__no_second_comment_or_move_link_updated(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        w.deliver("pull_request", opened(), "d-opened")
        again = w.deliver("pull_request", opened(), "d-opened")
        assert again.json()["duplicates"] == 1
        w.deliver("pull_request", fixture("pull_request.ready_for_review", title="CU-T1 Apply coupon codes"), "d-ready")
        renamed = fixture("pull_request.synchronize", title="CU-T1 Coupon codes at checkout", body=None)
        w.deliver("pull_request", renamed, "d-sync")
        assert put_bodies(w.clickup, "T1") == [{"status": "in review"}]
        assert comment_texts(w.clickup, "T1") == [LINKED_T1]
        assert w.kv("links:task:T1") == [{"repo": REPO, "number": 2, "url": PR_URL, "author": "Codertocat",
                                         "title": "CU-T1 Coupon codes at checkout"}]
        # later events reuse what was already looked up: `#12` and ENG-42 are not asked again
        assert len(w.clickup.calls("GET", "/api/v2/task/12")) == 1
        assert len(w.clickup.calls("GET", "/api/v2/task/ENG-42")) == 1


def test_merged__ready_for_testing_then_the_qa_router_hands_off_with_the_pr_author_known(tmp_path: Path) -> None:
    with github_world(tmp_path, t1_status="in review") as w:
        merged = fixture("pull_request.closed", head_ref="feature/CU-T1-coupons", author="Codertocat")
        w.deliver("pull_request", merged, "d-merged")
        url = "https://github.com/robvanderleek/create-issue-branch/pull/117"
        assert put_bodies(w.clickup) == [
            {"status": "ready for testing"},
            {"status": "in testing", "assignees": {"add": [201], "rem": [101]}},
        ]
        assert comment_texts(w.clickup) == [
            "Pull request robvanderleek/create-issue-branch#117 “Revert \"Update README.md\"” by Codertocat is "
            f"linked to this task: {url} — pmbot",
            "Assigned to Quinn for testing — pmbot",
        ]
        assert dm_texts(w.slack, "U0QUINN") == [
            "You have a task to test: <https://app.clickup.com/t/T1|Coupons>\nBuilt by: Dana\n"
            f"Pull requests: <{url}|robvanderleek/create-issue-branch#117> Revert \"Update README.md\""
        ]
        w.deliver("pull_request", merged, "d-merged-again")  # GitHub's "Redeliver" with a fresh id
        assert len(put_bodies(w.clickup)) == 2 and len(comment_texts(w.clickup)) == 2


def test_moves_only_forward__a_task_in_testing_is_not_dragged_back(tmp_path: Path) -> None:
    with github_world(tmp_path, t1_status="in testing") as w:
        w.deliver("pull_request", opened(body=""), "d-opened")
        w.deliver("pull_request", fixture("pull_request.closed", head_ref="feature/CU-T1"), "d-merged")
        assert put_bodies(w.clickup) == []
        assert comment_texts(w.clickup)[0] == LINKED_T1
        assert w.clickup.task("T1")["status"]["status"] == "in testing"


def test_draft_opened__linked_but_not_moved_until_ready_for_review(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        w.deliver("pull_request", opened(body="", draft=True), "d-draft")
        assert put_bodies(w.clickup) == [] and comment_texts(w.clickup) == [LINKED_T1]
        w.deliver("pull_request", fixture("pull_request.ready_for_review", title="CU-T1 Apply coupon codes"),
                  "d-ready")
        assert put_bodies(w.clickup) == [{"status": "in review"}]


def test_closed_without_merge__comment_only(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        payload = fixture("pull_request.closed", merged=False, title="Try coupons", head_ref="cu-T1-try")
        w.deliver("pull_request", payload, "d-closed")
        url = "https://github.com/robvanderleek/create-issue-branch/pull/117"
        assert put_bodies(w.clickup) == []
        assert comment_texts(w.clickup) == [
            f"Pull request robvanderleek/create-issue-branch#117 “Try coupons” by robvanderleek is linked to this "
            f"task: {url} — pmbot",
            f"Pull request robvanderleek/create-issue-branch#117 “Try coupons” was closed without merging: {url}"
            " — pmbot",
        ]


def test_push__commit_reference_links_the_branch_pull_request(tmp_path: Path) -> None:
    with github_world(tmp_path) as w:
        push = fixture("push")
        push["ref"] = "refs/heads/changes"
        push["commits"][0]["message"] = "Apply coupon codes\n\nRefs CU-T1"
        w.deliver("push", push, "d-push")
        assert comment_texts(w.clickup) == []  # no pull request for the branch yet
        w.deliver("pull_request", fixture("pull_request.opened", title="Coupons", body=None), "d-opened")
        assert comment_texts(w.clickup) == [LINKED_T1.replace("CU-T1 Apply coupon codes", "Coupons")]
        assert put_bodies(w.clickup) == [{"status": "in review"}]
        push["commits"][0]["message"] = "Search too: ENG-42"
        push["commits"][0]["id"] = "f" * 40
        w.deliver("push", push, "d-push-2")  # the branch's PR is known now: linked at once
        assert comment_texts(w.clickup, "86a1b2c3") == [LINKED_T1.replace("CU-T1 Apply coupon codes", "Coupons")]
