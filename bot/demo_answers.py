"""The auto-answerer's part of `pmbot demo`: a question in #help answered from the handbook with a citation,
and a live-state question answered from the tracker's simulator (ClickUp's or Jira's), both as the Slack simulator
recorded them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from bot.demo_board import board_for, demo_task
from integrations.slack.signing import event_body, signed_headers

CHANNEL = "C0HELP"


def _ask(demo: Any, user: str, text: str) -> str:
    """A person posts `text` in #help; Slack delivers the message event to pmbot. Returns the message's ts."""
    slack = demo.sandbox.sims["slack"]
    posted = slack.human_message(CHANNEL, user, text)
    event = {"type": "message", "channel": CHANNEL, "channel_type": "channel", "user": user, "text": text,
             "ts": posted.ts}
    body = event_body(event)
    secret = demo.settings.slack_signing_secret.get_secret_value()
    httpx.post(f"{demo.url}/slack/events", content=body, headers=signed_headers(secret, body))
    return str(posted.ts)


def _answer(demo: Any, ts: str) -> Any:
    slack = demo.sandbox.sims["slack"]
    replies: list[Any] = []

    def found() -> bool:
        replies[:] = [m for m in slack.messages(CHANNEL) if m.thread_ts == ts and m.user == slack.bot_user_id]
        return bool(replies)

    demo.wait_until(found, timeout=30)
    return replies[0] if replies else None


def answers(demo: Any, say: Callable[..., Any]) -> None:
    """Two questions in #help: one the handbook answers, one about the tracker's current state (task T4 on
    ClickUp, issue DEMO-4 on Jira)."""
    sims = demo.sandbox.sims
    tracker = board_for(sims).title
    for step, (user, name, question) in enumerate([
        ("U0DANA", "Dana", "How many vacation days do we get?"),
        ("U0LEE", "Lee", f"Who is testing {'task ' if tracker == 'ClickUp' else ''}{demo_task(sims, 'T4')}?"),
    ]):
        prefix = "Auto-answerer — " if step == 0 else "    "
        say(f"{prefix}{name} asks in #help: “{question}”")
        reply = _answer(demo, _ask(demo, user, question))
        if reply is None:
            say("   (no answer arrived)")
            continue
        kind = "cited from the handbook" if step == 0 else f"from the {tracker} simulator, right now"
        say(f"   pmbot answers in the thread ({kind}):")
        for line in reply.text.splitlines():
            if line.strip():
                say(f"     {line}")
        buttons = [e["text"]["text"] for b in reply.blocks or [] if b["type"] == "actions" for e in b["elements"]]
        say(f"   buttons: {' '.join(buttons)}")
