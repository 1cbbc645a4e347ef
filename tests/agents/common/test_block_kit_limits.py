"""Every agent's Block Kit builders fed hostile, large input (200-character names full of `<>&|*_~`, 300 items,
10 citations, 40-person teams): what they build is valid for slack_sdk's models and within Slack's limits,
checked by the same code the Slack simulator answers with."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any

import pytest

from agents.app_home import messages as home_msg
from agents.app_home.home import Home, Item
from agents.auto_answer import messages as answer_msg
from agents.auto_answer.answer import Answer, Citation
from agents.common.mrkdwn import MESSAGE_TEXT, Mrkdwn, esc, link, text_length, truncate
from agents.github_sync.links import PRLink
from agents.qa_router import messages as qa_msg
from agents.registry import AGENTS
from agents.reports import messages as report_msg
from agents.rules import messages as rules_msg
from agents.standup import messages as standup_msg
from agents.standup.config import Question
from agents.standup.state import Blocker
from agents.system.commands import help_text
from agents.team import Person, TeamConfig
from bot.plugins import build_agents
from integrations.slack.sim.blockkit import message_refusal, view_refusal
from tests.agents.reports.test_busy_report import busy_facts

HOSTILE = ("<!channel> *bold* _it_ ~st~ a|b &amp; <https://evil.example|click> `x` " * 4)[:200]
URL = "https://app.clickup.com/t/T1?a=1&b=2"
PEOPLE = [f"{HOSTILE[:60]} {n}" for n in range(40)]
WELL_FORMED = (r"^(?:[^<>&]|&(?:amp|lt|gt);|<(?:https?://[^<>|\s]+\|[^<>|]*|@U[A-Z0-9]+|#C[A-Z0-9]+)>)*$")


def accepted(blocks: list[dict[str, Any]]) -> None:
    assert message_refusal(blocks) is None
    for block in blocks:
        for text in _texts(block):
            assert _well_formed(text), text


def _texts(value: Any) -> list[str]:
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if not isinstance(value, dict):
        return []
    own = [value["text"]] if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str) else []
    return own + [t for k, v in value.items() if k != "text" for t in _texts(v)]


def _well_formed(text: str) -> bool:
    return re.fullmatch(WELL_FORMED, text, re.S) is not None and text.count("```") % 2 == 0


def test_truncate_never_cuts_a_link_an_entity_or_a_code_fence() -> None:
    text = Mrkdwn("\n").join([link(URL, HOSTILE), esc(HOSTILE), Mrkdwn("```\n{}\n```").format(HOSTILE * 3)])
    for limit in range(1, len(text) + 2):
        cut = truncate(text, limit)
        assert len(cut) <= limit and _well_formed(cut), (limit, cut)


def test_app_home() -> None:
    items = [Item(f"{HOSTILE} {n}", URL, HOSTILE) for n in range(300)]
    person = Person.model_validate({"name": HOSTILE, "slack": "U0HOST", "roles": ["lead"]})
    home = Home(person, lead=True, to_test=items, to_fix=items, to_review=items, reminders=items,
                standup=HOSTILE, agents=[(f"agent{n}", "live") for n in range(40)], problems=[HOSTILE] * 300)
    view = home_msg.home_view(home)
    assert view_refusal(view) is None
    for block in view["blocks"]:
        for text in _texts(block):
            assert _well_formed(text)


def test_auto_answer() -> None:
    citations = [Citation(n, HOSTILE, "handbook", f"doc{n}.md", URL, 0.9) for n in range(1, 11)]
    answer = Answer(esc(HOSTILE * 30), True, "documents", citations, note=answer_msg.NO_MODEL)
    accepted(answer_msg.answer_blocks(answer, "A1", offer_handoff=True))
    accepted(answer_msg.handoff_offer_blocks("A1"))


@pytest.mark.parametrize("many", [10, 300])
def test_reports(many: int) -> None:
    facts = busy_facts(HOSTILE, items=many, people=40, prs=many)
    blocks = report_msg.report_blocks(facts, HOSTILE * 30, report_msg.NO_MODEL)
    messages = report_msg.report_messages(blocks)
    assert [b for m in messages for b in m] == blocks
    for message in messages:
        accepted(message)
    assert len(report_msg.report_text(facts, HOSTILE * 30)) <= MESSAGE_TEXT


def test_qa_router() -> None:
    links = [PRLink(repo="acme/shop", number=n, url=URL, title=HOSTILE) for n in range(300)]
    text = qa_msg.qa_dm_text(HOSTILE, URL, PEOPLE, links)
    accepted(qa_msg.qa_dm_blocks(text, "T1:1"))
    accepted(qa_msg.started_blocks(qa_msg.started_text(text, HOSTILE)))
    rows = [qa_msg.queue_row(HOSTILE, URL, PEOPLE[:3], timedelta(hours=n)) for n in range(300)]
    queue = qa_msg.queue_text(rows, rows)
    assert len(queue) <= MESSAGE_TEXT and _well_formed(queue) and queue.endswith("more_")


def test_standup() -> None:
    questions = [Question(key="done", text=HOSTILE), Question(key="next", text=HOSTILE),
                 Question(key="blockers", text=HOSTILE)]
    blockers = [(name, Blocker(text=HOSTILE * 3, norm="x", since="2026-11-23", task_url=URL, task_name=HOSTILE))
                for name in PEOPLE]
    rows = [(name, {"done": HOSTILE * 3, "next": HOSTILE}) for name in PEOPLE]
    body = standup_msg.digest(rows, questions)
    summary = standup_msg.summary_text(date(2026, 11, 23), 40, 40, blockers, body, {"holiday": PEOPLE})
    assert len(summary) <= MESSAGE_TEXT and _well_formed(summary)
    prompt = standup_msg.prompt_text(HOSTILE, date(2026, 11, 23), time(10), questions, None, None)
    accepted(standup_msg.with_button(prompt * 10, date(2026, 11, 23)))
    assert view_refusal(standup_msg.modal(date(2026, 11, 23), time(10), questions, {"done": HOSTILE * 100})) is None


def test_rules() -> None:
    proposal = Mrkdwn("Here is the rule.\n\n```\n{}\n```\n\n{}").format(HOSTILE * 20, link(URL, HOSTILE) * 10)
    accepted(rules_msg.proposal_blocks(proposal, "draft1"))
    accepted(rules_msg.text_blocks(Mrkdwn("\n").join([link(URL, HOSTILE)] * 40)))
    assert view_refusal(rules_msg.edit_view("draft1", HOSTILE * 10)) is None


def test_help_is_a_text_message_under_slacks_recommended_size() -> None:
    text = help_text(build_agents(AGENTS, TeamConfig.model_validate({})))
    assert 0 < len(text) <= MESSAGE_TEXT and text_length([{"text": text}]) == len(text)
