#!/usr/bin/env python3
"""Ingest benchmark: signed GitHub deliveries against pmbot and against a bare FastAPI endpoint, with wrk.

    .venv/bin/python bench/ingest.py [--seconds 8] [--rounds 3] [--connections 32]   (or: make bench)

Two uvicorn processes (one worker process each, same loop/http implementation, log level warning) on free
loopback ports:

* pmbot - `python -m bot serve` on a fresh SQLite file (WAL, synchronous=NORMAL), its worker running with the
          example team's agents, no scheduler, no sandbox, no credentials except GITHUB_WEBHOOK_SECRET;
* bare  - bench/bare_app.py: `POST /webhooks/github` awaits the body and returns {"ok": true}.

Load: wrk (Debian's package; `apt-get install -y wrk`), one thread, `--connections` keep-alive connections,
`--seconds` per round after a 2 s warm-up, the public `pull_request.opened` example (28,011 bytes) made distinct
per request: each request's own X-GitHub-Delivery is also its body's last top-level key (`"zz_bench_nonce"`,
~28.1 KB a body), signed (bench/wrk_github.lua). pmbot deduplicates on a digest of the signed body too: one body
under new delivery ids would be one delivery, then duplicates. wrk signs each body from two HMAC-SHA256
midstates this script computes (the state after key^ipad + the body's fixed prefix, and after key^opad);
`--check-lua` checks the script's bodies and HMAC against Python's with luajit. Per round: bare, then a fresh
pmbot (its own SQLite file; its worker runs, giving way to the flood, and the round's backlog dies with it when
it is SIGKILLed after its run, so it takes no CPU from the next bare run). The figures per target are its best
round (highest throughput); every round is printed.

Durability: after the rounds, pmbot takes deliveries from this process (aiohttp, same connections, unique ids
and bodies) and is killed with SIGKILL in the middle of that load; the SQLite file is then opened with sqlite3:
every delivery pmbot answered 2xx must have its `github:<delivery-id>` row in `deliveries` (one answered as a
duplicate has none: it counts as missing). For the wrk rounds, whose answers are not told apart, every run
(warm-up and timed) must have at least as many rows under its own delivery id prefix as 2xx answers, and some.
Exits 1 when a delivery is missing or a server cannot start; a missed performance target prints MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
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
LUA = BENCH / "wrk_github.lua"
NONCE_KEY = "zz_bench_nonce"

# SHA-256 (FIPS 180-4) round constants and initial state, for the midstates hashlib does not expose.
_K = [int(x, 16) for x in """
428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 d807aa98 12835b01 243185be 550c7dc3
72be5d74 80deb1fe 9bdc06a7 c19bf174 e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da
983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 27b70a85 2e1b2138 4d2c6dfc 53380d13
650a7354 766a0abb 81c2c92e 92722c85 a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070
19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 748f82ee 78a5636f 84c87814 8cc70208
90befffa a4506ceb bef9a3f7 c67178f2""".split()]
_H0 = [0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19]
_M = 0xFFFFFFFF


def _ror(x: int, n: int) -> int:
    return ((x >> n) | (x << (32 - n))) & _M


def _midstate(data: bytes, state: list[int] | None = None) -> list[int]:
    """SHA-256's internal state after the whole 64-byte blocks of `data` (no padding): pure Python, run once."""
    h = list(state or _H0)
    for at in range(0, len(data) - len(data) % 64, 64):
        w = [int.from_bytes(data[at + i:at + i + 4], "big") for i in range(0, 64, 4)]
        for i in range(16, 64):
            s0 = _ror(w[i - 15], 7) ^ _ror(w[i - 15], 18) ^ (w[i - 15] >> 3)
            s1 = _ror(w[i - 2], 17) ^ _ror(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w.append((w[i - 16] + s0 + w[i - 7] + s1) & _M)
        a, b, c, d, e, f, g, hh = h
        for i in range(64):
            t1 = (hh + (_ror(e, 6) ^ _ror(e, 11) ^ _ror(e, 25)) + ((e & f) ^ (~e & g)) + _K[i] + w[i]) & _M
            t2 = ((_ror(a, 2) ^ _ror(a, 13) ^ _ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) & _M
            hh, g, f, e, d, c, b, a = g, f, e, (d + t1) & _M, c, b, a, (t1 + t2) & _M
        h = [(x + y) & _M for x, y in zip(h, (a, b, c, d, e, f, g, hh), strict=True)]
    return h


def _finish(state: list[int], done: int, tail: bytes) -> bytes:
    """The digest of a message whose first `done` bytes (whole blocks) gave `state`, then `tail`."""
    total = done + len(tail)
    padded = tail + b"\x80" + b"\0" * ((55 - total) % 64) + (total * 8).to_bytes(8, "big")
    return b"".join(x.to_bytes(4, "big") for x in _midstate(padded, state))


@dataclass(frozen=True)
class Bodies:
    """Distinct signed pull_request bodies: `prefix` (the example payload up to an open `"zz_bench_nonce":"`
    string, a multiple of 64 bytes long) + `<nonce>"}`, and HMAC-SHA256's two midstates for wrk to finish."""

    secret: str
    prefix: bytes
    inner: str  # the SHA-256 state after (key ^ ipad) + prefix, 8 words in hex
    outer: str  # the SHA-256 state after (key ^ opad)

    @classmethod
    def make(cls, example: bytes, secret: str) -> Bodies:
        text = example.rstrip()
        if not text.endswith(b"}") or text[:-1].rstrip().endswith(b"{"):
            raise ValueError("the example payload must be a non-empty JSON object")
        head, key = text[:-1].rstrip() + b",", f'"{NONCE_KEY}":"'.encode()
        prefix = head + b" " * (-(len(head) + len(key)) % 64) + key  # JSON whitespace pads it to whole blocks
        block = secret.encode()
        block = (hashlib.sha256(block).digest() if len(block) > 64 else block).ljust(64, b"\0")
        inner = _midstate(bytes(b ^ 0x36 for b in block) + prefix)
        outer = _midstate(bytes(b ^ 0x5C for b in block))
        made = cls(secret, prefix, "".join(f"{x:08x}" for x in inner), "".join(f"{x:08x}" for x in outer))
        for nonce in ("check-1", "check-" + "x" * 80):  # the midstates finish to what hmac computes
            tail = made.tail(nonce)
            mac = _finish(outer, 64, _finish(inner, 64 + len(prefix), tail))
            if "sha256=" + mac.hex() != made.signature(nonce):
                raise RuntimeError("bench: the HMAC-SHA256 midstates do not reproduce hmac's signature")
        return made

    @staticmethod
    def tail(nonce: str) -> bytes:
        if not re.fullmatch(r"[A-Za-z0-9._-]+", nonce):
            raise ValueError(f"nonce {nonce!r} would need escaping in JSON")
        return nonce.encode() + b'"}'

    def body(self, nonce: str) -> bytes:
        return self.prefix + self.tail(nonce)

    def signature(self, nonce: str) -> str:
        return "sha256=" + hmac.new(self.secret.encode(), self.body(nonce), hashlib.sha256).hexdigest()


_LUA_DRIVER = r"""
thread_id = tonumber(arg[6]); dofile(arg[1]); init({arg[2], arg[3], arg[4], arg[5]})
for i = 1, 3 do
  local id, body, sig = delivery()
  io.write(id, "\t", sig, "\t", #body, "\n", body, "\n")
end
"""


def check_lua(made: Bodies, prefix_file: Path) -> str:
    """Run wrk_github.lua's own `init` and `delivery` under a standalone luajit for a few delivery id prefixes
    and thread ids (tails of one and of two SHA-256 blocks), and compare every id, body and signature with
    Python's. Returns a line to print; raises RuntimeError on a difference."""
    checked = 0
    driver = prefix_file.with_name("check_lua.lua")
    driver.write_text(_LUA_DRIVER)
    for prefix, thread in (("c", 1), ("check-lua", 2), ("check-lua-" + "p" * 60, 7)):
        out = subprocess.run(["luajit", str(driver), str(LUA), prefix, str(prefix_file), made.inner, made.outer,
                              str(thread)], capture_output=True, check=False)
        if out.returncode:
            raise RuntimeError(f"bench: luajit could not run {LUA.name}:\n{out.stderr.decode().strip()}")
        rest = out.stdout
        for n in range(1, 4):
            head, rest = rest.split(b"\n", 1)
            delivery, signature, size = head.decode().split("\t")
            body, rest = rest[:int(size)], rest[int(size) + 1:]
            want = f"{prefix}-{thread}-{n:09d}"
            if (delivery, body, signature) != (want, made.body(want), made.signature(want)):
                raise RuntimeError(f"bench: {LUA.name} gives {delivery!r} signed {signature}; Python gives {want!r} "
                                   f"signed {made.signature(want)} (same body: {body == made.body(want)})")
            payload = json.loads(body)
            if payload.get(NONCE_KEY) != want or payload.get("action") != "opened" or "pull_request" not in payload:
                raise RuntimeError(f"bench: {LUA.name}'s body for {want!r} is not the pull_request payload")
            checked += 1
    return f"{LUA.name}'s bodies and HMAC-SHA256 = Python's hmac for {checked} deliveries (luajit, 3 threads)"


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


def wrk(url: str, seconds: float, connections: int, prefix: str, made: Bodies, prefix_file: Path) -> dict[str, float]:
    """Run wrk once (delivery ids `<prefix>-<thread>-<counter>`, each its body's nonce) and read its summary."""
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s",
           "-s", str(LUA), url, "--", prefix, str(prefix_file), made.inner, made.outer]
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


async def kill_under_load(server: Server, made: Bodies, connections: int,
                          after: float) -> tuple[list[str], int, int]:
    """Deliveries (each its own body) over `connections` connections; SIGKILL the server `after` seconds in.
    (2xx ids, sent, answered as duplicates)."""
    acked: list[str] = []
    sent = duplicates = 0
    stop = False
    timeout = aiohttp.ClientTimeout(total=10)
    connector = aiohttp.TCPConnector(limit=connections)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async def client() -> None:
            nonlocal sent, duplicates
            while not stop:
                delivery = str(uuid.uuid4())
                headers = {"Content-Type": "application/json", "X-GitHub-Event": "pull_request",
                           "X-GitHub-Delivery": delivery, "X-Hub-Signature-256": made.signature(delivery)}
                sent += 1
                try:
                    async with session.post(server.url + PATH, data=made.body(delivery), headers=headers) as resp:
                        answer = await resp.read()
                        if 200 <= resp.status < 300:
                            acked.append(delivery)
                            with contextlib.suppress(ValueError, AttributeError):
                                duplicates += int(json.loads(answer).get("duplicates", 0) or 0)
                except (aiohttp.ClientError, TimeoutError, OSError):
                    if stop or not server.alive():
                        return

        tasks = [asyncio.create_task(client()) for _ in range(connections)]
        await asyncio.sleep(after)
        await asyncio.get_running_loop().run_in_executor(None, server.kill)
        stop = True
        await asyncio.gather(*tasks, return_exceptions=True)
    return acked, sent, duplicates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="timed seconds per target per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--kill-after", type=float, default=3.0, help="seconds of load before the SIGKILL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (db, server logs)")
    parser.add_argument("--check-lua", action="store_true",
                        help="only check wrk_github.lua's bodies and signatures against Python's hmac (needs luajit; "
                             "a run does it first whenever luajit is installed)")
    args = parser.parse_args(argv)
    made = Bodies.make(BODY.read_bytes(), SECRET)
    if args.check_lua:
        if shutil.which("luajit") is None:
            print("bench: luajit is not installed (Debian: apt-get install -y luajit)", file=sys.stderr)
            return 1
        with tempfile.TemporaryDirectory(prefix="pmbot-ingest-") as scratch:
            prefix_file = Path(scratch) / "body-prefix.json"
            prefix_file.write_bytes(made.prefix)
            try:
                print(check_lua(made, prefix_file))
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 1
        return 0
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 1
    size = len(made.body("r1-pmbot-000000-1-000000001"))
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
          f"{round(args.seconds)} s per target per round, ~{size:,} B signed pull_request bodies "
          f"({BODY.name} + a last key {NONCE_KEY!r}), each distinct: a new X-GitHub-Delivery per request, "
          "carried in the body, signed in wrk from HMAC midstates")

    tmp = Path(tempfile.mkdtemp(prefix="pmbot-ingest-"))
    prefix_file = tmp / "body-prefix.json"
    prefix_file.write_bytes(made.prefix)
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
        print(f"tmp dir : {tmp}")
        if shutil.which("luajit") is not None:
            print(f"check   : {check_lua(made, prefix_file)}\n")
        else:
            print("check   : luajit not installed, the Lua HMAC not checked standalone (pmbot's stored rows "
                  "per run check it)\n")
        print("round  target    req/s   p50 ms   p99 ms   max ms  non-2xx  srv us/req")
        runs: list[Run] = []
        for rnd in range(1, args.rounds + 1):
            for target in ("bare", "pmbot"):
                if target == "pmbot":
                    # A fresh pmbot per round (its own SQLite file): the previous round's backlog, which its
                    # worker would still be processing, takes no CPU from this round's bare run.
                    servers["pmbot"], db = fresh_pmbot(f"round{rnd}")
                server = servers[target]
                tag = uuid.uuid4().hex[:6]
                prefix, warm = f"r{rnd}-{target}-{tag}", f"w{rnd}-{target}-{tag}"  # neither id prefix the other's
                warmed = wrk(server.url, WARMUP_SECONDS, args.connections, warm, made, prefix_file)
                if target == "pmbot":
                    warm_2xx = int(warmed.get("requests", 0) - warmed.get("non_2xx", 0))
                    warm_rows = stored(db, f"github:{warm}-%")
                    if warm_rows < warm_2xx or not warm_rows:
                        raise RuntimeError(f"pmbot stored {warm_rows} of the warm-up's {warm_2xx} 2xx answers "
                                           f"({int(warmed.get('requests', 0))} requests): duplicates, or bad "
                                           f"signatures?\n{server.tail()}")
                cpu0 = server.cpu_seconds()
                found = wrk(server.url, args.seconds, args.connections, prefix, made, prefix_file)
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
                    if rows < requests - run.non_2xx or not rows:
                        line += "  <- FEWER ROWS THAN 2xx ANSWERS" if rows else "  <- NO DELIVERY STORED"
                        code = 1
                    line += f"; worker's backlog {backlog(db)}"
                if not server.alive():
                    raise RuntimeError(f"{target} died during the run:\n{server.tail()}")
                if target == "pmbot":
                    server.kill()
                print(line, flush=True)

        servers["pmbot"], db = fresh_pmbot("durability")
        acked, sent, duplicates = asyncio.Runner(loop_factory=loop_factory()).run(
            kill_under_load(servers["pmbot"], made, args.connections, args.kill_after))
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
        print(f"  {sent} sent, {len(acked)} answered 2xx ({duplicates} of them as duplicates), "
              f"{len(acked) - lost} of those in deliveries, missing {lost}")
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
