"""A busy week's report is more than one Slack message holds (~12,000 characters of block text): the report
is posted, and the rest continues in its thread; the Slack simulator refuses anything larger, as Slack does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from agents.common.mrkdwn import text_length
from agents.reports import messages as msg
from agents.reports.config import ReportSpec
from agents.reports.facts import Facts, Item, PRItem, Section, Window
from agents.reports.narrative import Narrative
from agents.reports.reasons import OVERDUE, STALE, Reason
from agents.reports.writer import Built, publish
from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.slack.client import SlackChat
from integrations.slack.sim.api import SlackSimulator
from tests.support.unit import unit_context

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TOKEN = "xoxb-sim-token"


def busy_facts(name: str = "Checkout: apply coupon codes to every cart line and show the discount", *,
               items: int = 10, people: int = 10, prs: int = 10) -> Facts:
    """Every section full (`items` each), `people` assignees, `prs` merged and `prs` waiting for review."""
    def item(key: str, n: int) -> Item:
        reasons = [Reason(OVERDUE, age=timedelta(days=3)), Reason(STALE, age=timedelta(days=6))]
        return Item(f"T{key[:2]}{n}", f"{name} {n}", f"https://app.clickup.com/t/{key}{n}", "in progress",
                    [f"Person {n % people}"], age=timedelta(days=2), when=NOW + timedelta(days=1),
                    reasons=reasons if key == "at_risk" else [])

    sections = {key: Section(items * 2, [item(key, n) for n in range(items)]) for key in msg.TITLES}
    pulls = [PRItem("demo/webapp", n, f"{name} PR {n}", f"https://github.com/demo/webapp/pull/{n}", "dana-dev",
                    timedelta(hours=30)) for n in range(1, prs + 1)]
    return Facts("weekly", Window(NOW - timedelta(days=7), NOW, "Europe/Berlin"), None, sections,
                 [(f"Person {n} {name[:40]}", 5, 3) for n in range(people)], pulls, prs, pulls, prs, [], [],
                 items * 20, [f"Person {n}" for n in range(people)])


@pytest.fixture
def sim() -> Iterator[SlackSimulator]:
    simulator = SlackSimulator(token=TOKEN)
    simulator.add_channel("C0REP", "reports")
    simulator.start()
    yield simulator
    simulator.stop()


async def test_a_busy_weekly_report_continues_in_its_thread_and_loses_nothing(sim: SlackSimulator) -> None:
    facts = busy_facts()
    narrative = Narrative("A busy week: many tasks moved and several are at risk.", "plain")
    blocks = msg.report_blocks(facts, narrative.text, narrative.note)
    assert text_length(blocks) > 18_000  # one message of it was refused with msg_blocks_too_long
    built = Built(facts, narrative, blocks, msg.report_text(facts, narrative.text), None)
    async with SlackChat(TOKEN, base_url=sim.web_api_url) as chat:
        ctx = unit_context(TeamConfig.model_validate({}), FrozenClock(NOW), chat=chat,  # type: ignore[arg-type]
                           agent="reports")
        await publish(ctx, ReportSpec(name="weekly", cadence="weekly fri 16:00"), built, "C0REP", key="reports.test")
    first, *rest = sim.messages("C0REP")
    assert (first.thread_ts, first.text) == (None, built.text)
    assert rest and all(m.thread_ts == first.ts for m in rest)
    assert [m.text for m in rest] == [f"Weekly report (continued, {n}/{len(rest) + 1})" for n in
                                      range(2, len(rest) + 2)]
    assert [b for m in (first, *rest) for b in m.blocks or []] == blocks
    assert all(text_length(m.blocks) <= 12_000 for m in (first, *rest))
