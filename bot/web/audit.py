"""The audit log's queries: every action any agent took or skipped, filtered and read in keyset pages, and the
event that caused each one with its raw payload. Each filter is served by an index of migration 0003_audit."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import and_, select, text, tuple_, union_all

from agents.team import TeamConfig
from bot.storage import tables
from bot.storage.db import Database
from bot.storage.sql import Sql
from bot.storage.tables import actions, agent_runs, inbox

PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page was asked for; empty fields do not filter."""

    agent: str = ""
    platform: str = ""  # the action kind's prefix: clickup, slack, github, pmbot
    target: str = ""  # a task id, a channel, a user, `repo#12`
    person: str = ""  # a name from `people`: actions aimed at any of their handles
    status: str = ""  # done, dry_run, failed, running
    since: datetime | None = None
    until: datetime | None = None
    key_part: str = ""  # a part of the action key: `:@web:`, one squad's actions (agents/common/squads.py)

    def query_string(self, **override: str) -> str:
        from urllib.parse import urlencode

        values = {"agent": self.agent, "platform": self.platform, "target": self.target, "person": self.person,
                  "status": self.status, "since": self.since.strftime("%Y-%m-%dT%H:%M") if self.since else "",
                  "until": self.until.strftime("%Y-%m-%dT%H:%M") if self.until else "", **override}
        return urlencode({k: v for k, v in values.items() if v})


@dataclass
class AuditPage:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    events: dict[str, dict[str, Any]] = field(default_factory=dict)  # event key → {source, type}


def encode_cursor(created_at: datetime, key: str) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str] | None:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, _, key = text.partition("|")
        return datetime.fromisoformat(stamp), key
    except (ValueError, UnicodeDecodeError):
        return None


def handles_of(team: TeamConfig, name: str) -> list[str]:
    """Every handle a person has (and their name), for the person filter."""
    for person in team.people:
        if person.name.lower() == name.strip().lower():
            return sorted({person.name, *person.ids.values()})
    return [name.strip()]


class Audit:
    """Reads the actions and inbox tables for the dashboard."""

    def __init__(self, db: Database, team: TeamConfig) -> None:
        self.db = db
        self.team = team

    def _where(self, f: AuditFilter) -> list[Any]:
        conds: list[Any] = []
        if f.agent:
            conds.append(actions.c.agent == f.agent)
        if f.target:
            conds.append(actions.c.target == f.target.strip())
        if f.status:
            conds.append(actions.c.status == f.status)
        if f.key_part:
            conds.append(actions.c.key.contains(f.key_part, autoescape=True))
        if f.since:
            conds.append(actions.c.created_at >= f.since)
        if f.until:
            conds.append(actions.c.created_at < f.until)
        return conds

    @staticmethod
    async def kinds(sql: Sql, platform: str) -> list[str]:
        """The action kinds of one platform, read by a loose index scan (a few index probes, not a scan)."""
        low, high = f"{platform}.", f"{platform}/"
        step = text(
            "WITH RECURSIVE k(kind) AS ("
            " SELECT (SELECT MIN(kind) FROM actions WHERE kind >= :low AND kind < :high)"
            " UNION ALL"
            " SELECT (SELECT MIN(kind) FROM actions WHERE kind > k.kind AND kind < :high) FROM k"
            " WHERE k.kind IS NOT NULL"
            ") SELECT kind FROM k WHERE kind IS NOT NULL")
        return [str(k) for k, in await sql.rows(step, {"low": low, "high": high})]

    async def page(self, f: AuditFilter, cursor: str | None = None, limit: int = PAGE) -> AuditPage:
        conds = self._where(f)
        after = decode_cursor(cursor) if cursor else None
        if after is not None:
            conds.append(tuple_(actions.c.created_at, actions.c.key) < tuple_(*after))
        order = (actions.c.created_at.desc(), actions.c.key.desc())
        sql = self.db.sql
        # A filter with several values (a platform's kinds, a person's handles) reads each value's index
        # range in order and merges the heads: an IN list would sort every matching row first.
        choices: list[tuple[Any, list[str]]] = []
        if f.platform:
            choices.append((actions.c.kind, await self.kinds(sql, f.platform)))
        if f.person:
            choices.append((actions.c.target, handles_of(self.team, f.person)))
        if choices and not all(values for _, values in choices):
            return AuditPage([], None)
        for column, values in choices[1:]:
            conds.append(column.in_(values))
        if choices:
            column, values = choices[0]
            heads = [select(select(actions).where(and_(*conds, column == v)).order_by(*order).limit(limit + 1)
                            .subquery()) for v in values]
            merged = union_all(*heads).subquery()
            query = select(merged).order_by(merged.c.created_at.desc(), merged.c.key.desc()).limit(limit + 1)
        else:
            query = select(actions).where(and_(*conds)).order_by(*order).limit(limit + 1)
        rows = await sql.dicts(query, heavy=True)
        more = len(rows) > limit
        rows = rows[:limit]
        keys = sorted({r["event_key"] for r in rows if r["event_key"]})
        events: dict[str, dict[str, Any]] = {}
        if keys:
            found = await sql.rows(select(inbox.c.key, inbox.c.source, inbox.c.type).where(inbox.c.key.in_(keys)))
            events = {key: {"source": source, "type": kind} for key, source, kind in found}
        last = rows[-1] if rows else None
        next_cursor = encode_cursor(last["created_at"], last["key"]) if more and last else None
        return AuditPage(rows, next_cursor, events)

    async def agents(self) -> list[str]:
        """Agent names that have actions (the filter's choices), read from the agent index."""
        found = await self.db.sql.rows(select(actions.c.agent).where(actions.c.agent.is_not(None)).distinct())
        return sorted(str(a) for a, in found)

    async def event(self, key: str) -> dict[str, Any] | None:
        """One inbox row with its payload, what each agent made of it, and the actions it caused."""
        sql = self.db.sql
        found = await sql.dicts(select(inbox).where(inbox.c.key == key), heavy=True)
        if not found:
            return None
        item = found[0]
        item["runs"] = await sql.dicts(select(agent_runs).where(agent_runs.c.event_key == key)
                                       .order_by(agent_runs.c.agent))
        item["actions"] = await sql.dicts(select(actions).where(actions.c.event_key == key)
                                          .order_by(actions.c.created_at, actions.c.key))
        # A webhook's payload may be stored once with its delivery rather than beside the event.
        deliveries = getattr(tables, "deliveries", None)
        if not item.get("raw") and item.get("delivery_id") and deliveries is not None:
            bodies = await sql.rows(select(deliveries.c.body).where(deliveries.c.id == item["delivery_id"]),
                                    heavy=True)
            item["raw"] = bodies[0][0] if bodies else None
        item["event"] = json.loads(item["event"])
        item["raw_pretty"] = pretty(item["raw"])
        return item


def pretty(raw: str | None) -> str:
    """A stored payload, indented for reading (as stored when it is not JSON)."""
    if not raw:
        return ""
    try:
        return orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONDecodeError:
        return raw
