"""App Home through `/slack/events`: opening the Home tab publishes the viewer's home (the exact
`views.publish` body the Slack simulator received); a lead's switch button flips the switch (audited) and
redraws the home; a non-lead's click changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from agents.team import TeamConfig
from integrations.slack.signing import block_actions_body, event_body
from tests.support.platforms import sign_slack
from tests.support.world import MONDAY, SeedTask, World, world

PEOPLE: list[dict[str, Any]] = [
    {"name": "Quinn", "slack": "U0QUINN", "clickup": "201", "github": "quinn-gh", "roles": ["qa", "developer"],
     "timezone": "Europe/Berlin"},
    {"name": "Lee", "slack": "U0LEE", "clickup": "301", "roles": ["lead"]},
]
TEAM = TeamConfig.model_validate({"people": PEOPLE, "github_sync": {"repos": ["acme/shop"]},
                                  "qa_router": {"channel": "C0QA"}})
TASKS = [SeedTask("T1", "Coupons", "in testing", ("201",)), SeedTask("T2", "Login page", "needs fix", ("201",)),
         SeedTask("T3", "Search", "in progress", ("201",))]


def open_home(w: World, user: str, event_id: str) -> httpx.Response:
    body = event_body({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                       "event_ts": "1764000000.000100"}, event_id=event_id)
    answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body, headers=sign_slack(body, "application/json"))
    w.pmbot.drain()
    return answer


def publishes(w: World) -> list[dict[str, Any]]:
    calls = w.slack.api_calls("views.publish")
    return [{"user_id": c["user_id"], "view": json.loads(c["view"]) if isinstance(c["view"], str) else c["view"]}
            for c in calls]


def seed_reminder(w: World) -> None:
    runtime = w.pmbot.runtime
    due = MONDAY + timedelta(hours=20)
    w.pmbot.call(runtime.store.schedule, "qa_reminder:T1", "qa_reminder", due, {"task": "T1", "round": 1, "count": 0})
    w.pmbot.call(runtime.store.put, "qa:task:T1", {"round": 1, "phase": "testing", "qa": "201"})


AGENTS_LINE = ("*Agents*\nqa_router: {qa}, github_sync: live, standup: live, reports: live, auto_answer: live, "
               "rules: live, self_service: live, app_home: live")


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_home_opened__publishes_the_viewers_home(tmp_path: Path) -> None:
    with world(tmp_path, TEAM, tasks=TASKS, repos=["acme/shop"]) as w:
        w.github.add_pull("acme/shop", 7, "Coupon API", "dana-dev", "coupons", requested_reviewers=["quinn-gh"])
        w.github.add_pull("acme/shop", 8, "Other", "dana-dev", "other", requested_reviewers=["someone"])
        seed_reminder(w)
        assert open_home(w, "U0QUINN", "EvHOME1").status_code == 200
        pr_url = f"http://127.0.0.1:{w.github.port}"
        assert publishes(w) == [{"user_id": "U0QUINN", "view": {"type": "home", "callback_id": "pmbot_home", "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "pmbot"}},
            section("Hi Quinn. Here is what waits for you."),
            section("*To test*\n• <https://app.clickup.com/t/T1|Coupons> — in testing"),
            section("*To fix*\n• <https://app.clickup.com/t/T2|Login page> — needs fix"),
            section(f"*To review*\n• <{pr_url}/acme/shop/pull/7|acme/shop#7 Coupon API> — by dana-dev"),
            section("*Your reminders*\n• Test Coupons — next reminder Tue 24 Nov 06:00"),
            section("*Today's standup*: no standup asked of you yet today"),
            {"type": "divider"},
            section(AGENTS_LINE.format(qa="live")),
        ]}}]
        assert w.slack.home["U0QUINN"]["blocks"][2]["text"]["text"].startswith("*To test*")
        # The same event again (a Slack retry) publishes nothing more.
        open_home(w, "U0QUINN", "EvHOME1")
        assert len(publishes(w)) == 1


def test_lead_sees_switches_and_a_click_pauses_the_agent(tmp_path: Path) -> None:
    with world(tmp_path, TEAM, tasks=TASKS) as w:
        open_home(w, "U0LEE", "EvHOME2")
        view = publishes(w)[-1]["view"]
        assert [b["block_id"] for b in view["blocks"] if b["type"] == "actions"][:2] == ["switches.all",
                                                                                          "switches.qa_router"]
        qa_row = next(b for b in view["blocks"] if b.get("block_id") == "switches.qa_router")
        assert qa_row["elements"] == [
            {"type": "button", "action_id": "pmbot_switch.dry_run.qa_router",
             "text": {"type": "plain_text", "text": "Start dry run"}, "value": "dry_run:qa_router:on",
             "style": "danger"},
            {"type": "button", "action_id": "pmbot_switch.paused.qa_router",
             "text": {"type": "plain_text", "text": "Start pause"}, "value": "paused:qa_router:on",
             "style": "danger"}]
        click(w, "U0LEE", "pmbot_switch.paused.qa_router", "paused:qa_router:on")
        switches = w.kv("pmbot:oversight:switches")
        assert switches["agents"]["qa_router"] == {"dry_run": False, "paused": True}
        redrawn = publishes(w)[-1]
        assert redrawn["user_id"] == "U0LEE"
        assert section(AGENTS_LINE.format(qa="paused")) in redrawn["view"]["blocks"]
        audit = [r for r in w.pmbot.call(w.pmbot.runtime.store.actions.recent) if r["kind"] == "pmbot.pause"]
        assert [(r["target"], r["agent"], r["status"]) for r in audit] == [("qa_router", "oversight", "done")]


def test_a_non_lead_click_changes_nothing(tmp_path: Path) -> None:
    with world(tmp_path, TEAM, tasks=TASKS) as w:
        click(w, "U0QUINN", "pmbot_switch.dry_run.all", "dry_run:all:on")
        assert w.kv("pmbot:oversight:switches") is None
        assert section(AGENTS_LINE.format(qa="live")) in publishes(w)[-1]["view"]["blocks"]
        assert not [r for r in w.pmbot.call(w.pmbot.runtime.store.actions.recent) if r["kind"].startswith("pmbot.")]


def click(w: World, user: str, action_id: str, value: str) -> None:
    body = block_actions_body(user, [{"action_id": action_id, "block_id": "switches", "value": value}])
    answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                        headers=sign_slack(body, "application/x-www-form-urlencoded"))
    assert answer.status_code == 200
    w.pmbot.drain()


def test_the_messages_tab_is_not_drawn() -> None:
    from integrations.slack.webhook import SlackWebhook

    source = SlackWebhook("secret")
    envelope = json.loads(event_body({"type": "app_home_opened", "user": "U0LEE", "tab": "messages"}, event_id="Ev1"))
    assert source.to_events({}, envelope) == []
    envelope["event"]["tab"] = "home"
    [event] = source.to_events({}, envelope)
    assert (event.id, event.type, event.actor, event.data) == ("slack:Ev1", "chat.home_opened", "U0LEE",
                                                               {"user": "U0LEE"})


def test_a_long_home_is_cut_to_what_slack_takes_and_says_how_much_more(tmp_path: Path) -> None:
    """25 reminders for tasks with 108-character names were one 3,756-character section; Slack takes 3,000."""
    names = {f"T{n}": f"Task {n:02d}: " + "with a very long name & <markup> " * 3 for n in range(1, 26)}
    assert {len(name) for name in names.values()} == {108}
    tasks = [SeedTask(task, name, "in testing", ("201",)) for task, name in names.items()]
    with world(tmp_path, TEAM, tasks=tasks) as w:
        runtime = w.pmbot.runtime
        for task in names:
            w.pmbot.call(runtime.store.schedule, f"qa_reminder:{task}", "qa_reminder", MONDAY + timedelta(hours=20),
                         {"task": task, "round": 1, "count": 0})
            w.pmbot.call(runtime.store.put, f"qa:task:{task}", {"round": 1, "phase": "testing", "qa": "201"})
        open_home(w, "U0QUINN", "EvHOMEBIG")
        blocks = w.slack.home["U0QUINN"]["blocks"]
        texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
        reminders = next(t for t in texts if t.startswith("*Your reminders*"))
        lines = reminders.split("\n")[1:]
        assert all(len(t) <= 3000 for t in texts) and len(blocks) <= 100
        assert lines[0] == ("• Test Task 01: with a very long name &amp; &lt;markup&gt; with a very long name &amp; "
                            "&lt;markup&gt; with a very long name &amp; &lt;markup&gt;  — next reminder Tue 24 Nov "
                            "06:00")
        assert 15 <= len(lines) - 1 < 25 and lines[-1] == f"_…and {25 - (len(lines) - 1)} more_"
