"""The rules agent's part of `pmbot demo`: a sentence becomes a rule, its dry run over what pmbot already stored,
Enable, and the rule firing on the next matching tracker webhook (ClickUp's, or Jira's with its priority names) —
printed as the simulators recorded it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from bot.demo_board import board_for, demo_task, person_on
from integrations.slack.signing import block_actions_body, signed_headers

SENTENCE = "when a task is marked urgent, assign it to the backend team and set the due date to tomorrow"
BEFORE, AFTER = "T2", "T3"  # marked urgent before the rule exists (the dry run sees it), and after


def _proposal(slack: Any, user: str) -> Any:
    for message in reversed(slack.dms(user)):
        for block in message.blocks or []:
            if any(e.get("action_id") == "rules.enable" for e in block.get("elements", [])):
                return message
    return None


def rules_cycle(demo: Any, say: Callable[..., Any]) -> None:
    """`/pm automate <sentence>` → the proposal DM with its dry run → Enable → a tracker webhook → the write."""
    sims, slack = demo.sandbox.sims, demo.sandbox.sims["slack"]
    before, after = board_for(sims, demo_task(sims, BEFORE)), board_for(sims, demo_task(sims, AFTER))
    team = demo.team
    devon, dana = team.person(clickup="102"), team.person(clickup="101")
    if "backend" not in team.teams or team.person(slack="U0LEE") is None or devon is None or dana is None:
        say("Rules — the team file has no `teams: {backend: [...]}`, no U0LEE or no developers 101 and 102; skipped.")
        return
    say(f"Rules — {devon.name} marks {before.task} urgent in {before.title}; no rule exists yet, so "
        "nothing happens (but pmbot stores the event).")
    before.mark_urgent(devon.handle(before.platform) or "")
    say(f"   Lee types: /pm automate {SENTENCE}")
    response = demo.slack_command(f"automate {SENTENCE}", "U0LEE")
    say(f"   Slack gets its acknowledgement at once: {response.status_code} {response.text!r}")
    if not demo.wait_until(lambda: _proposal(slack, "U0LEE") is not None):
        say("   (no proposal arrived)")
        return
    proposal = _proposal(slack, "U0LEE")
    say("   The DM to Lee — the rule, its YAML and its dry run, with Enable / Edit / Cancel:")
    for line in proposal.text.splitlines():
        say(f"     {line}")
    draft = proposal.blocks[-1]["elements"][0]["value"]
    body = block_actions_body("U0LEE", [{"action_id": "rules.enable", "block_id": "rules", "value": draft}],
                              channel_id=proposal.channel, message_ts=proposal.ts)
    secret = demo.settings.slack_signing_secret.get_secret_value()
    clicked = httpx.post(f"{demo.url}/slack/events", content=body, headers=signed_headers(secret, body))
    say(f"   Lee presses Enable ({clicked.status_code}).")
    demo.wait_until(lambda: "Enabled by" in (_message(slack, proposal) or ""))
    say(f"   The DM now ends: {(_message(slack, proposal) or '').splitlines()[-1]}")

    seen = len(after.writes())
    say(f"   {dana.name} marks {after.task} urgent in {after.title}; the signed webhook arrives.")
    after.mark_urgent(dana.handle(after.platform) or "")
    demo.wait_until(lambda: len(after.writes()) > seen and after.due(ZoneInfo("UTC")) is not None)
    sims[after.platform].wait_for_webhooks()
    for line in after.writes()[seen:]:
        say(f"   {after.title} recorded {line}")
    people = [person_on(team, after, a) for a in after.assignees()]
    assignees = ", ".join(p.name for p in people if p) or "nobody"
    due = after.due(ZoneInfo(team.schedules.timezone))
    if due is None:
        say(f"   → {after.task} has no due date: the rule did not fire.")
        return
    copy = "ClickUp's taskUpdated copy" if after.platform == "clickup" else "the webhook its own write sets off"
    say(f"   → the rule fired once: {after.task} is assigned to {assignees}, due {due}; every write is keyed per "
        f"rule × event × action, so {copy} of the same change does nothing more.")


def _message(slack: Any, original: Any) -> str | None:
    for message in slack.dms("U0LEE"):
        if message.ts == original.ts:
            return str(message.text)
    return None
