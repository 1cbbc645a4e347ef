"""The standup's decisions without HTTP: answer parsing, configuration, who works when (the `holidays`
package), the model's prompt budget, the draft from the tracker, cross-section checks."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from agents.base import Cron, Daily
from agents.standup import Standup
from agents.standup import answers as ans
from agents.standup.config import DEFAULT_QUESTIONS, StandupConfig
from agents.standup.days import HOLIDAY, OUT_OF_OFFICE, WEEKEND, WORKING, availability
from agents.standup.draft import build
from agents.standup.state import StandupDay
from agents.standup.summary import PROMPT_CHARS, Round, llm_messages
from agents.team import Person, TeamConfig
from bot.clock import FrozenClock
from integrations.events import Event
from integrations.fakes import FakeChat, FakeTracker
from integrations.models import Member, Task
from tests.agents.standup.standup_support import PEOPLE, standup_team
from tests.support.unit import MemoryStore, unit_context

Q = DEFAULT_QUESTIONS


@pytest.mark.parametrize(("text", "expected"), [
    ("fixed the login bug", {"done": "fixed the login bug"}),
    ("done: coupons next: search blockers: none", {"done": "coupons", "next": "search", "blockers": "none"}),
    ("coupons; next: search; blocked: CI is red", {"done": "coupons", "next": "search", "blockers": "CI is red"}),
    ("Yesterday: A\nB\nToday: C\nBlockers: -", {"done": "A\nB", "next": "C", "blockers": "-"}),
    ("1. billing export\n2. invoices\n3) waiting for keys", {"done": "billing export", "next": "invoices",
                                                            "blockers": "waiting for keys"}),
    ("next: only the plan", {"next": "only the plan"}),
    ("ratio 3:2 done", {"done": "ratio 3:2 done"}),
])
def test_parse(text: str, expected: dict[str, str]) -> None:
    assert ans.parse(text, Q) == expected


def test_blocker_texts_and_normalising() -> None:
    assert ans.blocker_texts("none") == []
    assert ans.blocker_texts("N/A") == []
    assert ans.blocker_texts("• CI is red\n- waiting for keys; design") == ["CI is red", "waiting for keys", "design"]
    assert ans.normalise("Waiting for the API keys from Stripe.") == ans.normalise("waiting for the API keys "
                                                                                    "from  stripe")


def test_config_defaults_and_yaml_shapes() -> None:
    cfg = StandupConfig()
    assert (cfg.prompt_at, cfg.cutoff_at, cfg.remind_at) == (time(9, 30), time(11), time(10, 30))
    assert [q.key for q in cfg.questions] == ["done", "next", "blockers"]
    cfg = StandupConfig.model_validate({
        "prompt_at": 570, "cutoff_at": "10:15", "remind_before_cutoff": "15m",  # YAML 1.1 reads 9:30 as 570
        "holidays": ["2026-12-24", {"date": "2026-12-31", "name": "Team day"}],
        "questions": ["How are you?", {"key": "done", "text": "Done?"}],
    })
    assert (cfg.prompt_at, cfg.cutoff_at, cfg.remind_at) == (time(9, 30), time(10, 15), time(10, 0))
    assert cfg.holidays == {date(2026, 12, 24): "Team holiday", date(2026, 12, 31): "Team day"}
    assert [(q.key, q.text) for q in cfg.questions] == [("q1", "How are you?"), ("done", "Done?")]


@pytest.mark.parametrize(("section", "problem"), [
    ({"cutoff_at": "09:00"}, "cutoff_at must be after prompt_at"),
    ({"remind_before_cutoff": "2h"}, "remind_before_cutoff puts the reminder before prompt_at"),
    ({"questions": [{"key": "done", "text": "a"}, {"key": "done", "text": "b"}]}, "two questions share a key"),
    ({"questions": [{"key": "Done!", "text": "a"}]}, "is not a question key"),
    ({"chanel": "C1"}, "Extra inputs are not permitted"),
])
def test_config_errors(section: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        StandupConfig.model_validate(section)


def test_availability__weekend_out_of_office_public_and_team_holidays() -> None:
    cfg = StandupConfig(holidays={date(2026, 12, 24): "Christmas Eve off"})
    team = TeamConfig.model_validate({"people": PEOPLE + [
        {"name": "Bea", "slack": "U0BEA", "roles": ["developer"], "country": "DE-BY"}]})
    kei, oona, bea = team.person(name="Kei"), team.person(name="Oona"), team.person(name="Bea")
    assert kei and oona and bea
    assert availability(cfg, kei, date(2026, 11, 3)).holiday == "Culture Day"
    assert availability(cfg, kei, date(2026, 11, 3)).status == HOLIDAY
    assert availability(cfg, kei, date(2026, 11, 7)).status == WEEKEND
    assert availability(cfg, oona, date(2026, 11, 2)).status == OUT_OF_OFFICE
    assert availability(cfg, oona, date(2026, 11, 4)).status == WORKING
    assert availability(cfg, bea, date(2026, 1, 6)).holiday == "Epiphany"  # Bavaria's, not all of Germany's
    assert availability(cfg, oona, date(2026, 1, 6)).status == WORKING  # no country: no public holidays
    assert availability(cfg, oona, date(2026, 12, 24)).holiday == "Christmas Eve off"


def test_the_models_prompt_is_bounded_however_much_is_said() -> None:
    cfg = StandupConfig()
    found = Round(date(2026, 11, 23))
    for n in range(300):
        person = Person(name=f"Person {n}")
        found.answered.append((person, StandupDay(answer={"done": "x" * 5000, "next": "y" * 5000,
                                                          "blockers": "z" * 5000},
                                                  answered_at=datetime(2026, 11, 23, tzinfo=UTC))))
    for size in (1, 10, 300):
        messages = llm_messages(cfg, Round(found.day, found.answered[:size]))
        assert sum(len(m["content"]) for m in messages) < PROMPT_CHARS + 600 + 20 * size
        assert "z" not in messages[1]["content"]  # blockers are listed apart, not summarised


async def test_draft__tasks_created_by_the_person_in_the_window_only() -> None:
    clock = FrozenClock(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    team = standup_team(members=["Ben"])
    ben, friday = Member(id="112"), datetime(2026, 11, 20, 12, tzinfo=UTC)
    tracker = FakeTracker([
        Task(id="T1", name="Mine, new", status="to do", url="u/T1", assignees=[ben], creator=ben,
             date_created=friday, date_updated=friday),
        Task(id="T2", name="Mine, old", status="to do", url="u/T2", assignees=[ben], creator=ben,
             date_created=friday - timedelta(days=3), date_updated=friday),
        Task(id="T3", name="Someone else's", status="to do", url="u/T3", assignees=[ben], creator=Member(id="111"),
             date_created=friday, date_updated=friday),
        Task(id="T4", name="Doing", status="in progress", url="u/T4", assignees=[ben], date_updated=friday),
    ])
    ctx = unit_context(team, clock, tracker=tracker)
    person = team.person(name="Ben")
    assert person is not None
    draft = await build(StandupConfig(), ctx, person, date(2026, 11, 23), [])
    assert draft.since == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)  # Friday's 09:30 in Berlin
    assert [(d.label, d.note, d.url) for d in draft.done] == [("Mine, new", "created", "u/T1")]
    assert [(d.label, d.note) for d in draft.next] == [("Doing", "in progress")]


def test_declarations_and_checks() -> None:
    agent = Standup(StandupConfig(members=["Ben", "Nobody"], cutoff_at=time(10, 45)))
    assert agent.schedules() == [Daily("standup_prompt", time(9, 30), ("Ben", "Nobody")),
                                 Daily("standup_remind", time(10, 15), ("Ben", "Nobody")),
                                 Cron("standup_summary", "45 10 * * *")]
    team = TeamConfig.model_validate({"people": [{"name": "Ben", "slack": "U0BEN", "country": "XX"}],
                                      "channels": {"standup": "C0STANDUP"}, "standup": {}})
    problems = agent.check(team)
    assert problems[0] == "standup.members: 'Nobody' is not a name in people"
    assert problems[1].startswith("people[Ben].country: no public holidays known for 'XX'")
    quiet = TeamConfig.model_validate({"people": [{"name": "Ben", "slack": "U0BEN"}], "standup": {}})
    assert Standup().check(quiet) == [
        "standup.channel: no channel for the summary, so nobody is asked (set standup.channel or channels.standup)"]



class SlowChat(FakeChat):
    """Slack answers views.open only when the test says so."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def open_modal(self, trigger_id: str, view: dict[str, Any]) -> str:
        self.calls.append(("open_modal", {"trigger_id": trigger_id}))
        await self.gate.wait()
        return "V1"


async def test_a_modal_still_opening_when_the_request_path_gives_up_is_opened_once() -> None:
    """The request path waits 0.8 s; a slower views.open is not cut off (Slack may have it already), and the
    worker's run of the same event then finds it done instead of opening a second modal."""
    clock = FrozenClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    team = standup_team(members=["Ben"])
    agent, chat, store = Standup(StandupConfig()), SlowChat(), MemoryStore()
    event = Event(id="slack:command:1", source="slack", type="chat.command", occurred_at=clock.now(),
                  actor="U0BEN", data={"command": "/standup", "text": "", "trigger_id": "t.1"})
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(agent.on_request(event, unit_context(team, clock, chat=chat, store=store)), 0.05)
    chat.gate.set()
    await asyncio.gather(*agent._opening)
    await agent.run(event, unit_context(team, clock, chat=chat, store=store))
    assert [name for name, _ in chat.calls] == ["open_modal"]
    assert store.actions["standup.modal:slack:command:1"]["status"] == "done"


async def test_activity__entries_recorded_side_by_side_are_all_kept_and_age_out() -> None:
    from agents.standup import activity
    from agents.standup.state import Activity, Entry
    from integrations.events import Ref

    clock = FrozenClock(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    team = standup_team(members=["Ben"])
    ctx = unit_context(team, clock)
    old = Entry(id="legacy", at=clock.now() - timedelta(hours=1), kind="created", ref="T0")
    await ctx.state.save(Activity(entries=[old]), "Ben")  # a log kept as one list by an earlier version

    def moved(n: int) -> Event:
        return Event(id=f"clickup:h:{n}", source="clickup", type="task.status_changed", occurred_at=clock.now(),
                     actor="112", subject=Ref(kind="task", id=f"T{n}"), data={"from": "to do", "to": "doing"})

    cfg = StandupConfig()
    added = await asyncio.gather(*(activity.record(cfg, ctx, moved(n), {"Ben"}) for n in range(1, 41)))
    assert added == [1] * 40  # processed side by side: none lost to another's write
    assert await activity.record(cfg, ctx, moved(7), {"Ben"}) == 0  # the same event again adds nothing
    window = await activity.since(ctx, "Ben", clock.now() - timedelta(days=1), clock.now())
    assert [e.ref for e in window] == ["T0", *(f"T{n}" for n in range(1, 41))]
    clock.advance(activity.KEEP + timedelta(minutes=1))
    assert await activity.since(ctx, "Ben", clock.now() - timedelta(days=30), clock.now()) == []
    assert await ctx.store.get_prefix("standup:entry:Ben:") == {}  # aged-out rows are removed
