"""The built-in sentence parser on the sixth set's kinds of wording (issue 23), typed in a hurry: the condition first
with no "when" ("merged prs on X move it to done", "anything tagged X that moves to Y give it to Z"), the person to
tell after the trigger ("… lee needs to know", "… can lee hear about it", "fridays at 6pm lee should get a dm
saying …"), "any time" after the action, more slang (ding / tap, fire X a dm, fire off a dm to, whack the priority
up, put it on the X team rota, send the ticket to a status, "its due in 3 days"), "X is assigned to a task", a
status of the team's own right before the action, a clock with minutes after "weekday mornings", a letter left out
of a long word — and refusals where a rule would have to guess."""

from __future__ import annotations

import pytest

from tests.agents.rules.test_parser_phrasing import LEE, problems, rule

DONE = {"field": "status", "op": "eq", "value": "done"}
URGENT = {"field": "priority", "op": "eq", "value": "urgent"}
ACME_API = {"field": "repo", "op": "eq", "value": "acme/api"}


def test_the_trigger_first_with_no_when_then_the_action() -> None:
    assert rule("merged prs on acme/api push the ticket to done then tag it shipped") == {
        "when": {"event": "pr.merged"}, "if": [ACME_API],
        "then": [{"do": "set_status", "status": "done"}, {"do": "add_tag", "tag": "shipped"}]}
    data = rule("anything tagged hotfix that moves to done give it to rae")
    assert data["when"] == {"event": "task.status_changed"}
    assert sorted(data["if"], key=str) == sorted([DONE, {"field": "tags", "op": "contains", "value": "hotfix"}],
                                                 key=str)
    assert data["then"] == [{"do": "assign", "to": ["Rae Checker"], "mode": "add"}]
    assert rule("anything in the Support list that gets a comment dm the assignees") == {
        "when": {"event": "task.commented"}, "if": [{"field": "list", "op": "eq", "value": "Support"}],
        "then": [{"do": "dm", "to": ["assignees"], "text": "{{event.summary}}"}]}


def test_words_before_the_verb_that_name_no_event_are_not_a_trigger() -> None:
    assert problems("the big quarterly thing assign it to dana")


@pytest.mark.parametrize("sentence", ["a task moved to done lee needs to know",
                                      "when a task moves to done can lee hear about it",
                                      "once a task goes to done lee should get a dm"])
def test_the_person_to_tell_after_the_trigger(sentence: str) -> None:
    assert rule(sentence) == {"when": {"event": "task.status_changed"}, "if": [DONE], "then": [LEE]}


def test_the_person_to_tell_after_authors_and_a_schedule() -> None:
    assert rule("prs opened by dana or devon quinn needs to know") == {
        "when": {"event": "pr.opened"},
        "if": [{"field": "author", "op": "in", "value": ["Dana Developer", "Devon Builder"]}],
        "then": [{"do": "dm", "to": ["Quinn Tester"], "text": "{{event.summary}}"}]}
    assert rule("tuesday evenings at 7 lee shld get a dm saying 'update the roadmap'") == {
        "when": {"event": "schedule", "cron": "0 19 * * tue"}, "if": [],
        "then": [{"do": "dm", "to": ["Lee Lead"], "text": "update the roadmap"}]}


def test_saying_is_read_only_with_a_text_of_its_own() -> None:
    assert problems("when a task moves to done dm lee saying")


@pytest.mark.parametrize("said", ["ding lee", "tap lee", "fire lee a dm", "fire off a dm to lee"])
def test_more_slang_for_a_dm(said: str) -> None:
    assert rule(f"anything that goes urgent {said}") == {
        "when": {"event": "task.priority_changed"}, "if": [URGENT], "then": [LEE]}


def test_the_pr_author_on_a_ci_rule() -> None:
    assert rule("if the build breaks on acme/api fire off a dm to the pr author") == {
        "when": {"event": "ci.failed"}, "if": [ACME_API],
        "then": [{"do": "dm", "to": ["author"], "text": "{{event.summary}}"}]}


def test_the_action_first_then_any_time() -> None:
    assert rule("whack the priority up to high any time someone tags a task outage") == {
        "when": {"event": "task.tag_added"}, "if": [{"field": "tags", "op": "contains", "value": "outage"}],
        "then": [{"do": "set_priority", "priority": "high"}]}


def test_a_team_rota_is_a_round_robin_and_a_status_of_the_teams_own_ends_at_the_action() -> None:
    assert rule("once a ticket lands in design review put it on the backend team rota") == {
        "when": {"event": "task.status_changed"}, "if": [{"field": "status", "op": "eq", "value": "design review"}],
        "then": [{"do": "assign", "to": ["team:backend"], "mode": "round_robin"}]}


def test_sending_a_ticket_to_a_status_but_not_to_a_person() -> None:
    assert rule("when a pr is merged send the ticket to ready to ship")["then"] == [
        {"do": "set_status", "status": "ready to ship"}]
    assert problems("when a task moves to done push it to lee")


def test_someone_assigned_to_a_task_and_its_due_date() -> None:
    assert rule("whenever dana is assignd to a tikcet its due 2 working days out") == {
        "when": {"event": "task.assignee_added"}, "if": [{"field": "assignee", "op": "eq", "value": "Dana Developer"}],
        "then": [{"do": "set_due_date", "date": "+2 working days"}]}
    assert rule("once a task is tagged hotfix it should be due tomorrow")["then"] == [
        {"do": "set_due_date", "date": "tomorrow"}]


def test_its_due_date_and_when_its_due_are_not_a_due_date_to_set() -> None:
    assert rule("when its due date changes dm lee") == {
        "when": {"event": "task.due_date_changed"}, "if": [], "then": [LEE]}
    assert problems("when it's due tomorrow dm lee")


def test_a_clock_with_minutes_after_the_part_of_the_day() -> None:
    assert rule("weekday mornings quarter past 8 post 'standup' in #team")["when"] == {
        "event": "schedule", "cron": "15 8 * * mon-fri"}
    assert problems("monday mornings 9 dm lee")  # a bare number is not a clock


def test_a_letter_left_out_of_a_word_of_five_letters_or_more_and_not_of_a_shorter_one() -> None:
    from agents.rules.normalise import fix_typos
    from tests.agents.rules.test_parser_phrasing import VOCAB

    assert fix_typos("when dana is assignd", VOCAB) == "when dana is assigned"
    # "markd" is one edit from "marks" and from "marked"; the letter left out is the likelier slip ("opend", "mergd").
    assert fix_typos("when a task is markd urgent", VOCAB) == "when a task is marked urgent"
    assert fix_typos("when a pr is opend", VOCAB) == "when a pr is opened"
    assert fix_typos("when a task is movd", VOCAB) == "when a task is movd"  # four letters: only a swap is fixed
