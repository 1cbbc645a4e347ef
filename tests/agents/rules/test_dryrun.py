"""The dry run: a rule replayed over the stored events says what would have matched and what it would have done,
writing nothing, and reading each task at most once (and at most MAX_TASK_READS of them)."""

from __future__ import annotations

from agents.rules.config import Rule
from agents.rules.dryrun import MAX_TASK_READS, dry_run
from integrations.events import Event
from tests.agents.rules.rules_support import URGENT_TO_BACKEND, Unit, event, rules_team, task


async def test_replay_over_stored_events_writes_nothing() -> None:
    unit = Unit(rules_team(), [task("T1"), task("T2", name="Search", tags=["hotfix"]), task("T3", name="Login")])
    unit.store.received = [
        event("task.priority_changed", {"from": "normal", "to": "urgent"}, n=1, subject="T1"),
        event("task.priority_changed", {"from": "normal", "to": "urgent"}, n=2, subject="T2"),  # tagged hotfix
        event("task.priority_changed", {"from": "urgent", "to": "low"}, n=3, subject="T1"),
        event("task.status_changed", {"from": "to do", "to": "in progress"}, n=4, subject="T3"),
        event("task.priority_changed", {"from": "low", "to": "urgent"}, n=5, subject="T9"),  # gone
        event("task.priority_changed", {"from": "low", "to": "urgent"}, n=6, subject="T3"),
    ]
    rule = Rule.model_validate(URGENT_TO_BACKEND)
    result = await dry_run(unit.ctx(), unit.agent.cfg, rule)
    assert result.text(rule, 500) == (
        "*Dry run* over the last 6 stored events (of up to 500): 5 were this kind of event and 2 would have "
        "matched.\n"
        "• 23 Nov 09:00 — T3: assign one of Dana Developer / Devon Builder, due Tue 24 Nov 17:00\n"
        "• 23 Nov 09:00 — T1: assign one of Dana Developer / Devon Builder, due Tue 24 Nov 17:00\n"
        "(1 more could not be checked: task gone or over the 25-task read limit.)\n"
        "_Conditions on task fields are checked against each task as it is now._")
    assert [name for name, _ in unit.tracker.calls] == [] and unit.store.actions == {}
    assert unit.store.enqueued == [] and unit.store.kv == {}


async def test_each_task_is_read_once_and_at_most_the_cap() -> None:
    tasks = [task(f"T{n}") for n in range(40)]
    unit = Unit(rules_team(), tasks)
    unit.store.received = [event("task.priority_changed", {"to": "urgent"}, n=n, subject=f"T{n % 40}")
                           for n in range(80)]
    reads: list[str] = []
    real = unit.tracker.get_task

    async def counting(task_id: str, *, custom_id: bool = False) -> object:
        reads.append(task_id)
        return await real(task_id, custom_id=custom_id)

    unit.tracker.get_task = counting  # type: ignore[method-assign]
    result = await dry_run(unit.ctx(), unit.agent.cfg, Rule.model_validate(URGENT_TO_BACKEND))
    assert len(reads) == len(set(reads)) == MAX_TASK_READS
    assert (len(result.matched), result.unchecked) == (50, 30)


async def test_code_events_and_the_limit_of_events() -> None:
    unit = Unit(rules_team())
    merged = Event(id="github:d1", source="github", type="pr.merged", occurred_at=unit.clock.now(), actor="dana-dev",
                   data={"repo": "acme/app", "number": 3, "title": "Coupons", "url": "https://gh/acme/app/pull/3",
                         "author": "dana-dev"})
    unit.store.received = [merged, event("task.created", n=2)]
    rule = Rule.model_validate({"name": "thanks", "when": {"event": "pr.merged"},
                                "if": [{"field": "author", "op": "eq", "value": "Dana"}],
                                "then": [{"do": "comment", "text": "Thanks {{event.actor}}"},
                                         {"do": "post", "channel": "#releases", "text": "{{event.summary}}"}]})
    assert (await dry_run(unit.ctx(), unit.agent.cfg, rule, 1)).matched == []  # only the newest event replayed
    (matched,) = (await dry_run(unit.ctx(), unit.agent.cfg, rule)).matched
    assert matched[1] == ["acme/app#3: comment “Thanks Dana Developer”",
                          "post in #releases: acme/app#3 Coupons was merged — https://gh/acme/app/pull/3"]
