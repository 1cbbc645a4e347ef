#!/usr/bin/env python3
"""Ingest benchmark: signed GitHub deliveries against pmbot and against a bare FastAPI endpoint.

    .venv/bin/python bench/ingest.py [--requests 3000] [--rounds 2] [--concurrency 32]   (or: make bench)

Two uvicorn processes (one worker each, same loop/http implementation, log level warning) on free
loopback ports:

* pmbot   - `python -m bot serve` on a fresh SQLite file (WAL), its worker running, no scheduler,
            no sandbox, no platform credentials except GITHUB_WEBHOOK_SECRET;
* bare    - bench/bare_app.py: `POST /webhooks/github` awaits the body and returns {"ok": true}.

The load generator (aiohttp on uvloop, in this process) keeps exactly `--concurrency` keep-alive
connections busy with pre-signed `pull_request` deliveries (the public `pull_request.opened`
example payload, a unique X-GitHub-Delivery each). Per round: 200 warm-up requests, then the timed
requests, bare first, then pmbot. Between rounds pmbot's worker is allowed to drain its backlog so
it does not steal CPU from the next bare run. The figures reported per target are those of its
best round (highest throughput); every round is printed too.

After the last round pmbot is killed with SIGKILL and the SQLite file is opened with sqlite3:
every delivery pmbot answered 2xx (warm-up included) must have its `github:<delivery-id>` row in
`inbox`. Exits 1 if one is missing or a server cannot start; otherwise 0, with PASS/MISS per target.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import importlib.util
import json
import math
import os
import platform
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
FIXTURES = [
    ROOT / "tests/fixtures/github/pull_request.opened.json",
    Path("/work/shared/fixtures/github/pull_request.opened.json"),
]
SECRET = "bench-github-webhook-secret-5e1f"
PATH = "/webhooks/github"
WARMUP = 200
TARGET_RATIO = 0.6
TARGET_P99_MS = 25.0
DRAIN_TIMEOUT = 120.0
# Platform credentials are blanked so a developer's environment cannot turn on clients or sandbox.
BLANKED = [
    "GITHUB_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "CLICKUP_API_TOKEN",
    "CLICKUP_TEAM_ID", "CLICKUP_WEBHOOK_SECRET", "OPENAI_API_KEY", "PMBOT_AGENTS",
]


# -- servers --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


class Server:
    """A child process serving HTTP on loopback; started, waited for, stopped or killed."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], port: int, log: Path) -> None:
        self.name, self.cmd, self.env, self.port, self.log = name, cmd, env, port, log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"GET /readyz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                    if sock.recv(64).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not become ready in {timeout:.0f}s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the server process (all its threads) so far; None off Linux."""
        try:
            assert self.proc is not None
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError, AssertionError):
            return None

    def kill(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=15)


# -- load -----------------------------------------------------------------------------------------


@dataclass
class Delivery:
    id: str
    headers: dict[str, str]


def sign(body: bytes, delivery: str) -> Delivery:
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return Delivery(delivery, {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/bench",
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": f"sha256={digest}",
    })


def deliveries(body: bytes, n: int) -> list[Delivery]:
    return [sign(body, str(uuid.uuid4())) for _ in range(n)]


@dataclass
class Run:
    target: str
    round: int
    n: int
    seconds: float
    latencies: list[float]  # seconds, one per request
    statuses: list[int]  # HTTP status; 0 = transport error
    accepted: list[str] = field(default_factory=list)  # delivery ids answered 2xx
    inbox_new: int = 0  # sum of "accepted" in pmbot's answers
    errors: list[str] = field(default_factory=list)
    server_cpu: float | None = None  # CPU seconds the server process used during the timed requests
    client_cpu: float | None = None  # CPU seconds this (load-generating) process used meanwhile

    @property
    def rps(self) -> float:
        return self.n / self.seconds

    def pct(self, q: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000

    @property
    def non_2xx(self) -> int:
        return sum(1 for s in self.statuses if not 200 <= s < 300)


async def fire(session: aiohttp.ClientSession, url: str, body: bytes, batch: list[Delivery],
               concurrency: int, target: str, rnd: int) -> Run:
    """Send `batch` over `concurrency` connections, each worker one request at a time."""
    n = len(batch)
    latencies = [0.0] * n
    statuses = [0] * n
    answers: list[Any] = [None] * n
    errors: list[str] = []
    todo = iter(range(n))
    clock = time.perf_counter

    async def worker() -> None:
        for i in todo:
            started = clock()
            try:
                async with session.post(url, data=body, headers=batch[i].headers) as resp:
                    raw = await resp.read()
                    statuses[i] = resp.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                raw = b""
            latencies[i] = clock() - started
            answers[i] = raw

    started = clock()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = clock() - started
    run = Run(target, rnd, n, seconds, latencies, statuses, errors=errors)
    for i, status in enumerate(statuses):
        if 200 <= status < 300:
            run.accepted.append(batch[i].id)
            try:
                run.inbox_new += int(json.loads(answers[i]).get("accepted", 0))
            except (ValueError, AttributeError, TypeError):
                pass
    return run


# -- inbox ----------------------------------------------------------------------------------------


def inbox_check(db: Path, delivery_ids: list[str]) -> tuple[int, dict[str, int]]:
    """(missing, {status: count}) for the `github:<id>` keys of `delivery_ids`."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        conn.execute("CREATE TEMP TABLE expected (key TEXT PRIMARY KEY)")
        conn.executemany("INSERT OR IGNORE INTO expected VALUES (?)", ((f"github:{d}",) for d in delivery_ids))
        missing = conn.execute(
            "SELECT count(*) FROM expected WHERE key NOT IN (SELECT key FROM inbox)"
        ).fetchone()[0]
        statuses = dict(conn.execute(
            "SELECT status, count(*) FROM inbox JOIN expected USING (key) GROUP BY status"
        ).fetchall())
        return int(missing), {str(k): int(v) for k, v in statuses.items()}
    finally:
        conn.close()


def wait_drained(db: Path, delivery_ids: list[str], timeout: float) -> tuple[float, dict[str, int]]:
    started = time.monotonic()
    while True:
        _, statuses = inbox_check(db, delivery_ids)
        unsettled = statuses.get("pending", 0) + statuses.get("processing", 0)
        if not unsettled or time.monotonic() - started > timeout:
            return time.monotonic() - started, statuses
        time.sleep(0.2)


# -- main -----------------------------------------------------------------------------------------


def per_request_us(seconds: float | None, n: int) -> str:
    return "?" if seconds is None else f"{seconds * 1e6 / n:.0f}"


def fmt_statuses(statuses: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())) or "none"


def machine_facts() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"machine : nproc={os.cpu_count()} ({cpu}), {platform.system()} {platform.release()}",
        f"python  : {platform.python_version()} ({sys.executable})",
        f"load avg: {load_average()} at start (other busy processes on the machine skew every figure)",
    ]


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def fail(exc: Exception) -> int:
    sys.stdout.flush()
    print(f"\nbench: {exc}", file=sys.stderr, flush=True)
    return 1


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


async def load(args: argparse.Namespace, body: bytes, servers: dict[str, Server], db: Path,
               plan: dict[tuple[str, int], tuple[list[Delivery], list[Delivery]]]) -> tuple[list[Run], list[str]]:
    runs: list[Run] = []
    pmbot_accepted: list[str] = []
    connector = {t: aiohttp.TCPConnector(limit=args.concurrency, limit_per_host=args.concurrency) for t in servers}
    timeout = aiohttp.ClientTimeout(total=60)
    sessions = {t: aiohttp.ClientSession(connector=connector[t], timeout=timeout) for t in servers}
    try:
        for rnd in range(1, args.rounds + 1):
            for target in ("bare", "pmbot"):
                url = servers[target].url + PATH
                warm, timed = plan[(target, rnd)]
                warm_run = await fire(sessions[target], url, body, warm, args.concurrency, target, rnd)
                cpu0, own0 = servers[target].cpu_seconds(), time.process_time()
                run = await fire(sessions[target], url, body, timed, args.concurrency, target, rnd)
                cpu1, run.client_cpu = servers[target].cpu_seconds(), time.process_time() - own0
                run.server_cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None
                runs.append(run)
                line = (f"{rnd:>5}  {target:<6} {run.n:>8} {run.rps:>9.0f} {run.pct(0.50):>8.2f} "
                        f"{run.pct(0.99):>8.2f} {max(run.latencies) * 1000:>8.2f} {run.non_2xx:>8} "
                        f"{per_request_us(run.server_cpu, run.n):>11} {per_request_us(run.client_cpu, run.n):>11}")
                if target == "pmbot":
                    pmbot_accepted += warm_run.accepted + run.accepted
                    _, now = inbox_check(db, warm_run.accepted + run.accepted)
                    line += f"   inbox +{run.inbox_new}; worker right after: {fmt_statuses(now)}"
                    if rnd < args.rounds:
                        took, after = wait_drained(db, pmbot_accepted, DRAIN_TIMEOUT)
                        left = after.get("pending", 0) + after.get("processing", 0)
                        line += f"; drained in {took:.1f}s" if not left else f"; {left} NOT drained after {took:.0f}s"
                print(line, flush=True)
                for err in sorted(set(warm_run.errors + run.errors))[:5]:
                    print(f"       ! {err}")
                if not servers[target].alive():
                    raise RuntimeError(f"{target} died during the run:\n{servers[target].tail()}")
    finally:
        for session in sessions.values():
            await session.close()
    return runs, pmbot_accepted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="timed requests per target per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent connections")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (db, server logs)")
    args = parser.parse_args(argv)

    fixture = next((p for p in FIXTURES if p.exists()), None)
    if fixture is None:
        print("bench: no pull_request.opened.json fixture in " + ", ".join(map(str, FIXTURES)), file=sys.stderr)
        return 1
    body = fixture.read_bytes()
    loop_impl = "uvloop" if has("uvloop") else "asyncio"
    http_impl = "httptools" if has("httptools") else "h11"

    print(f"pmbot ingest benchmark, {datetime.now(UTC).isoformat(timespec='seconds')}")
    for line in machine_facts():
        print(line)
    python = os.path.relpath(sys.executable, ROOT) if sys.executable.startswith(str(ROOT)) else sys.executable
    print(f"command : {shlex.join([python, *sys.argv])}   (cwd {os.getcwd()})")
    print(f"servers : uvicorn, 1 process each, loop={loop_impl} http={http_impl}, log level warning, no access log")
    print("          pmbot: python -m bot serve (SQLite WAL synchronous=NORMAL, worker on, scheduler off)")
    print('          bare : uvicorn bench/bare_app.py (awaits the body, returns {"ok": true})')
    print(f"load    : {args.requests} timed + {WARMUP} warm-up signed pull_request deliveries per target per round,"
          f" {args.concurrency} connections (aiohttp {aiohttp.__version__}), body {len(body)} B from {fixture}")

    # Pre-sign everything before any timing.
    plan = {(t, r): (deliveries(body, WARMUP), deliveries(body, args.requests))
            for r in range(1, args.rounds + 1) for t in ("bare", "pmbot")}

    tmp = Path(tempfile.mkdtemp(prefix="pmbot-bench-"))
    db = tmp / "bench.db"
    base_env = {**os.environ, **{k: "" for k in BLANKED}, "PYTHONUNBUFFERED": "1"}
    pmbot_port, bare_port = free_port(), free_port()
    pmbot_env = {
        **base_env,
        "PMBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "PMBOT_SANDBOX": "false",
        "PMBOT_SCHEDULER": "false",
        "PMBOT_WORKER": "true",
        "PMBOT_DRY_RUN": "false",
        "GITHUB_WEBHOOK_SECRET": SECRET,
        "PMBOT_LOG_LEVEL": "WARNING",
        "PMBOT_CONFIG": "config/pmbot.example.yaml",
    }
    servers = {
        "bare": Server("bare", [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(BENCH),
                                "--host", "127.0.0.1", "--port", str(bare_port), "--workers", "1",
                                "--loop", loop_impl, "--http", http_impl, "--log-level", "warning",
                                "--no-access-log"], base_env, bare_port, tmp / "bare.log"),
        # `pmbot serve` runs uvicorn with loop/http "auto", which picks the same uvloop/httptools.
        "pmbot": Server("pmbot", [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1",
                                  "--port", str(pmbot_port)], pmbot_env, pmbot_port, tmp / "pmbot.log"),
    }
    code = 0
    try:
        try:
            for server in servers.values():
                server.start()
        except RuntimeError as exc:
            code = fail(exc)
            return code
        print(f"tmp dir : {tmp}\n")
        print("round  target requests     req/s   p50 ms   p99 ms   max ms  non-2xx  srv us/req  cli us/req")
        print("       (srv/cli us/req: CPU microseconds per timed request used by the server / by this load generator)")
        runner = asyncio.Runner(loop_factory=_loop_factory())
        try:
            runs, accepted = runner.run(load(args, body, servers, db, plan))
        except RuntimeError as exc:
            code = fail(exc)
            return code
        finally:
            runner.close()

        # Crash pmbot: only what it committed before answering counts.
        servers["pmbot"].kill()
        sent = args.rounds * (WARMUP + args.requests)
        missing, statuses = inbox_check(db, accepted)

        best = {t: max((r for r in runs if r.target == t), key=lambda r: r.rps) for t in ("bare", "pmbot")}
        ratio = best["pmbot"].rps / best["bare"].rps
        p99 = best["pmbot"].pct(0.99)
        durable = missing == 0 and len(accepted) > 0
        print(f"\nbest of {args.rounds} round(s) per target (the round with the highest throughput):")
        for t in ("bare", "pmbot"):
            r, mine = best[t], [x for x in runs if x.target == t]
            print(f"  {t:<6} {r.rps:>7.0f} req/s   p50 {r.pct(0.5):6.2f} ms   p99 {r.pct(0.99):6.2f} ms"
                  f"  [round {r.round}]"
                  f"   all rounds: {min(x.rps for x in mine):.0f}-{max(x.rps for x in mine):.0f} req/s, "
                  f"p99 {min(x.pct(0.99) for x in mine):.1f}-{max(x.pct(0.99) for x in mine):.1f} ms, "
                  f"non-2xx {sum(x.non_2xx for x in mine)}")
        print(f"\nload avg at end: {load_average()}")
        print(f"\ndurability: pmbot killed with SIGKILL, then {db.name} opened with sqlite3")
        print(f"  {sent} deliveries sent to pmbot (warm-up included), {len(accepted)} answered 2xx, "
              f"{len(accepted) - missing} of those in inbox, missing {missing}")
        print(f"  processed by the worker at kill time: {fmt_statuses(statuses)}")
        print("\ntargets (2-core machine):")
        print(f"  throughput ratio pmbot/bare = {ratio:.2f}   (>= {TARGET_RATIO})   {verdict(ratio >= TARGET_RATIO)}")
        print(f"  pmbot p99 latency = {p99:.2f} ms   (< {TARGET_P99_MS:.0f} ms)   {verdict(p99 < TARGET_P99_MS)}")
        print(f"  every accepted delivery durable = {'yes' if durable else 'no'}   {verdict(durable)}")
        if not durable:
            code = 1
        return code
    finally:
        for server in servers.values():
            server.stop()
        if args.keep or code:
            print(f"\nkept {tmp}")
        else:
            for path in sorted(tmp.iterdir()):
                path.unlink()
            tmp.rmdir()


def _loop_factory() -> Any:
    if has("uvloop"):
        import uvloop

        return uvloop.new_event_loop
    return asyncio.new_event_loop


if __name__ == "__main__":
    sys.exit(main())
