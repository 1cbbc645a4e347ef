"""The summary on top: the model's when it names only what is in the facts, the deterministic one otherwise —
checked with the real openai client against the local stub; the prompt stays within its budget."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agents.reports.facts import Window, gather
from agents.reports.narrative import PROMPT_TOKENS, estimate_tokens, facts_text, invented, prompt
from bot.clock import FrozenClock
from integrations.fakes import FakeTracker
from integrations.llm.sim import OpenAIStub
from integrations.models import Member, Task
from tests.agents.reports.reports_support import DAILY, PEOPLE, reports_world
from tests.agents.reports.test_reports_road import act, command
from tests.agents.reports.test_unit import agent, team
from tests.support.unit import unit_context

KEY = "sk-sim-reports"
PLAIN = ("2 tasks completed, 1 created, 4 in progress, 1 moved to QA, 1 failed QA. 4 items at risk: Checkout: apply "
         "coupon codes (T1) is overdue by 3d; Profile page redesign (T2) has CI failing on demo/webapp#7; Fix flaky "
         "login test (T3) is waiting for QA 21h (remind after 12h). 1 pull request merged, 1 waiting for review.")
GOOD = ("Checkout: apply coupon codes (T1) is overdue by 3d and has had no update for 6d, so Dana Developer should "
        "look at it first. Profile page redesign (T2) has CI failing on demo/webapp#7, and Fix flaky login test (T3) "
        "has waited 21h for QA. 2 tasks were completed and 4 items are at risk.")


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    simulator = OpenAIStub(api_key=KEY)
    simulator.start()
    yield simulator
    simulator.stop()


def summary_and_note(w, channel: str) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    blocks = w.slack.messages(channel)[-1].blocks
    return blocks[1]["text"]["text"], [e["text"] for e in blocks[2]["elements"][1:]]


def test_a_made_up_task_id_and_pr_number_get_the_deterministic_text_posted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub: OpenAIStub) -> None:
    stub.reply = "Checkout (T1) slipped again, and T99 is blocked until demo/webapp#42 is merged."
    with reports_world(tmp_path, monkeypatch, openai_api_key=KEY, openai_base_url=stub.base_url) as w:
        act(w)
        command(w, "daily", DAILY)
        w.pmbot.drain()
        assert summary_and_note(w, DAILY) == (PLAIN, [
            "The model's summary named something that is not in the facts (T99, 42, #42), so this is the plain "
            "summary."])
        [request] = stub.completions()
        system, user = request["messages"]
        assert system["role"] == "system" and "Mention only task ids" in system["content"]
        assert user["content"].startswith("Report: daily; window Mon 23 Nov 17:00 to Tue 24 Nov 16:00 (Europe/Berlin)"
                                          "\nTasks in scope: 8\nFocus requested by the team: Call out anything "
                                          "blocking the release\n")
        assert "- T2 \"Profile page redesign\" [in review] assignees: Devon Builder; reasons: CI failing on " \
               "demo/webapp#7" in user["content"]

        stub.reply = GOOD  # an answer that keeps to the facts is posted as it is
        command(w, "daily", DAILY)
        w.pmbot.drain()
        assert summary_and_note(w, DAILY) == (GOOD, [])
        assert w.slack.messages(DAILY)[-1].text == f"Daily report: {GOOD}"


@pytest.mark.parametrize("answer, flagged", [
    ("Checkout: apply coupon codes (T1) is overdue by 3d; 1 item is at risk.", []),
    ("Bob Smith has not touched T1 for 6d.", ["Bob", "Smith"]),
    ("Bob has not touched T1 for 6d.", ["Bob"]),
    ("Overall, T1 needs attention: it is overdue by 3d.", []),
    ("Lee Lead should chase T1.", ["Lee Lead", "Lee", "Lead"]),  # on the team, but not in these facts
    ("Ask <@U0DANA> about T1.", ["U0DANA", "<@U0DANA>"]),
    ("Ping @dana about T1.", ["@dana"]),
    ("T1 is overdue by 4d.", ["4d"]),
    ("Seven items, 17 in total, are at risk.", ["17"]),
    ("ENG-43 is waiting for QA.", ["ENG-43"]),
    ("Friday looks tight: T1 is overdue by 3d, Dana Developer owns it.", []),
    ("Dana's task T1 is overdue by 3d.", []),
])
async def test_the_check_flags_what_is_not_in_the_facts(answer: str, flagged: list[str]) -> None:
    now = datetime(2026, 11, 24, 15, tzinfo=UTC)
    tasks = [Task(id="T1", name="Checkout: apply coupon codes", status="in progress", assignees=[Member(id="101")],
                  due_date=now - timedelta(days=3), date_updated=now - timedelta(days=6),
                  date_created=now - timedelta(days=20), url="https://app.clickup.com/t/T1")]
    ctx = unit_context(team(), FrozenClock(now), tracker=FakeTracker(tasks))
    facts = await gather(ctx, agent().cfg.reports[0], Window(now - timedelta(days=1), now, "Europe/Berlin"),
                         horizon=timedelta(days=3))
    roster = [p["name"] for p in PEOPLE] + ["Quinn Tester"]
    reference = facts_text(facts, 10)
    assert invented(answer, facts, roster, reference) == flagged


async def test_the_prompt_keeps_to_its_budget_however_large_the_workspace() -> None:
    now = datetime(2026, 11, 24, 15, tzinfo=UTC)
    sizes = {}
    for count in (200, 5000):
        tasks = [Task(id=f"86c{n:05d}", name=f"A long task name that fills the line well past sixty chars {n}",
                      status=("in progress", "to do", "in review")[n % 3], assignees=[Member(id="101")],
                      due_date=now - timedelta(days=n % 9), date_updated=now - timedelta(days=n % 11),
                      date_created=now - timedelta(hours=n % 40)) for n in range(count)]
        ctx = unit_context(team(), FrozenClock(now), tracker=FakeTracker(tasks))
        facts = await gather(ctx, agent().cfg.reports[0], Window(now - timedelta(days=1), now, "Europe/Berlin"),
                             horizon=timedelta(days=3))
        sizes[count] = estimate_tokens(prompt(facts))
    assert sizes[5000] <= PROMPT_TOKENS
    assert abs(sizes[5000] - sizes[200]) < 50  # the counts grow a digit, the prompt does not
