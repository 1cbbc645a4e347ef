"""The built-in sentence parser on the fifth set's kinds of wording (issue 23): short misspellings ("teh", "shud",
"wen", "isnt"), more slang for a DM (holler at, poke, buzz, page, flag someone), for a round robin (divvy up, deal
out), for raising a priority (crank / jack up) and for taking everyone off, "X alone" as the only assignee, the
object first ("crank anything tagged X up to urgent", "give anything dana gets added to a due date"), a passive
action with no "should", several things tasks should be, the status a task came from, "a task assigned to X" as a
condition, "the X tag", "plus" between actions, "sunday evenings at 8" — and refusals where a rule would guess."""

from __future__ import annotations

import pytest

from tests.agents.rules.test_parser_phrasing import LEE, problems, rule

DONE = {"field": "status", "op": "eq", "value": "done"}
BLOCKED = {"field": "status", "op": "eq", "value": "blocked"}


def test_short_misspellings_are_read_as_the_words_they_stand_for() -> None:
    assert rule("wen teh build fails on acme/api dm lee") == {
        "when": {"event": "ci.failed"}, "if": [{"field": "repo", "op": "eq", "value": "acme/api"}], "then": [LEE]}
    assert rule("new bugs in Support shud be urgent") == {
        "when": {"event": "task.created"}, "if": [{"field": "list", "op": "eq", "value": "Support"}],
        "then": [{"do": "set_priority", "priority": "urgent"}]}
    assert rule("when a task that isnt tagged hotfix moves to done dm lee")["if"] == [
        DONE, {"not": {"field": "tags", "op": "contains", "value": "hotfix"}}]


@pytest.mark.parametrize("said", ["holler at lee", "poke lee", "buzz lee", "page lee", "flag lee", "flag it to lee",
                                  "give lee a buzz"])
def test_more_slang_for_a_dm(said: str) -> None:
    assert rule(f"when a task moves to blocked {said}") == {
        "when": {"event": "task.status_changed"}, "if": [BLOCKED], "then": [LEE]}


def test_flag_with_a_priority_is_still_the_priority() -> None:
    assert rule("when a task is tagged outage flag it urgent")["then"] == [{"do": "set_priority", "priority": "urgent"}]


@pytest.mark.parametrize("said", ["msg whoevers on it", "dm whoever is on the ticket", "ping the people on it"])
def test_whoever_is_on_it_means_the_assignees(said: str) -> None:
    assert rule(f"when a task moves to blocked {said}")["then"] == [
        {"do": "dm", "to": ["assignees"], "text": "{{event.summary}}"}]


def test_a_round_robin_said_as_divvy_up_or_deal_out() -> None:
    rotate = {"do": "assign", "to": ["team:qa"], "mode": "round_robin"}
    assert rule("when a task moves to blocked deal it out across the qa team")["then"] == [rotate]
    assert rule("when a task moves to blocked divvy it up among the qa team")["then"] == [rotate]


def test_a_passive_round_robin_with_no_should() -> None:
    assert rule("anything moving into needs fix gets divvied up among the backend team") == {
        "when": {"event": "task.status_changed"}, "if": [{"field": "status", "op": "eq", "value": "needs fix"}],
        "then": [{"do": "assign", "to": ["team:backend"], "mode": "round_robin"}]}


def test_cranking_or_jacking_a_priority_up_and_the_object_first() -> None:
    high = [{"do": "set_priority", "priority": "high"}]
    assert rule("jack the priority up to high whenever a task moves to blocked")["then"] == high
    assert rule("crank everything tagged outage up to high") == {
        "when": {"event": "task.tag_added"}, "if": [{"field": "tags", "op": "contains", "value": "outage"}],
        "then": high}


def test_give_what_someone_is_added_to_a_due_date() -> None:
    assert rule("give anything quinn gets added to a due date two working days out") == {
        "when": {"event": "task.assignee_added"}, "if": [{"field": "assignee", "op": "eq", "value": "Quinn Tester"}],
        "then": [{"do": "set_due_date", "date": "+2 working days"}]}


def test_clearing_everyone_off_unassigns_all() -> None:
    assert rule("when a task moves to done clear all the assignees off it")["then"] == [
        {"do": "unassign", "who": "all"}]


@pytest.mark.parametrize("said", ["should belong to rae alone", "should go to rae and nobody else"])
def test_one_person_alone_is_the_only_assignee(said: str) -> None:
    assert rule(f"tickets that move to in testing {said}") == {
        "when": {"event": "task.status_changed"}, "if": [{"field": "status", "op": "eq", "value": "in testing"}],
        "then": [{"do": "assign", "to": ["Rae Checker"], "mode": "replace"}]}


def test_a_team_alone_is_refused_not_guessed() -> None:
    assert problems("when a task moves to done assign it to the qa team alone")


def test_several_things_tasks_should_be() -> None:
    assert rule("new tickets in Support should be urgent and go to dana") == {
        "when": {"event": "task.created"}, "if": [{"field": "list", "op": "eq", "value": "Support"}],
        "then": [{"do": "set_priority", "priority": "urgent"},
                 {"do": "assign", "to": ["Dana Developer"], "mode": "add"}]}
    assert problems("new tickets in Support should be urgent and go to somebody nice")
    assert rule("new tickets in Support should be due friday and go to dana and devon")["then"] == [
        {"do": "set_due_date", "date": "friday"},
        {"do": "assign", "to": ["Dana Developer", "Devon Builder"], "mode": "add"}]
    assert rule("tasks moved to in testing should be shared between quinn and rae")["then"] == [
        {"do": "assign", "to": ["Quinn Tester", "Rae Checker"], "mode": "round_robin"}]


@pytest.mark.parametrize(("sentence", "conditions"), [
    ("when a ticket gets kicked back from in testing to in progress dm lee",
     [{"field": "status_before", "op": "eq", "value": "in testing"},
      {"field": "status", "op": "eq", "value": "in progress"}]),
    ("when a ticket moves out of blocked dm lee", [{"field": "status_before", "op": "eq", "value": "blocked"}]),
    ("when a ticket leaves in review dm lee", [{"field": "status_before", "op": "eq", "value": "in review"}]),
    ("when a task moves to done from in testing dm lee",
     [DONE, {"field": "status_before", "op": "eq", "value": "in testing"}]),
])
def test_the_status_a_task_came_from(sentence: str, conditions: list) -> None:
    assert rule(sentence) == {"when": {"event": "task.status_changed"}, "if": conditions, "then": [LEE]}


def test_a_task_assigned_to_someone_is_a_condition_of_another_event() -> None:
    assert rule("when a task assigned to dana moves to done dm lee") == {
        "when": {"event": "task.status_changed"},
        "if": [DONE, {"field": "assignee", "op": "eq", "value": "Dana Developer"}], "then": [LEE]}
    assert rule("when a task is assigned to dana dm lee")["when"] == {"event": "task.assignee_added"}


def test_the_one_who_acts_tags_named_before_the_word_tag_and_plus() -> None:
    assert rule("if rae is the one who marks it done dm lee")["if"] == [
        DONE, {"field": "actor", "op": "eq", "value": "Rae Checker"}]
    assert rule("when a task without the hotfix tag moves to done dm lee")["if"] == [
        DONE, {"not": {"field": "tags", "op": "contains", "value": "hotfix"}}]
    assert rule("when a task moves to done dm lee plus tag it shipped")["then"] == [
        LEE, {"do": "add_tag", "tag": "shipped"}]


def test_days_with_a_part_of_the_day_in_the_plural_are_every_such_day() -> None:
    assert rule("sunday evenings at 8 post 'week ahead' in #general")["when"] == {
        "event": "schedule", "cron": "0 20 * * sun"}


def test_a_bare_repository_after_ci_blows_up_is_refused() -> None:
    assert problems("when ci blows up on routing-api page dana")
    assert rule("when ci blows up on acme/routing-api page dana")["when"] == {"event": "ci.failed"}
