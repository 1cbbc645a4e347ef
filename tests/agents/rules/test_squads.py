"""Rules and squads (issue 25): `to: [squad:mobile]` reaches that squad's members and nobody else, a condition
compares the assignee or whoever set the event off with a squad, the sentence parser reads "the mobile squad", a
squad's own QA statuses are words it knows, and `pmbot check` names a squad nobody configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from agents.rules import access
from agents.rules.config import Rule
from agents.rules.dryrun import dry_run
from agents.rules.parser import parse
from agents.rules.phrases import Vocabulary
from agents.team import TeamConfig
from tests.agents.rules.rules_support import Unit, event, rules_team, task
from tests.conftest import ROOT
from tests.support.platforms import dm_texts
from tests.support.world import MONDAY, world

# Two squads sharing Quinn: web is Dana and Quinn, mobile is Devon and Quinn (their standups' members), and the
# mobile squad's QA router adds Rae, who tests for it.
SQUADS: dict[str, Any] = {
    "standup": [{"name": "web", "members": ["Dana Developer", "Quinn Tester"], "channel": "C0WEB"},
                {"name": "mobile", "members": ["Devon Builder", "Quinn Tester"], "channel": "C0MOB"}],
    "qa_router": [{"name": "web", "lists": ["L9"], "qa": ["Quinn Tester"]},
                  {"name": "mobile", "lists": ["L8"], "qa": ["Rae Checker"],
                   "statuses": {"ready": "waiting for device testing"}}],
}
EVERYONE = ("U0DANA", "U0DEVON", "U0QUINN", "U0RAE", "U0LEE")


def squads_team(rules: Any = None) -> TeamConfig:
    return rules_team(rules, **SQUADS)


def test_a_rule_to_a_squad_dms_its_members_and_nobody_else(tmp_path: Path) -> None:
    rules = [{"name": "tell-mobile", "when": {"event": "task.status_changed"},
              "if": [{"field": "status", "op": "eq", "value": "in review"}],
              "then": [{"do": "dm", "to": ["squad:mobile"], "text": "{{task.name}} is in review"}]}]
    with world(tmp_path, squads_team(rules), tasks=[], start=MONDAY) as w:
        w.clickup.add_task("T1", "Coupons <beta>", "L1", "in progress", assignees=["101"], creator="101")
        w.move("101", "in review")
        assert {user: dm_texts(w.slack, user) for user in EVERYONE} == {
            "U0DANA": [], "U0DEVON": ["Coupons &lt;beta&gt; is in review"],
            "U0QUINN": ["Coupons &lt;beta&gt; is in review"], "U0RAE": ["Coupons &lt;beta&gt; is in review"],
            "U0LEE": []}
        assert len(w.slack.api_calls("chat.postMessage")) == 3
        w.settle()  # a second round repeats nothing
        assert len(w.slack.api_calls("chat.postMessage")) == 3


CONDITIONS: dict[str, list[dict[str, Any]]] = {
    "assignee-web": [{"field": "assignee", "op": "eq", "value": "squad:web"}],
    "assignee-mobile": [{"field": "assignee", "op": "eq", "value": "squad:mobile"}],
    "assignee-not-mobile": [{"field": "assignee", "op": "ne", "value": "squad:mobile"}],
    "actor-mobile": [{"field": "actor", "op": "eq", "value": "squad:mobile"}],
    "actor-web": [{"field": "actor", "op": "eq", "value": "squad:web"}],
    "actor-in-either": [{"field": "actor", "op": "in", "value": ["squad:web", "squad:mobile"]}],
    "author-web-and-actor-devon": [{"all": [{"field": "author", "op": "eq", "value": "squad:web"},
                                            {"field": "actor", "op": "eq", "value": "Devon"}]}],
}


def test_conditions_name_the_squad_of_the_assignee_author_and_actor(tmp_path: Path) -> None:
    rules = [{"name": name, "when": {"event": "task.status_changed"}, "if": conditions,
              "then": [{"do": "post", "channel": "C0QA", "text": name}]} for name, conditions in CONDITIONS.items()]
    with world(tmp_path, squads_team(rules), tasks=[], start=MONDAY) as w:
        # Dana (web) is assigned and made it; Devon (mobile) moves it.
        w.clickup.add_task("T1", "Coupons", "L1", "in progress", assignees=["101"], creator="101")
        w.move("102", "in review")
        assert sorted(m.text for m in w.slack.messages("C0QA")) == [
            "actor-in-either", "actor-mobile", "assignee-not-mobile", "assignee-web", "author-web-and-actor-devon"]


async def test_the_dry_run_names_the_squads_members() -> None:
    unit = Unit(squads_team(), [task("T1", assignees=[], creator=None)])
    unit.store.received = [event("task.status_changed", {"from": "in progress", "to": "in review"}, n=1, actor="102"),
                           event("task.status_changed", {"from": "in progress", "to": "in review"}, n=2, actor="101")]
    rule = Rule.model_validate({"name": "mobile-moves", "when": {"event": "task.status_changed"},
                                "if": [{"field": "actor", "op": "eq", "value": "squad:mobile"}],
                                "then": [{"do": "dm", "to": ["squad:web"], "text": "moved"},
                                         {"do": "assign", "to": ["squad:mobile"], "mode": "round_robin"}]})
    result = await dry_run(unit.ctx(), unit.agent.cfg, rule)
    assert result.text(rule, 500) == (
        "*Dry run* over the last 2 stored events (of up to 500): 2 were this kind of event and 1 would have "
        "matched.\n"
        "• 23 Nov 09:00 — dm Dana Developer, Quinn Tester: moved; T1: assign one of Devon Builder / Quinn Tester / "
        "Rae Checker\n"
        "_Conditions on task fields are checked against each task as it is now._")
    assert unit.chat.messages == [] and unit.store.actions == {}


def test_the_sentence_parser_reads_squads_and_each_squads_qa_statuses() -> None:
    vocab = Vocabulary.from_team(squads_team())
    told = parse("when a task moves to waiting for device testing, dm the mobile squad", vocab)
    assert told.problems == [] and told.rule is not None
    assert told.rule.data() == {
        "name": "waiting-device-testing-dm-mobile", "when": {"event": "task.status_changed"},
        "if": [{"field": "status", "op": "eq", "value": "waiting for device testing"}],
        "then": [{"do": "dm", "to": ["squad:mobile"], "text": "{{event.summary}}"}]}
    assigned = parse("when a task is marked urgent and assigned to the web squad, assign it to the mobile squad",
                     vocab)
    assert assigned.rule is not None and assigned.rule.data()["if"] == [
        {"field": "priority", "op": "eq", "value": "urgent"}, {"field": "assignee", "op": "eq", "value": "squad:web"}]
    assert assigned.rule.data()["then"] == [{"do": "assign", "to": ["squad:mobile"], "mode": "round_robin"}]
    actor = parse("when someone in the mobile squad moves a task to in review, post in #qa", vocab)
    assert actor.rule is not None and actor.rule.data()["if"] == [
        {"field": "status", "op": "eq", "value": "in review"}, {"field": "actor", "op": "eq", "value": "squad:mobile"}]
    unknown = parse("when a task is marked urgent, dm the ios squad", vocab)
    assert unknown.rule is None and unknown.problems[0].startswith("I don't know who “ios squad” is")


def test_a_slack_made_rule_counts_a_squads_members_against_the_cap() -> None:
    team = rules_team(None, access={"rules": {"max_recipients": 2}}, **SQUADS)
    rule = Rule.model_validate({"name": "r", "when": {"event": "task.created"},
                                "then": [{"do": "dm", "to": ["squad:mobile"], "text": "x"},
                                         {"do": "dm", "to": ["squad:web"], "text": "y"}]})
    assert access.limits(rule, team) == ["then[0]: a rule made in Slack DMs at most 2 people; this one names 3"]


def test_check_names_a_squad_nobody_configured(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("""people:
  - {name: Dana Developer, slack: U0DANA, clickup: "101", roles: [developer]}
  - {name: Devon Builder, slack: U0DEVON, clickup: "102", roles: [developer]}
  - {name: Quinn Tester, slack: U0QUINN, clickup: "201", roles: [qa]}
standup:
  - {name: web, members: [Dana Developer], channel: C0WEB}
  - {name: mobile, members: [Devon Builder], channel: C0MOB}
rules:
  - name: r
    when: {event: task.created}
    if: [{not: {field: assignee, op: in, value: [squad:web, squad:ios]}}]
    then: [{do: dm, to: [squad:mobile, squad:android], text: hi}]
""")
    env = {**os.environ, "PMBOT_CONFIG": str(team), "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db'}",
           "CLICKUP_API_TOKEN": "", "SLACK_BOT_TOKEN": "", "GITHUB_TOKEN": "", "OPENAI_API_KEY": ""}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "check"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[:3] == [
        f"config    FAILED   {team}:",
        "            rules[r].if: 'squad:ios' is no squad in standup or qa_router (squads: mobile, web)",
        "            rules[r].then[0]: 'squad:android' is no squad in standup or qa_router (squads: mobile, web)"]
