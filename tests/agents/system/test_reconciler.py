"""Lossy sources are reconciled: changes whose webhooks never arrived come through the same road."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from agents.base import Agent, AgentContext
from agents.system.reconciler import Reconciler
from bot.clock import FrozenClock
from integrations.events import Event
from tests.support.platforms import platforms
from tests.support.server import wait_until


class Recorder(Agent):
    """Remembers every event it is given."""

    name = "recorder"
    subscribes = frozenset({"*"})

    def __init__(self) -> None:
        self.seen: list[Event] = []

    def handles(self, event: Event) -> bool:
        return not event.type.startswith("tick.")

    async def run(self, event: Event, ctx: AgentContext) -> None:
        self.seen.append(event)


def test_missed_clickup_and_github_changes_are_fed_through_the_inbox(tmp_path: Path) -> None:
    clock = FrozenClock(datetime.now(UTC))
    recorder = Recorder()
    with platforms(tmp_path, clock=clock, agents=[Reconciler(["acme/web"], ["L1"]), recorder]) as p:
        p.clickup.add_user("101", "Dana")
        p.clickup.add_list("L1", "Board", ["to do", "in progress", "ready for testing", "done"])
        p.clickup.add_task("T1", "Coupons", "L1", "in progress", assignees=["101"])
        p.github.add_repo("acme/web")
        p.github.add_pull("acme/web", 1, "CU-T1 coupons", "dana-dev", "feature/CU-T1")

        p.pmbot.tick("reconcile")  # first pass only learns what is there
        p.pmbot.drain()
        assert recorder.seen == []

        hook = p.clickup.outbox.subscription
        p.clickup.outbox.subscription = None  # these deliveries are lost
        p.clickup.human_update("T1", "101", status="ready for testing")
        p.clickup.outbox.subscription = hook
        p.github.merge("acme/web", 1)
        p.github.add_pull("acme/web", 2, "Profile page", "devon-b", "feature/profile")

        clock.advance(timedelta(minutes=10))
        p.pmbot.tick("reconcile")
        p.pmbot.drain()
        wait_until(lambda: len(recorder.seen) == 3)
        got = sorted((e.source, e.type, e.subject.id, e.data.get("from"), e.data.get("to"), e.data.get("merged"))
                     for e in recorder.seen)
        assert got == [
            ("reconcile", "pr.merged", "acme/web#1", None, None, True),
            ("reconcile", "pr.opened", "acme/web#2", None, None, False),
            ("reconcile", "task.status_changed", "T1", "in progress", "ready for testing", None),
        ]
        assert all(e.data["reconciled"] is True for e in recorder.seen)

        # Nothing new: the next pass finds nothing to feed.
        clock.advance(timedelta(minutes=10))
        p.pmbot.tick("reconcile")
        p.pmbot.drain()
        assert len(recorder.seen) == 3
        # The reconciler read the platforms, and wrote nothing to them.
        assert p.clickup.writes() == [] and p.github.writes() == []


def test_a_missed_move_into_a_closed_status_of_a_task_added_from_another_list_is_caught_up(tmp_path: Path) -> None:
    clock = FrozenClock(datetime.now(UTC))
    recorder = Recorder()
    with platforms(tmp_path, clock=clock, agents=[Reconciler([], ["L1"]), recorder]) as p:
        p.clickup.add_user("101", "Dana")
        p.clickup.add_list("L1", "QA board", ["to do", "in progress", "closed"])
        p.clickup.add_list("L9", "Backend", ["to do", "in progress", "closed"])
        p.clickup.add_task("T9", "Lives in Backend, watched on the QA board", "L9", "in progress")
        p.clickup.add_to_list("T9", "L1")
        p.pmbot.tick("reconcile")
        p.pmbot.drain()

        hook = p.clickup.outbox.subscription
        p.clickup.outbox.subscription = None  # lost
        p.clickup.human_update("T9", "101", status="closed")
        p.clickup.outbox.subscription = hook
        clock.advance(timedelta(minutes=10))
        p.pmbot.tick("reconcile")
        p.pmbot.drain()
        wait_until(lambda: len(recorder.seen) == 1)
        (event,) = recorder.seen
        assert (event.type, event.subject.id, event.data["from"], event.data["to"]) == (
            "task.status_changed", "T9", "in progress", "closed")
        listings = [r.query for r in p.clickup.calls("GET", "/api/v2/list/L1/task")]
        assert all(q.get("include_closed") == ["true"] and q.get("include_timl") == ["true"] for q in listings)
