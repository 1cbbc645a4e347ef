"""The rule builder end to end: a sentence pmbot cannot read fully is answered with a "Finish in a form" button;
the form (a Block Kit modal, validated by the Slack simulator as Slack would) is pre-filled with what was read;
submitting it makes a proposal that goes through the same access flow (a member proposes, a lead enables) and the
rule then runs. Plus the select checks the simulator makes, since Slack refuses them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from agents.common.mrkdwn import Mrkdwn
from agents.rules.messages import build_view
from integrations.slack.signing import block_actions_body, view_submission_body
from integrations.slack.sim.blockkit import view_refusal
from tests.agents.rules.rules_support import rules_team
from tests.support.platforms import dm_texts, sign_slack
from tests.support.world import SeedTask, World, world

TASKS = [SeedTask("T1", "Coupons", "in progress", ("101",))]
SENTENCE = "when a task is moved to blocked on a weekend, dm lee"
REFUSAL = ("I could not turn “when a task is moved to blocked on a weekend, dm lee” into a rule:\n"
           "• I did not understand “weekend”, so I made no rule rather than one without it (a rule can check status, "
           "priority, list, tags, assignee, name, and on pull requests the repository (owner/name) and author; "
           "rephrase, or leave that part out)\n"
           "Try a shape like: `when a task is marked urgent, assign it to the backend team` or "
           "`every Monday at 9am, post 'Planning' in #general`.")


def option(value: str, text: str | None = None) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text or value}, "value": value}


def field(block: str, label: str, element: dict[str, Any], optional: bool = True, **more: Any) -> dict[str, Any]:
    return {"type": "input", "block_id": block, "optional": optional, "element": {"action_id": "v", **element},
            "label": {"type": "plain_text", "text": label}, **more}


EVENTS = [option("task.created", "a task is created"), option("task.status_changed", "a task's status changes"),
          option("task.priority_changed", "a task's priority changes"),
          option("task.assignee_added", "someone is assigned to a task"),
          option("task.due_date_changed", "a task's due date changes"), option("task.tag_added", "a task is tagged"),
          option("task.commented", "a task gets a comment"), option("pr.opened", "a pull request is opened"),
          option("pr.merged", "a pull request is merged"), option("ci.failed", "CI fails"),
          option("schedule", "on a schedule (days and time below)")]
DAYS = [option("*", "every day"), option("mon-fri", "every weekday")] + [
    option(d[:3].lower(), f"every {d}") for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                                 "Sunday")]
STATUSES = sorted(["to do", "open", "backlog", "in progress", "in review", "review", "ready for testing", "in testing",
                   "testing", "needs fix", "blocked", "done", "complete", "closed"])
DOS = [option("assign:add", "assign (add to the assignees)"),
       option("assign:round_robin", "assign in turns (round robin)"),
       option("assign:replace", "reassign (replace the assignees)"), option("unassign"), option("dm", "DM"),
       option("post", "post in a channel"), option("set_status", "set the status"),
       option("set_priority", "set the priority"), option("set_due_date", "set the due date"),
       option("add_tag", "add a tag"), option("comment"), option("create_task", "create a task")]
GROUPS = [option("team:backend", "the backend team"), option("team:qa", "the qa team"),
          option("role:lead", "the leads"), option("role:developer", "the developers"),
          option("role:qa", "the testers"), option("author", "the author"), option("assignees", "the assignees"),
          option("all", "everyone (to unassign)")]
TEXT = {"type": "plain_text_input"}
USERS = {"type": "multi_users_select"}


def action_slot(n: int, do: dict[str, Any] | None = None, users: list[str] | None = None) -> list[dict[str, Any]]:
    chosen = {"initial_option": do} if do else {}
    return [{"type": "divider"},
            field(f"do{n}", f"Then ({n + 1})", {"type": "static_select", "options": DOS, **chosen}, optional=n > 0),
            field(f"people{n}", "People", {**USERS, **({"initial_users": users} if users else {})}),
            field(f"group{n}", "Teams and others", {"type": "multi_static_select", "options": GROUPS}),
            field(f"value{n}", "Status, priority, due date, tag, #channel or list", TEXT,
                  hint={"type": "plain_text", "text": "due dates: today, tomorrow, friday, +3 days, +2 working days"}),
            field(f"text{n}", "Message, comment or task name", TEXT)]


EXPECTED_FORM = {
    "type": "modal", "title": {"type": "plain_text", "text": "Finish the rule"},
    "submit": {"type": "plain_text", "text": "Check"}, "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": (
            "I filled in what I read of “when a task is moved to blocked on a weekend, dm lee”. Finish the rule; what "
            "I could not read:\n• I did not understand “weekend”, so I made no rule rather than one without it (a rule "
            "can check status, priority, list, tags, assignee, name, and on pull requests the repository (owner/name) "
            "and author; rephrase, or leave that part out)")}},
        field("when", "When", {"type": "static_select", "options": EVENTS, "initial_option": EVENTS[1]},
              optional=False),
        field("days", "Days (a schedule)", {"type": "static_select", "options": DAYS}),
        field("time", "Time (a schedule)", {"type": "timepicker"}),
        field("status", "If the status is one of", {"type": "multi_static_select",
                                                    "options": [option(s) for s in STATUSES],
                                                    "initial_options": [option("blocked")]}),
        field("priority", "If the priority is one of", {"type": "multi_static_select", "options": [
            option("urgent"), option("high"), option("normal"), option("low")]}),
        field("tags", "If tagged (tags, comma-separated)", TEXT),
        field("list", "If in the list (names, comma-separated)", TEXT),
        field("assignee", "If assigned to", USERS), field("author", "If made by (the author)", USERS),
        field("repo", "If in the repository (owner/name, comma-separated)", TEXT),
        *action_slot(0, option("dm", "DM"), ["U0LEE"]), *action_slot(1), *action_slot(2)],
}


def click(w: World, user: str, action_id: str, value: str, channel: str, ts: str) -> None:
    body = block_actions_body(user, [{"action_id": action_id, "block_id": "rules_build", "value": value}],
                              channel_id=channel, message_ts=ts)
    assert httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                      headers=sign_slack(body, "application/x-www-form-urlencoded")).status_code == 200
    w.pmbot.drain()


def submit(w: World, user: str, sketch: str, values: dict[str, dict[str, Any]]) -> None:
    body = view_submission_body(user, f"rules.build:{sketch}", {k: {"v": v} for k, v in values.items()})
    assert httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                      headers=sign_slack(body, "application/x-www-form-urlencoded")).status_code == 200
    w.pmbot.drain()


def opened_views(w: World) -> list[dict[str, Any]]:
    return [json.loads(c["view"]) if isinstance(c["view"], str) else c["view"] for c in w.slack.api_calls("views.open")]


def refused(w: World, user: str) -> str:
    """The sketch id on the "Finish in a form" button of the user's only DM, once its payload is checked."""
    (dm,) = w.slack.dms(user)
    (button,) = (dm.blocks or [])[1]["elements"]
    assert dm.text == REFUSAL
    assert dm.blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": REFUSAL}},
                         {"type": "actions", "block_id": "rules_build", "elements": [
                             {"type": "button", "action_id": "rules.build", "value": button["value"],
                              "style": "primary", "text": {"type": "plain_text", "text": "Finish in a form"}}]}]
    return str(button["value"])


def test_a_sentence_read_in_part_is_finished_in_a_prefilled_form_and_goes_through_the_proposal(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash(f"automate {SENTENCE}", "U0DANA")
        sketch = refused(w, "U0DANA")
        (dm,) = w.slack.dms("U0DANA")
        click(w, "U0DANA", "rules.build", sketch, dm.channel, dm.ts)
        (form,) = opened_views(w)
        assert form == {**EXPECTED_FORM, "callback_id": f"rules.build:{sketch}"}
        # Dana drops the weekend idea: blocked or needs fix, DM Lee and tag it "stuck".
        submit(w, "U0DANA", sketch, {
            "when": {"type": "static_select", "selected_option": EVENTS[1]},
            "status": {"type": "multi_static_select", "selected_options": [option("blocked"), option("needs fix")]},
            "do0": {"type": "static_select", "selected_option": option("dm", "DM")},
            "people0": {"type": "multi_users_select", "selected_users": ["U0LEE"]},
            "do1": {"type": "static_select", "selected_option": option("add_tag", "add a tag")},
            "value1": {"type": "plain_text_input", "value": "stuck"}})
        proposal = w.slack.dms("U0DANA")[-1]
        assert proposal.text.startswith(
            "Here is the rule I read. Nothing runs until you press *Enable*.\n\n"
            "*blocked-weekend-dm-lee* — when a task's status changes\n"
            "if status is one of blocked, needs fix\n"
            "1. DM Lee Lead: “{{event.summary}}”\n"
            "2. add tag stuck\n\n```\n- name: blocked-weekend-dm-lee\n")
        draft = (proposal.blocks or [])[1]["elements"][0]["value"]
        click(w, "U0DANA", "rules.enable", draft, proposal.channel, proposal.ts)  # a member only proposes
        (review,) = w.slack.dms("U0LEE")
        assert review.text.startswith("<@U0DANA> proposes a rule and asks you to enable it.")
        click(w, "U0LEE", "rules.enable", draft, review.channel, review.ts)
        assert dm_texts(w.slack, "U0DANA")[-1] == "<@U0LEE> enabled your rule `blocked-weekend-dm-lee`."
        assert w.kv("rules:rule:blocked-weekend-dm-lee")["rule"] == {
            "name": "blocked-weekend-dm-lee", "when": {"event": "task.status_changed"},
            "if": [{"field": "status", "op": "in", "value": ["blocked", "needs fix"]}],
            "then": [{"do": "dm", "to": ["Lee Lead"], "text": "{{event.summary}}"},
                     {"do": "add_tag", "tag": "stuck"}]}
        audit = [row["kind"] for row in w.pmbot.call(w.pmbot.runtime.store.actions.recent, 500)]
        assert audit == ["slack.dm", "slack.update", "slack.dm", "slack.dm", "slack.dm", "slack.open_modal",
                         "slack.dm"]  # newest first: the refusal, the form, the proposal, the review, the answers
        w.move("101", "needs fix")
        assert dm_texts(w.slack, "U0LEE")[-1].startswith("Coupons moved to needs fix")
        submit(w, "U0DANA", sketch, {"when": {"type": "static_select", "selected_option": EVENTS[0]}})
        assert dm_texts(w.slack, "U0DANA")[-1] == "That proposal was already answered; nothing to do."


def test_a_form_that_is_not_a_rule_yet_says_why_and_reopens_with_what_was_chosen(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash(f"automate {SENTENCE}", "U0DANA")
        sketch = refused(w, "U0DANA")
        submit(w, "U0DANA", sketch, {
            "when": {"type": "static_select", "selected_option": EVENTS[-1]},  # a schedule, with no time
            "days": {"type": "static_select", "selected_option": DAYS[1]},
            "do0": {"type": "static_select", "selected_option": option("post", "post in a channel")},
            "value0": {"type": "plain_text_input", "value": "#standup"}})
        answer = w.slack.dms("U0DANA")[-1]
        assert answer.text == ("That form is not a rule yet (press *Finish in a form* again; it keeps what you "
                               "chose):\n• a schedule needs its days and its time")
        click(w, "U0DANA", "rules.build", sketch, answer.channel, answer.ts)
        (form,) = opened_views(w)
        chosen = {b["block_id"]: b["element"] for b in form["blocks"] if b["type"] == "input"}
        assert chosen["when"]["initial_option"] == EVENTS[-1]
        assert chosen["days"]["initial_option"] == DAYS[1]
        assert chosen["value0"]["initial_value"] == "#standup"
        assert "initial_options" not in chosen["status"]  # a schedule has no conditions: the status is gone


def test_only_the_person_who_wrote_the_sentence_finishes_it(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash(f"automate {SENTENCE}", "U0DANA")
        sketch = refused(w, "U0DANA")
        (dm,) = w.slack.dms("U0DANA")
        click(w, "U0DEVON", "rules.build", sketch, dm.channel, dm.ts)
        submit(w, "U0DEVON", sketch, {"when": {"type": "static_select", "selected_option": EVENTS[0]},
                                      "do0": {"type": "static_select", "selected_option": option("dm", "DM")},
                                      "people0": {"type": "multi_users_select", "selected_users": ["U0DEVON"]}})
        assert opened_views(w) == []
        not_yours = "Only the person who wrote this sentence can finish it in the form."
        assert dm_texts(w.slack, "U0DEVON") == [not_yours, not_yours]  # the click, and the submission
        assert len(w.slack.dms("U0DANA")) == 1


MODAL = {"type": "modal", "title": {"type": "plain_text", "text": "t"}, "submit": {"type": "plain_text", "text": "ok"}}


@pytest.mark.parametrize(("element", "refusal"), [
    ({"type": "static_select", "options": [option("a")], "initial_option": option("a")}, None),
    ({"type": "static_select", "options": [option("a")], "initial_option": option("b")}, "invalid_blocks"),
    ({"type": "static_select", "options": [option("a")], "initial_option": option("a", "A")}, "invalid_blocks"),
    ({"type": "static_select", "options": []}, "invalid_blocks"),
    ({"type": "static_select", "options": [option(str(n)) for n in range(101)]}, "invalid_blocks"),
    ({"type": "static_select", "options": [option("v" * 151, "a")]}, "invalid_blocks"),
    ({"type": "static_select", "options": [option("a", "t" * 76)]}, "invalid_blocks"),
    ({"type": "multi_static_select", "options": [option("a")], "initial_options": [option("a")]}, None),
    ({"type": "multi_static_select", "options": [option("a")], "initial_options": [option("z")]}, "invalid_blocks"),
    ({"type": "multi_static_select", "options": [option("a")], "max_selected_items": 0}, "invalid_blocks"),
    ({"type": "multi_users_select", "initial_users": ["U0LEE"]}, None),
    ({"type": "multi_users_select", "initial_users": "U0LEE"}, "invalid_blocks"),
    ({"type": "multi_users_select", "initial_users": ["Lee Lead"]}, "invalid_blocks"),
    ({"type": "users_select", "initial_user": "lee"}, "invalid_blocks"),
])
def test_the_simulator_refuses_the_selects_slack_refuses(element: dict[str, Any], refusal: str | None) -> None:
    view = {**MODAL, "blocks": [field("b", "L", element)]}
    assert view_refusal(view) == refusal


def test_a_long_team_file_still_gives_a_form_slack_takes_with_what_was_read_kept() -> None:
    groups = {f"team:t{n}": f"team t{n}" for n in range(130)} | {"team:long": "x" * 80}
    view = build_view("S1", Mrkdwn("intro"), {"group0": ["team:t120"]}, [f"s{n}" for n in range(5)], groups)
    assert view_refusal(view) is None
    (group,) = [b["element"] for b in view["blocks"] if b.get("block_id") == "group0"]
    values = [o["value"] for o in group["options"]]
    assert len(values) == 100 and "team:t120" in values and "team:long" not in values
    assert values[:3] == ["team:t0", "team:t1", "team:t2"]  # the team file's order
    assert group["initial_options"] == [option("team:t120", "team t120")]
