"""Who may make rules through Slack, and what a rule made there may do (the team file's `access.rules`), through
signed slash commands and clicks, with what the Slack and ClickUp simulators recorded."""

from __future__ import annotations

from pathlib import Path

from tests.agents.rules.rules_support import PEOPLE, rules_team
from tests.support.platforms import dm_texts, put_bodies
from tests.support.world import SeedTask, world

TASKS = [SeedTask("T1", "Coupons", "in progress", ("301",))]
CLOSE_ON_ANY_MOVE = ("- name: close-everything\n  when: {event: task.status_changed}\n  then:\n"
                     "    - {do: set_status, status: closed}\n    - {do: dm, to: [role:developer, role:qa], text: hi}")
REFUSED = ("`/pm {}` is for the people of this team, and pmbot does not know you. "
           "Ask a lead to add you to `people` in pmbot's team file.")


def test_an_outsider_can_neither_propose_nor_see_a_dry_run(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash("automate when a task moves, set its status to closed", "U0GUEST")
        w.slash(f"rules add {CLOSE_ON_ANY_MOVE}", "U0GUEST")
        w.slash("rules", "U0GUEST")
        assert [r["text"] for r in w.slack.responses()] == [REFUSED.format(v) for v in ("automate", "rules", "rules")]
        assert w.slack.dms("U0GUEST") == []  # no proposal, so no dry run naming the team's tasks
        w.move("101", "in review")
        assert put_bodies(w.clickup, "T1") == []


def test_a_member_proposes_and_only_a_lead_enables(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=TASKS) as w:
        w.slash(f"rules add {CLOSE_ON_ANY_MOVE}", "U0DANA")
        (dm,) = w.slack.dms("U0DANA")
        draft = (dm.blocks or [])[1]["elements"][0]["value"]
        w.click("U0DANA", "rules.enable", draft, dm.channel, dm.ts)  # her own Enable only asks the leads
        w.slash("rules enable close-everything", "U0DANA")
        w.move("101", "in review")
        assert put_bodies(w.clickup, "T1") == []  # nothing runs before a lead says so
        assert w.slack.responses()[-1]["text"] == "Only a lead can enable a rule."
        (review,) = w.slack.dms("U0LEE")
        assert review.text.startswith("<@U0DANA> proposes a rule and asks you to enable it.")
        w.click("U0DEVON", "rules.enable", draft, review.channel, review.ts)  # another member: not theirs
        assert dm_texts(w.slack, "U0DEVON") == ["Only the person who asked for this rule (or a lead) can answer it."]
        w.click("U0LEE", "rules.cancel", draft, review.channel, review.ts)
        assert dm_texts(w.slack, "U0DANA")[-1] == "<@U0LEE> declined your rule `close-everything`."
        w.move("101", "in testing")
        assert put_bodies(w.clickup, "T1") == []


def test_a_rule_made_in_slack_dms_a_bounded_number_of_people_and_each_person_keeps_a_bounded_number(
        tmp_path: Path) -> None:
    team = rules_team(access={"rules": {"max_recipients": 3, "per_person": 1, "channels": ["C0QA"]}})
    with world(tmp_path, team, tasks=TASKS) as w:
        w.slash(f"rules add {CLOSE_ON_ANY_MOVE}", "U0LEE")
        w.slash("rules add - {name: to-general, when: {event: task.created}, then: [{do: post, channel: '#general'}]}",
                "U0LEE")
        assert [r["text"] for r in w.slack.responses()] == [
            "That edit is not a valid rule:\n• then[1]: a rule made in Slack DMs at most 3 people; this one names 4",
            "That edit is not a valid rule:\n• then[0]: a rule made in Slack posts only to the team's channels "
            "(C0QA); ask a lead to put '#general' in the team file"]
        w.slash("rules add - {name: one, when: {event: task.created}, then: [{do: post, channel: C0QA}]}", "U0LEE")
        (dm,) = w.slack.dms("U0LEE")
        w.click("U0LEE", "rules.enable", (dm.blocks or [])[1]["elements"][0]["value"], dm.channel, dm.ts)
        w.slash("rules add - {name: two, when: {event: task.created}, then: [{do: post, channel: C0QA}]}", "U0LEE")
        assert dm_texts(w.slack, "U0LEE")[-1] == (
            "You already have 1 rules (the limit is 1 a person): delete one with `/pm rules delete NAME`, "
            "or ask a lead to add yours to the team file.")


def test_with_no_lead_to_ask_the_maker_is_told_so_and_nothing_is_enabled(tmp_path: Path) -> None:
    team = rules_team(people=[p for p in PEOPLE if "lead" not in p["roles"]])
    with world(tmp_path, team, tasks=[SeedTask("T1", "Coupons", "in progress", ("101",))]) as w:
        w.slash(f"rules add {CLOSE_ON_ANY_MOVE}", "U0DANA")
        (dm,) = w.slack.dms("U0DANA")
        w.click("U0DANA", "rules.enable", (dm.blocks or [])[1]["elements"][0]["value"], dm.channel, dm.ts)
        assert dm_texts(w.slack, "U0DANA")[-1] == (
            "Rules made in Slack are enabled by a lead, and nobody in pmbot's team file is one with a Slack id; "
            "nothing was enabled. Ask whoever runs pmbot to add one to `people`.")
        w.move("101", "in review")
        assert put_bodies(w.clickup, "T1") == []
