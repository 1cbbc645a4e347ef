"""The report writer's decisions on the fakes: which items are at risk and why, the journal of moves and
merges, scheduling from stored due rows, `/report` resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from agents.github_sync.ci import CIState
from agents.github_sync.links import PRRecord
from agents.qa_router.state import QAHandOff
from agents.reports import Reports
from agents.reports.facts import Window, gather
from agents.reports.reasons import BLOCKER, FAILING_CI, NO_ASSIGNEE, OVERDUE, STALE, WAITING_QA, PRRef, Reason
from agents.reports.schedule import due_key, on_due, plan
from agents.reports.state import ReportState
from agents.standup.state import Blocker, StandupDay
from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.events import Event, Ref
from integrations.fakes import FakeChat, FakeCodeHost, FakeTracker
from integrations.models import Member, PullRequest, Task
from tests.support.unit import MemoryStore, unit_context

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 16:00 in Berlin
REPO = "demo/webapp"
PEOPLE = [{"name": "Dana Developer", "clickup": "101", "slack": "U0DANA", "github": "dana-dev", "roles": ["developer"]},
          {"name": "Quinn Tester", "clickup": "201", "slack": "U0QUINN", "roles": ["qa"]}]
REPORTS = [{"name": "daily", "scope": {"repos": [REPO]}, "cadence": "daily 17:00", "timezone": "Europe/Berlin",
            "channel": "C0REPORTS"},
           {"name": "weekly", "cadence": "weekly fri 16:00", "channel": "C0WEEKLY"}]


def team(**qa: Any) -> TeamConfig:
    return TeamConfig.model_validate({"people": PEOPLE, "schedules": {"timezone": "Europe/Berlin"},
                                      "qa_router": {"remind_after": "12h", **qa}, "reports": REPORTS})


def agent(t: TeamConfig | None = None) -> Reports:
    return Reports(Reports.Config.model_validate((t or team()).sections["reports"]))


def task(id: str, status: str, *, who: tuple[str, ...] = ("101",), due: timedelta | None = None,
         updated: timedelta = timedelta(hours=1), created: timedelta = timedelta(days=30)) -> Task:
    return Task(id=id, name=f"Task {id}", status=status, url=f"https://app.clickup.com/t/{id}",
                assignees=[Member(id=w) for w in who], due_date=NOW + due if due is not None else None,
                date_updated=NOW - updated, date_created=NOW - created)


async def facts_for(tasks: list[Task], *, store: MemoryStore | None = None, pulls: list[PullRequest] = (),
                    t: TeamConfig | None = None):  # type: ignore[no-untyped-def]
    ctx = unit_context(t or team(), FrozenClock(NOW), tracker=FakeTracker(tasks), code=FakeCodeHost(pulls),
                       store=store or MemoryStore())
    spec = agent(t).cfg.reports[0]
    return await gather(ctx, spec, Window(NOW - timedelta(days=1), NOW, "Europe/Berlin"), horizon=timedelta(days=3))


async def test_reasons_come_from_facts_and_each_at_risk_item_lists_all_of_its_own() -> None:
    store = MemoryStore()
    ctx = unit_context(team(), FrozenClock(NOW), store=store)
    await ctx.state.save(PRRecord(repo=REPO, number=7, head_sha="abc", tasks=["T2"], state="open"), f"{REPO}#7")
    await ctx.state.save(CIState(failing={"check_suite:1": None}), f"{REPO}#7", "abc")
    await ctx.state.save(QAHandOff(round=1, phase="testing", qa="201", assigned_at=NOW - timedelta(hours=13)), "T3")
    pulls = [PullRequest(repo=REPO, number=7, title="Redesign", url=f"https://github.com/{REPO}/pull/7",
                         author="dana-dev", state="open", head_sha="abc")]
    tasks = [
        task("T1", "in progress", due=-timedelta(days=3), updated=timedelta(days=6)),  # overdue and stale
        task("T2", "in review"),  # CI failing on its pull request
        task("T3", "in testing", who=("201",)),  # in testing 13h, remind_after 12h
        task("T4", "to do", who=(), due=timedelta(days=1)),  # nobody owns it and it is due soon
        task("T5", "to do", who=(), due=timedelta(days=9)),  # nobody owns it, not due soon: not at risk
        task("T6", "in testing", who=("201",), updated=timedelta(hours=11)),  # no hand-off seen: 11h < 12h
        task("T7", "ready for testing", updated=timedelta(hours=14)),  # waiting since its last update, 14h
    ]
    facts = await facts_for(tasks, store=store, pulls=pulls)
    at_risk = {i.id: i.reasons for i in facts.section("at_risk").items}
    assert at_risk == {
        "T1": [Reason(OVERDUE, age=timedelta(days=3)), Reason(STALE, age=timedelta(days=6), limit=timedelta(days=5))],
        "T2": [Reason(FAILING_CI, prs=(PRRef(REPO, 7, f"https://github.com/{REPO}/pull/7"),))],
        "T3": [Reason(WAITING_QA, age=timedelta(hours=13), limit=timedelta(hours=12))],
        "T4": [Reason(NO_ASSIGNEE)],
        "T7": [Reason(WAITING_QA, age=timedelta(hours=14), limit=timedelta(hours=12))],
    }
    assert [i.id for i in facts.section("at_risk").items] == ["T1", "T2", "T7", "T3", "T4"]  # most serious first


async def test_an_unassigned_overdue_task_lists_no_assignee_after_the_other_reasons() -> None:
    facts = await facts_for([task("T1", "to do", who=(), due=-timedelta(hours=5))])
    assert facts.section("at_risk").items[0].reasons == [Reason(OVERDUE, age=timedelta(hours=5)), Reason(NO_ASSIGNEE)]


async def test_blockers_of_the_latest_answered_standup_that_name_a_task() -> None:
    store = MemoryStore()
    ctx = unit_context(team(), FrozenClock(NOW), store=store)

    def said(*blockers: tuple[str, str | None]) -> StandupDay:
        return StandupDay(answer={"done": "x"}, answered_at=NOW - timedelta(hours=6), blockers=[
            Blocker(text=text, norm=text, task_id=task, since="2026-11-23") for text, task in blockers])

    await ctx.state.save(said(("no API keys", "T1"), ("the office is cold", None)), "Dana Developer", "2026-11-24")
    await ctx.state.save(said(("old news", "T2")), "Quinn Tester", "2026-11-23")  # an earlier standup
    facts = await facts_for([task("T1", "in progress"), task("T2", "in progress")], store=store)
    assert [(i.id, i.reasons) for i in facts.section("at_risk").items] == [
        ("T1", [Reason(BLOCKER, text="no API keys", who="Dana Developer")])]


async def test_counts_use_the_journal_when_pmbot_heard_the_moves_and_the_status_when_it_did_not() -> None:
    store = MemoryStore()
    ctx = unit_context(team(), FrozenClock(NOW), store=store)
    a = agent()

    def moved(task_id: str, to: str, at: datetime, n: int) -> Event:
        return Event(id=f"e{n}", source="clickup", type="task.status_changed", occurred_at=at,
                     subject=Ref(kind="task", id=task_id), data={"from": "in progress", "to": to})

    for event in [moved("T2", "needs fix", NOW - timedelta(days=2), 2),  # before the window
                  moved("T1", "ready for testing", NOW - timedelta(hours=3), 1),
                  moved("T1", "ready for testing", NOW - timedelta(hours=3), 1),  # redelivered
                  moved("T1", "ready for testing", NOW - timedelta(hours=3), 4),  # ClickUp's taskUpdated copy
                  moved("T3", "done", NOW - timedelta(hours=2), 3),
                  moved("T6", "in testing", NOW - timedelta(hours=1), 5)]:  # straight into testing: QA too
        ctx.clock.set(event.occurred_at)  # type: ignore[attr-defined]
        await a.run(event, ctx)
    ctx.clock.set(NOW)  # type: ignore[attr-defined]
    assert len(store.kv["reports:moves:T1"]) == 1
    tasks = [task("T1", "in testing", updated=timedelta(hours=3)),
             task("T2", "needs fix", updated=timedelta(hours=2)),  # updated in the window, but the move was not
             task("T3", "done", updated=timedelta(minutes=5)),  # finished 2h ago, touched since
             task("T4", "needs fix", updated=timedelta(hours=4)),  # never heard of: its status says it
             task("T5", "done", updated=timedelta(days=3)),
             task("T6", "in testing", updated=timedelta(hours=1))]
    facts = await facts_for(tasks, store=store)
    ids = {k: [i.id for i in s.items] for k, s in facts.sections.items()}
    assert (ids["moved_to_qa"], ids["failed_qa"], ids["completed"]) == (["T1", "T6"], ["T4"], ["T3"])
    assert facts.section("completed").items[0].when == NOW - timedelta(hours=2)
    assert facts.per_assignee == [("Dana Developer", 4, 1)]


async def test_merges_are_kept_per_repository_and_day_once() -> None:
    store = MemoryStore()
    ctx = unit_context(team(), FrozenClock(NOW), store=store)
    a = agent()
    for n, at in enumerate([NOW - timedelta(hours=2), NOW - timedelta(hours=2), NOW - timedelta(days=3)]):
        event = Event(id=f"m{n}", source="github", type="pr.merged", occurred_at=at,
                      data={"repo": REPO, "number": 9 + (n == 2), "title": "Copy", "url": "u", "author": "dana-dev"})
        ctx.clock.set(at)  # type: ignore[attr-defined]
        await a.run(event, ctx)
    ctx.clock.set(NOW)  # type: ignore[attr-defined]
    day = "reports:merged_pr:demo/webapp:2026-11-24:"
    assert [k for k in store.kv if k.startswith(day)] == [day + "9"]  # one row, though heard twice
    facts = await facts_for([], store=store)
    assert [(p.id, p.author) for p in facts.merged] == [("demo/webapp#9", "Dana Developer")]


async def test_plan_arms_each_report_once_in_its_own_timezone_and_the_due_row_rearms_and_posts() -> None:
    store = MemoryStore()
    clock = FrozenClock(NOW)
    chat = FakeChat()
    ctx = unit_context(team(), clock, store=store, chat=chat, tracker=FakeTracker([]), code=FakeCodeHost())
    a = agent()
    assert await plan(ctx, a.cfg) == ["daily", "weekly"]
    assert await plan(ctx, a.cfg) == []
    assert store.due[due_key("daily")]["due_at"] == datetime(2026, 11, 24, 16, tzinfo=UTC)  # 17:00 in Berlin
    assert store.due[due_key("weekly")]["due_at"] == datetime(2026, 11, 27, 15, tzinfo=UTC)  # Fri 16:00, team tz
    clock.set(datetime(2026, 11, 27, 9, tzinfo=UTC))  # pmbot was down Tuesday to Friday morning
    due = store.due[due_key("daily")]
    event = Event(id="due:1", source="scheduler", type="due.report", occurred_at=due["due_at"], data=due["payload"])
    for _ in range(2):  # a retry posts nothing twice
        await a.run(event, ctx)
    assert [c[1]["channel"] for c in chat.calls if c[0] == "post"] == ["C0REPORTS"]
    assert store.due[due_key("daily")]["due_at"] == datetime(2026, 11, 27, 16, tzinfo=UTC)  # today, not Wed/Thu
    state = ReportState.model_validate(store.kv["reports:report:daily"])
    assert (state.last_slot, state.last_end) == (datetime(2026, 11, 24, 16, tzinfo=UTC), clock.now())


async def test_a_changed_cadence_is_armed_again() -> None:
    store = MemoryStore()
    ctx = unit_context(team(), FrozenClock(NOW), store=store)
    await plan(ctx, agent().cfg)
    changed = TeamConfig.model_validate({**team().model_dump(include={"people"}), "reports": [
        {**REPORTS[0], "cadence": "daily 18:30"}]})
    assert await plan(unit_context(changed, FrozenClock(NOW), store=store), agent(changed).cfg) == ["daily"]
    assert store.due[due_key("daily")]["due_at"] == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    stale = Event(id="due:x", source="scheduler", type="due.report", occurred_at=NOW,
                  data={"report": "gone", "slot": NOW.isoformat()})
    await on_due(unit_context(changed, FrozenClock(NOW), store=store), agent(changed).cfg, stale)  # no such report


def test_report_command_resolution() -> None:
    a = agent()
    ctx = unit_context(team(), FrozenClock(NOW))
    assert a.pick(None, "C0REPORTS", ctx).name == "daily"  # type: ignore[union-attr]
    assert a.pick(None, "C0WEEKLY", ctx).name == "weekly"  # type: ignore[union-attr]
    assert a.pick(None, "C0ELSE", ctx) is None
    assert a.pick("weekly", "C0ELSE", ctx).name == "weekly"  # type: ignore[union-attr]
    assert a.pick("nightly", None, ctx) is None
    renamed = TeamConfig.model_validate({"reports": [{"name": "standup-digest", "cadence": "daily 9:00"},
                                                     {"name": "friday", "cadence": "0 16 * * fri"}]})
    b = agent(renamed)
    assert b.pick("weekly", None, ctx).name == "friday"  # type: ignore[union-attr]
    assert b.pick("daily", None, ctx).name == "standup-digest"  # type: ignore[union-attr]


async def test_merges_kept_as_one_list_per_day_by_an_earlier_version_are_still_read() -> None:
    store = MemoryStore()
    ctx = unit_context(team(), FrozenClock(NOW), store=store)
    at = (NOW - timedelta(hours=3)).isoformat()
    store.kv["reports:merged:demo/webapp:2026-11-24"] = [
        {"repo": REPO, "number": 7, "title": "Old row", "url": "u7", "author": "dana-dev", "at": at}]
    event = Event(id="m-new", source="github", type="pr.merged", occurred_at=NOW - timedelta(hours=1),
                  data={"repo": REPO, "number": 8, "title": "New row", "url": "u8", "author": "dana-dev"})
    ctx.clock.set(NOW - timedelta(hours=1))  # type: ignore[attr-defined]
    await agent().run(event, ctx)
    facts = await facts_for([], store=store)
    assert [p.id for p in facts.merged] == ["demo/webapp#7", "demo/webapp#8"]
