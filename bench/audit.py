#!/usr/bin/env python3
"""Audit-log benchmark: the dashboard's filtered audit page over 100,000 seeded actions.

    .venv/bin/python bench/audit.py [--rows 100000] [--requests 30] [--database-url URL]

Seeds a fresh database (SQLite file by default; `--database-url postgresql+asyncpg://...` for an empty
PostgreSQL database) through pmbot's own migrations with `--rows` actions - 7 agents, 11 kinds on four
platforms, 3,000 targets, statuses 90 % done / 6 % dry run / 4 % failed, spread over 60 days - and one inbox
event per 5 actions. Then serves pmbot in this process (uvicorn on loopback, no worker, no scheduler), signs
in, and asks for `/audit` with each filter: per filter 5 warm-up requests then `--requests` timed ones.

Reported per filter: the server time (the `Server-Timing: db` the page sets: the keyset query and its
event look-up) and the whole request as the client sees it (render included), median and p95
(nearest-rank). Baseline in the same run: the same requests after dropping the indexes of migration
0003_audit, which shows what they buy. Exits 1 when a filtered page's p95 request time is 200 ms or more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agents.team import TeamConfig  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.tables import actions, inbox  # noqa: E402
from bot.web.auth import hash_password  # noqa: E402
from tests.support.server import ThreadServer, make_settings  # noqa: E402

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
AGENTS = ["qa_router", "github_sync", "standup", "reports", "auto_answer", "rules", "app_home"]
KINDS = ["clickup.update_task", "clickup.comment", "clickup.add_tag", "slack.dm", "slack.post", "slack.respond",
         "slack.update", "slack.publish_home", "github.comment", "pmbot.pause", "slack.upload_image"]
PEOPLE = [{"name": f"Person{i}", "slack": f"U{i:04d}", "clickup": str(1000 + i), "github": f"dev{i}"}
          for i in range(40)]
FILTERS = {
    "no filter": "",
    "agent": "agent=qa_router",
    "platform": "platform=slack",
    "rare platform": "platform=github",
    "task": "target=T00042",
    "person": "person=Person7",
    "result": "status=failed",
    "agent + platform + week": "agent=reports&platform=clickup&since=2026-11-10T00:00&until=2026-11-17T00:00",
    "time range": "since=2026-10-01T00:00&until=2026-10-02T00:00",
}
INDEXES = ["ix_actions_created_key", "ix_actions_agent_created", "ix_actions_kind_created",
           "ix_actions_target_created", "ix_actions_status_created", "ix_actions_event", "ix_inbox_received"]


async def seed(url: str, rows: int) -> None:
    db = Database(url)
    await db.migrate()
    rnd = random.Random(13)
    batch_actions, batch_events = [], []
    async with db.begin() as conn:
        for n in range(rows):
            at = NOW - timedelta(seconds=rnd.randrange(60 * 86400))
            kind = rnd.choice(KINDS)
            person = rnd.randrange(40)
            target = (f"U{person:04d}" if kind.startswith("slack.") and rnd.random() < 0.6
                      else f"T{rnd.randrange(3000):05d}" if not kind.startswith("github") else f"acme/shop#{n % 500}")
            status = "done" if rnd.random() < 0.9 else rnd.choice(["dry_run", "dry_run", "dry_run", "failed", "failed"])
            event_key = f"clickup:bench:{n // 5}"
            batch_actions.append({"key": f"bench:{n}", "kind": kind, "target": target, "status": status,
                                  "event_key": event_key, "agent": rnd.choice(AGENTS), "owner": "bench",
                                  "created_at": at, "started_at": at, "finished_at": at,
                                  "result": json.dumps({"id": n}), "error": None})
            if n % 5 == 0:
                batch_events.append({"key": event_key, "source": "clickup", "type": "task.status_changed",
                                     "event": json.dumps({"id": event_key, "source": "clickup",
                                                          "type": "task.status_changed",
                                                          "occurred_at": at.isoformat(), "data": {}}),
                                     "raw": None, "status": "done", "attempts": 1, "available_at": at,
                                     "received_at": at, "processed_at": at})
            if len(batch_actions) >= 5000:
                await conn.execute(actions.insert(), batch_actions)
                await conn.execute(inbox.insert(), batch_events)
                batch_actions, batch_events = [], []
        if batch_actions:
            await conn.execute(actions.insert(), batch_actions)
        if batch_events:
            await conn.execute(inbox.insert(), batch_events)
    async with db.begin() as conn:
        await conn.execute(text("ANALYZE"))
    await db.dispose()


async def drop_indexes(url: str) -> None:
    db = Database(url)
    async with db.begin() as conn:
        for name in INDEXES:
            await conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        await conn.execute(text("ANALYZE"))
    await db.dispose()


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def measure(base: str, cookies: httpx.Cookies, requests: int) -> dict[str, dict[str, float]]:
    results = {}
    with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
        for name, query in FILTERS.items():
            server, wall = [], []
            for i in range(5 + requests):
                started = time.perf_counter()
                answer = client.get(f"/audit?{query}")
                elapsed = (time.perf_counter() - started) * 1000
                assert answer.status_code == 200, answer.status_code
                if i >= 5:
                    wall.append(elapsed)
                    timing = re.search(r"dur=([\d.]+)", answer.headers.get("server-timing", ""))
                    server.append(float(timing.group(1)) if timing else float("nan"))
            rows = answer.text.count('<tr class="action"')
            results[name] = {"rows": rows, "server_p50": nearest_rank(server, 0.5),
                             "server_p95": nearest_rank(server, 0.95), "wall_p50": nearest_rank(wall, 0.5),
                             "wall_p95": nearest_rank(wall, 0.95)}
    return results


def serve_and_measure(url: str, requests: int) -> dict[str, dict[str, float]]:
    password = "bench password"
    settings = make_settings(pmbot_database_url=url, pmbot_worker=False,
                             pmbot_admin_password_hash=hash_password(password))
    with ThreadServer(settings, TeamConfig.model_validate({"people": PEOPLE}), agents=[]) as server:
        with httpx.Client(base_url=server.url) as client:
            login = client.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', login.text)
            assert token is not None
            client.post("/login", data={"csrf": token.group(1), "password": password, "next": "/"})
            cookies = client.cookies
        return measure(server.url, cookies, requests)


def report(title: str, results: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{'filter':28} {'rows':>5} {'server p50':>11} {'server p95':>11} {'request p50':>12} {'request p95':>12}")
    for name, r in results.items():
        print(f"{name:28} {r['rows']:>5.0f} {r['server_p50']:>9.1f}ms {r['server_p95']:>9.1f}ms "
              f"{r['wall_p50']:>10.1f}ms {r['wall_p95']:>10.1f}ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite file)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="pmbot-audit-bench-")
    url = args.database_url or f"sqlite+aiosqlite:///{folder}/pmbot.db"
    started = time.perf_counter()
    asyncio.run(seed(url, args.rows))
    print(f"seeded {args.rows:,} actions and {args.rows // 5:,} events in {time.perf_counter() - started:.1f} s "
          f"({url.split(':')[0]})")
    indexed = serve_and_measure(url, args.requests)
    report("with the 0003_audit indexes", indexed)
    asyncio.run(drop_indexes(url))
    bare = serve_and_measure(url, max(5, args.requests // 3))
    report("baseline: the same requests without the 0003_audit indexes", bare)
    print("\nratio (baseline / indexed, request p50):")
    for name in FILTERS:
        print(f"  {name:28} {bare[name]['wall_p50'] / indexed[name]['wall_p50']:6.1f}x")
    slow = [n for n, r in indexed.items() if r["wall_p95"] >= 200]
    print("\nPASS: every filtered page under 200 ms (p95)" if not slow else f"\nFAIL: over 200 ms: {slow}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
