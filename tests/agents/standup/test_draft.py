"""The draft in the morning prompt lists exactly the member's own activity since their last standup: tracker
changes they made (through the ClickUp simulator's signed webhooks), pull requests they opened, had merged
or reviewed and commits they pushed (GitHub deliveries, and the commits API for pushes no webhook brought)
— nothing from others, nothing older, every line linked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.agents.standup.standup_support import PEOPLE, at, dm, standup_team, standup_world
from tests.support.world import SeedTask, World

REPO = "acme/shop"
FRIDAY = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
MONDAY_PROMPT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
TASKS = [
    SeedTask("T1", "Coupons", "in progress", ("112",)),
    SeedTask("T2", "Search", "in progress", ("112",)),
    SeedTask("T3", "Billing", "in progress", ("111",)),
    SeedTask("T4", "Old thing", "in progress", ("112",)),
    SeedTask("T6", "Webhooks", "to do", ("112",)),
    SeedTask("T7", "Invoices", "in progress", ("111",)),
]
CU = "https://app.clickup.com/t"


def team() -> Any:
    people = [dict(p, timezone="Europe/Berlin") if p["name"] == "Ana" else p for p in PEOPLE]
    return standup_team(people=people, members=["Ana", "Ben"], repos=[REPO])


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def repository() -> dict[str, Any]:
    return {"full_name": REPO, "name": "shop", "owner": {"login": "acme"}}


def created(w: World, task: str, user: str) -> None:
    """ClickUp's taskCreated delivery (a first status and the creation, as ClickUp sends them)."""
    ms = str(int(w.clock.now().timestamp() * 1000))
    who = {"id": int(user), "username": user}
    items = [{"id": f"cs-{task}", "type": 1, "date": ms, "field": "status", "parent_id": "L1", "data": {},
              "source": None, "user": who, "before": {"status": None, "type": "removed"},
              "after": {"status": "to do", "type": "open"}},
             {"id": f"cc-{task}", "type": 1, "date": ms, "field": "task_creation", "parent_id": "L1", "data": {},
              "source": None, "user": who, "before": None, "after": None}]
    for payload in w.clickup.webhook_payloads(task, items, "taskCreated"):
        headers, body = w.clickup.signed(payload)
        assert httpx.post(f"{w.pmbot.url}/webhooks/clickup", content=body, headers=headers).status_code == 200
    w.pmbot.drain()


def review(w: World, number: int, reviewer: str, state: str) -> None:
    payload = w.github.pull_request_payload("submitted", REPO, number, sender=reviewer)
    payload["review"] = {"id": 900 + number, "user": {"login": reviewer}, "state": state,
                         "submitted_at": iso(w.clock.now())}
    w.deliver("pull_request_review", payload, f"review-{number}-{reviewer}")


def push(w: World, sender: str, branch: str, commits: list[tuple[str, str, str]]) -> None:
    payload = {"ref": f"refs/heads/{branch}", "repository": repository(), "sender": {"login": sender},
               "commits": [{"id": sha, "message": message, "author": {"name": login, "username": login}}
                           for sha, message, login in commits],
               "head_commit": {"id": commits[-1][0], "timestamp": iso(w.clock.now())}}
    w.deliver("push", payload, f"push-{commits[0][0]}")
    for sha, message, login in commits:  # the commits API has them too: counted once
        w.github.add_commit(REPO, sha, message, login, w.clock.now())


def test_the_draft_lists_exactly_the_members_own_activity_in_the_window(tmp_path: Path) -> None:
    with standup_world(tmp_path, team(), tasks=TASKS, start=FRIDAY, repos=[REPO]) as w:
        gh = w.github
        for number, title, author, branch in ((6, "Old PR", "ben-gh", "old"), (7, "Coupon codes", "ben-gh",
                                              "feature/coupons"), (8, "Billing export", "ana-gh", "billing")):
            gh.add_pull(REPO, number, title, author, branch)

        def step(minutes: int) -> None:
            w.clock.set(FRIDAY + timedelta(minutes=minutes))

        step(30)  # Friday 08:30 in Berlin: before Ben's last standup (09:30) — too old for Monday's draft
        w.move("112", "in review", "T4")
        w.deliver("pull_request", gh.pull_request_payload("opened", REPO, 6), "open-6")
        gh.add_commit(REPO, "c0ffee00", "Old work", "ben-gh", w.clock.now())
        step(300)
        w.move("112", "in review", "T1")
        step(310)
        w.clickup.human_comment("T1", "112", "Ready for a look")
        w.settle()
        step(320)
        w.move("111", "done", "T3")  # Ana's
        step(330)
        w.move("112", "done", "T4")
        step(340)
        created(w, "T6", "112")
        step(350)
        w.deliver("pull_request", gh.pull_request_payload("opened", REPO, 7), "open-7")
        step(360)
        w.deliver("pull_request", gh.pull_request_payload("opened", REPO, 8), "open-8")  # Ana's
        step(370)
        review(w, 8, "ben-gh", "approved")
        step(380)
        gh.merge(REPO, 7)
        w.deliver("pull_request", gh.pull_request_payload("closed", REPO, 7, sender="ana-gh"), "merge-7")
        step(390)
        push(w, "ben-gh", "feature/coupons", [("aaa111", "Add coupon model", "ben-gh"),
                                              ("bbb222", "Validate codes", "ben-gh"),
                                              ("ccc333", "Ana's fixup", "ana-gh")])
        step(400)  # pushed, but no webhook reached pmbot: the commits API has it
        gh.add_commit(REPO, "ddd444", "Fix rounding in totals\n\nDetails.", "ben-gh", w.clock.now())

        at(w, MONDAY_PROMPT)
        GH = gh.shapes.web  # noqa: N806 - the simulator's github.com
        assert dm(w, "U0BEN").text == "\n".join([
            "Good morning Ben — your standup for Monday 23 November (answer by 11:00).",
            "_Drafted from your activity since Fri 09:30:_",
            "*What did you get done since your last standup?*",
            f"• <{CU}/T1|Coupons> — moved to in review, commented",
            f"• <{CU}/T4|Old thing> — closed (done)",
            f"• <{CU}/T6|Webhooks> — created",
            f"• <{GH}/{REPO}/pull/7|{REPO}#7 Coupon codes> — opened, merged",
            f"• <{GH}/{REPO}/pull/8|{REPO}#8 Billing export> — reviewed (approved)",
            f"• pushed 2 commits to {REPO} feature/coupons — “Add coupon model”",
            f"• pushed 1 commit to {REPO} — “Fix rounding in totals”",
            "*What will you do next?*",
            f"• <{CU}/T1|Coupons> — in review",
            f"• <{CU}/T2|Search> — in progress",
            "*Anything blocking you?*",
            "Answer with the button (the draft is filled in), a reply in this thread, or `/standup &lt;text&gt;`.",
        ])
        assert dm(w, "U0ANA").text == "\n".join([
            "Good morning Ana — your standup for Monday 23 November (answer by 11:00).",
            "_Drafted from your activity since Fri 09:30:_",
            "*What did you get done since your last standup?*",
            f"• <{CU}/T3|Billing> — closed (done)",
            f"• <{GH}/{REPO}/pull/8|{REPO}#8 Billing export> — opened",
            f"• <{GH}/{REPO}/pull/7|{REPO}#7 Coupon codes> — merged by you",
            f"• pushed 1 commit to {REPO} feature/coupons — “Ana's fixup”",
            "*What will you do next?*",
            f"• <{CU}/T7|Invoices> — in progress",
            "*Anything blocking you?*",
            "Answer with the button (the draft is filled in), a reply in this thread, or `/standup &lt;text&gt;`.",
        ])
        # The tracker was asked about each member's own tasks only.
        listed = [r.query.get("assignees[]") for r in w.clickup.calls("GET", "/api/v2/team/9000/task")]
        assert sorted(map(json.dumps, listed)) == sorted(map(json.dumps, [["111"], ["111"], ["112"], ["112"]]))


def test_no_activity__plain_questions(tmp_path: Path) -> None:
    with standup_world(tmp_path, team(), start=FRIDAY, repos=[REPO]) as w:
        at(w, MONDAY_PROMPT)
        assert dm(w, "U0BEN").text == "\n".join([
            "Good morning Ben — your standup for Monday 23 November (answer by 11:00).",
            "*What did you get done since your last standup?*",
            "*What will you do next?*",
            "*Anything blocking you?*",
            "Answer with the button, a reply in this thread, or `/standup &lt;text&gt;`.",
        ])
