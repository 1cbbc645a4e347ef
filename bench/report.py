#!/usr/bin/env python3
"""Report benchmark: a daily and a weekly report over 10,000 ClickUp tasks, through pmbot's real clients.

    .venv/bin/python bench/report.py [--tasks 10000] [--rounds 3]

A child process serves the simulators on loopback (ClickUp seeded with `--tasks` tasks in one list, 100 a
page as ClickUp pages them; GitHub with 50 open pull requests; Slack; the OpenAI-compatible stub), so their
CPU and memory are not counted against pmbot. This process is pmbot as `pmbot report` runs it: a Runtime on a
fresh SQLite file (migrated), the real ClickUp / GitHub / Slack / openai clients, the reports agent.

Before timing, the database gets what pmbot would have heard: status moves for the tasks updated in the last
day, QA hand-offs for the tasks in testing, PR records and CI state (a tenth of the PRs failing), merges.

Per round and report: wall time of the whole report (listing every page, reading pmbot's state, the model
call, rendering, the chart for the weekly, posting to Slack), and the same round's baseline: listing the
tasks alone through the same client. Then, once: peak RSS of this process (ru_maxrss) and the Python
allocation peak of one report under tracemalloc; prompt tokens (estimate: characters / 4 + 4 per message;
no tokenizer download) and the characters the stub received. Targets: < 3 s, < 300 MB, <= 6,000 tokens.

The ClickUp request budget is set to 10,000 requests a minute (ClickUp's Enterprise plan): a 10,000-task
report lists ~105 pages, so on a 100-a-minute token the listing alone uses a minute's budget (see BENCHMARKS).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 16:00 in Berlin
LIST, REPO, CHANNELS = "L1", "bench/webapp", ("C0DAILY", "C0WEEKLY")
STATUSES = ["to do", "in progress", "in review", "ready for testing", "in testing", "needs fix", "done", "closed"]
WEIGHTS = [30, 20, 8, 4, 6, 2, 25, 5]
PEOPLE = 20
PULLS = 50
TOKENS = {"clickup": "pk_bench", "github": "ghp_bench", "slack": "xoxb-bench", "openai": "sk-bench"}
TARGETS = {"seconds": 3.0, "rss_mb": 300.0, "tokens": 6000}


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def workspace(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """The tasks, with every date relative to NOW (same seed, same workspace)."""
    rng = random.Random(seed)
    tasks = []
    for n in range(count):
        status = rng.choices(STATUSES, WEIGHTS)[0]
        # 5% touched in the last day; the rest mostly within two weeks (mean four days), a long tail after.
        updated = NOW - timedelta(hours=rng.uniform(0, 24)) if rng.random() < 0.05 else \
            NOW - timedelta(days=1 + min(rng.expovariate(1 / 4), 90))
        created = min(updated, NOW - timedelta(days=rng.uniform(0, 365)))
        due = NOW + timedelta(days=rng.uniform(-20, 20)) if rng.random() < 0.4 else None
        who = [] if rng.random() < 0.1 else [str(1000 + rng.randrange(PEOPLE))]
        tasks.append({"id": f"86b{n:06d}", "name": f"Task {n}: {rng.choice(['fix', 'build', 'ship', 'test'])} "
                      f"the {rng.choice(['checkout', 'search', 'profile', 'billing', 'export'])} flow",
                      "status": status, "assignees": who, "updated": ms(updated), "created": ms(created),
                      "due": ms(due) if due else None,
                      "done": ms(updated) if status in ("done", "closed") else None})
    return tasks


# -- the child: simulators --------------------------------------------------------------------------
def serve(count: int) -> None:
    from integrations.clickup.sim import ClickUpSimulator
    from integrations.github.sim import GitHubSimulator
    from integrations.llm.sim import OpenAIStub
    from integrations.slack.sim import SlackSimulator

    clickup = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    for p in range(PEOPLE):
        clickup.add_user(str(1000 + p), f"Person {p:02d}")
    clickup.add_list(LIST, "Board", STATUSES)
    for t in workspace(count):
        clickup.add_task(t["id"], t["name"], LIST, t["status"], t["assignees"], due_date=t["due"],
                         date_updated=t["updated"], date_created=t["created"], date_done=t["done"])
    github = GitHubSimulator(token=TOKENS["github"])
    github.add_repo(REPO)
    for n in range(1, PULLS + 1):
        github.add_pull(REPO, n, f"CU-86b{n:06d} change {n}", f"dev{n % PEOPLE:02d}", f"feature/{n}",
                        requested_reviewers=[f"dev{(n + 1) % PEOPLE:02d}"] if n % 3 == 0 else [])
    slack = SlackSimulator(token=TOKENS["slack"])
    for channel in CHANNELS:
        slack.add_channel(channel, channel.lower())
    # Keeps to the facts: ids, numbers and names it mentions are all in every report's facts.
    stub = OpenAIStub(api_key=TOKENS["openai"], reply="Several items are at risk; the reasons are listed below.")
    for sim in (clickup, github, slack, stub):
        sim.start()
    print(json.dumps({"clickup": clickup.base_url, "github": github.base_url, "slack": slack.web_api_url,
                      "openai": stub.base_url}), flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    for sim in (clickup, github, slack, stub):
        sim.stop()


# -- the parent: pmbot ------------------------------------------------------------------------------
def team_config() -> Any:
    from agents.team import TeamConfig

    people = [{"name": f"Person {p:02d}", "clickup": str(1000 + p), "github": f"dev{p:02d}", "slack": f"U{p:04d}",
               "roles": ["qa"] if p < 3 else ["developer"]} for p in range(PEOPLE)]
    scope = {"lists": [LIST], "repos": [REPO]}
    return TeamConfig.model_validate({
        "people": people, "schedules": {"timezone": "Europe/Berlin"}, "identities": {"clickup": "900"},
        "qa_router": {"lists": [LIST]}, "github_sync": {"repos": [REPO]},
        "reports": [{"name": "daily", "scope": scope, "cadence": "daily 17:00", "channel": CHANNELS[0],
                     "focus": "Call out anything blocking the release"},
                    {"name": "weekly", "scope": scope, "cadence": "weekly fri 16:00", "channel": CHANNELS[1]}],
    })


async def remember(ctx: Any, count: int) -> dict[str, int]:
    """What pmbot would have heard before the report: moves, hand-offs, PR links, CI, merges."""
    from agents.github_sync.links import PRRecord
    from agents.qa_router.state import QAHandOff
    from agents.reports.state import Merged, MergedOn, Move, TaskMoves

    rng = random.Random(11)
    counts = {"moves": 0, "handoffs": 0}
    for t in workspace(count):
        updated = datetime.fromtimestamp(t["updated"] / 1000, UTC)
        if updated > NOW - timedelta(days=1):
            await ctx.state.save(TaskMoves([Move(to=t["status"], at=updated)]), t["id"])
            counts["moves"] += 1
        if t["status"] == "in testing":
            await ctx.state.save(QAHandOff(round=1, phase="testing", qa="1000",
                                           assigned_at=updated - timedelta(hours=rng.uniform(1, 96))), t["id"])
            counts["handoffs"] += 1
    for n in range(1, PULLS + 1):
        record = PRRecord(repo=REPO, number=n, tasks=[f"86b{n:06d}"], state="open")
        await ctx.state.save(record, f"{REPO}#{n}")
    merged = [Merged(repo=REPO, number=100 + n, title=f"merged {n}", at=NOW - timedelta(hours=n)) for n in range(8)]
    await ctx.state.save(MergedOn(merged), REPO, NOW.date().isoformat())
    counts["ci_failing"] = 0
    return counts


async def fail_ci(ctx: Any) -> int:
    """A tenth of the open PRs fail CI on their live head commit."""
    from agents.github_sync.ci import CIState

    assert ctx.code is not None
    failing = 0
    for pr in await ctx.code.open_pull_requests(REPO):
        if pr.number % 10 == 0:
            await ctx.state.save(CIState(failing={"check_suite:1": None}), f"{REPO}#{pr.number}", pr.head_sha)
            failing += 1
    return failing


async def measure(urls: dict[str, str], workdir: Path, count: int, rounds: int, sims: int,
                  freeze: bool = True) -> dict[str, Any]:
    from pydantic import SecretStr

    from agents.reports import Reports
    from agents.reports.writer import build, on_demand_window, publish
    from bot.clock import FrozenClock
    from bot.runtime import Runtime
    from bot.settings import Settings
    from integrations.events import Event

    secret = {k: SecretStr(v) for k, v in TOKENS.items()}
    settings = Settings(_env_file=None, pmbot_database_url=f"sqlite+aiosqlite:///{workdir / 'bench.db'}",  # type: ignore[call-arg]
                        clickup_api_token=secret["clickup"], clickup_team_id="9000", clickup_api_url=urls["clickup"],
                        clickup_rate_limit=10_000, github_token=secret["github"], github_api_url=urls["github"],
                        slack_bot_token=secret["slack"], slack_api_url=urls["slack"],
                        openai_api_key=secret["openai"], openai_base_url=urls["openai"], pmbot_sandbox=False)
    runtime = Runtime(settings, team_config(), clock=FrozenClock(NOW))
    await runtime.start(worker=False, scheduler=False)
    import matplotlib.figure  # noqa: F401 - counted in the start-up baseline, as in a server that drew one chart
    # What `pmbot serve` (bot/app.py) and `pmbot report` (bot/cli.py) do once started: start-up objects leave the
    # collector's full passes (gc.freeze). --no-freeze measures without it.
    if freeze:
        gc.collect()
        gc.freeze()
    started_mb = rss_mb()
    try:
        agent = next(a for a in runtime.agents if isinstance(a, Reports))
        event = Event(id="bench", source="cli", type="cli.report", occurred_at=NOW)
        ctx = runtime.context_for(agent, event)
        seeded = await remember(ctx, count)
        seeded["ci_failing"] = await fail_ci(ctx)
        results: dict[str, Any] = {"seeded": seeded, "reports": {}, "rss_started_mb": started_mb,
                                   "rss_seeded_mb": rss_mb()}
        collector = CollectorTime()
        for name in ("daily", "weekly"):
            spec = agent.cfg.get(name)
            assert spec is not None and spec.channel is not None
            rows = []
            for n in range(rounds):
                started = time.perf_counter()
                listed = len(await ctx.tracker.find_tasks(list_id=LIST))  # type: ignore[union-attr]
                baseline = time.perf_counter() - started
                started, cpu, sim_cpu = time.perf_counter(), time.process_time(), cpu_of(sims)
                gc_seconds, gc_full = collector.seconds, collector.full
                built = await build(ctx, spec, await on_demand_window(ctx, spec))
                await publish(ctx, spec, built, spec.channel, key=f"bench:{name}:{n}")
                wall = time.perf_counter() - started
                cpu, sim_cpu = time.process_time() - cpu, cpu_of(sims) - sim_cpu
                rows.append({"wall": wall, "baseline_listing": baseline, "listed": listed, "cpu": cpu,
                             "sim_cpu": sim_cpu, "gc": collector.seconds - gc_seconds,
                             "gc_full": collector.full - gc_full,
                             "tasks_in_scope": built.facts.tasks_in_scope,
                             "prompt_tokens": built.narrative.prompt_tokens, "narrative": built.narrative.source,
                             "at_risk": built.facts.section("at_risk").count,
                             "chart_bytes": len(built.chart.png) if built.chart else 0})
            results["reports"][name] = rows
        results["rss_rounds_mb"] = rss_mb("VmHWM")  # before tracemalloc, whose own bookkeeping takes memory
        tracemalloc.start()
        spec = agent.cfg.get("weekly")
        assert spec is not None
        await build(ctx, spec, await on_demand_window(ctx, spec))
        results["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        results["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return results
    finally:
        await runtime.stop()


class CollectorTime:
    """Seconds this process spent in the cyclic garbage collector (gc.callbacks), and its full passes."""

    def __init__(self) -> None:
        self.seconds, self.full, self._started = 0.0, 0, 0.0
        gc.callbacks.append(self._on)

    def _on(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.full += info["generation"] == 2


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (VmRSS) or at its peak so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, load average {load}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave start-up objects in the collector's full passes (pmbot freezes them)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.tasks)
        return 0
    print(f"machine: {machine()}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--serve", "--tasks", str(args.tasks)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdin is not None
        urls = json.loads(child.stdout.readline())
        print(f"simulators seeded with {args.tasks:,} tasks in {time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory(prefix="pmbot-bench-report-") as tmp:
            results = asyncio.run(measure(urls, Path(tmp), args.tasks, args.rounds, child.pid,
                                          freeze=not args.no_freeze))
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=30)
    print(f"seeded state: {results['seeded']}")
    ok = True
    for name, rows in results["reports"].items():
        for n, row in enumerate(rows, 1):
            print(f"{name} round {n}: {row['wall']:.2f} s (listing alone {row['baseline_listing']:.2f} s, "
                  f"ratio {row['wall'] / row['baseline_listing']:.1f}; CPU: pmbot {row['cpu']:.2f} s, of it in the "
                  f"garbage collector {row['gc']:.2f} s ({row['gc_full']} full passes), simulators "
                  f"{row['sim_cpu']:.2f} s); {row['tasks_in_scope']:,} tasks in scope, "
                  f"{row['at_risk']:,} at risk; prompt {row['prompt_tokens']:,} tokens (estimate); summary: "
                  f"{row['narrative']}; chart {row['chart_bytes']:,} bytes")
        best = min(r["wall"] for r in rows)
        tokens = max(r["prompt_tokens"] for r in rows)
        time_ok, tokens_ok = best < TARGETS["seconds"], tokens <= TARGETS["tokens"]
        ok = ok and time_ok and tokens_ok
        print(f"{name}: best {best:.2f} s {'PASS' if time_ok else 'MISS'} (< {TARGETS['seconds']} s); "
              f"prompt {tokens:,} tokens {'PASS' if tokens_ok else 'MISS'} (<= {TARGETS['tokens']:,})")
    rss = results["rss_peak_mb"]
    print(f"peak RSS of the pmbot process: {rss:.0f} MB {'PASS' if rss < TARGETS['rss_mb'] else 'MISS'} "
          f"(< {TARGETS['rss_mb']:.0f} MB; {results['rss_rounds_mb']:.0f} MB before the tracemalloc run); "
          "after start-up (runtime, clients, matplotlib imported) "
          f"{results['rss_started_mb']:.0f} MB, after seeding pmbot's state {results['rss_seeded_mb']:.0f} MB; "
          f"Python allocations peak during one weekly report (tracemalloc): {results['tracemalloc_peak_mb']:.0f} MB")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
