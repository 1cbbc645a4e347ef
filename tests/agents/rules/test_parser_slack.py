"""The built-in sentence parser on Slack wording: DM slang, typos, times said with "afternoon", "X or Y", someone
added to a task, a removal and an assignment together — and, above all, a refusal that names the words it could
not read instead of a rule without them."""

from __future__ import annotations

from unittest.mock import ANY

import pytest

from agents.rules.normalise import fix_typos
from agents.rules.parser import parse
from agents.rules.phrases import Vocabulary
from tests.agents.rules.rules_support import rules_team

VOCAB = Vocabulary.from_team(rules_team(), asker="U0QUINN")
LEE = {"do": "dm", "to": ["Lee Lead"], "text": "{{event.summary}}"}
NOT_READ = ("I did not understand {}, so I made no rule rather than one without it (a rule can check status, "
            "priority, list, tags, assignee, name, and on pull requests the repository (owner/name) and author; "
            "rephrase, or leave that part out)")


def rule(sentence: str) -> dict:
    result = parse(sentence, VOCAB)
    assert result.rule is not None, result.problems
    return result.rule.data()


@pytest.mark.parametrize("said", ["ping lee", "slack lee", "nudge lee", "message lee", "shoot lee a dm",
                                  "shoot a dm to lee", "send lee a quick message", "drop a dm to lee"])
def test_every_way_of_saying_dm_is_a_dm(said: str) -> None:
    assert rule(f"when a task is marked urgent, {said}")["then"] == [LEE]


@pytest.mark.parametrize(("said", "cron"), [
    ("every weekday at 3 in the afternoon", "0 15 * * mon-fri"), ("every friday at 4pm", "0 16 * * fri"),
    ("every monday at 16:00", "0 16 * * mon"), ("every day at 8 in the evening", "0 20 * * *"),
    ("every day at 11 in the morning", "0 11 * * *"), ("every tuesday at noon", "0 12 * * tue"),
    ("every day at 9 tonight", "0 21 * * *"), ("every day at 12 in the afternoon", "0 12 * * *"),
    ("every evening at 8", "0 20 * * *"), ("every afternoon at 2:30", "30 14 * * *"),
    ("every friday afternoon at 4", "0 16 * * fri"), ("every monday morning at 8", "0 8 * * mon"),
    ("every tuesday evening at 7", "0 19 * * tue"), ("every weekday morning at 9:30", "30 9 * * mon-fri")])
def test_an_hour_said_with_a_part_of_the_day_is_that_hour(said: str, cron: str) -> None:
    assert rule(f"{said} post 'hi' in #team")["when"] == {"event": "schedule", "cron": cron}


def test_a_schedule_without_an_hour_is_refused_not_given_a_guessed_one() -> None:
    assert parse("every evening post 'hi' in #team", VOCAB).problems == [
        "at what time “every evening”? Say the hour, e.g. “every weekday at 9am” or “every friday at 4 in the "
        "afternoon”"]
    assert parse("every monday dm lee 'plan'", VOCAB).problems == [
        "at what time “every monday”? Say the hour, e.g. “every weekday at 9am” or “every friday at 4 in the "
        "afternoon”"]


@pytest.mark.parametrize(("sentence", "unread"), [
    ("every evening at 7am post 'hi' in #team", "“evening”"),  # 7am is no evening: which one was meant?
    ("every monday at 9 post 'hi' in #team at 5", "“5”"),  # one hour per rule: the second is not dropped
    ("when a task is not marked urgent, dm lee", "“not”"),  # no negated condition was read
    ("when a task is moved to done, post to #team in rotation", "“rotation”"),  # a post does not rotate
])
def test_a_word_that_the_rule_does_not_bear_out_is_named(sentence: str, unread: str) -> None:
    result = parse(sentence, VOCAB)
    assert result.rule is None
    assert result.problems == [NOT_READ.format(unread)]


def test_an_author_or_assignee_that_is_a_team_is_refused_not_dropped() -> None:
    assert parse("when a task is assigned to the qa team, dm lee", VOCAB).problems == [
        "a rule checks the person a task is assigned to, not a team, a role, the author or the assignees: name the "
        "people"]
    assert parse("when a pr is opened by backend, dm lee", VOCAB).problems == [
        "an author is one person, and “backend” is not (name the people)"]


def test_or_on_an_author_a_repository_and_a_status_of_the_teams_own() -> None:
    assert rule("when a pr is opened by dana or devon, dm lee")["if"] == [
        {"field": "author", "op": "in", "value": ["Dana Developer", "Devon Builder"]}]
    assert rule("when ci fails in acme/api or acme/web, dm lee")["if"] == [
        {"field": "repo", "op": "in", "value": ["acme/api", "acme/web"]}]
    assert rule("when a task is moved to blocked or on hold, dm lee")["if"] == [
        {"field": "status", "op": "in", "value": ["blocked", "on hold"]}]
    assert rule("when a ticket lands in ready for qa, rotate it between the qa team")["if"] == [
        {"field": "status", "op": "eq", "value": "ready for qa"}]


def test_the_action_or_the_person_first() -> None:
    assert rule("escalate to urgent any task tagged outage") == rule("when a task is tagged outage, set priority "
                                                                     "to urgent") | {"name": ANY}
    assert rule("lee should get a dm whenever a task is bumped to urgent")["then"] == [LEE]


def test_a_person_added_to_a_task_is_an_assignment_not_a_new_task() -> None:
    data = rule("when devon gets added to a ticket, set the due date to tomorrow")
    assert data["when"] == {"event": "task.assignee_added"}
    assert data["if"] == [{"field": "assignee", "op": "eq", "value": "Devon Builder"}]


def test_taking_one_person_off_and_giving_it_to_another_is_two_actions() -> None:
    assert rule("when a task is moved to blocked, take dana off it and give it to rae")["then"] == [
        {"do": "unassign", "who": ["Dana Developer"]}, {"do": "assign", "to": ["Rae Checker"], "mode": "add"}]


def test_or_in_a_condition_keeps_every_value() -> None:
    assert rule("when priority changes to high or urgent, ping lee")["if"] == [
        {"field": "priority", "op": "in", "value": ["high", "urgent"]}]
    assert rule("when a task is tagged outage or incident, ping lee")["if"] == [
        {"field": "tags", "op": "in", "value": ["outage", "incident"]}]


def test_a_raised_priority_and_a_round_robin_in_slang() -> None:
    assert rule("when a task is tagged outage, bump it to urgent")["then"] == [
        {"do": "set_priority", "priority": "urgent"}]
    assert rule("when a task moves to in testing, round robin it to the qa team")["then"] == [
        {"do": "assign", "to": ["team:qa"], "mode": "round_robin"}]


def test_one_typo_in_a_known_word_is_read_but_not_in_a_name_or_a_tag() -> None:
    assert rule("whenver a task is marked urgent, mesage lee")["then"] == [LEE]
    assert fix_typos("when a task is tagged blocker", VOCAB) == "when a task is tagged blocker"
    assert fix_typos("when a task is markd urgent", VOCAB) == "when a task is marked urgent"  # a letter left out


def test_conditions_on_an_author_and_a_repository_are_kept() -> None:
    data = rule("when a pr is opened in acme/api by dana, dm lee")
    assert data["if"] == [{"field": "author", "op": "eq", "value": "Dana Developer"},
                          {"field": "repo", "op": "eq", "value": "acme/api"}]
    assert rule("when a task created by rae is marked urgent, dm lee")["if"] == [
        {"field": "priority", "op": "eq", "value": "urgent"}, {"field": "author", "op": "eq", "value": "Rae Checker"}]


@pytest.mark.parametrize(("sentence", "unread"), [
    ("when a task is marked urgent and it's a weekend, dm lee", "“weekend”"),
    ("when CI fails on the main branch, dm the author", "“main branch”"),
    ("when a pr is opened in the payments repo, dm lee", "“payments repo”"),
    ("when a task is marked urgent after 6pm, dm lee", "“6pm”"),
])
def test_a_condition_it_cannot_read_is_named_and_no_rule_is_made(sentence: str, unread: str) -> None:
    result = parse(sentence, VOCAB)
    assert result.rule is None
    assert result.problems == [NOT_READ.format(unread)]


def test_a_repository_on_a_task_event_or_without_its_owner_is_refused_with_the_reason() -> None:
    assert parse("when a task moves to done in acme/api, dm lee", VOCAB).problems == [
        "a task event carries no repository, so “acme/api” cannot be checked (repositories are checked on pull "
        "request and CI rules)"]
    assert parse("when a pr is merged in the repo payments, dm lee", VOCAB).problems == [
        "name the repository as owner/name (e.g. acme/payments): pull requests carry the full name"]
