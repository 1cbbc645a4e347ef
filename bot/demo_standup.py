"""The standup's part of `pmbot demo`: a morning round through the real pipeline — the prompt with a draft
from what the QA cycle did, two answers (one with a blocker), the summary at the cut-off."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from bot.scheduler import tick_event
from integrations.slack.signing import event_body, signed_headers, slash_command_body


def _tick(demo: Any, name: str) -> None:
    """Fire a scheduler tick and wait until the worker has processed it."""
    runtime = demo.app.state.runtime
    event = tick_event(name, runtime.clock)
    asyncio.run_coroutine_threadsafe(runtime.store.enqueue([event]), demo.app.state.loop).result(timeout=15)
    demo.wait_until(lambda: any(e.id == event.id for e, _ in demo.outcomes))


def _signed_post(demo: Any, body: bytes) -> httpx.Response:
    secret = demo.settings.slack_signing_secret.get_secret_value()
    return httpx.post(f"{demo.url}/slack/events", content=body, headers=signed_headers(secret, body))


def _next(clock: Any, tz: Any, at: Any, works: Callable[[Any], bool]) -> timedelta:
    """How far to move the clock to the next `at` (local) on a day the person works."""
    now = clock.now()
    day = now.astimezone(tz).date()
    for _ in range(14):
        moment = datetime.combine(day, at, tz)
        if moment > now and works(day):
            return moment - now
        day += timedelta(days=1)
    return timedelta(0)


def standup_round(demo: Any, say: Callable[[str], Any]) -> None:
    """Prompt (with draft) → an answer by `/standup` with a blocker and one in the DM's thread → summary."""
    runtime, slack = demo.app.state.runtime, demo.sandbox.sims["slack"]
    agent = next((a for a in runtime.agents if a.name == "standup"), None)
    team = demo.team
    channel = agent.channel(team) if agent else None
    members = [p for p in team.people if {"developer", "qa"} & set(p.roles) and p.handle("slack")]
    if agent is None or not channel or not members:
        say("Standup — not configured in this team file (standup.channel or channels.standup); skipped.")
        return
    first, second = members[0], next((p for p in members[1:] if p.timezone == members[0].timezone), members[-1])
    cfg, clock = agent.cfg, runtime.clock
    clock.advance(_next(clock, first.tz, cfg.prompt_at, first.works_on))
    say(f"Standup — the sandbox clock moves to {clock.now().astimezone(first.tz):%A %H:%M} where "
        f"{first.name} and {second.name} work; the planner and the due sweep run.")
    _tick(demo, "plan_daily")
    _tick(demo, "due_sweep")
    first_id, second_id = first.handle("slack"), second.handle("slack")

    def prompt_of(user: str | None) -> Any:
        found = [m for m in slack.dms(user or "") if m.text.startswith("Good morning")]
        return found[-1] if found else None

    demo.wait_until(lambda: prompt_of(first_id) and prompt_of(second_id))
    prompt = prompt_of(first_id)
    if prompt is None:
        say("   (no prompt arrived)")
        return
    say(f"   Slack DM to {first.name}:")
    for line in prompt.text.splitlines():
        say(f"     {line}")

    say(f"   {first.name} answers with `/standup`, naming a blocker:")
    text = "done: coupon codes ready for testing next: gift cards blockers: waiting for the payment sandbox keys"
    say(f"     /standup {text}")
    body = slash_command_body("/standup", text, first_id or "", channel, trigger_id=f"{int(time.time())}.demo.1",
                              response_url=slack.response_url())
    say(f"     → {_signed_post(demo, body).status_code}; the DM is marked answered.")
    if demo.wait_until(lambda: slack.responses()):
        say("     pmbot answers ephemerally: " + slack.responses()[-1]["text"].splitlines()[0])
    parent = prompt_of(second_id)
    if parent is not None:
        say(f"   {second.name} replies in the thread of their DM: \"done: tested coupons / next: regression suite\"")
        ts = f"{time.time():.6f}"
        event = {"type": "message", "channel_type": "im", "channel": parent.channel, "user": second_id,
                 "text": "done: tested coupons\nnext: regression suite", "ts": ts, "thread_ts": parent.ts}
        body = event_body(event, event_id="Ev" + uuid.uuid4().hex[:10].upper())
        say(f"     → {_signed_post(demo, body).status_code}; pmbot confirms in the thread.")
    demo.wait_until(lambda: len([m for m in slack.dms(second_id) if m.thread_ts]) >= 1)

    team_tz = ZoneInfo(team.schedules.timezone)
    clock.advance(_next(clock, team_tz, cfg.cutoff_at, lambda day: True))
    say(f"   The cut-off: {clock.now().astimezone(team_tz):%H:%M} in {team.schedules.timezone}; "
        "the summary tick fires.")
    _tick(demo, "standup_summary")
    demo.wait_until(lambda: any(not m.thread_ts for m in slack.messages(channel)))
    for message in slack.messages(channel):
        prefix = "     ↳ " if message.thread_ts else "   "
        say(f"{prefix}Slack #{slack.channels.get(channel, channel)}: " + message.text.replace("\n", "\n" + " " * 7))
