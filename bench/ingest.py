#!/usr/bin/env python3
"""Ingest benchmark: signed GitHub deliveries against pmbot and against a bare FastAPI endpoint, with wrk.

    .venv/bin/python bench/ingest.py [--seconds 8] [--rounds 3] [--connections 32]   (or: make bench)

Two uvicorn processes (one worker process each, same loop/http implementation, log level warning) on free
loopback ports:

* pmbot - `python -m bot serve` on a fresh SQLite file (WAL, synchronous=NORMAL), its worker running with the
          example team's agents, no scheduler, no sandbox, no credentials except GITHUB_WEBHOOK_SECRET;
* bare  - bench/bare_app.py: `POST /webhooks/github` awaits the body and returns {"ok": true}.

Load: wrk (Debian's package; `apt-get install -y wrk`), one thread, `--connections` keep-alive connections,
`--seconds` per round after a 2 s warm-up, the public `pull_request.opened` example (28,011 bytes), signed,
every request with its own X-GitHub-Delivery (bench/wrk_github.lua). Per round: bare, then a fresh pmbot
(its own SQLite file; its worker runs, giving way to the flood, and the round's backlog dies with it when it
is SIGKILLed after its run, so it takes no CPU from the next bare run). The figures per target are its best
round (highest throughput); every round is printed.

Durability: after the rounds, pmbot takes deliveries from this process (aiohttp, same connections, unique ids)
and is killed with SIGKILL in the middle of that load; the SQLite file is then opened with sqlite3: every
delivery pmbot answered 2xx must have its `github:<delivery-id>` row in `deliveries`. For the wrk rounds,
whose requests are not told apart, every round must have at least as many rows as 2xx answers.
Exits 1 when a delivery is missing or a server cannot start; a missed performance target prints MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402 - bench/ is not a package
    BENCH,
    FIXTURES,
    Server,
    base_env,
    free_port,
    has,
    load_average,
    loop_factory,
    machine_facts,
    pmbot_env,
    verdict,
)

SECRET = "bench-github-webhook-secret-5e1f"
BODY = FIXTURES / "github" / "pull_request.opened.json"
PATH = "/webhooks/github"
WARMUP_SECONDS = 2
TARGET_RATIO = 0.5
TARGET_P99_MS = 25.0
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Run:
    target: str
    round: int
    prefix: str
    rps: float
    requests: int
    non_2xx: int
    errors: int
    p50: float
    p99: float
    max: float
    server_us: float | None


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def wrk(url: str, seconds: float, connections: int, prefix: str, signature: str) -> dict[str, float]:
    """Run wrk once and read its summary."""
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s",
           "-s", str(BENCH / "wrk_github.lua"), url, "--", prefix, str(BODY), signature]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    found: dict[str, float] = {}
    for line in out.splitlines():
        words = line.split()
        if len(words) >= 4 and words[0] == "Latency" and not line.strip().startswith("Latency Distribution"):
            found["max"] = _ms(words[3])
        elif len(words) == 2 and words[0] in ("50%", "99%"):
            found["p" + words[0][:-1]] = _ms(words[1])
        elif "requests in" in line:
            found["requests"] = float(words[0])
        elif line.startswith("Requests/sec:"):
            found["rps"] = float(words[1])
        elif "Non-2xx or 3xx responses:" in line:
            found["non_2xx"] = float(words[-1])
        elif "Socket errors:" in line:
            found["errors"] = float(sum(int(x.rstrip(",")) for x in re.findall(r"\d+,?", line)))
    return found


def stored(db: Path, like: str) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute("SELECT count(*) FROM deliveries WHERE key LIKE ?", (like,)).fetchone()[0])
    finally:
        conn.close()


def backlog(db: Path) -> int:
    """Deliveries not translated yet plus events not settled yet."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        waiting = conn.execute("SELECT count(*) FROM deliveries WHERE status = 'pending'").fetchone()[0]
        busy = conn.execute("SELECT count(*) FROM inbox WHERE status IN ('pending', 'processing')").fetchone()[0]
        return int(waiting) + int(busy)
    finally:
        conn.close()


def missing(db: Path, delivery_ids: list[str]) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        conn.execute("CREATE TEMP TABLE expected (key TEXT PRIMARY KEY)")
        conn.executemany("INSERT OR IGNORE INTO expected VALUES (?)", ((f"github:{d}",) for d in delivery_ids))
        return int(conn.execute("SELECT count(*) FROM expected WHERE key NOT IN (SELECT key FROM deliveries)")
                   .fetchone()[0])
    finally:
        conn.close()


async def kill_under_load(server: Server, body: bytes, signature: str, connections: int,
                          after: float) -> tuple[list[str], int]:
    """Deliveries over `connections` connections; SIGKILL the server `after` seconds in. (2xx ids, sent)."""
    acked: list[str] = []
    sent = 0
    stop = False
    timeout = aiohttp.ClientTimeout(total=10)
    connector = aiohttp.TCPConnector(limit=connections)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async def client() -> None:
            nonlocal sent
            while not stop:
                delivery = str(uuid.uuid4())
                headers = {"Content-Type": "application/json", "X-GitHub-Event": "pull_request",
                           "X-GitHub-Delivery": delivery, "X-Hub-Signature-256": signature}
                sent += 1
                try:
                    async with session.post(server.url + PATH, data=body, headers=headers) as resp:
                        await resp.read()
                        if 200 <= resp.status < 300:
                            acked.append(delivery)
                except (aiohttp.ClientError, TimeoutError, OSError):
                    if stop or not server.alive():
                        return

        tasks = [asyncio.create_task(client()) for _ in range(connections)]
        await asyncio.sleep(after)
        await asyncio.get_running_loop().run_in_executor(None, server.kill)
        stop = True
        await asyncio.gather(*tasks, return_exceptions=True)
    return acked, sent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="timed seconds per target per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--kill-after", type=float, default=3.0, help="seconds of load before the SIGKILL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (db, server logs)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 1
    body = BODY.read_bytes()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    loop_impl = "uvloop" if has("uvloop") else "asyncio"
    http_impl = "httptools" if has("httptools") else "h11"
    wrk_version = " ".join(subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2])

    print(f"pmbot ingest benchmark, {datetime.now(UTC).isoformat(timespec='seconds')}")
    for line in machine_facts():
        print(line)
    print(f"command : {' '.join([Path(sys.executable).name, *sys.argv])}   (cwd {Path.cwd()})")
    print(f"servers : uvicorn, 1 process each, loop={loop_impl} http={http_impl}, log level warning, no access log")
    print("          pmbot: python -m bot serve (SQLite WAL synchronous=NORMAL, worker on, example team's agents)")
    print('          bare : uvicorn bench/bare_app.py (awaits the body, returns {"ok": true})')
    print(f"load    : {wrk_version or 'wrk'} -t1 -c{args.connections}, {WARMUP_SECONDS} s warm-up + "
          f"{round(args.seconds)} s per target per round, {len(body)} B signed pull_request body, "
          "a new X-GitHub-Delivery per request")

    tmp = Path(tempfile.mkdtemp(prefix="pmbot-ingest-"))
    bare_port = free_port()

    def fresh_pmbot(name: str) -> tuple[Server, Path]:
        db = tmp / f"{name}.db"
        env = pmbot_env(f"sqlite+aiosqlite:///{db}", GITHUB_WEBHOOK_SECRET=SECRET)
        return Server.pmbot("pmbot", env, tmp / f"{name}.log").start(), db

    servers = {
        "bare": Server("bare", [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(BENCH),
                                "--host", "127.0.0.1", "--port", str(bare_port), "--workers", "1", "--loop",
                                loop_impl, "--http", http_impl, "--log-level", "warning", "--no-access-log"],
                       base_env(), bare_port, tmp / "bare.log"),
    }
    code = 0
    try:
        try:
            servers["bare"].start()
        except RuntimeError as exc:
            print(f"\nbench: {exc}", file=sys.stderr)
            code = 1
            return code
        print(f"tmp dir : {tmp}\n")
        print("round  target    req/s   p50 ms   p99 ms   max ms  non-2xx  srv us/req")
        runs: list[Run] = []
        for rnd in range(1, args.rounds + 1):
            for target in ("bare", "pmbot"):
                if target == "pmbot":
                    # A fresh pmbot per round (its own SQLite file): the previous round's backlog, which its
                    # worker would still be processing, takes no CPU from this round's bare run.
                    servers["pmbot"], db = fresh_pmbot(f"round{rnd}")
                server = servers[target]
                prefix = f"r{rnd}-{target}-{uuid.uuid4().hex[:6]}"
                wrk(server.url, WARMUP_SECONDS, args.connections, prefix + "-warm", signature)
                cpu0 = server.cpu_seconds()
                found = wrk(server.url, args.seconds, args.connections, prefix, signature)
                cpu1 = server.cpu_seconds()
                requests = int(found.get("requests", 0))
                us = (cpu1 - cpu0) * 1e6 / requests if cpu0 is not None and cpu1 is not None and requests else None
                run = Run(target, rnd, prefix, found.get("rps", 0.0), requests, int(found.get("non_2xx", 0)),
                          int(found.get("errors", 0)), found.get("p50", float("nan")), found.get("p99", float("nan")),
                          found.get("max", float("nan")), us)
                runs.append(run)
                line = (f"{rnd:>5}  {target:<6} {run.rps:>8.0f} {run.p50:>8.2f} {run.p99:>8.2f} {run.max:>8.2f} "
                        f"{run.non_2xx:>8} {(f'{us:.0f}' if us else '?'):>11}")
                if target == "pmbot":
                    rows = stored(db, f"github:{prefix}-%")
                    line += f"   stored {rows} (2xx {requests - run.non_2xx})"
                    if rows < requests - run.non_2xx:
                        line += "  <- FEWER ROWS THAN 2xx ANSWERS"
                        code = 1
                    line += f"; worker's backlog {backlog(db)}"
                if not server.alive():
                    raise RuntimeError(f"{target} died during the run:\n{server.tail()}")
                if target == "pmbot":
                    server.kill()
                print(line, flush=True)

        servers["pmbot"], db = fresh_pmbot("durability")
        acked, sent = asyncio.Runner(loop_factory=loop_factory()).run(
            kill_under_load(servers["pmbot"], body, signature, args.connections, args.kill_after))
        lost = missing(db, acked)
        durable = lost == 0 and len(acked) > 0 and code == 0

        best = {t: max((r for r in runs if r.target == t), key=lambda r: r.rps) for t in ("bare", "pmbot")}
        ratio = best["pmbot"].rps / best["bare"].rps if best["bare"].rps else 0.0
        print(f"\nbest of {args.rounds} round(s) per target (the round with the highest throughput):")
        for t in ("bare", "pmbot"):
            r, mine = best[t], [x for x in runs if x.target == t]
            print(f"  {t:<6} {r.rps:>7.0f} req/s   p50 {r.p50:6.2f} ms   p99 {r.p99:6.2f} ms  [round {r.round}]"
                  f"   all rounds: {min(x.rps for x in mine):.0f}-{max(x.rps for x in mine):.0f} req/s, "
                  f"p99 {min(x.p99 for x in mine):.1f}-{max(x.p99 for x in mine):.1f} ms, "
                  f"non-2xx {sum(x.non_2xx for x in mine)}")
        ratios = [p.rps / b.rps for b, p in zip(runs[::2], runs[1::2], strict=True) if b.rps]
        print(f"  ratio per round: {', '.join(f'{x:.2f}' for x in ratios)}")
        print(f"\nload avg at end: {load_average()}")
        print(f"\ndurability: pmbot killed with SIGKILL {args.kill_after:g} s into a load of unique deliveries, "
              f"then {db.name} opened with sqlite3")
        print(f"  {sent} sent, {len(acked)} answered 2xx, {len(acked) - lost} of those in deliveries, missing {lost}")
        print("\ntargets (2-core machine):")
        print(f"  throughput ratio pmbot/bare = {ratio:.2f}   (>= {TARGET_RATIO})   {verdict(ratio >= TARGET_RATIO)}")
        p99 = best["pmbot"].p99
        print(f"  pmbot p99 latency = {p99:.2f} ms   (< {TARGET_P99_MS:.0f} ms)   {verdict(p99 < TARGET_P99_MS)}")
        print(f"  every acknowledged delivery durable = {'yes' if durable else 'no'}   {verdict(durable)}")
        if not durable:
            code = 1
        return code
    except RuntimeError as exc:
        print(f"\nbench: {exc}", file=sys.stderr)
        code = 1
        return code
    finally:
        for server in servers.values():
            server.stop()
        if args.keep or code:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
