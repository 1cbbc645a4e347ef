#!/usr/bin/env python3
"""End to end: a ClickUp `ready for testing` webhook → the QA hand-off's ClickUp PUT and Slack DM, as the
simulators recorded them, at a steady rate.

    .venv/bin/python bench/e2e.py [--rate 50] [--seconds 30]

The simulators run in a child process (bench/sims.py: the example team, tasks T0…). pmbot is `pmbot serve`
(SQLite, its worker on, the example team's agents, its real clients pointed at the simulators; the ClickUp
request budget raised so the plan's limit is not what is measured). Open loop: every 1/rate s a developer
moves the next task to `ready for testing` (in the simulator, which sends no webhook itself), and this
process sends ClickUp's two deliveries for it - taskStatusUpdated, then its taskUpdated copy - signed. Latency
per hand-off: from just before the first delivery left to the moment the ClickUp simulator received pmbot's
`PUT /task/{id}` and the Slack simulator its `chat.postMessage` DM to the chosen QA engineer (the later of
the two), on one wall clock. A tester then finishes the task (moved to `done` in the simulator), so the QA
load pmbot reads stays small. Targets: p50 < 50 ms, p99 < 250 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Server, header, load_average, loop_factory, pct, pmbot_env, start_sims, verdict  # noqa: E402
from sims import pmbot_settings  # noqa: E402

SECRET = "bench-clickup-webhook-secret-2b7"
WEBHOOK_ID = "wh-bench-e2e"
TARGET_P50, TARGET_P99 = 50.0, 250.0
_TASK = re.compile(r"Bench task (\d+)\b")
_PUT = re.compile(r"^/api/v2/task/T(\d+)$")


def sign(body: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json",
            "X-Signature": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()}


def _args(body: str) -> dict[str, Any]:
    try:
        found = json.loads(body)
        return found if isinstance(found, dict) else {}
    except ValueError:
        return {k: v[-1] for k, v in parse_qs(body).items()}


class Recorded:
    """When the simulators saw pmbot's PUT and DM for each task."""

    def __init__(self) -> None:
        self.put: dict[int, float] = {}
        self.dm: dict[int, float] = {}

    def read(self, clickup: list[dict[str, Any]], slack: list[dict[str, Any]]) -> None:
        for call in clickup:
            match = _PUT.match(call["path"])
            if call["method"] == "PUT" and match:
                self.put.setdefault(int(match.group(1)), call["at"])
        for call in slack:
            if not call["path"].endswith("chat.postMessage"):
                continue
            args = _args(call["body"])
            match = _TASK.search(str(args.get("text", "")))
            if match and str(args.get("channel", "")).startswith("D"):
                self.dm.setdefault(int(match.group(1)), call["at"])


async def run(urls: dict[str, str], pmbot: Server, rate: float, seconds: float) -> tuple[dict[int, float], Recorded]:
    total = int(rate * seconds)
    sent: dict[int, float] = {}
    recorded = Recorded()
    finished: set[int] = set()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
        async def hand_off(n: int) -> None:
            async with http.post(urls["clickup_root"] + "/_sim/bench/move",
                                 json={"task": f"T{n}", "user": "101", "status": "ready for testing"}) as resp:
                items = await resp.json()
            specific = {"event": "taskStatusUpdated", "history_items": items, "task_id": f"T{n}",
                        "webhook_id": WEBHOOK_ID}
            sent[n] = time.time()
            for payload in (specific, {**specific, "event": "taskUpdated"}):
                body = json.dumps(payload).encode()
                async with http.post(pmbot.url + "/webhooks/clickup", data=body, headers=sign(body)) as resp:
                    await resp.read()

        async def collect() -> None:
            async with http.get(urls["clickup_root"] + "/_sim/bench/log") as a, \
                    http.get(urls["slack_root"] + "/_sim/bench/log") as b:
                recorded.read(await a.json(), await b.json())
            for n in set(recorded.put) & set(recorded.dm) - finished:
                finished.add(n)  # the tester finishes it: pmbot's next QA load query stays small
                async with http.post(urls["clickup_root"] + "/_sim/bench/move",
                                     json={"task": f"T{n}", "user": "201", "status": "done"}) as resp:
                    await resp.read()

        started = time.monotonic()
        tasks = []
        for n in range(total):
            delay = started + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(hand_off(n)))
            if n % int(rate) == 0:
                tasks.append(asyncio.create_task(collect()))
        await asyncio.gather(*tasks)
        deadline = time.monotonic() + 30
        while len(finished) < total and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            await collect()
    return sent, recorded


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="hand-offs per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    total = int(args.rate * args.seconds)
    header("pmbot end-to-end benchmark: ClickUp ready-for-testing webhook → ClickUp PUT and Slack DM")
    print(f"load    : {total} hand-offs at {args.rate:g}/s (open loop), two ClickUp deliveries each")
    child = start_sims(total + 10)
    tmp = Path(tempfile.mkdtemp(prefix="pmbot-e2e-"))
    pmbot: Server | None = None
    try:
        assert child.stdout is not None and child.stdin is not None
        urls = json.loads(child.stdout.readline())
        env = pmbot_env(f"sqlite+aiosqlite:///{tmp / 'e2e.db'}", CLICKUP_WEBHOOK_SECRET=SECRET,
                        PMBOT_LOG_LEVEL="ERROR", **pmbot_settings(urls))
        pmbot = Server.pmbot("pmbot", env, tmp / "pmbot.log").start()
        cpu0 = pmbot.cpu_seconds()
        sent, recorded = asyncio.Runner(loop_factory=loop_factory()).run(run(urls, pmbot, args.rate, args.seconds))
        cpu1 = pmbot.cpu_seconds()
    finally:
        if pmbot is not None:
            pmbot.stop()
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=30)
    put = [(recorded.put[n] - sent[n]) * 1000 for n in sent if n in recorded.put]
    dm = [(recorded.dm[n] - sent[n]) * 1000 for n in sent if n in recorded.dm]
    both = [(max(recorded.put[n], recorded.dm[n]) - sent[n]) * 1000 for n in sent
            if n in recorded.put and n in recorded.dm]
    print(f"\nhand-offs sent {len(sent)}; PUT recorded {len(put)}, DM recorded {len(dm)}, both {len(both)}")
    if cpu0 is not None and cpu1 is not None:
        print(f"pmbot CPU: {cpu1 - cpu0:.1f} s ({(cpu1 - cpu0) * 1000 / max(1, len(sent)):.1f} ms per hand-off)")
    for name, values in (("ClickUp PUT", put), ("Slack DM", dm), ("both", both)):
        if values:
            print(f"  {name:<12} p50 {pct(values, 0.5):7.1f} ms   p90 {pct(values, 0.9):7.1f} ms   "
                  f"p99 {pct(values, 0.99):7.1f} ms   max {max(values):7.1f} ms")
    print(f"\nload avg at end: {load_average()}")
    complete = len(both) == len(sent) == total
    p50, p99 = (pct(both, 0.5), pct(both, 0.99)) if both else (float("inf"), float("inf"))
    print("targets (2-core machine):")
    print(f"  every hand-off recorded = {'yes' if complete else 'no'}   {verdict(complete)}")
    print(f"  p50 = {p50:.1f} ms   (< {TARGET_P50:.0f} ms)   {verdict(p50 < TARGET_P50)}")
    print(f"  p99 = {p99:.1f} ms   (< {TARGET_P99:.0f} ms)   {verdict(p99 < TARGET_P99)}")
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
