"""The join offer through `POST /slack/events`: a signed `team_join` for someone with a ClickUp member's e-mail
DMs each lead an "Add to the team" button; a lead's click adds them (stored, audited, reloaded, in `/pm me` and
on the dashboard), a member's click is refused, a second lead's click adds nothing twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from integrations.slack.signing import event_body
from tests.agents.qa_router.qa_support import PEOPLE, qa_team, qa_world
from tests.support.jira_world import jira_world
from tests.support.platforms import dm_texts, sign_slack
from tests.support.server import wait_until
from tests.support.world import World

LOU = {"name": "Lou", "slack": "U0LOU", "clickup": "302", "roles": ["lead"]}
OFFER = ("<@U0SAM> (Sam Park, sam.park@example.com) joined Slack. The same e-mail is a ClickUp member (Sam P.), "
         "and pmbot's team file does not name them. Add them to the team? They become a member at once, stored on "
         "top of the team file (no roles: the team file gives those).")
BUTTON = {"type": "actions", "block_id": "self_service", "elements": [
    {"type": "button", "action_id": "self_service.add_member", "value": "U0SAM", "style": "primary",
     "text": {"type": "plain_text", "text": "Add to the team"}}]}


def joins(w: World, event: dict[str, Any], event_id: str) -> httpx.Response:
    body = event_body(event, event_id=event_id)
    answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body, headers=sign_slack(body, "application/json"))
    w.pmbot.drain()
    return answer


def added_rows(w: World) -> list[tuple[str, str, dict[str, Any]]]:
    rows = w.pmbot.call(w.pmbot.runtime.store.actions.recent, 500)
    return [(r["kind"], r["target"], json.loads(r["result"])) for r in reversed(rows)
            if r["kind"] == "self_service.member_add"]


def test_a_newcomer_with_a_clickup_members_email_is_offered_to_each_lead_and_added_by_one(tmp_path: Path) -> None:
    with qa_world(tmp_path, qa_team(people=[*PEOPLE, LOU])) as w:
        w.clickup.add_user("401", "Sam P.", "Sam.Park+work@Example.com")  # case and +tag differ from Slack's
        answer = joins(w, w.slack.join("U0SAM", "sam", "Sam Park", "sam.park@example.com", "Europe/Lisbon"), "EvJ1")
        assert answer.status_code == 200
        offers = {lead: w.slack.dms(lead) for lead in ("U0LEE", "U0LOU")}
        assert {lead: [(m.text, m.blocks[-1] if m.blocks else None) for m in sent] for lead, sent in offers.items()} \
            == {"U0LEE": [(OFFER, BUTTON)], "U0LOU": [(OFFER, BUTTON)]}
        assert w.slack.api_calls("users.info") == []  # the event carried the e-mail

        lee = offers["U0LEE"][0]
        w.click("U0DANA", "self_service.add_member", "U0SAM", lee.channel, lee.ts)  # a member, not a lead
        assert dm_texts(w.slack, "U0DANA") == ["Only a lead can add someone to the team."]
        assert w.kv("member:U0SAM") is None

        w.click("U0LEE", "self_service.add_member", "U0SAM", lee.channel, lee.ts)
        runtime = w.pmbot.runtime
        wait_until(lambda: runtime.team.person(slack="U0SAM") is not None)  # this replica reloads at once
        assert w.slack.dms("U0LEE")[0].text == ":white_check_mark: <@U0LEE> added Sam Park to the team (stored on " \
                                               "top of the team file; `/pm me` shows it to them)."
        assert added_rows(w) == [("self_service.member_add", "Sam Park", {
            "person": "Sam Park", "slack": "U0SAM", "tracker": "401", "email": "sam.park@example.com",
            "by": "U0LEE"})]

        lou = offers["U0LOU"][0]
        w.click("U0LOU", "self_service.add_member", "U0SAM", lou.channel, lou.ts)
        assert w.slack.dms("U0LOU")[0].text == "Sam Park is on the team already; nothing to add."
        assert len(added_rows(w)) == 1

        w.slash("me", "U0SAM")
        assert w.slack.responses()[-1]["text"] == (
            "*How pmbot sees you: Sam Park*\n"
            "• Added to the team from Slack by <@U0LEE>, 2026-11-23 (not in the team file)\n"
            "• Handles: clickup 401, slack U0SAM\n"
            "• Roles: none\n"
            "• Timezone: Europe/Lisbon\n"
            "• Works: mon, tue, wed, thu, fri, 09:00–17:00\n"
            "• Out of office in the team file: none\n"
            "• Out of office set in Slack: none (`/pm ooo <from> [to]` sets one)\n"
            "• Testing, with QA reminders pending: nothing")

        w.restart()  # a replica started later reads the stored people on top of the file
        assert [p.name for p in w.pmbot.runtime.team.people][-1] == "Sam Park"


def test_no_offer_for_a_stranger_to_clickup_a_bot_or_someone_on_the_team(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.clickup.add_user("403", "Deploy Bot", "bot@example.com")  # a bot is left out for being one, not unmatched
        joins(w, w.slack.join("U0NEW", "new", "New Person", "new@elsewhere.example"), "EvJ2")
        joins(w, w.slack.join("U0BOT", "deploybot", "Deploy Bot", "bot@example.com", is_bot=True), "EvJ3")
        w.clickup.add_user("402", "Dana again", "dana@example.com")
        joins(w, {"type": "team_join", "user": {"id": "U0DANA", "name": "dana", "profile": {}}}, "EvJ4")
        assert dm_texts(w.slack, "U0LEE") == []
        assert [c["user"] for c in w.slack.api_calls("users.info")] == []  # Dana is known: not even looked up


def test_without_the_email_in_the_event_users_info_is_asked(tmp_path: Path) -> None:
    with qa_world(tmp_path) as w:
        w.clickup.add_user("401", "Sam P.", "sam.park@example.com")
        w.slack.join("U0SAM", "sam", "Sam Park", "sam.park@example.com")
        joins(w, {"type": "team_join", "user": {"id": "U0SAM", "name": "sam", "real_name": "Sam Park",
                                                "profile": {"real_name": "Sam Park"}}}, "EvJ5")
        assert [c["user"] for c in w.slack.api_calls("users.info")] == ["U0SAM"]
        assert [m.text for m in w.slack.dms("U0LEE")] == [OFFER]


def test_on_jira_the_offer_names_jira_and_the_jira_account(tmp_path: Path) -> None:
    people = [{**p, "jira": f"acc-{p['name'].lower()}"} for p in PEOPLE]
    with jira_world(tmp_path, qa_team(people=people), tasks=[]) as w:
        w.jira.add_user("acc-sam", "Sam P.", "sam.park@example.com")
        assert joins(w, w.slack.join("U0SAM", "sam", "Sam Park", "sam.park@example.com", "UTC"), "EvJ9").status_code \
            == 200
        assert dm_texts(w.slack, "U0LEE") == [OFFER.replace("a ClickUp member", "a Jira member")]
        lee = w.slack.dms("U0LEE")[0]
        w.click("U0LEE", "self_service.add_member", "U0SAM", lee.channel, lee.ts)
        wait_until(lambda: w.pmbot.runtime.team.person(slack="U0SAM") is not None)
        added = w.pmbot.runtime.team.person(slack="U0SAM")
        assert added is not None and added.handle("jira") == "acc-sam"
