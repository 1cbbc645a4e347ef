"""Every string and Block Kit builder of the Home tab."""

from __future__ import annotations

from typing import Any

from agents.app_home.home import Home, Item
from agents.common.oversight import ALL, DRY_RUN, PAUSED, SWITCH_ACTION, switch_value

Block = dict[str, Any]
STRANGER = "I don't know you yet: ask a lead to add your Slack id to pmbot's `people`."
NOTHING = "_nothing_"


def _text(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _line(item: Item) -> str:
    name = f"<{item.url}|{item.text}>" if item.url else item.text
    return f"• {name}" + (f" — {item.note}" if item.note else "")


def _list(title: str, items: list[Item]) -> Block:
    body = "\n".join(_line(i) for i in items) if items else NOTHING
    return _text(f"*{title}*\n{body}")


def _button(switch: str, agent: str | None, on_now: bool) -> Block:
    label = {DRY_RUN: "dry run", PAUSED: "pause"}[switch]
    target = agent or ALL
    return {"type": "button", "action_id": f"{SWITCH_ACTION}.{switch}.{target}",
            "text": {"type": "plain_text", "text": f"{'Stop' if on_now else 'Start'} {label}"},
            "value": switch_value(switch, agent, not on_now), **({"style": "danger"} if not on_now else {})}


def _switches(home: Home) -> list[Block]:
    s = home.switches
    blocks: list[Block] = [{"type": "divider"}, _header("Switches (leads)"),
                           _text(f"*Every agent*: dry run {'on' if s.dry_run else 'off'}, "
                                 f"pause {'on' if s.paused else 'off'}"),
                           {"type": "actions", "block_id": "switches.all",
                            "elements": [_button(DRY_RUN, None, s.dry_run), _button(PAUSED, None, s.paused)]}]
    for name, _ in home.agents:
        dry, paused = s.get(DRY_RUN, name), s.get(PAUSED, name)
        blocks.append({"type": "actions", "block_id": f"switches.{name}",
                       "elements": [_button(DRY_RUN, name, dry), _button(PAUSED, name, paused)]})
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"↑ {name}"}]})
    return blocks


def home_view(home: Home) -> dict[str, Any]:
    """The Home tab for one person."""
    blocks: list[Block] = [_header("pmbot")]
    if home.person is None:
        blocks.append(_text(STRANGER))
    else:
        blocks.append(_text(f"Hi {home.person.name}. Here is what waits for you."))
        blocks.append(_list("To test", home.to_test))
        blocks.append(_list("To fix", home.to_fix))
        blocks.append(_list("To review", home.to_review))
        blocks.append(_list("Your reminders", home.reminders))
        if home.standup is not None:
            blocks.append(_text(f"*Today's standup*: {home.standup}"))
        for problem in home.problems:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f":warning: {problem}"}]})
    blocks.append({"type": "divider"})
    states = ", ".join(f"{name}: {state}" for name, state in home.agents) or NOTHING
    blocks.append(_text(f"*Agents*\n{states}"))
    if home.lead:
        blocks += _switches(home)
    return {"type": "home", "callback_id": "pmbot_home", "blocks": blocks}
