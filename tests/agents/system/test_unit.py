"""System agents on the fakes: the command router's answers, the per-person daily planner."""

from __future__ import annotations

from datetime import UTC, datetime, time

from agents.base import Command, Daily
from agents.qa_router import QARouter
from agents.system.commands import CommandRouter
from agents.system.daily import DailyPlanner
from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.events import Event
from integrations.fakes import FakeChat
from tests.support.unit import MemoryStore, unit_context

MONDAY = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
TEAM = TeamConfig.model_validate({"people": [
    {"name": "Ana", "slack": "U0ANA", "roles": ["lead"], "timezone": "Europe/Berlin"},
    {"name": "Bo", "slack": "U0BO", "roles": ["developer"], "timezone": "America/New_York",
     "out_of_office": [{"from": "2026-11-24", "to": "2026-11-24"}]},
]})


def command(text: str, user: str = "U0BO") -> Event:
    return Event(id=f"slack:command:{text}", source="slack", type="chat.command", occurred_at=MONDAY, actor=user,
                 data={"command": "/pm", "text": text, "response_url": "https://hooks.example/1"})


class Locked(QARouter):
    name = "locked"
    commands = (Command("purge", "forget everything", lead_only=True),)


async def test_help_unknown_and_lead_only_are_answered_by_the_router() -> None:
    router = CommandRouter([QARouter(), Locked()], TEAM)
    assert router.route(command("qa"))[0].name == "qa_router"
    assert router.route(command("purge", "U0ANA"))[0].name == "locked"
    chat = FakeChat()
    for text in ("", "frobnicate", "purge"):
        event = command(text)
        assert router.route(event) == [router]
        await router.run(event, unit_context(TEAM, FrozenClock(MONDAY), chat=chat, event=event))
    help_text, unknown, refused = (r["text"] for r in chat.responses)
    assert help_text.splitlines()[2:] == [
        "• `/pm qa` — the QA queue: tasks waiting for QA and in testing, with their age (answers by DM)",
        "• `/pm purge` — forget everything (leads only)"]
    assert unknown.startswith("I don't know `frobnicate`.\n*pmbot commands*")
    assert refused == "Only a lead can use `/pm purge`. Ask one of the leads on your team."


async def test_daily_planner_stores_each_persons_local_time_on_working_days_once() -> None:
    store, clock = MemoryStore(), FrozenClock(MONDAY)
    planner = DailyPlanner([Daily("prompt", time(9, 30))])
    ctx = unit_context(TEAM, clock, store=store)
    await planner.run(Event(id="t", source="scheduler", type="tick.plan_daily", occurred_at=MONDAY), ctx)
    await planner.run(Event(id="t2", source="scheduler", type="tick.plan_daily", occurred_at=MONDAY), ctx)
    due = {k: v["due_at"].astimezone(UTC).isoformat() for k, v in store.due.items()}
    # The next day is planned: Ana in Berlin at 09:30 CET = 08:30 UTC; Bo in New York at 14:30 UTC. Tuesday's
    # occurrences are more than a day away (and Bo is away on Tuesday).
    assert due == {
        "daily.prompt:Ana:2026-11-23": "2026-11-23T08:30:00+00:00",
        "daily.prompt:Bo:2026-11-23": "2026-11-23T14:30:00+00:00",
    }
    clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=UTC))
    await planner.run(Event(id="t3", source="scheduler", type="tick.plan_daily", occurred_at=MONDAY), ctx)
    assert sorted(store.due) == ["daily.prompt:Ana:2026-11-23", "daily.prompt:Ana:2026-11-24",
                                 "daily.prompt:Bo:2026-11-23"]
    assert store.due["daily.prompt:Bo:2026-11-23"]["payload"] == {"person": "Bo", "day": "2026-11-23"}
