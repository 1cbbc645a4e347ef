"""The built-in sentence parser on more of the ways leads type rules (issue 23, the fourth set): the person who acts
first ("rae moves something to done", "dana or devon open a pull request", "tasks rae creates"), what tasks
"should be", arrows, day lists and clocks said in words, the 1st of the month, more DM / removal / round-robin /
priority slang, "make X the only assignee" — and refusals where a rule would have to guess (an hour with no am / pm,
a priority "raised" to no level)."""

from __future__ import annotations

import pytest

from agents.rules.parser import parse
from agents.rules.phrases import Vocabulary
from tests.agents.rules.rules_support import rules_team

VOCAB = Vocabulary.from_team(rules_team())
LEE = {"do": "dm", "to": ["Lee Lead"], "text": "{{event.summary}}"}
URGENT = [{"field": "priority", "op": "eq", "value": "urgent"}]


def rule(sentence: str) -> dict:
    result = parse(sentence, VOCAB)
    assert result.rule is not None, result.problems
    data = result.rule.data()
    return {"when": data["when"], "if": data["if"], "then": data["then"]}


def problems(sentence: str) -> list[str]:
    result = parse(sentence, VOCAB)
    assert result.rule is None, result.rule
    return result.problems


@pytest.mark.parametrize("said", ["give lee a shout", "drop lee a line", "give lee a heads up",
                                  "give a shout to lee", "shoot lee a quick msg"])
def test_more_ways_of_saying_dm(said: str) -> None:
    assert rule(f"when a task is marked urgent, {said}") == {
        "when": {"event": "task.priority_changed"}, "if": URGENT, "then": [LEE]}


@pytest.mark.parametrize("sentence", ["lee wants a ping whenever something gets escalated to urgent",
                                      "lee needs to know when a task is marked urgent",
                                      "heads up to lee when a task is marked urgent",
                                      "give lee and rae a shout when a task is marked urgent"])
def test_the_person_to_tell_first(sentence: str) -> None:
    data = rule(sentence)
    assert data["when"] == {"event": "task.priority_changed"} and data["if"] == URGENT
    assert data["then"][0]["do"] == "dm" and "Lee Lead" in data["then"][0]["to"]


@pytest.mark.parametrize("said", ["get dana off it", "drop dana from the task", "remove dana as assignee",
                                  "pull dana off"])
def test_more_ways_of_taking_someone_off(said: str) -> None:
    assert rule(f"once a ticket is closed {said}")["then"] == [{"do": "unassign", "who": ["Dana Developer"]}]


def test_a_priority_dropped_to_a_level_and_a_priority_raised_to_none_is_asked_about() -> None:
    assert rule("when a task is dropped to low priority unassign everybody") == {
        "when": {"event": "task.priority_changed"}, "if": [{"field": "priority", "op": "eq", "value": "low"}],
        "then": [{"do": "unassign", "who": "all"}]}
    assert rule("when a task is moved to done, drop the priority to low")["then"] == [
        {"do": "set_priority", "priority": "low"}]
    assert problems("when the priority of a task is raised, dm lee") == [
        "raised to which priority? A rule checks the new priority (urgent, high, normal or low), e.g. “when a task's "
        "priority is raised to high”"]


@pytest.mark.parametrize("sentence", ["anything that lands in code review should be shared out betwen the qa team",
                                      "when a task moves to code review, spread it across the qa team",
                                      "when a task moves to code review, split it among the qa team"])
def test_sharing_out_is_a_round_robin(sentence: str) -> None:
    assert rule(sentence) == {"when": {"event": "task.status_changed"},
                              "if": [{"field": "status", "op": "eq", "value": "code review"}],
                              "then": [{"do": "assign", "to": ["team:qa"], "mode": "round_robin"}]}


@pytest.mark.parametrize("said", ["make rae the only assignee", "make rae the sole assignee"])
def test_the_only_assignee_replaces_the_others(said: str) -> None:
    assert rule(f"when a task goes into in progress {said}")["then"] == [
        {"do": "assign", "to": ["Rae Checker"], "mode": "replace"}]


@pytest.mark.parametrize(("said", "cron"), [
    ("mon wed and fri at noon", "0 12 * * mon,wed,fri"), ("weekdays at 7:45am", "45 7 * * mon-fri"),
    ("tues and thurs at 2pm", "0 14 * * tue,thu"), ("monday to friday at 9am", "0 9 * * mon-fri"),
    ("every weekend at 10am", "0 10 * * sat,sun"), ("at noon every weekday", "0 12 * * mon-fri"),
    ("every weekday 9am", "0 9 * * mon-fri"), ("every tue at 9am", "0 9 * * tue"),
    ("each weekday at half past 4 in the afternoon", "30 16 * * mon-fri"),
    ("every day at quarter to 9", "45 8 * * *"), ("every wednesday at quarter past 10", "15 10 * * wed"),
    ("on the 1st of every month at 10am", "0 10 1 * *"), ("every month on the 15th at 9am", "0 9 15 * *"),
    ("at midnight every day", "0 0 * * *"), ("every day at 17:00", "0 17 * * *")])
def test_days_and_clocks_as_people_type_them(said: str, cron: str) -> None:
    assert rule(f"{said} post 'hi' in #team")["when"] == {"event": "schedule", "cron": cron}


def test_an_hour_from_1_to_6_with_no_am_or_pm_is_asked_about_not_guessed() -> None:
    assert problems("every friday at 4 post 'weekend' in #team") == [
        "“every friday at 4”: 4 in the morning or in the afternoon? Say “4am” or “4pm”"]
    assert problems("at 5:30 every weekday post 'hi' in #team") == [
        "“at 5:30 every weekday”: 5:30 in the morning or in the afternoon? Say “5:30am” or “5:30pm”"]
    assert rule("every morning at 6 post 'hi' in #team")["when"]["cron"] == "0 6 * * *"


def test_a_monthly_schedule_creates_a_task_in_the_list_named_before_its_name() -> None:
    assert rule("on the 1st of every month at 10am create a task in Admin called 'renew certificates'")["then"] == [
        {"do": "create_task", "list": "Admin", "name": "renew certificates"}]


def test_an_arrow_between_what_happens_and_what_to_do() -> None:
    assert rule("build goes red on acme/api -> dm whoever wrote the pr") == {
        "when": {"event": "ci.failed"}, "if": [{"field": "repo", "op": "eq", "value": "acme/api"}],
        "then": [{"do": "dm", "to": ["author"], "text": "{{event.summary}}"}]}
    assert rule("when a task is moved to review -> assign it to rae -> ping lee")["then"] == [
        {"do": "assign", "to": ["Rae Checker"], "mode": "add"}, LEE]


@pytest.mark.parametrize(("sentence", "when", "conditions", "action"), [
    ("new tickets in the Bugs list shuld be due tomorrow", "task.created",
     [{"field": "list", "op": "eq", "value": "Bugs"}], {"do": "set_due_date", "date": "tomorrow"}),
    ("tickets moved to blocked should be high priority", "task.status_changed",
     [{"field": "status", "op": "eq", "value": "blocked"}], {"do": "set_priority", "priority": "high"}),
    ("new bugs in Support should get tagged triage", "task.created",
     [{"field": "list", "op": "eq", "value": "Support"}], {"do": "add_tag", "tag": "triage"}),
    ("tasks rae creates that get bumped to high or urgent go to the backend team", "task.priority_changed",
     [{"field": "author", "op": "eq", "value": "Rae Checker"},
      {"field": "priority", "op": "in", "value": ["high", "urgent"]}],
     {"do": "assign", "to": ["team:backend"], "mode": "round_robin"}),
])
def test_what_tasks_should_be_is_the_action(sentence: str, when: str, conditions: list, action: dict) -> None:
    data = rule(sentence)
    assert data["when"] == {"event": when}
    assert sorted(map(str, data["if"])) == sorted(map(str, conditions))
    assert data["then"] == [action]


@pytest.mark.parametrize(("sentence", "when", "conditions"), [
    ("whenever rae moves something to done, ping lee", "task.status_changed",
     [{"field": "status", "op": "eq", "value": "done"}, {"field": "actor", "op": "eq", "value": "Rae Checker"}]),
    ("ping lee when dana or devon open a pull reqeust", "pr.opened",
     [{"field": "author", "op": "in", "value": ["Dana Developer", "Devon Builder"]}]),
    ("when lee creates a task in Bugs, ping lee", "task.created",
     [{"field": "list", "op": "eq", "value": "Bugs"}, {"field": "author", "op": "eq", "value": "Lee Lead"}]),
    ("when dana comments on a ticket, ping lee", "task.commented",
     [{"field": "actor", "op": "eq", "value": "Dana Developer"}]),
    ("if quinn closes a ticket, ping lee", "task.status_changed",
     [{"field": "status", "op": "eq", "value": "closed"}, {"field": "actor", "op": "eq", "value": "Quinn Tester"}]),
    # "by X" on a move is who moved it (it used to be read as the task's author)
    ("when a task is moved to done by rae, ping lee", "task.status_changed",
     [{"field": "status", "op": "eq", "value": "done"}, {"field": "actor", "op": "eq", "value": "Rae Checker"}]),
    ("when a pr is opened by dana or by devon, ping lee", "pr.opened",
     [{"field": "author", "op": "in", "value": ["Dana Developer", "Devon Builder"]}]),
])
def test_the_person_who_acts_is_the_actor_or_the_author(sentence: str, when: str, conditions: list) -> None:
    data = rule(sentence)
    assert data["when"] == {"event": when}
    assert sorted(map(str, data["if"])) == sorted(map(str, conditions))
    assert data["then"] == [LEE]


def test_a_team_as_the_one_who_acts_is_refused_not_dropped() -> None:
    assert problems("when the qa team moves a task to done, ping lee")


def test_someone_assigned_something_a_tag_given_by_a_verb_and_a_repository_merged_into() -> None:
    assert rule("let rae know when quinn is assigned something") == {
        "when": {"event": "task.assignee_added"}, "if": [{"field": "assignee", "op": "eq", "value": "Quinn Tester"}],
        "then": [{"do": "dm", "to": ["Rae Checker"], "text": "{{event.summary}}"}]}
    assert rule("if anyone labels a task outage bump it to urgent") == {
        "when": {"event": "task.tag_added"}, "if": [{"field": "tags", "op": "contains", "value": "outage"}],
        "then": [{"do": "set_priority", "priority": "urgent"}]}
    assert rule("when a PR is merged into acme/routing move the ticket to deployed") == {
        "when": {"event": "pr.merged"}, "if": [{"field": "repo", "op": "eq", "value": "acme/routing"}],
        "then": [{"do": "set_status", "status": "deployed"}]}


def test_also_and_then_join_actions_and_a_deadline_is_the_due_date() -> None:
    assert rule("when a task is moved to done then unassign everybody also tag it shipped")["then"] == [
        {"do": "unassign", "who": "all"}, {"do": "add_tag", "tag": "shipped"}]
    assert rule("if the deadline on a task changes, drop lee a line") == {
        "when": {"event": "task.due_date_changed"}, "if": [], "then": [LEE]}
    assert rule("when a task is assigned to dana, set the deadline to friday")["then"] == [
        {"do": "set_due_date", "date": "friday"}]
