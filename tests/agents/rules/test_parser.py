"""The built-in sentence parser beyond the evaluation set: what it says when it cannot read a sentence, "me",
quotes with apostrophes, names, and that no input makes it raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.rules.parser import parse
from agents.rules.phrases import Vocabulary, date_in, schedule_in
from tests.agents.rules.rules_support import rules_team

VOCAB = Vocabulary.from_team(rules_team(), asker="U0QUINN")


def rule(sentence: str) -> dict:
    result = parse(sentence, VOCAB)
    assert result.rule is not None, result.problems
    return result.rule.data()


def test_me_is_the_asker_and_quotes_keep_their_apostrophes() -> None:
    data = rule("when a task is marked urgent, assign it to me and comment \"Don't merge yet, it's urgent\"")
    assert data["then"] == [{"do": "assign", "to": ["Quinn Tester"], "mode": "add"},
                            {"do": "comment", "text": "Don't merge yet, it's urgent"}]


def test_a_name_from_the_sentence_and_from_the_caller() -> None:
    assert rule("when a PR is merged, move the task to done")["name"] == "pr-merged-done"
    assert parse("when a PR is merged, move the task to done", VOCAB, name="mine").rule.name == "mine"  # type: ignore


def test_what_it_cannot_read_it_says() -> None:
    assert parse("please be nice", VOCAB).problems == [
        "I could not tell what should set the rule off (a task created, moved, marked urgent, tagged…, a pull "
        "request, CI, or “every Monday at 9am”)"]
    assert parse("when a task is marked urgent", VOCAB).problems == [
        "I could not find what the rule should do (assign, move, set the due date, post, DM…)"]
    assert parse("when a task is marked urgent, post something", VOCAB).problems == [
        "post where? Name a channel like #qa"]
    assert parse("when a task is marked urgent, remove the tag later", VOCAB).problems == [
        "rules cannot remove tags (yet)"]
    assert parse("when a task is marked urgent, set the due date to someday", VOCAB).problems == [
        "which due date? (“set the due date to someday”: try tomorrow, Friday, in 3 days, +2 working days)"]


def test_schedules_and_dates() -> None:
    assert schedule_in("every weekday at 9:15am post x") == ("15 9 * * mon-fri", "every weekday at 9:15am")
    assert schedule_in("each Friday at noon, post") == ("0 12 * * fri", "each Friday at noon")
    assert schedule_in("daily at 17:30 DM Lee") == ("30 17 * * *", "daily at 17:30")
    assert schedule_in("every Monday post x") == (None, "every Monday")  # no hour said: none guessed
    assert [date_in(t) for t in ("due in two weeks", "within 3 working days", "by the end of the week",
                                 "due next week", "due friday", "in a day")] == [
        "+14 days", "+3 working days", "friday", "+7 days", "friday", "+1 day"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_no_input_makes_it_raise(sentence: str) -> None:
    result = parse(sentence, VOCAB)
    assert (result.rule is None) == bool(result.problems)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["when", "a", "task", "is", "marked", "urgent", ",", "assign", "it", "to", "Dana",
                                 "and", "tagged", "'x'", "#qa", "post", "every", "Monday", "at", "9am", "not",
                                 "from", "in", "review", "done", "team", "backend", "due", "tomorrow"]), max_size=25))
def test_word_salad_from_its_own_vocabulary_never_raises(words: list[str]) -> None:
    result = parse(" ".join(words), VOCAB)
    assert (result.rule is None) == bool(result.problems)
