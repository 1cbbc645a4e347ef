"""Every rule event, set off the way the platforms set it off (signed ClickUp and GitHub webhooks from the
simulators, a scheduler tick), each rule posting what it heard; compared with what Slack recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.agents.rules.rules_support import rules_team
from tests.support.world import SeedTask, World, world

REPO = "acme/webapp"
EVENTS = ["task.created", "task.status_changed", "task.priority_changed", "task.assignee_added",
          "task.due_date_changed", "task.tag_added", "task.commented", "pr.opened", "pr.merged", "ci.failed"]


def announce(event: str, **when: Any) -> dict[str, Any]:
    conditions = [{"field": "status", "op": "eq", "value": "in review"}] if event == "task.status_changed" else []
    text = event + " by {{event.actor}}: {{event.summary}}"
    return {"name": event.replace(".", "-").replace("_", "-"), "when": {"event": event, **when}, "if": conditions,
            "then": [{"do": "post", "channel": "C0QA", "text": text}]}


def channel(w: World) -> list[str]:
    return [m.text for m in w.slack.messages("C0QA")]


def test_every_event_sets_off_its_rule(tmp_path: Path) -> None:
    rules = [announce(e) for e in EVENTS]
    rules.append({"name": "weekly", "when": {"event": "schedule", "cron": "0 9 * * 1"},
                  "then": [{"do": "post", "channel": "C0QA", "text": "Weekly planning"}]})
    rules.append({"name": "thank-pr", "when": {"event": "pr.opened"}, "if": [],
                  "then": [{"do": "comment", "text": "Thanks {{event.actor}}: {{pr.title}}"}]})
    with world(tmp_path, rules_team(rules), tasks=[SeedTask("T1", "Coupons", "in progress", ("301",))],
               repos=[REPO]) as w:
        url = "https://app.clickup.com/t/T1"
        created = w.clickup.human_create("L1", "101", "Billing page")
        w.settle()
        w.clickup.human_update("T1", "101", status="in review")
        w.clickup.human_update("T1", "101", priority=2)
        w.clickup.human_update("T1", "101", add_assignees=["102"])
        due = int(datetime(2026, 12, 1, 12, 0, tzinfo=UTC).timestamp() * 1000)
        w.clickup.human_update("T1", "101", due_date=due)
        w.clickup.human_tag("T1", "102", "Hotfix")
        w.clickup.human_comment("T1", "102", "Looks good")
        w.settle()
        w.github.add_pull(REPO, 7, "Coupon API", "dana-dev", "feature/coupons")
        w.deliver("pull_request", w.github.pull_request_payload("opened", REPO, 7), "d-opened")
        w.github.merge(REPO, 7)
        w.deliver("pull_request", w.github.pull_request_payload("closed", REPO, 7), "d-merged")
        sha = w.github.pull(REPO, 7)["head"]["sha"]
        suite = w.github.check_suite_payload(REPO, sha, "github-actions", "failure", [7])
        w.deliver("check_suite", suite, "d-ci")
        w.tick("rules.weekly")
        pr = w.github.pull(REPO, 7)["html_url"]
        assert w.github.comments_on(REPO, 7) == ["Thanks Dana Developer: Coupon API"]
        assert channel(w) == [
            f"task.created by Dana Developer: Billing page was created — https://app.clickup.com/t/{created['id']}",
            f"task.status_changed by Dana Developer: Coupons moved to in review — {url}",
            f"task.priority_changed by Dana Developer: Coupons is now high priority — {url}",
            f"task.assignee_added by Dana Developer: Coupons was assigned to Devon Builder — {url}",
            f"task.due_date_changed by Dana Developer: Coupons has a new due date (2026-12-01) — {url}",
            f"task.tag_added by Devon Builder: Coupons was tagged hotfix — {url}",
            f"task.commented by Devon Builder: Devon Builder commented on Coupons: “Looks good” — {url}",
            f"pr.opened by Dana Developer: Dana Developer opened {REPO}#7 Coupon API — {pr}",
            f"pr.merged by Dana Developer: {REPO}#7 Coupon API was merged — {pr}",
            f"ci.failed by acme: CI failed on {REPO} {sha[:7]} — {suite['check_suite']['url']}",
            "Weekly planning",
        ]
