"""The overview's figures: events per source and actions per agent per day, the inbox backlog, the platforms'
health and an estimate of the time each agent saved (with the minutes assumed per kind of action)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select

from bot.storage.db import Database
from bot.storage.states import WAITING, ActionState
from bot.storage.tables import UTCDateTime, actions, inbox

DAYS = 14
# Minutes a person would have spent doing by hand what one performed action did. An estimate, shown with
# the figures: a status change with reassignment, a comment written, a message or DM composed and sent.
MINUTES = {
    "update_task": 2.0,
    "comment": 3.0,
    "create_task": 2.0,
    "add_tag": 0.5,
    "post": 2.0,
    "dm": 1.5,
    "update": 0.5,
    "respond": 1.0,
    "upload_image": 5.0,
    "open_modal": 0.0,
    "update_modal": 0.0,
    "publish_home": 0.0,
}
DEFAULT_MINUTES = 1.0


def minutes_for(kind: str) -> float:
    verb = kind.partition(".")[2] or kind
    return MINUTES.get(verb, 0.0 if kind.startswith("pmbot.") else DEFAULT_MINUTES)


@dataclass
class Series:
    """Counts per day per name (a source, an agent), for a stacked bar chart."""

    days: list[date]
    counts: dict[str, list[int]]

    @property
    def total(self) -> int:
        return sum(sum(c) for c in self.counts.values())


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class Overview:
    """Aggregates for the overview page, each one grouped in the database over an indexed time range."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _per_day(self, column: Any, name: Any, since: datetime, now: datetime, *where: Any) -> Series:
        day = func.date(column)
        query = (select(name, day, func.count()).where(and_(column >= since, *where))
                 .group_by(name, day))
        rows = await self.db.sql.rows(query, heavy=True)
        days = [(since + timedelta(days=i)).date() for i in range((now.date() - since.date()).days + 1)]
        index = {d: i for i, d in enumerate(days)}
        counts: dict[str, list[int]] = {}
        for who, when, n in rows:
            d = _day(when)
            if d in index:
                counts.setdefault(str(who or "?"), [0] * len(days))[index[d]] += int(n)
        return Series(days, dict(sorted(counts.items())))

    async def events_per_source(self, now: datetime, days: int = DAYS) -> Series:
        since = datetime.combine(now.date() - timedelta(days=days - 1), datetime.min.time(), tzinfo=now.tzinfo)
        return await self._per_day(inbox.c.received_at, inbox.c.source, since, now, inbox.c.type != "probe")

    async def actions_per_agent(self, now: datetime, days: int = DAYS) -> Series:
        since = datetime.combine(now.date() - timedelta(days=days - 1), datetime.min.time(), tzinfo=now.tzinfo)
        return await self._per_day(actions.c.created_at, actions.c.agent, since, now)

    async def backlog(self, now: datetime) -> dict[str, Any]:
        counts = {s: int(n) for s, n in await self.db.sql.rows(
            select(inbox.c.status, func.count()).group_by(inbox.c.status), heavy=True)}
        oldest = (await self.db.sql.rows(select(func.min(inbox.c.received_at, type_=UTCDateTime()))
                                         .where(inbox.c.status.in_(WAITING)), heavy=True))[0][0]
        waiting = sum(counts.get(state, 0) for state in WAITING)
        age = (now - oldest).total_seconds() if oldest is not None and waiting else 0.0
        return {"counts": counts, "waiting": waiting, "oldest_seconds": max(0.0, age)}

    async def time_saved(self, now: datetime, days: int = 30) -> list[dict[str, Any]]:
        """Per agent: performed actions by kind in the last `days` days, and the minutes they stand for."""
        since = now - timedelta(days=days)
        query = (select(actions.c.agent, actions.c.kind, func.count())
                 .where(and_(actions.c.created_at >= since, actions.c.status == ActionState.DONE))
                 .group_by(actions.c.agent, actions.c.kind))
        rows = await self.db.sql.rows(query, heavy=True)
        per_agent: dict[str, dict[str, Any]] = {}
        for agent, kind, n in rows:
            entry = per_agent.setdefault(str(agent or "?"), {"agent": str(agent or "?"), "actions": 0, "minutes": 0.0,
                                                             "kinds": {}})
            entry["actions"] += int(n)
            entry["minutes"] += int(n) * minutes_for(kind)
            entry["kinds"][kind] = int(n)
        return sorted(per_agent.values(), key=lambda e: -e["minutes"])

    async def platform_health(self, now: datetime) -> dict[str, dict[str, Any]]:
        """Per platform: the last event received and the actions that failed in the last 24 hours."""
        day_ago = now - timedelta(hours=24)
        latest = func.max(inbox.c.received_at, type_=UTCDateTime())
        last = {s: w for s, w in await self.db.sql.rows(
            select(inbox.c.source, latest).where(inbox.c.type != "probe").group_by(inbox.c.source), heavy=True)}
        failed_rows = await self.db.sql.rows(
            select(actions.c.kind, func.count()).where(and_(actions.c.status == ActionState.FAILED,
                                                            actions.c.created_at >= day_ago))
            .group_by(actions.c.kind), heavy=True)
        failed: dict[str, int] = {}
        for kind, n in failed_rows:
            platform = str(kind).partition(".")[0]
            failed[platform] = failed.get(platform, 0) + int(n)
        names = set(last) | set(failed)
        return {n: {"last_event": last.get(n), "failed_24h": failed.get(n, 0)} for n in sorted(names)}
