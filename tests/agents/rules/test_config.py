"""The rule format: validated at load time with errors naming the file, the key and the problem; printed back in
exactly the documented shape."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agents.base import Cron
from agents.rules import messages as msg
from agents.rules.config import Rule, RulesConfig
from agents.rules.dates import describe_cron, next_fire, normalise_cron, normalise_date, resolve_date
from bot.config import ConfigError, load_team_config
from tests.agents.rules.rules_support import URGENT_TO_BACKEND, agent_for, rules_team

HEAD = """people:
  - {name: Dana Developer, slack: U0DANA, clickup: "101"}
  - {name: Lee Lead, slack: U0LEE, clickup: "301", roles: [lead]}
teams:
  backend: [Dana Developer]
"""


def load(tmp_path: Path, text: str) -> str:
    path = tmp_path / "team.yaml"
    path.write_text(HEAD + text)
    with pytest.raises(ConfigError) as err:
        load_team_config(path)
    return str(err.value).replace(f"{path}: ", "")


def test_the_issue_example_loads_as_a_list_section(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(HEAD + """rules:
  - name: urgent-to-backend
    when: {event: task.priority_changed}
    if:
      - {field: priority, op: eq, value: urgent}
      - {not: {field: tags, op: contains, value: hotfix}}
      - {any: [{field: list, op: eq, value: Bugs}, {field: list, op: eq, value: Backend}]}
    then:
      - {do: assign, to: [team:backend], mode: round_robin}
      - {do: set_due_date, date: tomorrow}
  - name: weekly
    when: {event: schedule, cron: "0 9 * * 1"}
    then: [{do: post, channel: "#general", text: Planning}]
""")
    team = load_team_config(path)
    agent = agent_for(team)
    assert [r.name for r in agent.cfg.items] == ["urgent-to-backend", "weekly"]
    assert agent.schedules() == [Cron("rules.weekly", "0 9 * * mon")]  # standard cron: 1 is Monday
    assert agent.cfg.items[0].data() == {
        "name": "urgent-to-backend", "when": {"event": "task.priority_changed"},
        "if": [{"field": "priority", "op": "eq", "value": "urgent"},
               {"not": {"field": "tags", "op": "contains", "value": "hotfix"}},
               {"any": [{"field": "list", "op": "eq", "value": "Bugs"}, {"field": "list", "op": "eq",
                                                                         "value": "Backend"}]}],
        "then": [{"do": "assign", "to": ["team:backend"], "mode": "round_robin"},
                 {"do": "set_due_date", "date": "tomorrow"}]}


@pytest.mark.parametrize(("rules", "expected"), [
    ("- {name: urgent-to-backend, when: {event: task.priority_changed}, then: [{do: asign, to: [Dana]}]}",
     "rules[urgent-to-backend].then[0].do: Input should be 'set_status', 'assign', 'unassign', 'set_priority', "
     "'set_due_date', 'add_tag', 'comment', 'post', 'dm' or 'create_task'"),
    ("- {name: r, when: {event: task.moved}, then: [{do: comment, text: x}]}",
     "rules[r].when.event: Input should be 'task.created'"),
    ("- {name: r, when: {event: schedule}, then: [{do: post, channel: '#a', text: x}]}",
     "rules[r].when: a schedule needs cron, e.g. {event: schedule, cron: '0 9 * * mon'}"),
    ("- {name: r, when: {event: schedule, cron: '0 9 * *'}, then: [{do: post, channel: '#a', text: x}]}",
     "rules[r].when: '0 9 * *' is not a 5-field cron expression like '0 9 * * mon'"),
    ("- {name: r, when: {event: task.created}, if: [{field: colour, value: red}], then: [{do: comment, text: x}]}",
     "rules[r].if[0]: unknown field 'colour' (fields: status, status_before, priority, list, tags, assignee, "
     "name, author, actor, repo, custom.<name>)"),
    ("- {name: r, when: {event: task.created}, if: [{field: tags, op: has, value: x}], then: [{do: comment, "
     "text: x}]}", "rules[r].if[0].op: Input should be 'eq', 'ne', 'in', 'contains', 'gt' or 'lt'"),
    ("- {name: r, when: {event: task.created}, then: [{do: set_status}]}", "rules[r].then[0]: set_status needs status"),
    ("- {name: r, when: {event: task.created}, then: [{do: comment, text: x, channel: '#a'}]}",
     "rules[r].then[0]: comment does not take channel"),
    ("- {name: r, when: {event: task.created}, then: [{do: set_due_date, date: someday}]}",
     "rules[r].then[0]: 'someday' is not a date (use today, tomorrow, a weekday, +N days, +N working days)"),
    ("- {name: r, when: {event: task.created}, then: [{do: comment, text: 'hi {{task.owner}}'}]}",
     "rules[r].then[0]: unknown placeholder(s) task.owner (known:"),
    ("- {name: r, when: {event: task.created}, then: [{do: post, channel: general, text: x}]}",
     "rules[r].then[0]: channel 'general' is neither #name nor a channel id"),
    ("- {name: r, when: {event: schedule, cron: '0 9 * * *'}, then: [{do: set_status, status: done}]}",
     "rules[r]: a schedule rule has no task to set_status: it may post, dm, create_task"),
    ("- {name: Bad Name, when: {event: task.created}, then: [{do: comment, text: x}]}",
     "rules[Bad Name].name: a rule name is lower-case letters"),
    ("- {name: r, when: {event: task.created}, then: []}", "rules[r].then: List should have at least 1 item"),
    ("- {name: r, when: {event: task.created}, then: [{do: comment, text: x}]}\n"
     "- {name: r, when: {event: task.created}, then: [{do: comment, text: y}]}", "rules: two rules are named r"),
    ("- {name: r, when: {event: task.created}, then: [{do: assign, to: [role:boss]}]}",
     "rules[r].then[0]: unknown role 'boss' (roles: developer, qa, lead)"),
])
def test_bad_rules_name_file_key_and_problem(tmp_path: Path, rules: str, expected: str) -> None:
    assert expected in load(tmp_path, "rules:\n  " + rules.replace("\n", "\n  ") + "\n")


def test_unknown_team_member_is_an_error_of_the_teams_map(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(HEAD.replace("[Dana Developer]", "[Dana Developer, Zoe]"))
    with pytest.raises(ConfigError) as err:
        load_team_config(path)
    assert f"{path}: teams: backend: 'Zoe' is not a name in people" in str(err.value)


def test_check_names_people_teams_and_lists_nobody_knows() -> None:
    team = rules_team({"items": [
        {"name": "r", "when": {"event": "task.created"},
         "then": [{"do": "assign", "to": ["Zoe", "team:frontend", "team:backend", "role:qa", "author"]},
                  {"do": "create_task", "list": "Ops", "name": "x"}, {"do": "create_task", "list": "Bugs", "name": "y"},
                  {"do": "create_task", "list": "901", "name": "z"}]}], "lists": {"Bugs": "900"}})
    assert agent_for(team).check(team) == [
        "rules[r].then[0]: 'Zoe' is nobody in people or teams",
        "rules[r].then[0]: 'team:frontend' is nobody in people or teams",
        "rules[r].then[1].list: 'Ops' is not in rules.lists (name: id) and is not an id"]


def test_the_mapping_form_carries_the_settings() -> None:
    cfg = RulesConfig.model_validate({"items": [URGENT_TO_BACKEND], "max_runs_per_hour": 5, "chain_limit": 3,
                                      "dry_run_events": 50, "enabled": False})
    assert (cfg.max_runs_per_hour, cfg.chain_limit, cfg.dry_run_events, cfg.enabled) == (5, 3, 50, False)
    assert RulesConfig.model_validate([URGENT_TO_BACKEND]).items[0].name == "urgent-to-backend"
    assert RulesConfig().items == []


def test_printed_in_exactly_the_documented_format() -> None:
    rule = Rule.model_validate(URGENT_TO_BACKEND)
    assert msg.rule_yaml(rule) == (
        "- name: urgent-to-backend\n"
        "  when: {event: task.priority_changed}\n"
        "  if:\n"
        "    - {field: priority, op: eq, value: urgent}\n"
        "    - {not: {field: tags, op: contains, value: hotfix}}\n"
        "  then:\n"
        "    - {do: assign, to: [team:backend], mode: round_robin}\n"
        "    - {do: set_due_date, date: tomorrow}")
    assert msg.rule_text(rule) == (
        "*urgent-to-backend* — when a task's priority changes\n"
        "if priority is urgent and not (tags contains hotfix)\n"
        "1. assign to the backend team (round robin)\n"
        "2. set the due date to tomorrow")


def test_in_takes_a_comma_list_and_defaults_fill_in() -> None:
    rule = Rule.model_validate({"name": "r", "when": {"event": "task.created"},
                                "if": [{"field": "list", "op": "in", "value": "Bugs, Support"},
                                       {"field": "status", "value": "to do"}],
                                "then": [{"do": "assign", "to": "Dana Developer"}, {"do": "dm", "to": "author"}]})
    assert rule.data()["if"] == [{"field": "list", "op": "in", "value": ["Bugs", "Support"]},
                                 {"field": "status", "op": "eq", "value": "to do"}]
    assert rule.data()["then"] == [{"do": "assign", "to": ["Dana Developer"], "mode": "add"},
                                   {"do": "dm", "to": ["author"], "text": "{{event.summary}}"}]


@pytest.mark.parametrize(("expr", "canonical", "due"), [
    ("today", "today", datetime(2026, 11, 23, 16, 0, tzinfo=UTC)),
    ("Tomorrow", "tomorrow", datetime(2026, 11, 24, 16, 0, tzinfo=UTC)),
    ("Friday", "friday", datetime(2026, 11, 27, 16, 0, tzinfo=UTC)),
    ("monday", "monday", datetime(2026, 11, 30, 16, 0, tzinfo=UTC)),  # "Monday" on a Monday is next week's
    ("+2 working days", "+2 working days", datetime(2026, 11, 25, 16, 0, tzinfo=UTC)),
    ("+5 business days", "+5 working days", datetime(2026, 11, 30, 16, 0, tzinfo=UTC)),
    ("+14 days", "+14 days", datetime(2026, 12, 7, 16, 0, tzinfo=UTC)),
    ("+2 weeks", "+14 days", datetime(2026, 12, 7, 16, 0, tzinfo=UTC)),
    ("+1 day", "+1 day", datetime(2026, 11, 24, 16, 0, tzinfo=UTC)),
])
def test_dates_are_the_end_of_that_working_day_in_the_team_timezone(expr: str, canonical: str, due: datetime) -> None:
    monday = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 23:30 on Monday in Berlin
    assert normalise_date(expr) == canonical
    assert resolve_date(expr, monday, "Europe/Berlin") == due


def test_cron_day_numbers_mean_what_cron_means() -> None:
    assert normalise_cron("0 9 * * 1") == "0 9 * * mon"
    assert normalise_cron("30 10 * * 1-5") == "30 10 * * mon-fri"
    assert normalise_cron("0 9 * * 0,6") == "0 9 * * sun,sat"
    assert normalise_cron("*/15 * * * */2") == "*/15 * * * */2"
    assert next_fire("0 9 * * 1", datetime(2026, 11, 23, 10, 0, tzinfo=UTC), "Europe/Berlin") == \
        datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert describe_cron("30 10 * * 1-5") == "every weekday at 10:30"
    assert describe_cron("0 11 * * mon,wed") == "every Monday and Wednesday at 11:00"
    with pytest.raises(ValueError):
        normalise_cron("0 25 * * *")


def test_what_is_printed_loads_back_as_the_same_rule() -> None:
    import yaml

    from tests.eval.rules_eval import load

    _, sets = load()
    for case in [c for cases in sets.values() for c in cases]:
        rule = Rule.model_validate({"name": "r", "when": case["when"], "if": case["if"], "then": case["then"]})
        (again,) = yaml.safe_load(msg.rule_yaml(rule))
        assert Rule.model_validate(again) == rule, msg.rule_yaml(rule)
