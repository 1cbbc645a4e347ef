"""The rules agent's part of `pmbot demo`: a sentence becomes a rule, its dry run over what pmbot already stored,
Enable, and the rule firing on the next matching ClickUp webhook — printed as the simulators recorded it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

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
    """`/pm automate <sentence>` → the proposal DM with its dry run → Enable → a ClickUp webhook → the PUT."""
    clickup, slack = demo.sandbox.sims["clickup"], demo.sandbox.sims["slack"]
    team = demo.team
    if "backend" not in team.teams or team.person(slack="U0LEE") is None:
        say("Rules — the team file has no `teams: {backend: [...]}` or no U0LEE; skipped.")
        return
    devon, dana = team.person(clickup="102"), team.person(clickup="101")
    say(f"Rules — {devon.name if devon else '102'} marks {BEFORE} urgent in ClickUp; no rule exists yet, so "
        "nothing happens (but pmbot stores the event).")
    clickup.human_update(BEFORE, "102", priority=1)
    clickup.wait_for_webhooks()
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

    puts = lambda: [r.json for r in clickup.calls("PUT", f"/api/v2/task/{AFTER}")]  # noqa: E731
    seen = len(puts())
    say(f"   {dana.name if dana else '101'} marks {AFTER} urgent in ClickUp; the signed webhook arrives.")
    clickup.human_update(AFTER, "101", priority=1)
    demo.wait_until(lambda: len(puts()) > seen)
    clickup.wait_for_webhooks()
    for put in puts()[seen:]:
        say(f"   ClickUp recorded PUT /task/{AFTER} {put}")
    task = clickup.task(AFTER)
    assignees = ", ".join(str(a.get("username")) for a in task["assignees"]) or "nobody"
    tz = ZoneInfo(team.schedules.timezone)
    due = datetime.fromtimestamp(int(task["due_date"]) / 1000, tz) if task.get("due_date") else None
    if due is None:
        say(f"   → {AFTER} has no due date: the rule did not fire.")
        return
    say(f"   → the rule fired once: {AFTER} is assigned to {assignees}, due {due:%a %d %b %H:%M} "
        f"({team.schedules.timezone}); every write is keyed per rule × event × action, so ClickUp's taskUpdated "
        "copy of the same change does nothing more.")


def _message(slack: Any, original: Any) -> str | None:
    for message in slack.dms("U0LEE"):
        if message.ts == original.ts:
            return str(message.text)
    return None
