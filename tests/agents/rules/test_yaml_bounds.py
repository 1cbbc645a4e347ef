"""`/pm rules add` takes a person's YAML: a "billion laughs" (anchors and aliases), an endless or deeply nested
text, and an enormous condition value are refused with a clear answer and store nothing; a plain rule still
becomes a proposal."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.rules.config import MAX_YAML_CHARS, Condition
from agents.rules.slack import read_yaml
from tests.agents.rules.rules_support import rules_team
from tests.support.world import SeedTask, World, world

REFUSED = "That edit is not a valid rule:\n• "


def laughs(levels: int) -> str:
    """A rule whose condition value is a list of lists of ... nine "lol"s, written with one anchor per level:
    a few hundred bytes that expand into 9**levels values."""
    lines = ["name: laughs", "when: {event: task.created}", "if:", "  - field: name", "    op: in", "    value:",
             "      - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"      - &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    lines += ["then:", "  - {do: comment, text: hi}"]
    return "\n".join(lines)


def drafts(w: World) -> dict[str, object]:
    return dict(w.pmbot.call(w.pmbot.runtime.store.get_prefix, "rules:draft"))


def test_rules_add__a_billion_laughs_and_other_oversized_yaml_are_refused_and_store_nothing(tmp_path: Path) -> None:
    nested = "name: deep\nwhen: {event: task.created}\nx: " + "[" * 40 + "]" * 40
    long_value = ("name: long\nwhen: {event: task.created}\nif:\n  - {field: name, op: in, value: ["
                  + ", ".join(f"n{i}" for i in range(101)) + "]}\nthen:\n  - {do: comment, text: hi}")
    with world(tmp_path, rules_team(), tasks=[SeedTask("T1", "Coupons", "in progress")]) as w:
        for text in (laughs(3), nested, "# " + "x" * MAX_YAML_CHARS, long_value):
            answer = w.slash(f"rules add {text}", "U0LEE")
            assert answer.status_code == 200
        assert [r["text"] for r in w.slack.responses()] == [
            REFUSED + "YAML anchors and aliases (&amp; and *) are not accepted: write each value out",  # Slack text
            REFUSED + "the YAML is nested deeper than 12 levels",
            REFUSED + f"a rule is at most 8,000 characters of YAML (this is {MAX_YAML_CHARS + 2:,})",
            REFUSED + "if.0: a value lists at most 100 items",
        ]
        assert w.slack.dms("U0LEE") == [] and drafts(w) == {}

        # A plain rule is still read, and proposed by DM (nothing enabled yet).
        w.slash("rules add name: hello\nwhen: {event: task.created}\nif:\n  - {field: name, op: eq, value: Coupons}"
                "\nthen:\n  - {do: comment, text: hi}", "U0LEE")
        (dm,) = w.slack.dms("U0LEE")
        assert dm.text.startswith("Here is the rule I read. Nothing runs until you press *Enable*.\n\n*hello*")
        assert len(drafts(w)) == 1


@pytest.mark.parametrize("text", [laughs(6), "a: &a x\nb: *a", "- &list [1, 2]\n- <<: *list"])
def test_read_yaml__refuses_every_anchor_and_alias(text: str) -> None:
    assert read_yaml(text) == (None, ["YAML anchors and aliases (& and *) are not accepted: write each value out"])


def test_read_yaml__an_integer_past_pythons_digit_limit_is_a_problem_not_a_crash() -> None:
    rule, problems = read_yaml("name: big\nwhen: {event: task.created}\nx: " + "9" * 5000)
    assert rule is None and problems[0].startswith("not valid YAML: ")


@pytest.mark.parametrize(("value", "problem"), [
    ({"k": "v"}, "a value is text, a number, or a list of those"),
    ([["nested"]], "a value is text, a number, or a list of those"),
    ("x" * 501, "a value is at most 500 characters"),
])
def test_condition_value__is_a_scalar_or_a_short_flat_list(value: object, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Condition.model_validate({"field": "name", "op": "in", "value": value})
    assert Condition.model_validate({"field": "name", "op": "in", "value": ["a", 1, 2.5]}).value == ["a", 1, 2.5]
