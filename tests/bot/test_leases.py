"""Leases: a dead holder's work resumes within a minute on any replica; a live one keeps its work."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock, SystemClock
from bot.storage.db import Database
from bot.storage.inbox import Inbox
from bot.storage.owner import _started, is_orphan, worker_id
from integrations.events import Event
from tests.support.server import ProcessServer, wait_until

CONFIG = Path(__file__).resolve().parents[2] / "config" / "pmbot.example.yaml"
N = 10


def env_for(db: Path, **extra: str) -> dict[str, str]:
    return {
        "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "PMBOT_SANDBOX": "false",
        "PMBOT_SCHEDULER": "false",
        "PMBOT_CONFIG": str(CONFIG),
        "PMBOT_AGENTS": "tests.support.slow_agents:Sleeper",
        **extra,
    }


def sleep_events(log: Path, seconds: float, n: int = N) -> list[Event]:
    return [Event(id=f"test:sleep:{i}", source="cli", type="test.sleep", occurred_at="2026-11-23T09:00:00Z",
                  data={"log": str(log), "seconds": seconds}) for i in range(n)]


def put(db: Path, events: list[Event]) -> None:
    async def write() -> None:
        database = Database(f"sqlite+aiosqlite:///{db}")
        try:
            await Inbox(database, SystemClock()).put(events)
        finally:
            await database.dispose()

    asyncio.run(write())


def rows(db: Path) -> list[dict]:
    async def read() -> list[dict]:
        database = Database(f"sqlite+aiosqlite:///{db}")
        try:
            return await Inbox(database, SystemClock()).rows()
        finally:
            await database.dispose()

    return asyncio.run(read())


def runs(log: Path) -> list[tuple[str, str]]:
    """(worker identity, event id) per agent run, in order."""
    return [tuple(line.split()) for line in log.read_text().splitlines()] if log.exists() else []  # type: ignore[misc]


def held_by_one_process(db: Path) -> str | None:
    owners = {(r["status"], r["locked_by"]) for r in rows(db)}
    if len(owners) == 1 and len(rows(db)) == N:
        status, owner = owners.pop()
        return owner if status == "processing" else None
    return None


def test_a_restart_on_the_same_host_releases_a_killed_holders_work_even_before_it_is_reaped(tmp_path: Path) -> None:
    """The predecessor is SIGKILLed and not yet waited for (a zombie still answers `kill -0`); the
    restart ~1 s later must not wait out the lease (5 minutes here)."""
    db, log = tmp_path / "pmbot.db", tmp_path / "runs.log"
    first = ProcessServer(env_for(db, PMBOT_LEASE_SECONDS="300", PMBOT_TEST_SLEEP_SECONDS="600")).start()
    second = ProcessServer(env_for(db, PMBOT_LEASE_SECONDS="300", PMBOT_TEST_SLEEP_SECONDS="0"))
    try:
        put(db, sleep_events(log, 0))
        wait_until(lambda: held_by_one_process(db) is not None, timeout=30)
        assert first.proc is not None
        first.proc.send_signal(signal.SIGKILL)  # no wait(): the dead process stays a zombie meanwhile
        time.sleep(1)
        if Path("/proc").exists():
            assert Path(f"/proc/{first.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
        started = time.monotonic()
        second.start()
        wait_until(lambda: all(r["status"] == "done" for r in rows(db)), timeout=60)
        print(f"same host: resumed and finished {N} events {time.monotonic() - started:.1f} s after restart")
    finally:
        second.stop()
        first.stop()
        if first.proc:
            first.proc.wait(timeout=10)
    assert sorted(event for _, event in runs(log)[1:]) == sorted(e.id for e in sleep_events(log, 0))


def test_a_killed_replicas_work_resumes_on_another_host_within_a_minute(tmp_path: Path) -> None:
    db, log = tmp_path / "pmbot.db", tmp_path / "runs.log"
    lease = {"PMBOT_LEASE_SECONDS": "4"}
    first = ProcessServer(env_for(db, PMBOT_WORKER_HOST="replica-a", PMBOT_TEST_SLEEP_SECONDS="600", **lease))
    second = ProcessServer(env_for(db, PMBOT_WORKER_HOST="replica-b", PMBOT_TEST_SLEEP_SECONDS="0", **lease))
    first.start()
    try:
        put(db, sleep_events(log, 0))
        wait_until(lambda: (held_by_one_process(db) or "").startswith("replica-a/"), timeout=30)
    finally:
        first.kill()
    killed = time.monotonic()
    second.start()
    try:
        wait_until(lambda: all(r["status"] == "done" for r in rows(db)), timeout=60)
        print(f"other host: {N} events finished {time.monotonic() - killed:.1f} s after the SIGKILL")
    finally:
        second.stop()
    by_host = sorted((owner.split("/")[0], event) for owner, event in runs(log))
    assert by_host == sorted([("replica-a", "test:sleep:0")] + [("replica-b", e.id) for e in sleep_events(log, 0)])


def test_a_long_event_stays_with_its_live_holder_past_its_lease(tmp_path: Path) -> None:
    """8 s of work under a 2 s lease, with a second replica polling all along: the heartbeat renews."""
    db, log = tmp_path / "pmbot.db", tmp_path / "runs.log"
    lease = {"PMBOT_LEASE_SECONDS": "2"}
    replicas = [ProcessServer(env_for(db, PMBOT_WORKER_HOST=f"replica-{name}", **lease)) for name in "ab"]
    for replica in replicas:
        replica.start()
    try:
        put(db, sleep_events(log, 8, n=1))
        renewals: set[object] = set()

        def finished() -> bool:
            row = rows(db)[0]
            if row["status"] == "processing":
                renewals.add(row["locked_until"])
            return row["status"] == "done"

        wait_until(finished, timeout=60, interval=0.2)
        assert all(replica.proc and replica.proc.poll() is None for replica in replicas)
    finally:
        for replica in replicas:
            replica.stop()
    assert len(runs(log)) == 1  # never taken over while its holder was alive
    assert len(renewals) >= 3  # the lease moved on while the event ran


# -- who counts as a dead holder -------------------------------------------------------------------

def test_an_earlier_process_that_had_our_pid_is_a_dead_holder() -> None:
    """A container restarts as pid 1 again: the new process must not take its predecessor for itself."""
    place, pid, _ = worker_id().split(":")
    assert not is_orphan(worker_id())
    assert is_orphan(f"{place}:{pid}:1")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_process_is_a_dead_holder_before_it_is_reaped_and_a_reused_pid_is_not_its_owner() -> None:
    place = worker_id().split(":")[0]
    proc = subprocess.Popen(["sleep", "60"])
    try:
        owner = f"{place}:{proc.pid}:{_started(proc.pid)}"
        legacy = f"{os.uname().nodename[:40]}:{proc.pid}"
        assert not is_orphan(owner) and not is_orphan(legacy)
        assert is_orphan(f"{place}:{proc.pid}:{_started(os.getpid())}")  # same pid, another process
        proc.send_signal(signal.SIGKILL)
        wait_until(lambda: _started(proc.pid) is None, timeout=10)  # a zombie now
        assert is_orphan(owner) and is_orphan(legacy)
    finally:
        proc.kill()
        proc.wait()
    assert is_orphan(owner)
    assert not is_orphan(f"elsewhere/1:{proc.pid}:1")  # other hosts' holders are left to their leases


# -- heartbeat ---------------------------------------------------------------------------------

def ev(n: int) -> Event:
    return Event(id=f"clickup:w:{n}", source="clickup", type="task.created", occurred_at="2026-11-23T09:00:00Z")


async def test_renewing_keeps_events_from_other_workers_until_the_holder_stops(
    sqlite_url: str, clock: FrozenClock
) -> None:
    db = Database(sqlite_url)
    await db.migrate()
    mine, other = Inbox(db, clock), Inbox(db, clock)
    other.me = "elsewhere/1:1:1"
    try:
        assert mine.lease == timedelta(seconds=30)  # the default: a dead holder's work waits < 1 minute
        await mine.put([ev(1), ev(2)])
        assert len(await mine.claim(10)) == 2
        for _ in range(4):
            clock.advance(timedelta(seconds=20))
            assert await mine.renew() == 2
            assert await other.claim(10) == []
        clock.advance(timedelta(seconds=31))  # no renewal: the holder died
        assert [c.key for c in await other.claim(10)] == ["clickup:w:1", "clickup:w:2"]
        assert await mine.renew() == 0
    finally:
        await db.dispose()


async def test_a_running_worker_releases_work_of_a_process_that_died_after_it_started(sqlite_url: str) -> None:
    from bot.dispatcher import Dispatcher
    from bot.metrics import Metrics
    from bot.worker import Worker

    db = Database(sqlite_url)
    await db.migrate()
    clock = SystemClock()
    inbox, ghost = Inbox(db, clock, lease=timedelta(minutes=5)), Inbox(db, clock)
    dead = subprocess.Popen(["true"])
    dead.wait()
    ghost.me = f"{worker_id().split(':')[0]}:{dead.pid}:1"
    worker = Worker(inbox, Dispatcher([], lambda agent, event: None, inbox), Metrics(), heartbeat=0.2)
    running = asyncio.create_task(worker.run_forever())
    try:
        await inbox.put([ev(1)])
        await asyncio.sleep(0.1)
        await ghost.put([ev(2)])
        # The ghost claims what is ready after the worker started, then "dies".
        while not [c for c in await ghost.claim(10) if c.key == "clickup:w:2"]:
            await asyncio.sleep(0.05)

        async def done() -> bool:
            return {r["key"]: r["status"] for r in await inbox.rows()}.get("clickup:w:2") == "done"

        for _ in range(200):
            if await done():
                break
            await asyncio.sleep(0.05)
        assert await done()  # within seconds, not the 5-minute lease
    finally:
        worker.stop()
        await running
        await db.dispose()
