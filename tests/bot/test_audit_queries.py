"""The audit log's queries on SQLite and PostgreSQL: every filter, and keyset pages that neither skip nor
repeat a row when many actions share a timestamp."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agents.team import TeamConfig
from bot.storage.db import Database
from bot.storage.tables import actions
from bot.web.audit import Audit, AuditFilter

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TEAM = TeamConfig.model_validate({"people": [{"name": "Dana", "slack": "U0DANA", "clickup": "101"}]})
KINDS = ["clickup.comment", "clickup.update_task", "slack.dm", "slack.post", "github.comment", "pmbot.pause"]


@pytest.fixture
async def audit(db_url: str):
    db = Database(db_url)
    await db.migrate()
    rows = []
    for n in range(120):
        at = T0 + timedelta(minutes=n // 4)  # four actions per minute: ties the cursor must break
        kind = KINDS[n % len(KINDS)]
        target = "U0DANA" if kind == "slack.dm" else ("101" if n % 10 == 0 else f"T{n % 7}")
        rows.append({"key": f"k{n:03d}", "kind": kind, "target": target, "status": "failed" if n % 9 == 0 else "done",
                     "event_key": f"e{n}", "agent": "qa_router" if n % 2 else "reports", "owner": "t",
                     "created_at": at, "started_at": at})
    async with db.begin() as conn:
        await conn.execute(actions.insert(), rows)
    yield Audit(db, TEAM), rows
    await db.dispose()


def newest_first(rows: list[dict], keep) -> list[str]:  # type: ignore[no-untyped-def]
    chosen = [r for r in rows if keep(r)]
    return [r["key"] for r in sorted(chosen, key=lambda r: (r["created_at"], r["key"]), reverse=True)]


async def walk(log: Audit, f: AuditFilter, limit: int = 7) -> list[str]:
    keys, cursor = [], None
    for _ in range(100):
        page = await log.page(f, cursor, limit=limit)
        keys += [r["key"] for r in page.rows]
        if page.next_cursor is None:
            return keys
        cursor = page.next_cursor
    raise AssertionError("pages never ended")


@pytest.mark.parametrize(("f", "keep"), [
    (AuditFilter(), lambda r: True),
    (AuditFilter(agent="reports"), lambda r: r["agent"] == "reports"),
    (AuditFilter(platform="clickup"), lambda r: r["kind"].startswith("clickup.")),
    (AuditFilter(platform="slack", agent="qa_router"), lambda r: r["kind"].startswith("slack.")
     and r["agent"] == "qa_router"),
    (AuditFilter(platform="jira"), lambda r: False),
    (AuditFilter(target="T3"), lambda r: r["target"] == "T3"),
    (AuditFilter(person="Dana"), lambda r: r["target"] in ("U0DANA", "101")),
    (AuditFilter(person="Dana", platform="slack"), lambda r: r["target"] == "U0DANA"),
    (AuditFilter(status="failed"), lambda r: r["status"] == "failed"),
    (AuditFilter(since=T0 + timedelta(minutes=5), until=T0 + timedelta(minutes=9)),
     lambda r: T0 + timedelta(minutes=5) <= r["created_at"] < T0 + timedelta(minutes=9)),
], ids=["all", "agent", "platform", "platform+agent", "unknown platform", "target", "person", "person+platform",
        "status", "time"])
async def test_every_filter_pages_through_exactly_the_matching_rows(audit, f, keep) -> None:  # type: ignore[no-untyped-def]
    log, rows = audit
    expected = newest_first(rows, keep)
    assert await walk(log, f) == expected
    assert (await log.page(f, limit=500)).next_cursor is None
