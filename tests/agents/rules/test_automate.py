"""`/pm automate` end to end through the simulators: the sentence in a signed slash command, the proposal DM with
its dry run over the stored events, Enable, and the ClickUp update on the next matching webhook."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from integrations.slack.signing import view_submission_body
from tests.agents.rules.rules_support import rules_team
from tests.support.platforms import dm_texts, put_bodies, sign_slack
from tests.support.world import SeedTask, World, world

SENTENCE = "when a task is marked urgent, assign it to the backend team and set the due date to tomorrow"
TASKS = [SeedTask("T1", "Coupons", "in progress", ("301",)), SeedTask("T2", "Search", "in review", ("102",))]
TUESDAY_17 = int(datetime(2026, 11, 24, 17, 0, tzinfo=UTC).timestamp() * 1000)


def stored(w: World) -> list:
    return w.pmbot.call(w.pmbot.runtime.store.recent_events, 50)


def proposal(dry_run: str) -> str:
    return (
        "Here is the rule I read. Nothing runs until you press *Enable*.\n\n"
        "*marked-urgent-assign-backend-team* — when a task's priority changes\n"
        "if priority is urgent\n"
        "1. assign to the backend team (round robin)\n"
        "2. set the due date to tomorrow\n\n"
        "```\n"
        "- name: marked-urgent-assign-backend-team\n"
        "  when: {event: task.priority_changed}\n"
        "  if:\n"
        "    - {field: priority, op: eq, value: urgent}\n"
        "  then:\n"
        "    - {do: assign, to: [team:backend], mode: round_robin}\n"
        "    - {do: set_due_date, date: tomorrow}\n"
        "```\n\n"
        f"{dry_run}\n\n"
        "_(running without a model: the built-in sentence parser read this)_")


def test_automate__sentence_then_enable_then_the_next_matching_webhook_updates_clickup(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        # Before the rule exists: T2 was marked urgent and T1 moved (the dry run replays these).
        w.clickup.human_update("T2", "102", priority=1)
        w.clickup.human_update("T1", "301", status="in review")
        w.settle()
        urgent_t2 = next(e for e in stored(w) if e.type == "task.priority_changed")

        answer = w.slash(f"automate {SENTENCE}", "U0LEE")
        assert answer.status_code == 200 and answer.text == "I'll send you the answer in a DM."
        (dm,) = w.slack.dms("U0LEE")
        day = urgent_t2.occurred_at
        tomorrow = day + timedelta(days=1)
        assert dm.text == proposal(
            "*Dry run* over the last 3 stored events (of up to 500): 1 was this kind of event and 1 would have "
            f"matched.\n• {day:%d %b %H:%M} — T2: assign one of Dana Developer / Devon Builder, due "
            f"{tomorrow:%a %d %b} 17:00\n_Conditions on task fields are checked against each task as it is now._")
        (_, actions) = dm.blocks or []
        draft = actions["elements"][0]["value"]
        assert [(b["action_id"], b["text"]["text"], b["value"]) for b in actions["elements"]] == [
            ("rules.enable", "Enable", draft), ("rules.edit", "Edit", draft), ("rules.cancel", "Cancel", draft)]
        assert w.clickup.calls("PUT", "/api/v2/task/T1") == w.clickup.calls("PUT", "/api/v2/task/T2") == []

        w.click("U0LEE", "rules.enable", draft, dm.channel, dm.ts)
        (dm,) = w.slack.dms("U0LEE")
        assert dm.text.endswith("\n\n:white_check_mark: Enabled by <@U0LEE>.")
        assert [b["type"] for b in dm.blocks or []] == ["section"]  # the buttons are gone

        w.clickup.human_update("T1", "101", priority=1)  # Dana marks T1 urgent in ClickUp
        w.settle()
        assert put_bodies(w.clickup, "T1") == [{"assignees": {"add": [101], "rem": []}, "due_date": TUESDAY_17}]
        assert put_bodies(w.clickup, "T2") == []  # the earlier event is not replayed for real
        # ClickUp's taskUpdated copy and a redelivery change nothing.
        first = next(s for s in w.clickup.sent_webhooks if s.event == "taskPriorityUpdated"
                     and s.payload["task_id"] == "T1")
        headers, body = w.clickup.signed(first.payload)
        httpx.post(f"{w.pmbot.url}/webhooks/clickup", content=body, headers=headers)
        w.settle()
        assert len(put_bodies(w.clickup, "T1")) == 1


def test_cancel_makes_no_rule_and_a_second_click_is_stale(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash(f"automate {SENTENCE}", "U0LEE")
        (dm,) = w.slack.dms("U0LEE")
        draft = (dm.blocks or [])[1]["elements"][2]["value"]
        w.click("U0DANA", "rules.cancel", draft, dm.channel, dm.ts)
        assert dm_texts(w.slack, "U0DANA") == ["Only the person who asked for this rule (or a lead) can answer it."]
        w.click("U0LEE", "rules.cancel", draft, dm.channel, dm.ts)
        w.click("U0LEE", "rules.enable", draft, dm.channel, dm.ts)
        assert dm_texts(w.slack, "U0LEE")[0] == f"“{SENTENCE}”\n\n:x: Cancelled by <@U0LEE>; no rule was made."
        assert dm_texts(w.slack, "U0LEE")[1:] == ["That proposal was already answered; nothing to do."]
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        assert put_bodies(w.clickup, "T1") == []


def test_edit_opens_a_modal_and_its_yaml_replaces_the_proposal(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash(f"automate {SENTENCE}", "U0LEE")
        (dm,) = w.slack.dms("U0LEE")
        draft = (dm.blocks or [])[1]["elements"][1]["value"]
        w.click("U0LEE", "rules.edit", draft, dm.channel, dm.ts)
        (opened,) = w.slack.api_calls("views.open")
        view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
        assert view["callback_id"] == f"rules.edit:{draft}"
        yaml_text = view["blocks"][0]["element"]["initial_value"]
        assert yaml_text.startswith("- name: marked-urgent-assign-backend-team\n")
        edited = yaml_text.replace("round_robin", "add").replace("[team:backend]", "[Quinn Tester]")
        body = view_submission_body("U0LEE", f"rules.edit:{draft}",
                                    {"rule": {"yaml": {"type": "plain_text_input", "value": edited}}})
        answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                            headers=sign_slack(body, "application/x-www-form-urlencoded"))
        assert answer.status_code == 200
        w.pmbot.drain()
        (dm,) = w.slack.dms("U0LEE")
        assert "1. assign to Quinn Tester\n" in dm.text and "mode: add" in dm.text
        w.click("U0LEE", "rules.enable", draft, dm.channel, dm.ts)
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        assert put_bodies(w.clickup, "T1") == [{"assignees": {"add": [201], "rem": []}, "due_date": TUESDAY_17}]


def test_a_sentence_it_cannot_read_says_why_and_makes_nothing(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash("automate when a task is marked urgent, assign it to Zoe", "U0LEE")
        assert dm_texts(w.slack, "U0LEE") == [
            "I could not turn “when a task is marked urgent, assign it to Zoe” into a rule:\n"
            "• I don't know who “Zoe” is (people: Dana Developer, Devon Builder, Lee Lead, Quinn Tester, Rae Checker)\n"
            "Try a shape like: `when a task is marked urgent, assign it to the backend team` or "
            "`every Monday at 9am, post 'Planning' in #general`."]


def test_pm_rules_lists_disables_enables_and_deletes(tmp_path: Path) -> None:
    team = rules_team([{"name": "qa-ping", "when": {"event": "task.status_changed"},
                        "if": [{"field": "status", "op": "eq", "value": "in testing"}],
                        "then": [{"do": "post", "channel": "C0QA"}]}])
    with world(tmp_path, team, tasks=TASKS) as w:
        w.slash(f"automate {SENTENCE}", "U0DANA")
        (dm,) = w.slack.dms("U0DANA")
        draft = (dm.blocks or [])[1]["elements"][0]["value"]
        w.click("U0DANA", "rules.enable", draft, dm.channel, dm.ts)  # a member proposes; a lead enables
        (review,) = w.slack.dms("U0LEE")
        assert review.text.startswith("<@U0DANA> proposes a rule and asks you to enable it.\n\nHere is the rule")
        w.click("U0LEE", "rules.enable", draft, review.channel, review.ts)
        assert dm_texts(w.slack, "U0DANA")[1:] == [
            "Rules made in Slack are enabled by a lead. I sent this proposal to them; you'll hear when it is answered.",
            "<@U0LEE> enabled your rule `marked-urgent-assign-backend-team`."]
        w.slash("rules", "U0DANA")
        w.slash("rules disable qa-ping", "U0DANA")  # a team-file rule: leads only
        w.slash("rules disable marked-urgent-assign-backend-team", "U0DANA")
        w.clickup.human_update("T1", "101", priority=1)
        w.settle()
        assert put_bodies(w.clickup, "T1") == []
        w.slash("rules enable marked-urgent-assign-backend-team", "U0LEE")  # a lead may
        w.slash("rules delete qa-ping", "U0LEE")
        w.slash("rules delete marked-urgent-assign-backend-team", "U0DANA")
        w.slash("rules", "U0DANA")
        assert [r["text"] for r in w.slack.responses()] == [
            "*Rules*\n• `qa-ping` (team file) — enabled\n"
            "• `marked-urgent-assign-backend-team` (made by <@U0DANA>) — enabled\n"
            "`/pm rules show|enable|disable|delete NAME`",
            "Only the person who made `qa-ping` or a lead can change it.",
            "Rule `marked-urgent-assign-backend-team` is now disabled.",
            "Rule `marked-urgent-assign-backend-team` is now enabled.",
            "`qa-ping` comes from the team file; remove it there (you can `/pm rules disable qa-ping`).",
            "Rule `marked-urgent-assign-backend-team` is deleted.",
            "*Rules*\n• `qa-ping` (team file) — enabled\n`/pm rules show|enable|disable|delete NAME`"]
