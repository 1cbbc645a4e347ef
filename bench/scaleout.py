#!/usr/bin/env python3
"""Scale-out on PostgreSQL: one receive-only replica, then one and then two worker processes draining it.

    .venv/bin/python bench/scaleout.py [--payloads 3000] [--server postgresql+asyncpg://postgres@127.0.0.1:5432/test]

The simulators run in a child process (bench/sims.py). A scratch database `pmbot_bench_scaleout` is created on
the server (and dropped afterwards). Per round: the database is emptied; a receive-only replica
(`pmbot serve --no-worker`) takes `--payloads` signed ClickUp and GitHub deliveries over HTTP (32
connections; the mixed real payloads of bench/drain.py), then N worker processes (`pmbot serve`, the example
team's agents, real clients pointed at the simulators) start together and the clock runs until every
delivery is translated and every event settled. Events/s each way, and the ratio of two workers to one. On a
2-core machine that also runs PostgreSQL, the simulators and this process, the gain is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Server, header, load_average, loop_factory, pmbot_env, start_sims  # noqa: E402
from drain import payloads  # noqa: E402
from sims import pmbot_settings  # noqa: E402

SECRETS = {"clickup": "bench-clickup-8d1", "github": "bench-github-8d1"}
DATABASE = "pmbot_bench_scaleout"


def signed(source: str, headers: dict[str, str], body: bytes) -> tuple[str, dict[str, str]]:
    digest = hmac.new(SECRETS[source].encode(), body, hashlib.sha256).hexdigest()
    if source == "github":
        return "/webhooks/github", {**headers, "Content-Type": "application/json",
                                    "X-Hub-Signature-256": f"sha256={digest}"}
    return "/webhooks/clickup", {"Content-Type": "application/json", "X-Signature": digest}


async def send(url: str, count: int) -> tuple[int, float]:
    items = [(s, h, p) for s, h, p in payloads(count * 2) if s != "slack"][:count]
    todo = iter(items)
    ok = 0

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as http:
        async def client() -> None:
            nonlocal ok
            for source, headers, payload in todo:
                body = json.dumps(payload).encode()
                path, hdrs = signed(source, headers, body)
                async with http.post(url + path, data=body, headers=hdrs) as resp:
                    await resp.read()
                    ok += resp.status == 200

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(32)))
        return ok, time.perf_counter() - started


async def backlog(url: str) -> tuple[int, int]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        waiting = await conn.fetchval("SELECT count(*) FROM deliveries WHERE status = 'pending'")
        busy = await conn.fetchval("SELECT count(*) FROM inbox WHERE status IN ('pending', 'processing')")
        settled = await conn.fetchval("SELECT count(*) FROM inbox WHERE status NOT IN ('pending', 'processing')")
        return int(waiting) + int(busy), int(settled)
    finally:
        await conn.close()


async def on_server(server: str, *statements: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(server)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=3000)
    parser.add_argument("--server", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    server = make_url(args.server).set(drivername="postgresql").render_as_string(hide_password=False)
    database = make_url(args.server).set(database=DATABASE)
    pmbot_url = database.render_as_string(hide_password=False)
    plain_url = database.set(drivername="postgresql").render_as_string(hide_password=False)
    header("pmbot scale-out benchmark (PostgreSQL)")
    child = start_sims(10)
    tmp = Path(tempfile.mkdtemp(prefix="pmbot-scaleout-"))
    rates: dict[int, float] = {}
    try:
        assert child.stdout is not None and child.stdin is not None
        urls = json.loads(child.stdout.readline())
        env = pmbot_env(pmbot_url, CLICKUP_WEBHOOK_SECRET=SECRETS["clickup"], GITHUB_WEBHOOK_SECRET=SECRETS["github"],
                        PMBOT_LOG_LEVEL="CRITICAL", **pmbot_settings(urls))
        runner = asyncio.Runner(loop_factory=loop_factory())
        for workers in (1, 2):
            runner.run(on_server(server, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)',
                                 f'CREATE DATABASE "{DATABASE}"'))
            receiver = Server.pmbot("receiver", env, tmp / f"receiver-{workers}.log", "--no-worker").start()
            try:
                ok, took = runner.run(send(receiver.url, args.payloads))
                print(f"\n{workers} worker(s): receive-only replica took {ok} deliveries in {took:.1f} s "
                      f"({ok / took:.0f}/s over HTTP)")
                procs = [Server.pmbot(f"worker{n}", env, tmp / f"worker-{workers}-{n}.log") for n in range(workers)]
                started = time.perf_counter()
                for proc in procs:
                    proc.start()
                while True:
                    left, settled = runner.run(backlog(plain_url))
                    if not left:
                        break
                    time.sleep(0.5)
                seconds = time.perf_counter() - started
                rates[workers] = settled / seconds
                cpu = sum(p.cpu_seconds() or 0.0 for p in procs)
                for proc in procs:
                    proc.stop()
                print(f"  {workers} worker process(es): {settled} events settled in {seconds:.1f} s "
                      f"(from their start, start-up included) = {rates[workers]:.0f} events/s; "
                      f"workers' CPU {cpu:.1f} s")
            finally:
                receiver.stop()
        runner.run(on_server(server, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        runner.close()
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=30)
    print(f"\nload avg at end: {load_average()}")
    if 1 in rates and 2 in rates:
        print(f"two workers / one worker = {rates[2] / rates[1]:.2f}  (2 cores shared with PostgreSQL, the "
              "simulators and the receiver: reported, not a target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
