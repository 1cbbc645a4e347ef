"""The rules parser evaluation (tests/eval/rules_sentences.yaml) as a test: at least 40 sentences, and the
built-in parser (no model) at or above 0.8 exact match of event, conditions and actions — each, and all three."""

from __future__ import annotations

from agents.rules.parser import parse
from agents.rules.phrases import Vocabulary
from tests.eval.rules_eval import PARTS, Score, load, score


def test_the_set_is_big_enough_and_every_expectation_is_a_valid_rule() -> None:
    _, sets = load()
    assert len(sets["dev"]) + len(sets["held_out"]) + len(sets["held_out_2"]) >= 40
    assert len({c["text"] for cases in sets.values() for c in cases}) == sum(len(c) for c in sets.values())


def test_parser_without_a_model_scores_at_least_0_8() -> None:
    team, sets = load()
    vocab = Vocabulary.from_team(team)
    overall = Score()
    for cases in sets.values():
        result = score(cases, [parse(c["text"], vocab) for c in cases])
        overall.total += result.total
        for part in PARTS:
            overall.right[part] += result.right[part]
    assert {part: overall.accuracy(part) >= 0.8 for part in PARTS} == dict.fromkeys(PARTS, True), overall.misses
