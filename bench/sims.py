#!/usr/bin/env python3
"""The platform simulators in a process of their own, for the benchmarks (their CPU is not pmbot's).

    python bench/sims.py --tasks 2000     (prints one JSON line of URLs; serves until stdin closes)

ClickUp, Slack and GitHub are seeded with the example team (config/pmbot.example.yaml): its people on every
platform, list L1 with the team's statuses and tasks T0…T{n-1} ("to do"), the QA channel, the repository. Jira
(`--tracker jira` in the benchmarks) has the same people (account ids `acc-<their clickup id>`, see `bench_team`)
and project L1 (so the example team's lists name it) with the QA workflow and issues L1-1…L1-n ("To Do").
Each simulator also gets bench routes (not part of the simulated APIs):

* GET  /_sim/bench/log   the API requests recorded since the last call, each with the wall-clock time the
                         request arrived (time.time()), method, path and body;
* POST /_sim/bench/move  (ClickUp) {"task", "user", "status"}: a person changes a task's status; returns the
                         history items. No webhook is sent: the benchmark sends it, so it knows when.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import Request

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKENS = {"clickup": "pk_bench_7f1", "slack": "xoxb-bench-7f1", "github": "ghp_bench_7f1", "jira": "jira-bench-7f1"}
JIRA_EMAIL, JIRA_BOT = "pmbot@bench.invalid", "acc-pmbot"
TRACKERS = ("clickup", "jira")
STATUSES = ["to do", "in progress", "in review", "ready for testing", "in testing", "needs fix", "done", "closed"]
LIST = "L1"


def add_bench_routes(sim: Any) -> None:
    """Timestamped request log and (ClickUp) silent status moves, on the simulator's own app."""
    log: list[dict[str, Any]] = []
    lock = threading.Lock()

    async def stamp(request: Request, call_next: Any) -> Any:
        arrived = time.time()
        if not request.url.path.startswith("/_sim"):
            body = await request.body()
            with lock:
                log.append({"at": arrived, "method": request.method, "path": request.url.path,
                            "body": body.decode("utf-8", "replace")[:4000]})
        return await call_next(request)

    sim.app.middleware("http")(stamp)

    @sim.app.get("/_sim/bench/log")
    async def read_log() -> list[dict[str, Any]]:
        with lock:
            out, log[:] = list(log), []
        return out

    if hasattr(sim, "human_update"):
        @sim.app.post("/_sim/bench/move")
        async def move(request: Request) -> list[dict[str, Any]]:
            data = await request.json()
            items: list[dict[str, Any]] = sim.human_update(data["task"], data["user"], status=data["status"])
            return items


def bench_team(tracker: str = "clickup") -> Any:
    """The example team; on Jira each person's account id is `acc-<their clickup id>`."""
    from bot.config import load_team_config

    team = load_team_config(ROOT / "config" / "pmbot.example.yaml")
    if tracker != "jira":
        return team
    people = [p.model_copy(update={"ids": {**p.ids, "jira": f"acc-{p.ids['clickup']}"}}) if "clickup" in p.ids
              else p for p in team.people]
    return team.model_copy(update={"people": people})


def serve(tasks: int) -> None:
    from integrations.clickup.sim import ClickUpSimulator
    from integrations.github.sim import GitHubSimulator
    from integrations.jira.sim import JiraSimulator
    from integrations.slack.sim import SlackSimulator

    team = bench_team("jira")
    clickup = ClickUpSimulator(token=TOKENS["clickup"], team_id="9000", bot_user_id="900")
    slack = SlackSimulator(token=TOKENS["slack"])
    github = GitHubSimulator(token=TOKENS["github"])
    for person in team.people:
        if person.handle("clickup"):
            clickup.add_user(person.handle("clickup"), person.name)
        if person.handle("slack"):
            slack.add_user(person.handle("slack"), person.name.split()[0].lower(), person.name,
                           person.email or f"{person.name.split()[0].lower()}@example.com")
    clickup.add_list(LIST, "Board", STATUSES)
    clickup.add_list("L100", "Sprint", STATUSES)  # the example team's auto_answer source
    for n in range(tasks):
        clickup.add_task(f"T{n}", f"Bench task {n}", LIST, "to do", assignees=["101"])
    jira = JiraSimulator(email=JIRA_EMAIL, token=TOKENS["jira"], bot_account_id=JIRA_BOT)
    for person in team.people:
        if person.handle("jira"):
            jira.add_user(person.handle("jira"), person.name, person.email)
    jira.add_project(LIST, "Board")
    jira.add_project("L100", "Sprint")
    for n in range(tasks):
        jira.add_issue(f"{LIST}-{n + 1}", f"Bench task {n}", "To Do", assignee="acc-101")
    for channel in ("C0QA", "C0REPORTS", "C0STANDUP"):
        slack.add_channel(channel, channel.lower())
    github.add_repo("demo/webapp")
    for sim in (clickup, slack, github, jira):
        add_bench_routes(sim)
        sim.start()
    print(json.dumps({"clickup": clickup.base_url, "slack": slack.web_api_url, "github": github.base_url,
                      "clickup_root": f"http://127.0.0.1:{clickup.port}", "slack_root": f"http://127.0.0.1:{slack.port}",
                      "github_root": f"http://127.0.0.1:{github.port}", "jira": jira.base_url}), flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    for sim in (clickup, slack, github, jira):
        sim.stop()


def pmbot_settings(urls: dict[str, str], tracker: str = "clickup") -> dict[str, str]:
    """The environment that points pmbot's real clients at these simulators (one tracker: ClickUp or Jira)."""
    trackers = {
        "clickup": {"CLICKUP_API_TOKEN": TOKENS["clickup"], "CLICKUP_TEAM_ID": "9000",
                    "CLICKUP_API_URL": urls["clickup"]},
        "jira": {"JIRA_BASE_URL": urls["jira"], "JIRA_EMAIL": JIRA_EMAIL, "JIRA_API_TOKEN": TOKENS["jira"]},
    }
    return {
        **trackers[tracker],
        "SLACK_BOT_TOKEN": TOKENS["slack"], "SLACK_API_URL": urls["slack"],
        "GITHUB_TOKEN": TOKENS["github"], "GITHUB_API_URL": urls["github"],
        # ClickUp's own limit is per plan (100 to 10,000 a minute); the benchmark measures pmbot, not the plan.
        "CLICKUP_RATE_LIMIT": "1000000",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100)
    serve(parser.parse_args().tasks)
