"""The reconciler on either tracker: a status change whose webhook was lost is found by the tracker's own search for
recently updated tasks (ClickUp's `date_updated_gt`, Jira's JQL `updated >= ...`) and fed through the inbox."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agents.system.reconciler import Reconciler
from agents.team import TeamConfig
from bot.clock import FrozenClock
from integrations.jira.sim import JiraSimulator
from tests.agents.system.test_reconciler import Recorder
from tests.support.jira_world import JIRA, TRACKERS
from tests.support.platforms import platforms
from tests.support.server import ThreadServer, make_settings, wait_until


@dataclass
class Board:
    """One tracker with one task in progress, and a pmbot running the reconciler over its scope."""

    pmbot: ThreadServer
    sim: Any
    task: str  # the tracker's id of the task
    lose_webhooks_and_move: Any  # (status) → a person moves the task; the delivery is lost


@contextmanager
def board(tracker: str, tmp_path: Path, clock: FrozenClock, recorder: Recorder) -> Iterator[Board]:
    if tracker == "clickup":
        with platforms(tmp_path, clock=clock, agents=[Reconciler([], ["L1"]), recorder]) as p:
            p.clickup.add_user("101", "Dana")
            p.clickup.add_list("L1", "Board", ["to do", "in progress", "ready for testing", "done"])
            p.clickup.add_task("T1", "Coupons", "L1", "in progress", assignees=["101"])

            def move(status: str) -> None:
                hook, p.clickup.outbox.subscription = p.clickup.outbox.subscription, None
                p.clickup.human_update("T1", "101", status=status)
                p.clickup.outbox.subscription = hook

            yield Board(p.pmbot, p.clickup, "T1", move)
        return
    sim = JiraSimulator(email=JIRA["email"], token=JIRA["token"], bot_account_id=JIRA["bot"])
    sim.add_user("acc-dana", "Dana")
    sim.add_project("ENG", "Engineering")
    sim.add_issue("ENG-1", "Coupons", "In Progress", assignee="acc-dana")
    sim.start()
    settings = make_settings(jira_base_url=sim.base_url, jira_email=JIRA["email"], jira_api_token=JIRA["token"],
                             jira_webhook_secret=JIRA["secret"],
                             pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}")
    try:
        with ThreadServer(settings, TeamConfig(), agents=[Reconciler([], ["ENG"]), recorder], clock=clock) as server:
            sim.set_webhook(f"{server.url}/webhooks/jira", JIRA["secret"])

            def move_issue(status: str) -> None:
                hook, sim.outbox.subscription = sim.outbox.subscription, None
                sim.human_move("ENG-1", "acc-dana", {"ready for testing": "Ready for Testing"}[status])
                sim.outbox.subscription = hook

            yield Board(server, sim, str(sim.find("ENG-1")["id"]), move_issue)
    finally:
        sim.stop()


def listings(tracker: str, b: Board) -> list[Any]:
    """How the tracker was searched: ClickUp's list query strings, Jira's JQL search bodies."""
    if tracker == "clickup":
        return [r.query for r in b.sim.calls("GET", "/api/v2/list/L1/task")]
    return [r.json for r in b.sim.calls("POST", "/rest/api/3/search/jql")]


@pytest.mark.parametrize("tracker", TRACKERS)
def test_a_lost_status_change_is_found_by_the_trackers_search(tmp_path: Path, tracker: str) -> None:
    start = datetime.now(UTC).replace(second=0, microsecond=0)  # the simulators stamp changes with the wall clock
    clock, recorder = FrozenClock(start), Recorder()
    with board(tracker, tmp_path, clock, recorder) as b:
        b.pmbot.tick("reconcile")  # the first pass only learns what is there
        b.pmbot.drain()
        b.lose_webhooks_and_move("ready for testing")
        clock.advance(timedelta(minutes=10))
        b.pmbot.tick("reconcile")
        b.pmbot.drain()
        wait_until(lambda: len(recorder.seen) == 1)
        (event,) = recorder.seen
        assert (event.source, event.type, event.subject.id, event.data) == (
            "reconcile", "task.status_changed", b.task,
            {"from": "in progress", "to": "ready for testing", "reconciled": True})
        assert event.id.startswith(f"reconcile:{tracker}:{b.task}:status:")
        first, second = start - timedelta(hours=1, minutes=2), start - timedelta(minutes=2)
        if tracker == "jira":
            fields = b.sim.calls("POST", "/rest/api/3/search/jql")[0].json["fields"]
            assert listings(tracker, b) == [
                {"jql": f'project = "ENG" AND updated >= "{when:%Y-%m-%d %H:%M}" ORDER BY created ASC',
                 "fields": fields, "maxResults": 100} for when in (first, second)]
        else:
            stamps = [str(int(when.timestamp() * 1000)) for when in (first, second)]
            assert [q["date_updated_gt"] for q in listings(tracker, b)] == [[s] for s in stamps]
        # The reconciler reads, and writes nothing (Jira's search is a POST that only reads).
        assert [r.path for r in b.sim.writes() if r.path != "/rest/api/3/search/jql"] == []
