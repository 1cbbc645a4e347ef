"""Self-service without servers: the days `/pm ooo` reads, the dashboard panel of stored out-of-office entries,
and a dry run that answers but stores nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from agents.panels import Panel
from agents.self_service import SelfService
from agents.self_service.dates import parse_day
from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.events import Event
from integrations.fakes import FakeChat
from tests.agents.qa_router.qa_support import PEOPLE
from tests.support.unit import MemoryStore, unit_context

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TEAM = TeamConfig.model_validate({"people": PEOPLE})


def command(text: str, user: str, n: int) -> Event:
    return Event(id=f"slack:command:{n}", source="slack", type="chat.command", occurred_at=MONDAY, actor=user,
                 data={"command": "/pm", "text": text, "response_url": "https://hooks.example/1"})


@pytest.mark.parametrize(("word", "day"), [
    ("today", date(2026, 11, 23)), ("tomorrow", date(2026, 11, 24)), ("Mon", date(2026, 11, 23)),
    ("sunday", date(2026, 11, 29)), ("fri", date(2026, 11, 27)), ("2026-12-24", date(2026, 12, 24)),
    ("24.12.2026", None), ("2026-02-30", None), ("someday", None), ("20261224", None),
])
def test_parse_day__from_a_monday(word: str, day: date | None) -> None:
    assert parse_day(word, date(2026, 11, 23)) == day


async def test_dashboard__lists_stored_entries_with_where_they_stand() -> None:
    store, clock, agent = MemoryStore(), FrozenClock(MONDAY), SelfService()
    for n, (text, user) in enumerate([("ooo today", "U0QUINN"), ("ooo 2026-12-24 2026-12-31", "U0DANA"),
                                      ("ooo fri", "U0RAE"), ("ooo clear", "U0RAE")]):
        event = command(text, user, n)
        await agent.run(event, unit_context(TEAM, clock, chat=FakeChat(), store=store, event=event))
    clock.advance(timedelta(days=1))
    panels = await agent.dashboard(unit_context(TEAM, clock, store=store))
    assert panels[0] == Panel(
        "Out of office set in Slack", ("person", "from", "to", "now", "set"),
        (("Dana", "2026-12-24", "2026-12-31", "coming", "2026-11-23 09:00 UTC"),
         ("Quinn", "2026-11-23", "2026-11-23", "over", "2026-11-23 09:00 UTC")),
        empty="nobody has set an out of office in Slack",
        notes=("Added to the team file's out_of_office; `/pm ooo clear` removes one.",))


async def test_dashboard__lists_the_people_added_from_slack() -> None:
    store, clock = MemoryStore(), FrozenClock(MONDAY)
    await store.put("member:U0SAM", {"person": {"name": "Sam", "email": "sam@example.com",
                                                "ids": {"slack": "U0SAM", "clickup": "401"}},
                                     "added_by": "U0LEE", "added_at": "2026-11-23T09:30:00Z"})
    panels = await SelfService().dashboard(unit_context(TEAM, clock, store=store))
    assert panels[1] == Panel(
        "People added from Slack", ("person", "e-mail", "handles", "added by", "added"),
        (("Sam", "sam@example.com", "clickup 401, slack U0SAM", "U0LEE", "2026-11-23 09:30 UTC"),),
        empty="nobody has been added from Slack",
        notes=("Added by a lead from a join offer, on top of the team file's people; writing the person into the "
               "team file makes the file's entry the one that counts.",))


async def test_dry_run__answers_what_it_would_do_and_stores_nothing() -> None:
    store, clock, chat = MemoryStore(), FrozenClock(MONDAY), FakeChat()
    event = command("ooo tomorrow", "U0QUINN", 1)
    await SelfService().run(event, unit_context(TEAM, clock, chat=chat, store=store, event=event, dry_run=True))
    assert store.kv == {}
    assert [r["text"] for r in chat.responses] == []  # a dry run writes to no platform, the answer included
    assert [(a["kind"], a["target"], a["status"]) for a in store.actions.values()] == [
        ("self_service.ooo_set", "Quinn", "dry_run"), ("slack.respond", "U0QUINN", "dry_run")]


async def test_an_outsider_let_through_by_outsider_commands_still_has_no_self_to_set() -> None:
    team = TeamConfig.model_validate({"people": PEOPLE, "access": {"outsider_commands": ["ooo", "me"]}})
    store, chat = MemoryStore(), FakeChat()
    for n, text in enumerate(("ooo today", "me")):
        event = command(text, "U0GUEST", n)
        await SelfService().run(event, unit_context(team, FrozenClock(MONDAY), chat=chat, store=store, event=event))
    stranger = ("pmbot does not know you, so there is nothing of yours to show or set. "
                "Ask a lead to add you to `people` in pmbot's team file.")
    assert [r["text"] for r in chat.responses] == [stranger, stranger]
    assert store.kv == {} and [a["kind"] for a in store.actions.values()] == ["slack.respond", "slack.respond"]
