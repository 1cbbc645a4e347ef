#!/usr/bin/env python3
"""End to end: a tracker's `ready for testing` webhook → the QA hand-off's tracker write and Slack DM, as the
simulators recorded them, at a steady rate.

    .venv/bin/python bench/e2e.py [--rate 50] [--seconds 30] [--tracker clickup|jira|both]

The simulators run in a child process (bench/sims.py: the example team, tasks T0…). pmbot is `pmbot serve`
(SQLite, its worker on, the example team's agents, its real clients pointed at the simulators; the ClickUp
request budget raised so the plan's limit is not what is measured). Open loop: every 1/rate s a developer
moves the next task to `ready for testing` (in the simulator, which sends no webhook itself), and this
process sends ClickUp's two deliveries for it - taskStatusUpdated, then its taskUpdated copy - signed. Latency
per hand-off: from just before the first delivery left to the moment the ClickUp simulator received pmbot's
`PUT /task/{id}` and the Slack simulator its `chat.postMessage` DM to the chosen QA engineer (the later of
the two), on one wall clock. A tester then finishes the task (moved to `done` in the simulator), so the QA
load pmbot reads stays small. Targets: p50 < 50 ms, p99 < 250 ms.

`--tracker jira`: the same on Jira. The benchmark moves issue L1-n to Ready for Testing through the workflow's
transitions (over Jira's REST API, as pmbot's account: the simulator sends no webhook) and sends the one signed
`jira:issue_updated` delivery Jira sends for a person's move (Dana's, with the status changelog item). The hand-off
is recorded when the Jira simulator received pmbot's transition to In Testing and its assignee PUT (Jira's one
assignee: two writes where ClickUp has one PUT) and Slack the DM. pmbot reads the example team with each person's
account id as `acc-<clickup id>` (bench/sims.py). `--tracker both` runs ClickUp, then Jira, on one simulators
process and prints Jira's p50 / p99 over ClickUp's from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
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
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    ROOT,
    Server,
    header,
    load_average,
    loop_factory,
    pct,
    pmbot_env,
    start_sims,
    verdict,
)
from sims import JIRA_EMAIL, LIST, TOKENS, TRACKERS, pmbot_settings  # noqa: E402

from integrations.jira.sim.webhooks import signed_delivery  # noqa: E402

SECRET = "bench-clickup-webhook-secret-2b7"
JIRA_SECRET = "bench-jira-webhook-secret-5c0"
WEBHOOK_ID = "wh-bench-e2e"
TARGET_P50, TARGET_P99 = 50.0, 250.0
_TASK = re.compile(r"Bench task (\d+)\b")
_PUT = re.compile(r"^/api/v2/task/T(\d+)$")
_JIRA_WRITE = re.compile(r"^/rest/api/3/issue/(\d+)/(transitions|assignee)$")
JIRA_API = "/rest/api/3"
# The QA workflow's transitions (integrations/jira/sim/site.py): To Do → In Progress → Ready for Testing (the
# benchmark's), → In Testing (pmbot's hand-off), → Done (the tester, when the hand-off is recorded).
START, READY, TESTING, DONE = "11", "31", "41", "61"
DANA = {"accountId": "acc-101", "displayName": "Dana Developer", "accountType": "atlassian", "active": True}


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
    """When the simulators saw pmbot's tracker write (on Jira the later of its transition and assignee PUT) and DM
    for each task."""

    def __init__(self) -> None:
        self.put: dict[int, float] = {}
        self.dm: dict[int, float] = {}
        self.issues: dict[str, int] = {}  # Jira issue id → task number
        self._jira: dict[int, dict[str, float]] = {}

    def read(self, tracker: list[dict[str, Any]], slack: list[dict[str, Any]]) -> None:
        for call in tracker:
            match = _PUT.match(call["path"])
            if call["method"] == "PUT" and match:
                self.put.setdefault(int(match.group(1)), call["at"])
            jira = _JIRA_WRITE.match(call["path"])
            # The benchmark's own moves go through the same API: pmbot's transition is the one to In Testing.
            mine = jira is not None and (jira.group(2) == "assignee" or _args(call["body"]).get("transition")
                                         == {"id": TESTING})
            if jira and mine and jira.group(1) in self.issues and call["method"] in ("POST", "PUT"):
                n = self.issues[jira.group(1)]
                seen = self._jira.setdefault(n, {})
                seen.setdefault(jira.group(2), call["at"])
                if len(seen) == 2:
                    self.put.setdefault(n, max(seen.values()))
        for call in slack:
            if not call["path"].endswith("chat.postMessage"):
                continue
            args = _args(call["body"])
            match = _TASK.search(str(args.get("text", "")))
            if match and str(args.get("channel", "")).startswith("D"):
                self.dm.setdefault(int(match.group(1)), call["at"])


class JiraPerson:
    """Issue moves over Jira's REST API (the simulator sends no webhook: the benchmark sends Jira's delivery)."""

    def __init__(self, http: aiohttp.ClientSession, base: str, recorded: Recorded) -> None:
        self.http, self.base, self.recorded = http, base, recorded
        token = base64.b64encode(f"{JIRA_EMAIL}:{TOKENS['jira']}".encode()).decode("ascii")
        self.auth = {"Authorization": f"Basic {token}"}
        self.changes = 0

    async def transition(self, key: str, transition: str) -> None:
        async with self.http.post(f"{self.base}{JIRA_API}/issue/{key}/transitions", headers=self.auth,
                                  json={"transition": {"id": transition}}) as resp:
            if resp.status != 204:
                raise RuntimeError(f"{key}: transition {transition} answered {resp.status}: {await resp.text()}")

    async def ready(self, n: int) -> dict[str, Any]:
        """Issue L1-(n+1) to Ready for Testing; the `jira:issue_updated` payload Jira sends for Dana's move."""
        key = f"{LIST}-{n + 1}"
        await self.transition(key, START)
        await self.transition(key, READY)
        async with self.http.get(f"{self.base}{JIRA_API}/issue/{key}", headers=self.auth) as resp:
            issue = await resp.json()
        self.recorded.issues[issue["id"]] = n
        self.changes += 1
        item = {"field": "status", "fieldtype": "jira", "fieldId": "status", "from": "2", "fromString": "In Progress",
                "to": "4", "toString": "Ready for Testing"}
        return {"timestamp": int(time.time() * 1000), "webhookEvent": "jira:issue_updated",
                "issue_event_type_name": "issue_generic", "user": DANA, "issue": issue,
                "changelog": {"id": str(90000 + n), "items": [item]}}


async def run(urls: dict[str, str], pmbot: Server, rate: float, seconds: float,
              tracker: str = "clickup") -> tuple[dict[int, float], Recorded]:
    total = int(rate * seconds)
    sent: dict[int, float] = {}
    recorded = Recorded()
    finished: set[int] = set()
    tracker_root = urls["clickup_root"] if tracker == "clickup" else urls["jira"]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
        jira = JiraPerson(http, urls["jira"], recorded)

        async def hand_off(n: int) -> None:
            if tracker == "jira":
                headers, body = signed_delivery(await jira.ready(n), JIRA_SECRET, f"bench-e2e-{n:08d}")
                sent[n] = time.time()
                async with http.post(pmbot.url + "/webhooks/jira", data=body, headers=headers) as resp:
                    await resp.read()
                return
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
            async with http.get(tracker_root + "/_sim/bench/log") as a, \
                    http.get(urls["slack_root"] + "/_sim/bench/log") as b:
                recorded.read(await a.json(), await b.json())
            for n in sorted(set(recorded.put) & set(recorded.dm) - finished):
                if n in finished:  # another collect() running beside this one took it meanwhile
                    continue
                finished.add(n)  # the tester finishes it: pmbot's next QA load query stays small
                if tracker == "jira":
                    await jira.transition(f"{LIST}-{n + 1}", DONE)
                    continue
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


def jira_team(tmp: Path) -> Path:
    """The example team file with each person's Jira account id as the bench simulators seed it (`acc-<clickup
    id>`) and its document folders absolute (the copy lives elsewhere)."""
    config = ROOT / "config" / "pmbot.example.yaml"
    data = yaml.safe_load(config.read_text())
    for person in data["people"]:
        if "clickup" in person:
            person["jira"] = f"acc-{person['clickup']}"
    for source in (data.get("auto_answer") or {}).get("sources", []):
        if source.get("kind") == "folder":
            source["path"] = str(config.parent / source["path"])
    out = tmp / "team.yaml"
    out.write_text(yaml.safe_dump(data, sort_keys=False))
    return out


def measure(urls: dict[str, str], tracker: str, rate: float, seconds: float, tmp: Path) -> tuple[float, float, bool]:
    """One run against a fresh pmbot on `tracker`; prints its figures; (p50, p99, every hand-off recorded)."""
    total = int(rate * seconds)
    tracker_env = ({"CLICKUP_WEBHOOK_SECRET": SECRET} if tracker == "clickup" else
                   {"JIRA_WEBHOOK_SECRET": JIRA_SECRET, "PMBOT_CONFIG": str(jira_team(tmp))})
    env = pmbot_env(f"sqlite+aiosqlite:///{tmp / f'e2e-{tracker}.db'}", PMBOT_LOG_LEVEL="ERROR",
                    **pmbot_settings(urls, tracker), **tracker_env)
    pmbot = Server.pmbot("pmbot", env, tmp / f"pmbot-{tracker}.log").start()
    try:
        cpu0 = pmbot.cpu_seconds()
        sent, recorded = asyncio.Runner(loop_factory=loop_factory()).run(
            run(urls, pmbot, rate, seconds, tracker))
        cpu1 = pmbot.cpu_seconds()
    finally:
        pmbot.stop()
    title = "ClickUp PUT" if tracker == "clickup" else "Jira writes"
    put = [(recorded.put[n] - sent[n]) * 1000 for n in sent if n in recorded.put]
    dm = [(recorded.dm[n] - sent[n]) * 1000 for n in sent if n in recorded.dm]
    both = [(max(recorded.put[n], recorded.dm[n]) - sent[n]) * 1000 for n in sent
            if n in recorded.put and n in recorded.dm]
    print(f"\n[{tracker}] hand-offs sent {len(sent)}; {title} recorded {len(put)}, DM recorded {len(dm)}, "
          f"both {len(both)}")
    if cpu0 is not None and cpu1 is not None:
        print(f"pmbot CPU: {cpu1 - cpu0:.1f} s ({(cpu1 - cpu0) * 1000 / max(1, len(sent)):.1f} ms per hand-off)")
    for name, values in ((title, put), ("Slack DM", dm), ("both", both)):
        if values:
            print(f"  {name:<12} p50 {pct(values, 0.5):7.1f} ms   p90 {pct(values, 0.9):7.1f} ms   "
                  f"p99 {pct(values, 0.99):7.1f} ms   max {max(values):7.1f} ms")
    complete = len(both) == len(sent) == total
    p50, p99 = (pct(both, 0.5), pct(both, 0.99)) if both else (float("inf"), float("inf"))
    return p50, p99, complete


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0, help="hand-offs per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--tracker", choices=[*TRACKERS, "both"], default="clickup")
    args = parser.parse_args()
    total = int(args.rate * args.seconds)
    trackers = list(TRACKERS) if args.tracker == "both" else [args.tracker]
    header(f"pmbot end-to-end benchmark: {' and '.join(trackers)} ready-for-testing webhook → tracker write and "
           "Slack DM")
    print(f"load    : {total} hand-offs at {args.rate:g}/s (open loop) per tracker")
    child = start_sims(total + 10)
    tmp = Path(tempfile.mkdtemp(prefix="pmbot-e2e-"))
    results: dict[str, tuple[float, float, bool]] = {}
    try:
        assert child.stdout is not None and child.stdin is not None
        urls = json.loads(child.stdout.readline())
        for tracker in trackers:
            results[tracker] = measure(urls, tracker, args.rate, args.seconds, tmp)
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=30)
    print(f"\nload avg at end: {load_average()}")
    print("targets (2-core machine):")
    for tracker, (p50, p99, complete) in results.items():
        print(f"  [{tracker}] every hand-off recorded = {'yes' if complete else 'no'}   {verdict(complete)}")
        print(f"  [{tracker}] p50 = {p50:.1f} ms   (< {TARGET_P50:.0f} ms)   {verdict(p50 < TARGET_P50)}")
        print(f"  [{tracker}] p99 = {p99:.1f} ms   (< {TARGET_P99:.0f} ms)   {verdict(p99 < TARGET_P99)}")
    if len(results) == 2:
        (c50, c99, _), (j50, j99, _) = results["clickup"], results["jira"]
        print(f"Jira / ClickUp in this run: p50 {j50 / c50:.2f}, p99 {j99 / c99:.2f}")
    return 0 if all(complete for _, _, complete in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
