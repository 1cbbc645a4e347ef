#!/usr/bin/env python3
"""Worker drain: 10,000 mixed real payloads waiting in pmbot's store → processed, with the real agents.

    .venv/bin/python bench/drain.py [--payloads 10000] [--rounds 2] [--database URL] [--tracker clickup|jira|both]

The simulators run in a child process (bench/sims.py: the example team on ClickUp, Slack and GitHub). This
process is pmbot: a Runtime on a fresh SQLite file (or `--database`, a PostgreSQL URL), the example team's
agents, its real clients pointed at the simulators.

The payloads are the public examples in tests/fixtures, cycled: every ClickUp webhook, every GitHub delivery
the receiver keeps (pull requests, reviews, CI, pushes, comments), and the Slack Events API messages and
mentions (Slack's go through slack-bolt and arrive as events). Each copy gets its own delivery / history item
/ event id and one of 400 task or pull request ids (Slack messages: their own ts), so the payloads are
distinct deliveries about many subjects. They are stored as the receive path stores them (raw deliveries;
Slack events in the inbox). The auto-answerer's index of its sources is built next, untimed, as a running
pmbot has it already (`pmbot index`; otherwise the first question builds it). Then the worker starts
(`run_forever`, 16 events side by side) and the clock runs until every delivery is translated and every event
settled. Events/s = events settled / wall seconds.
Target: >= 1,000 events/s on SQLite. Most agents ignore most of these events; the per-agent counts are
printed. `--no-agents` runs the same without any agent: what translation, claims and settling alone cost.
`--tracker jira` makes Jira the tracker: the Jira webhook examples (tests/fixtures/jira) take the ClickUp ones'
place, each copy its own X-Atlassian-Webhook-Identifier, changelog / comment id and issue; `--tracker both`
alternates ClickUp and Jira rounds and prints Jira's rate as a ratio of ClickUp's measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import FIXTURES, header, load_average, loop_factory, start_sims, verdict  # noqa: E402
from sims import TRACKERS, bench_team, pmbot_settings  # noqa: E402

TARGET = 1000.0
SUBJECTS = 400
GITHUB_KINDS = ("check_suite.completed", "issue_comment.created", "pull_request.closed", "pull_request.opened",
                "pull_request.ready_for_review", "pull_request.review_requested", "pull_request.synchronize",
                "pull_request_review.submitted", "push", "workflow_run.completed")
SLACK_EVENTS = ("event_callback.app_mention.json", "event_callback.message.channel.json",
                "event_callback.message.im.json")


def jira_copy(template: dict[str, Any], n: int, subject: int) -> tuple[dict[str, str], dict[str, Any]]:
    """A Jira example made a distinct delivery about issue `subject`: (headers, payload)."""
    payload = copy.deepcopy(template)
    issue = payload["issue"]
    issue["id"] = f"{issue['id']}{subject}"
    issue["key"] = f"{issue['key'].rsplit('-', 1)[0]}-{subject + 1}"
    for part in ("changelog", "comment"):
        if isinstance(payload.get(part), dict) and payload[part].get("id"):
            payload[part]["id"] = f"{payload[part]['id']}{n}"
    return {"x-atlassian-webhook-identifier": f"drain-{n}"}, payload


def payloads(count: int, tracker: str = "clickup") -> list[tuple[str, dict[str, str], dict[str, Any]]]:
    """(source, headers, payload) × count, cycling through the fixtures, each made distinct."""
    trackers = [json.loads(p.read_text()) for p in sorted((FIXTURES / tracker).glob("webhook.*.json"))]
    github = [(k.split(".")[0], json.loads((FIXTURES / "github" / f"{k}.json").read_text())) for k in GITHUB_KINDS]
    slack = [json.loads((FIXTURES / "slack" / name).read_text()) for name in SLACK_EVENTS]
    kinds: list[tuple[str, Any]] = ([(tracker, p) for p in trackers] + [("github", p) for p in github]
                                    + [("slack", p) for p in slack])
    out = []
    for n in range(count):
        source, template = kinds[n % len(kinds)]
        subject = n % SUBJECTS
        if source == "clickup":
            payload = copy.deepcopy(template)
            payload["task_id"] = f"{payload['task_id']}{subject}"
            for item in payload.get("history_items") or []:
                item["id"] = f"{item['id']}{n}"
            out.append((source, {"content-type": "application/json"}, payload))
        elif source == "jira":
            out.append((source, *jira_copy(template, n, subject)))
        elif source == "github":
            event, payload = template[0], copy.deepcopy(template[1])
            for key in ("pull_request", "issue"):
                if isinstance(payload.get(key), dict):
                    payload[key]["number"] = 1 + subject
            if "number" in payload:
                payload["number"] = 1 + subject
            out.append((source, {"x-github-event": event, "x-github-delivery": f"drain-{n}"}, payload))
        else:
            payload = copy.deepcopy(template)
            payload["event_id"] = f"EvDrain{n}"
            payload["event"]["channel"] = "C0QA"  # a channel the Slack simulator has
            payload["event"]["ts"] = f"{1764000000 + n}.000100"
            out.append((source, {}, payload))
    return out


async def fill(runtime: Any, items: list[tuple[str, dict[str, str], dict[str, Any]]]) -> tuple[int, int]:
    """Store them as the receive path does: (deliveries stored, Slack events stored)."""
    stored = events = 0
    pending = []
    for n, (source, headers, payload) in enumerate(items):
        if source == "slack":
            found = runtime.sources["slack"].to_events({}, payload)
            events += sum(await runtime.store.inbox.put(found))
            continue
        key = runtime.sources[source].delivery_key(headers, payload)
        if key is None:
            continue  # the receive path answers it 200 and stores nothing (ignored, or pmbot's own)
        pending.append(runtime.deliveries.put(source, key, headers, json.dumps(payload).encode(), timeout=60))
        if len(pending) >= 500 or n == len(items) - 1:
            stored += sum(await asyncio.gather(*pending))
            pending = []
    stored += sum(await asyncio.gather(*pending))
    return stored, events


async def warm(runtime: Any) -> int:
    """What a running pmbot has before this backlog arrives: the auto-answerer's index of its sources (built
    on first use otherwise: `pmbot index`, or the first question). Documents indexed."""
    from datetime import UTC, datetime

    from agents.auto_answer.sources import index_source
    from integrations.events import Event

    read = 0
    for agent in runtime.agents:
        if agent.name != "auto_answer":
            continue
        ctx = runtime.context_for(agent, Event(id="cli:bench-index", source="cli", type="cli.index",
                                               occurred_at=datetime.now(UTC)))
        for src in agent.cfg.sources:
            read += (await index_source(ctx, ctx.search, src, full=True, embeddings=agent.cfg.embeddings)).read
    return read


async def one_round(urls: dict[str, str], database: str, count: int, *, agents: bool = True,
                    tracker: str = "clickup") -> dict[str, Any]:
    from sqlalchemy import func, select

    from bot.runtime import Runtime
    from bot.settings import Settings
    from bot.storage.tables import agent_runs

    env = {k.lower(): v for k, v in pmbot_settings(urls, tracker).items()}
    settings = Settings(_env_file=None, pmbot_database_url=database, pmbot_sandbox=False,  # type: ignore[call-arg]
                        pmbot_scheduler=False, pmbot_worker=False, github_webhook_secret="drain",
                        clickup_webhook_secret="drain", jira_webhook_secret="drain", slack_signing_secret="drain",
                        **env)
    runtime = Runtime(settings, bench_team(tracker), agents=None if agents else [])
    await runtime.start(worker=False, scheduler=False)
    try:
        stored, slack_events = await fill(runtime, payloads(count, tracker))
        indexed = await warm(runtime) if agents else 0
        started, cpu0 = time.perf_counter(), time.process_time()
        worker = asyncio.create_task(runtime.worker.run_forever())
        while True:
            await asyncio.sleep(0.2)
            waiting = (await runtime.deliveries.counts()).get("pending", 0)
            states = await runtime.store.inbox.counts()
            if not waiting and not states.get("pending", 0) and not states.get("processing", 0):
                break
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu0
        runtime.worker.stop()
        await worker
        async with runtime.db.connect() as conn:
            ran = dict((await conn.execute(select(agent_runs.c.agent, func.count()).group_by(agent_runs.c.agent)))
                       .all())
        settled = sum(states.values())
        return {"stored": stored, "slack": slack_events, "indexed": indexed, "events": settled, "seconds": seconds,
                "cpu": cpu, "states": states, "ran": ran, "deliveries": await runtime.deliveries.counts()}
    finally:
        await runtime.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-agents", action="store_true",
                        help="no agents at all: what translation, claims and settling alone cost")
    parser.add_argument("--database", help="a PostgreSQL URL (postgresql+asyncpg://…); default: a fresh SQLite file")
    parser.add_argument("--tracker", choices=[*TRACKERS, "both"], default="clickup",
                        help="the tracker pmbot is configured for; both: alternate rounds, Jira as a ratio of ClickUp")
    args = parser.parse_args()
    header("pmbot worker drain benchmark")
    child = start_sims(10)
    results = []
    trackers = list(TRACKERS) if args.tracker == "both" else [args.tracker]
    try:
        assert child.stdout is not None and child.stdin is not None
        urls = json.loads(child.stdout.readline())
        for rnd in range(1, args.rounds * len(trackers) + 1):
            tracker = trackers[(rnd - 1) % len(trackers)]
            with tempfile.TemporaryDirectory(prefix="pmbot-drain-") as tmp:
                database = args.database or f"sqlite+aiosqlite:///{Path(tmp) / 'drain.db'}"
                if args.database:
                    asyncio.run(_reset_postgres(args.database))
                result = asyncio.Runner(loop_factory=loop_factory()).run(one_round(
                    urls, database, args.payloads, agents=not args.no_agents, tracker=tracker))
            results.append(result | {"tracker": tracker})
            rate = result["events"] / result["seconds"]
            print(f"round {rnd} ({tracker}): {args.payloads} payloads → {result['stored']} deliveries + "
                  f"{result['slack']} Slack "
                  f"events stored ({result['indexed']} documents indexed first, untimed) → "
                  f"{result['events']} events settled in {result['seconds']:.2f} s = {rate:.0f} "
                  f"events/s (CPU {result['cpu']:.1f} s); inbox {result['states']}; deliveries "
                  f"{result['deliveries']}", flush=True)
            print(f"         agent runs: {dict(Counter(result['ran']).most_common())}")
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=30)
    rates = [r["events"] / r["seconds"] for r in results]
    print(f"\nload avg at end: {load_average()}")
    shown = [f"{x:.0f} ({r['tracker']})" for x, r in zip(rates, results, strict=True)]
    print(f"events/s per round: {', '.join(shown)}")
    if args.tracker == "both":
        pairs = [rates[i + 1] / rates[i] for i in range(0, len(rates) - 1, 2)]
        print(f"Jira / ClickUp, each pair of rounds back to back: {', '.join(f'{x:.2f}' for x in pairs)}")
    backend = "PostgreSQL" if args.database else "SQLite"
    agents = "no agents (plumbing only)" if args.no_agents else "the example team's agents"
    print(f"target: >= {TARGET:.0f} events/s on {backend} with {agents}   best {max(rates):.0f}   "
          f"{verdict(max(rates) >= TARGET)}")
    return 0


async def _reset_postgres(url: str) -> None:
    """Empty pmbot's tables in the given database (the benchmark's own database: it is wiped)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
