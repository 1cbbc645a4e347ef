"""The report writer's part of `pmbot demo`: Lee types `/report daily` in the reports channel; Slack gets its
acknowledgement at once, then the daily report arrives — printed here as the channel shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from agents.reports import messages as report_messages
from bot.demo_board import board_for
from integrations.slack.signing import signed_headers, slash_command_body


def daily_report(demo: Any, say: Callable[[str], Any], *, user: str = "U0LEE") -> None:
    runtime, slack = demo.app.state.runtime, demo.sandbox.sims["slack"]
    agent = next((a for a in runtime.agents if a.name == "reports"), None)
    spec = agent.pick("daily", None, runtime.context_for(agent, _probe(runtime))) if agent else None
    channel = (spec.channel or demo.team.channels.reports) if spec else None
    if spec is None or not channel:
        say("Reports — no daily report in this team file (reports: - name: daily …); skipped.")
        return
    seen = len(slack.messages(channel))
    say(f"Reports — Lee types `/report daily` in {channel}.")
    body = slash_command_body("/report", "daily", user, channel, response_url=slack.response_url())
    secret = demo.settings.slack_signing_secret.get_secret_value()
    answer = httpx.post(f"{demo.url}/slack/events", content=body, headers=signed_headers(secret, body))
    say(f"   Slack gets its acknowledgement at once: {answer.status_code} {answer.text!r}; then, in {channel}:")
    if not demo.wait_until(lambda: len(slack.messages(channel)) > seen, timeout=30):
        say("   (no report arrived within 30 s)")
        return
    posted = slack.messages(channel)[seen]
    for line in report_messages.plain(posted.blocks or []).splitlines():
        say(f"     {line}" if line else "")
    ahead = runtime.clock.now() - datetime.now(UTC)
    if ahead > timedelta(hours=12):
        say(f"   (The demo moved pmbot's clock {ahead.days}d ahead for the reminders and the standup; the simulated "
            f"{board_for(demo.sandbox.sims).title} keeps real time, so its tasks look idle for that long.)")


def _probe(runtime: Any) -> Any:
    from integrations.events import Event

    return Event(id="demo:reports", source="cli", type="cli.demo", occurred_at=runtime.clock.now())
