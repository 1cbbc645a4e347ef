"""Reload without restart: two replicas on one database apply an edited team file (the next QA hand-off goes to
the new QA engineer on both), refuse an invalid edit with the old configuration still running, and say so in the
audit log and on the dashboard. `pmbot reload` reaches a replica through the database; SIGHUP a served process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import httpx
import yaml

from agents.base import Agent, AgentContext
from agents.team import TeamConfig
from bot.clock import FrozenClock
from bot.config import load_team_config
from bot.plugins import agent_classes
from bot.runtime import Runtime
from integrations.events import Event
from tests.agents.qa_router.qa_support import PEOPLE
from tests.bot.test_cli import run_cli
from tests.bot.test_dashboard_auth import PASSWORD, PASSWORD_HASH, sign_in
from tests.support.platforms import put_bodies
from tests.support.server import ProcessServer, ThreadServer, make_settings, wait_until
from tests.support.world import SeedTask, World, world

QUINN_QA = [dict(p) for p in PEOPLE if p["name"] != "Rae"]  # Quinn is the only QA engineer
RAE_QA = [{**p, "roles": ["developer"]} if p["name"] == "Quinn" else dict(p) for p in PEOPLE]  # Rae takes over
TO_QUINN = {"status": "in testing", "assignees": {"add": [201], "rem": [101]}}
TO_RAE = {"status": "in testing", "assignees": {"add": [202], "rem": [101]}}


def team_yaml(people: list[dict[str, Any]], **router: Any) -> str:
    return yaml.safe_dump({"people": people, "qa_router": {"channel": "C0QA", "escalate_to": ["U0LEE"], **router}})


def edit(path: Path, text: str) -> None:
    """Save the file as an editor does (a new file renamed over the old one, so no look ever reads half of it);
    its mtime moves on by a whole second (some file systems keep coarse times)."""
    before = path.stat().st_mtime_ns
    saved = path.with_suffix(".saving")
    saved.write_text(text)
    os.utime(saved, ns=(before + 1_000_000_000, before + 1_000_000_000))
    os.replace(saved, path)


def hand_off(w: World, server: ThreadServer, task: str) -> None:
    """Dana moves `task` to ready for testing; only `server` processes it (the workers run only when drained)."""
    w.clickup.human_update(task, "101", status="ready for testing")
    assert w.clickup.wait_for_webhooks()
    for _ in range(2):
        server.drain()


def check(server: ThreadServer) -> Any:
    return server.call(server.runtime.reloader.check)


def reloaded(server: ThreadServer) -> Any:
    """The replica's reload status once it looked (now, or a moment ago on its own: its look runs every 3 s)."""
    check(server)
    return server.runtime.reloader.status


def reload_rows(server: ThreadServer) -> list[tuple[str, dict[str, Any]]]:
    rows = server.call(server.runtime.store.actions.recent, 500)
    return [(r["kind"], json.loads(r["result"])) for r in reversed(rows) if r["kind"].startswith("pmbot.config_")]


def test_an_edit_is_applied_on_both_replicas_and_an_invalid_one_refused_on_both(tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(team_yaml(QUINN_QA))
    tasks = [SeedTask(t, f"Task {t}", "in progress", ("101",)) for t in ("T1", "T2", "T3", "T4")]
    with world(tmp_path, load_team_config(path), tasks=tasks, db_url=db_url, pmbot_worker=False,
               team_file=path) as w:
        w.clickup.add_user("202", "Rae")  # in the workspace already, not yet in the team file
        w.slack.add_user("U0RAE", "rae", "Rae", "rae@example.com")
        second = w.start()
        first = w.servers[0]
        hand_off(w, first, "T1")
        assert put_bodies(w.clickup, "T1") == [TO_QUINN]

        w.clock.advance(timedelta(minutes=1))
        edit(path, team_yaml(RAE_QA))
        for server in (first, second):
            check(server)
            assert server.runtime.reloader.status.state == "applied"
            assert [p.name for p in server.runtime.team.people if "qa" in p.roles] == ["Rae"]
        hand_off(w, first, "T2")
        hand_off(w, second, "T3")
        assert (put_bodies(w.clickup, "T2"), put_bodies(w.clickup, "T3")) == ([TO_RAE], [TO_RAE])

        w.clock.advance(timedelta(minutes=1))
        edit(path, team_yaml(RAE_QA, remind_after="soon"))
        for server in (first, second):
            check(server)
            status = server.runtime.reloader.status
            assert (status.state, status.problems) == ("refused", [
                f"{path}: qa_router.remind_after: 'soon' is not a duration (use e.g. 48h, 30m, 2d)"])
        hand_off(w, second, "T4")
        assert put_bodies(w.clickup, "T4") == [TO_RAE]  # the configuration that was running still runs
        assert reload_rows(first) == [
            ("pmbot.config_reload", {"trigger": "file changed", "people": 5, "added_from_slack": []}),
            ("pmbot.config_refused", {"trigger": "file changed", "problems": status.problems}),
        ]
        assert check(first) is None and check(second) is None  # nothing moved since: nothing is read again


def test_pmbot_reload_reaches_the_replica_through_the_database__and_the_dashboards_banner(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(team_yaml(QUINN_QA))
    with world(tmp_path, load_team_config(path), tasks=[], team_file=path,
               pmbot_admin_password_hash=PASSWORD_HASH) as w:
        server = w.pmbot
        env = {"PMBOT_DATABASE_URL": w.db_url, "PMBOT_CONFIG": str(path)}
        edit(path, team_yaml(QUINN_QA, escalate_after_reminders=3))
        answer = run_cli("reload", env=env)
        assert (answer.returncode, answer.stdout) == (0, (
            f"pmbot reload: {path} is valid; asked every replica to apply it (each one looks within a few seconds; "
            "the dashboard's overview and the audit log show the outcome)\n"))
        assert reloaded(server).trigger == "pmbot reload by pmbot reload"
        router = next(a for a in server.runtime.agents if a.name == "qa_router")
        assert router.cfg.escalate_after_reminders == 3

        edit(path, "people: [\n")
        answer = run_cli("reload", env=env)
        assert (answer.returncode, answer.stderr) == (1, (
            f"pmbot reload: {path} is invalid; every replica keeps its running configuration:\n"
            f"  {path}: not valid YAML at line 2, column 1: expected the node content, but found '<stream end>'\n"))
        status = reloaded(server)
        assert (status.state, status.trigger) == ("refused", "pmbot reload by pmbot reload")
        assert next(a for a in server.runtime.agents if a.name == "qa_router") is router  # still running
        browser, _ = sign_in(server.url, PASSWORD)
        try:
            page = browser.get("/").text
        finally:
            browser.close()
        assert "The team file's latest edit was refused (pmbot reload by pmbot reload" in page
        assert f"<li><code>{path}: not valid YAML at line 2, column 1: expected the node content, but found " \
               "&#39;&lt;stream end&gt;&#39;</code></li>" in page


def test_sighup_makes_a_served_pmbot_read_its_team_file_now(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(team_yaml(QUINN_QA))
    db = tmp_path / "pmbot.db"
    env = {"PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "PMBOT_SCHEDULER": "false", "PMBOT_CONFIG": str(path),
           "PMBOT_RELOAD_INTERVAL": "3600"}  # no look of its own in this test: only the signal reads the file
    for name in ("CLICKUP_API_TOKEN", "SLACK_BOT_TOKEN", "GITHUB_TOKEN", "CLICKUP_WEBHOOK_SECRET",
                 "SLACK_SIGNING_SECRET", "GITHUB_WEBHOOK_SECRET"):
        env[name] = ""
    server = ProcessServer(env).start()
    try:
        assert server.proc is not None
        path.write_text("people: [\n")
        server.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: audit(db) == [("pmbot.config_refused", "SIGHUP")], timeout=30)
        assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}  # still serving, on the old file
        path.write_text(team_yaml(RAE_QA))
        server.proc.send_signal(signal.SIGHUP)
        wait_until(lambda: audit(db)[1:] == [("pmbot.config_reload", "SIGHUP")], timeout=30)
    finally:
        server.stop()


def audit(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT kind, result FROM actions WHERE kind LIKE 'pmbot.config_%' ORDER BY created_at")
        return [(kind, json.loads(result)["trigger"]) for kind, result in rows]


def test_a_given_team_without_a_file_reloads_only_what_the_database_adds(tmp_path: Path) -> None:
    team = TeamConfig.model_validate({"people": QUINN_QA})
    with world(tmp_path, team, tasks=[]) as w:
        w.pmbot.call(w.pmbot.runtime.store.put, "config:reload", {"token": "t1", "by": "test"})
        assert reloaded(w.pmbot).state == "unchanged"
        assert w.pmbot.runtime.team is team


class Holder(Agent):
    """Notes the team each `test.hold` event runs with, and holds the first one until the test lets it go."""

    name = "test_holder"
    subscribes = frozenset({"test.hold"})
    seen: ClassVar[dict[str, list[str]]] = {}
    started: ClassVar[asyncio.Event]
    gate: ClassVar[asyncio.Event]

    async def run(self, event: Event, ctx: AgentContext) -> None:
        Holder.seen[event.id] = [p.name for p in ctx.team.people]
        Holder.started.set()
        await Holder.gate.wait()


async def test_an_event_under_way_finishes_on_the_configuration_it_started_with(tmp_path: Path,
                                                                                 clock: FrozenClock) -> None:
    Holder.seen, Holder.started, Holder.gate = {}, asyncio.Event(), asyncio.Event()
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump({"people": [{"name": "Ann", "slack": "U0ANN"}]}))
    settings = make_settings(pmbot_database_url=f"sqlite+aiosqlite:///{tmp_path / 'pmbot.db'}", pmbot_config=path,
                             pmbot_agents="tests.bot.test_reload:Holder")
    runtime = Runtime(settings, load_team_config(path, agent_classes(settings.pmbot_agents)), clock=clock,
                      team_file=path)
    await runtime.start(worker=False, scheduler=False, reload=False)
    try:
        hold = [Event(id=f"hold-{n}", source="cli", type="test.hold", occurred_at=clock.now()) for n in (1, 2)]
        await runtime.store.enqueue(hold[:1])
        first = asyncio.create_task(runtime.worker.drain())
        await asyncio.wait_for(Holder.started.wait(), 10)
        edit(path, yaml.safe_dump({"people": [{"name": "Ann", "slack": "U0ANN"}, {"name": "Ben", "slack": "U0BEN"}]}))
        assert (await runtime.reloader.check()).state == "applied"  # type: ignore[union-attr]
        await runtime.store.enqueue(hold[1:])
        Holder.gate.set()
        await asyncio.wait_for(first, 10)
        await runtime.worker.drain()
        assert Holder.seen == {"hold-1": ["Ann"], "hold-2": ["Ann", "Ben"]}
        assert [await runtime.store.inbox.agent_status(e.id) for e in hold] == [{"test_holder": "done"}] * 2
    finally:
        await runtime.stop()
