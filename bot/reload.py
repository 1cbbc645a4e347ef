"""Reload without restart: the team YAML (and the people added from Slack on top of it) read again, validated
as `pmbot check` validates it, and swapped in between events on every replica.

Three triggers, one check: the file changed (its size and mtime looked at every `interval` seconds, its hash
compared when they moved), `pmbot reload` (a new token under `RELOAD_KEY` in the shared database, which every
replica polls, as the join offer's "Add to the team" writes it too), and SIGHUP (check now). The swap replaces
one `Loaded` object; an event already handed to an agent finishes with that agent and the team it was built
with (`Runtime.context_for` looks the team up by agent). An invalid edit is refused: the running configuration
stays, the problems are logged, kept for the dashboard's banner, and an audit row says so, like an applied one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from agents.base import Agent
from agents.common.members import (
    MEMBER_ADDED,
    PREFIX,
    RELOAD_KEY,
    AddedMember,
    reload_token,
    stored_members,
    with_added,
)
from agents.system.commands import CommandRouter
from agents.team import TeamConfig
from bot.clock import SystemClock
from bot.config import ConfigError, load_team_config, read_team_file, team_problems, team_text
from bot.plugins import PluginError, agent_classes, build_agents
from bot.storage.actions import ActionInProgress

if TYPE_CHECKING:
    from bot.dispatcher import Outcome
    from bot.runtime import Runtime
    from integrations.events import Event

log = logging.getLogger("pmbot.reload")
APPLIED, REFUSED, UNCHANGED = "applied", "refused", "unchanged"


def default_interval() -> float:
    """Seconds between looks at the file's size and mtime and at the shared reload token
    (`PMBOT_RELOAD_INTERVAL`, 3): a stat and one small read each time."""
    return float(os.environ.get("PMBOT_RELOAD_INTERVAL") or 3.0)


@dataclass(frozen=True)
class Loaded:
    """One configuration as a runtime runs it: the team, the agents built from it, and what it was read from."""

    team: TeamConfig
    agents: list[Agent]
    fingerprint: str = ""
    members: tuple[str, ...] = ()  # names of the people added from Slack in it

    @property
    def commands(self) -> CommandRouter | None:
        return next((a for a in self.agents if isinstance(a, CommandRouter)), None)


@dataclass
class ReloadStatus:
    """The last reload this replica looked at: what triggered it, and what became of it."""

    state: str
    trigger: str
    at: datetime
    problems: list[str] = field(default_factory=list)
    fingerprint: str = ""


def fingerprint(raw: bytes, members: Sequence[AddedMember]) -> str:
    digest = hashlib.sha256(raw)
    digest.update(orjson.dumps([m.person for m in members], option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()


def validate(path: Path, text: str, members: Sequence[AddedMember], classes: Sequence[type[Agent]],
             running: TeamConfig | None = None) -> tuple[TeamConfig, list[str]]:
    """The team as it would run, and what `pmbot check` would refuse in it (problems the `running` team has
    already stay warnings, as they were at start-up). Raises ConfigError for an invalid file."""
    team = with_added(load_team_config(path, classes, text=text), list(members))
    try:
        problems = team_problems(team, build_agents(classes, team))
        known = set(team_problems(running, build_agents(classes, running))) if running is not None else set()
    except PluginError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return team, [p for p in problems if p not in known]


class ConfigReloader:
    """Watches the team file and the shared reload token; validates and swaps the runtime's configuration."""

    def __init__(self, runtime: Runtime, path: Path | None, *, interval: float | None = None) -> None:
        self.runtime = runtime
        self.path = path  # None: the team was given, not read (tests); only the people added from Slack reload
        self.interval = interval or default_interval()
        self.classes = agent_classes(runtime.settings.pmbot_agents)
        self.status: ReloadStatus | None = None
        self._stat: tuple[int, int] | None = None
        self._token: Any = None
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._signalled = False

    # -- reading -----------------------------------------------------------------------------------------
    def _stat_now(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    async def _members(self) -> list[AddedMember]:
        return stored_members(await self.runtime.store.get_prefix(PREFIX))

    async def start(self) -> None:
        """At start-up: remember what the file and the token are now, and add the stored people to the team."""
        self._stat = self._stat_now()
        self._token = await self.runtime.store.get(RELOAD_KEY)
        raw = read_team_file(self.path) if self.path is not None else b""
        members = await self._members()
        loaded = self.runtime.loaded
        team, fp = with_added(loaded.team, members), fingerprint(raw, members)
        if team is not loaded.team:
            await self.runtime.swap(self._build(team, members, fp))
        else:
            self.runtime.loaded = Loaded(loaded.team, loaded.agents, fp)

    def _build(self, team: TeamConfig, members: Sequence[AddedMember], fp: str) -> Loaded:
        agents = self.runtime.build_agents(team)
        return Loaded(team, agents, fp, tuple(str(m.person.get("name", "")) for m in members))

    # -- triggers ----------------------------------------------------------------------------------------
    def poke(self) -> None:
        """Check now (SIGHUP)."""
        self._wake.set()

    def after_event(self, event: Event, outcome: Outcome) -> None:
        """This replica just added someone from Slack: it reloads at once (the others at their next look)."""
        done = (entry.partition(" ")[0] for performed in outcome.performed.values() for entry in performed)
        if MEMBER_ADDED in done:
            self.poke()

    def install_signal(self) -> bool:
        """SIGHUP checks at once; False where this loop cannot take signals (not the main thread, Windows)."""
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._on_signal)
        except (ValueError, RuntimeError, NotImplementedError, AttributeError):
            return False
        return True

    def _on_signal(self) -> None:
        self._signalled = True
        self.poke()

    async def run_forever(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.interval):
                    await self._wake.wait()
            self._wake.clear()
            trigger = "SIGHUP" if self._signalled else None
            self._signalled = False
            try:
                await self.check(trigger)
            except Exception:  # noqa: BLE001 - the running configuration stays; the next look tries again
                log.exception("reload check failed")

    async def check(self, trigger: str | None = None) -> ReloadStatus | None:
        """Look for a change (or, with a `trigger`, read everything again) and apply or refuse it. None when
        nothing moved."""
        async with self._lock:
            stat, token = self._stat_now(), await self.runtime.store.get(RELOAD_KEY)
            if trigger is None:
                if token != self._token:
                    trigger = f"pmbot reload by {token.get('by') or '?'}" if isinstance(token, dict) else "reload"
                elif stat != self._stat:
                    trigger = "file changed"
                else:
                    return None
            self._stat, self._token = stat, token
            return await self._reload(trigger, stat, token)

    async def _reload(self, trigger: str, stat: tuple[int, int] | None, token: Any) -> ReloadStatus:
        now = self.runtime.clock.now()
        members = await self._members()
        running = self.runtime.loaded
        try:
            raw = read_team_file(self.path) if self.path is not None else b""
        except ConfigError as exc:
            return await self._refuse(trigger, now, [str(exc)], "", stat, token)
        fp = fingerprint(raw, members)
        if fp == running.fingerprint:
            self.status = ReloadStatus(UNCHANGED, trigger, now, fingerprint=fp)
            log.info("reload: nothing changed", extra={"trigger": trigger})
            return self.status
        try:
            if self.path is not None:
                text = team_text(self.path, raw)
                team, problems = await asyncio.to_thread(validate, self.path, text, members, self.classes,
                                                         running.team)
            else:
                base = self.runtime.base_team
                team, problems = with_added(base, members), []
        except ConfigError as exc:
            return await self._refuse(trigger, now, str(exc).splitlines(), fp, stat, token)
        if problems:
            where = f"{self.path}: " if self.path else ""
            return await self._refuse(trigger, now, [where + p for p in problems], fp, stat, token)
        built = self._build(team, members, fp)
        await self.runtime.swap(built)
        self.status = ReloadStatus(APPLIED, trigger, now, fingerprint=fp)
        log.warning("configuration reloaded (%s): %d people, %d agents", trigger, len(team.people),
                    len(built.agents))
        await self._audit("pmbot.config_reload", fp, stat, token, {
            "trigger": trigger, "people": len(team.people), "added_from_slack": list(built.members)})
        return self.status

    async def _refuse(self, trigger: str, now: datetime, problems: list[str], fp: str,
                      stat: tuple[int, int] | None, token: Any) -> ReloadStatus:
        self.status = ReloadStatus(REFUSED, trigger, now, problems, fp)
        log.error("configuration reload refused (%s); the running configuration stays:\n%s", trigger,
                  "\n".join(problems))
        await self._audit("pmbot.config_refused", fp or "unreadable", stat, token,
                          {"trigger": trigger, "problems": problems[:20]})
        return self.status

    async def _audit(self, kind: str, fp: str, stat: tuple[int, int] | None, token: Any,
                     result: dict[str, Any]) -> None:
        """One audit row per version, however many replicas apply (or refuse) it: the key is what every replica
        reads alike (the content's hash, the file's mtime, the shared token)."""
        mark = token.get("token") if isinstance(token, dict) else "-"
        key = f"{kind}:{fp[:16]}:{stat[0] if stat else '-'}:{mark}"

        async def record() -> dict[str, Any]:
            return result

        target = str(self.path) if self.path else "people added from Slack"
        try:
            await self.runtime.store.actions.run(key, kind, record, target=target, agent="oversight")
        except ActionInProgress:
            pass  # another replica is writing this very row


async def request_reload(settings: Any, *, by: str) -> None:
    """`pmbot reload`: a new token under `RELOAD_KEY`, which every replica sharing this database polls."""
    from bot.storage.db import Database
    from bot.storage.kv import KeyValue

    db = Database(settings.pmbot_database_url)
    try:
        await db.migrate()
        await KeyValue(db, SystemClock()).put(RELOAD_KEY, reload_token(by))
    finally:
        await db.dispose()
