"""Once, whatever happens: a restart at prompt time or at the cut-off, a second replica on the same database
(SQLite and PostgreSQL), the same due item or tick arriving twice."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from integrations.events import Event
from tests.agents.standup.standup_support import channel_messages, standup_team, standup_world
from tests.support.platforms import dm_texts
from tests.support.world import World

MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
PROMPT = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
CUTOFF = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 11:00 in Berlin


def every_replica(w: World, moment: datetime, *, summary: bool = False) -> None:
    """Each replica's scheduler fires (a minute apart, so each tick is an event of its own)."""
    for n, server in enumerate(list(w.servers)):
        w.clock.set(moment.replace(minute=moment.minute + n))
        server.tick("plan_daily")
        w.sweep(server)
        if summary:
            server.tick("standup_summary")
        for s in w.servers:
            s.drain()


def again(w: World, kind: str, data: dict[str, str], event_id: str) -> None:
    """The same work arriving once more under another id (a due row armed twice, a duplicated tick)."""
    event = Event(id=event_id, source="scheduler", type=kind, occurred_at=w.clock.now(), data=data)
    w.pmbot.call(w.pmbot.runtime.store.enqueue, [event])
    w.pmbot.drain()


def test_restart_and_two_replicas_ask_once_and_post_one_summary(tmp_path: Path, db_url: str) -> None:
    team = standup_team(members=["Ben", "Oona"])
    with standup_world(tmp_path, team, start=MONDAY, db_url=db_url) as w:
        w.start()  # a second replica on the same database
        every_replica(w, PROMPT)
        w.restart()  # the newest replica restarts at prompt time
        every_replica(w, PROMPT)
        again(w, "due.daily.standup_prompt", {"person": "Ben", "day": "2026-11-23"}, "dup-prompt")
        assert [t.splitlines()[0] for t in dm_texts(w.slack, "U0BEN")] == [
            "Good morning Ben — your standup for Monday 23 November (answer by 11:00)."]
        assert len(dm_texts(w.slack, "U0OONA")) == 1

        w.slash("done: coupons next: search", "U0BEN", command="/standup")
        every_replica(w, CUTOFF, summary=True)
        w.restart()  # and again at the cut-off
        every_replica(w, CUTOFF, summary=True)
        again(w, "tick.standup_summary", {}, "dup-summary")
        summaries = [m for m in channel_messages(w) if not m.thread_ts]
        assert [m.text.splitlines()[0] for m in summaries] == [
            "*Standup — Monday 23 November* · 1 of 2 answered"]
        assert [m.text.splitlines()[0] for m in channel_messages(w) if m.thread_ts] == ["*Ben*"]
        sent = sorted(c["text"].splitlines()[0] for c in w.slack.api_calls("chat.postMessage"))
        assert sent == [  # in any order: the replicas share the work
            "*Ben*",
            "*Standup — Monday 23 November* · 1 of 2 answered",
            "Good morning Ben — your standup for Monday 23 November (answer by 11:00).",
            "Good morning Oona — your standup for Monday 23 November (answer by 11:00).",
            "Reminder: your standup for Monday 23 November closes at 11:00. Answer with the button, "
            "a reply in the thread of this morning's message, or `/standup &lt;text&gt;`.",
        ]
        assert [m.text.splitlines()[0] for m in w.slack.dms("U0OONA")][1].startswith("Reminder:")
