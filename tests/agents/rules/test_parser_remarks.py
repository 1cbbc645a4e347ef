"""A remark said after the rule ("…, the run calendar depends on it") is left out only when the sentence cannot be
read whole and the remark names nothing a rule could hold; the proposal in Slack says what was left out, escaped."""

from __future__ import annotations

from pathlib import Path

from agents.rules.parser import parse
from tests.agents.rules.rules_support import rules_team
from tests.agents.rules.test_parser_phrasing import LEE, VOCAB, problems, rule
from tests.agents.rules.test_parser_policy import ONCALL
from tests.support.world import SeedTask, world

DONE = [{"field": "status", "op": "eq", "value": "done"}]


def test_a_remark_said_last_is_left_out_and_named() -> None:
    result = parse("when a ticket moves to done dm lee, the release train depends on it", VOCAB)
    assert result.rule is not None and result.rule.data()["if"] == DONE and result.rule.data()["then"] == [LEE]
    assert result.note == "(I left out “the release train depends on it” as a remark)"
    # An emoji code ends a remark as a comma does.
    emoji = parse("when a ticket moves to done dm lee :heart: the whole floor loves it", VOCAB)
    assert emoji.rule is not None and emoji.note == "(I left out “the whole floor loves it” as a remark)"
    # A sentence read whole keeps no note.
    assert parse("when a ticket moves to done dm lee", VOCAB).note is None


def test_a_clause_that_could_be_part_of_a_rule_is_never_dropped() -> None:
    # A person not named before, a status, a priority, an action word, a number: the sentence is refused as before.
    problems("when a ticket moves to done dm lee, dana wrote the release tooling")
    problems("when a ticket moves to done dm lee, the ones in review matter most")
    problems("when a ticket moves to done dm lee, urgent ones go straight out")
    problems("when a ticket moves to done dm lee, tell the others about it")
    problems("when a ticket moves to done dm lee, the 3 of us read those")
    # After words to send that were not quoted, the last clause is part of them, never cut as a remark.
    said = parse("when a ticket moves to done dm lee saying shipped, the train leaves at noon", VOCAB)
    assert said.rule is not None and said.note is None
    assert said.rule.data()["then"] == [{"do": "dm", "to": ["Lee Lead"], "text": "shipped, the train leaves at noon"}]


def test_the_proposal_says_what_was_left_out_escaped(tmp_path: Path) -> None:
    with world(tmp_path, rules_team(), tasks=[SeedTask("T1", "Coupons", "in progress")]) as w:
        w.slash("automate when a ticket moves to done dm lee, the <!channel> crowd loves it", "U0LEE")
        (dm,) = w.slack.dms("U0LEE")
        assert dm.text.startswith("Here is the rule I read. Nothing runs until you press *Enable*.")
        assert dm.text.endswith("_(running without a model: the built-in sentence parser read this) "
                                "(I left out “the &lt;!channel&gt; crowd loves it” as a remark)_")
        assert "<!channel>" not in dm.text


def test_a_remark_said_first_is_left_out_only_when_it_holds_no_trigger_and_nobody_the_rule_points_back_to() -> None:
    result = parse("so lee's been drowning in these. anything that gets marked urgent, rotate it across the oncall "
                   "team", ONCALL)
    assert result.rule is not None and result.rule.data()["then"] == [
        {"do": "assign", "to": ["team:oncall"], "mode": "round_robin"}]
    assert result.note == "(I left out “so lee's been drowning in these” as a remark)"
    # What sets a rule off is never a remark ("PRs opened on pick-bridge. Comment: …"); nor is whom "them" means.
    problems("PRs opened on pick-bridge. comment on it saying needs a dry run first")
    assert parse("the night shift keeps missing these: when a ticket moves to done, dm them", VOCAB).rule is None


def test_hand_it_over_before_the_trigger_replaces_the_assignees() -> None:
    # Before: said first, "hand it over to dana whenever …" added dana (said last, it replaced the assignees).
    assert rule("hand it over to dana whenever a ticket moves to done")["then"] == [
        {"do": "assign", "to": ["Dana Developer"], "mode": "replace"}]
