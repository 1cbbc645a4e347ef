"""`pmbot demo`: a private sandbox, a scripted scenario through the real pipeline, and a printout of
what flowed and what each agent did."""

from __future__ import annotations

import hashlib
import hmac
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bot.app import create_app
from bot.config import load_team_config
from bot.demo_answers import answers
from bot.demo_board import board_for
from bot.demo_github import pr_merged_moves_task
from bot.demo_qa import qa_cycle
from bot.demo_reports import daily_report
from bot.demo_rules import rules_cycle
from bot.demo_standup import standup_round
from bot.dispatcher import Outcome
from bot.replay import describe
from bot.sandbox import Sandbox
from bot.settings import Settings
from integrations.events import Event
from integrations.sim_base import free_port


class DemoServer:
    """pmbot in sandbox mode on a free loopback port, in a background thread."""

    def __init__(self, workdir: Path, *, tracker: str | None = None) -> None:
        """`tracker`: the simulated tracker (default PMBOT_SANDBOX_TRACKER's, else ClickUp)."""
        self.port = free_port()
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            pmbot_database_url=f"sqlite+aiosqlite:///{workdir / 'demo.db'}",
            pmbot_port=self.port,
            pmbot_scheduler=False,
        )
        if tracker:
            settings = settings.updated(pmbot_sandbox_tracker=tracker)
        self.team = load_team_config(settings.pmbot_config)
        self.sandbox = Sandbox(["clickup", "jira", "slack", "github"])  # the one tracker settings name is kept
        self.settings = self.sandbox.start(settings, self.team, public_url=self.url)
        self.app = create_app(self.settings, team=self.team, sandbox=self.sandbox)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_config=None,
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.outcomes: list[tuple[Event, Outcome]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> DemoServer:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("pmbot did not start")
            time.sleep(0.02)
        self.app.state.runtime.worker.on_processed.append(lambda e, o: self.outcomes.append((e, o)))
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sandbox.stop()

    def wait_until(self, predicate: Any, timeout: float = 60.0) -> bool:
        """Poll `predicate` until it holds; False if it did not within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return False

    def settle(self, expected: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.outcomes) < expected and time.monotonic() < deadline:
            time.sleep(0.05)

    # -- things people do on the platforms ------------------------------------------------------
    def github_delivery(self, event: str, payload: dict[str, Any], delivery: str) -> httpx.Response:
        body = json.dumps(payload).encode()
        secret = self.settings.github_webhook_secret.get_secret_value()  # type: ignore[union-attr]
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery, "X-Hub-Signature-256": f"sha256={digest}",
                   "Content-Type": "application/json"}
        return httpx.post(f"{self.url}/webhooks/github", content=body, headers=headers)

    def slack_command(self, text: str, user_id: str) -> httpx.Response:
        body = httpx.QueryParams({"command": "/pm", "text": text, "user_id": user_id, "channel_id": "C0QA",
                                  "team_id": "T0DEMO", "trigger_id": f"demo.{time.time_ns()}",
                                  "response_url": self.sandbox.sims["slack"].response_url()}).__str__().encode()
        ts = str(int(time.time()))
        secret = self.settings.slack_signing_secret.get_secret_value()  # type: ignore[union-attr]
        sig = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
        headers = {"X-Slack-Signature": f"v0={sig}", "X-Slack-Request-Timestamp": ts,
                   "Content-Type": "application/x-www-form-urlencoded"}
        return httpx.post(f"{self.url}/slack/events", content=body, headers=headers)


def run_demo(*, verbose: bool = False) -> int:
    say = print
    with tempfile.TemporaryDirectory(prefix="pmbot-demo-") as tmp, DemoServer(Path(tmp)) as demo:
        board = board_for(demo.sandbox.sims)
        say(f"pmbot demo — sandbox on {demo.url}; {board.title}, Slack and GitHub are simulated.\n")
        qa_cycle(demo, say)  # steps of the QA router: ready → QA → reminder → needs fix → same QA → done
        first = demo.sandbox.sims[board.platform].sent_webhooks[0]
        say(f"6. {board.title} retries the first delivery (as it does after a timeout).")
        again = httpx.post(first.url, content=first.body, headers=first.headers).json()
        say(f"   pmbot: accepted {again['accepted']}, duplicates {again['duplicates']} — nothing is done twice.")

        processed = len(demo.outcomes)
        say("7. ", end="")
        pr_merged_moves_task(demo, say, task="T2", number=2)  # PR #2 says "Closes CU-T2"; on Jira, #3 names DEMO-2

        say("8. Lee types `/pm qa` in Slack.")
        slack = demo.sandbox.sims["slack"]
        response = demo.slack_command("qa", "U0LEE")
        say(f"   Slack gets its acknowledgement at once: {response.status_code} {response.text!r}")
        if demo.wait_until(lambda: slack.dms("U0LEE")):
            say("   Then the DM to Lee:")
            for line in slack.dms("U0LEE")[-1].text.splitlines():
                say(f"     {line}")

        say("9. ", end="")
        standup_round(demo, say)  # a morning's standup: prompt with draft, two answers, the summary

        say("10. ", end="")
        rules_cycle(demo, say)  # a sentence becomes a rule: its dry run, Enable, a firing on the next webhook

        say("11. ", end="")
        daily_report(demo, say)  # /report daily: the acknowledgement, then the report in the channel

        say("12. ", end="")
        answers(demo, say)  # a handbook question answered with a citation, a live-state question from the tracker

        demo.settle(expected=processed + 4)
        return _flow(demo, say, verbose)


def _flow(demo: DemoServer, say: Any, verbose: bool) -> int:
    """The closing printout: every event through the inbox and what each agent did."""
    say("\nWhat flowed through the inbox, and what each agent did:")
    for event, outcome in demo.outcomes:
        say("  " + describe(event, outcome))
    if verbose:
        for event, _ in demo.outcomes:
            say(f"    {event.id}: {json.dumps(event.data, default=str)[:200]}")
    say(f"\n{len(demo.outcomes)} events processed. The demo's sandbox is gone now; `make run` starts one that "
        "stays, with its dashboard at http://127.0.0.1:8000/.")
    return 0
