"""GitHub sync on either tracker: a pull request names an issue key (`ENG-42`) in its branch and title, and the task
is linked and moved; on Jira the move is a workflow transition, and a move the workflow does not offer is said on
the pull request. Real payloads, signed, through POST /webhooks/github; each tracker simulator's requests compared
exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.team import TeamConfig
from integrations.jira.adf import to_adf
from tests.agents.github_sync.github_sync_support import PEOPLE, REPO, fixture
from tests.support.jira_world import TRACKERS, JiraWorld, jira_world, task_id, tracker_world, tracker_writes
from tests.support.world import SeedTask

TEAM = TeamConfig.model_validate({"people": [{**p, "jira": f"acc-{p['name'].lower()}"} for p in PEOPLE],
                                  "github_sync": {"repos": [REPO]}})
PR_URL = "https://github.com/Codertocat/Hello-World/pull/2"
LINKED = (f"Pull request {REPO}#2 “ENG-42 Search by name” by Codertocat is linked to this task: {PR_URL} — pmbot")


def seeds(status: str) -> list[SeedTask]:
    return [SeedTask("T1", "Coupons", "in progress", ("101",)),
            SeedTask("86a1b2c3", "Search", status, ("101",), custom_id="ENG-42")]


@pytest.mark.parametrize("tracker", TRACKERS)
def test_pull_request_names_an_issue_key__linked_once_and_moved_to_in_review(tmp_path: Path, tracker: str) -> None:
    with tracker_world(tracker, tmp_path, TEAM, tasks=seeds("in progress"), repos=[REPO], channels=(),
                       settle_rounds=3) as w:
        opened = fixture("pull_request.opened", title="ENG-42 Search by name", body="Fixes #12.",
                         head_ref="feature/eng-42-search")
        assert w.deliver("pull_request", opened, "d-opened").status_code == 200
        w.deliver("pull_request", opened, "d-opened-again")  # "Redeliver" with a fresh id: nothing twice
        task = task_id(w, "86a1b2c3")
        if isinstance(w, JiraWorld):
            assert tracker_writes(w) == [
                ("POST", f"/rest/api/3/issue/{task}/comment", {"body": to_adf(LINKED)}),
                ("POST", f"/rest/api/3/issue/{task}/transitions", {"transition": {"id": "21"}}),  # Submit for review
            ]
            # Only issue keys are references on Jira: `#12` (a GitHub issue) is never looked up.
            assert [r.path for r in w.jira.calls("GET", "/rest/api/3/issue/*") if "12" in r.path.split("/")[-1]] == []
            assert w.jira.find("ENG-42")["status"] == "In Review"
        else:
            assert tracker_writes(w) == [
                ("POST", f"/api/v2/task/{task}/comment", {"comment_text": LINKED, "notify_all": False}),
                ("PUT", f"/api/v2/task/{task}", {"status": "in review"}),
            ]
            assert len(w.clickup.calls("GET", "/api/v2/task/12")) == 1  # `#12` could be a ClickUp id: asked once
        assert w.kv(f"links:task:{task}") == [{"repo": REPO, "number": 2, "url": PR_URL, "author": "Codertocat",
                                               "title": "ENG-42 Search by name"}]


def test_merged_but_the_workflow_has_no_transition__the_pull_request_says_so_once(tmp_path: Path) -> None:
    repo, number = "robvanderleek/create-issue-branch", 117  # the repository of the `closed` example payload
    with jira_world(tmp_path, TEAM, tasks=seeds("to do"), repos=[REPO], channels=(), settle_rounds=3) as w:
        w.github.add_pull(repo, number, "Revert", "Codertocat", "feature/ENG-42", state="closed", merged=True)
        merged = fixture("pull_request.closed", head_ref="feature/ENG-42", author="Codertocat")
        w.deliver("pull_request", merged, "d-merged")
        w.deliver("pull_request", merged, "d-merged-again")
        issue = w.issue_id("86a1b2c3")
        # Linked; no transition attempted: "To Do" leads only to "In Progress" in this workflow.
        assert [(m, p) for m, p, _ in tracker_writes(w)] == [("POST", f"/rest/api/3/issue/{issue}/comment")]
        assert w.jira.find("ENG-42")["status"] == "To Do"
        assert w.github.comments_on(repo, number) == [
            f"[ENG-42]({w.jira.base_url}/browse/ENG-42) was not moved to `ready for testing`: the tracker's "
            "workflow has no transition to it from `To Do` (from there it can go to `In Progress`). Move it by hand, "
            "or add the transition to the workflow. — pmbot"]
        row = w.pmbot.call(w.pmbot.runtime.store.actions.get, f"gh.move:{issue}:ready for testing:{repo}#{number}")
        assert (row["kind"], row["status"], row["error"]) == (
            "jira.update_task", "failed",
            "NoTransition: ENG-42 cannot move from 'To Do' to 'ready for testing' (reachable: In Progress)")
