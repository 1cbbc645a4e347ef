"""Every string and Block Kit builder of the Home tab."""

from __future__ import annotations

from typing import Any

from agents.app_home.home import Home, Item
from agents.common.mrkdwn import Mrkdwn, esc, link
from agents.common.oversight import ALL, DRY_RUN, PAUSED, SWITCH_ACTION, switch_value

Block = dict[str, Any]
STRANGER = "I don't know you yet: ask a lead to add your Slack id to pmbot's `people`."
NOTHING = "_nothing_"


def _text(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _line(item: Item) -> Mrkdwn:
    return Mrkdwn("• {}{}").format(link(item.url, item.text), f" — {item.note}" if item.note else "")


def _list(title: str, items: list[Item]) -> Block:
    body = Mrkdwn("\n").join(_line(i) for i in items) if items else Mrkdwn(NOTHING)
    return _text(Mrkdwn("*{}*\n{}").format(title, body))


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
        blocks.append(_text(Mrkdwn("Hi {}. Here is what waits for you.").format(home.person.name)))
        blocks.append(_list("To test", home.to_test))
        blocks.append(_list("To fix", home.to_fix))
        blocks.append(_list("To review", home.to_review))
        blocks.append(_list("Your reminders", home.reminders))
        if home.standup is not None:
            blocks.append(_text(Mrkdwn("*Today's standup*: {}").format(home.standup)))
        for problem in home.problems:
            warning = Mrkdwn(":warning: {}").format(problem)
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": warning}]})
    blocks.append({"type": "divider"})
    states = esc(", ".join(f"{name}: {state}" for name, state in home.agents)) or Mrkdwn(NOTHING)
    blocks.append(_text(Mrkdwn("*Agents*\n{}").format(states)))
    if home.lead:
        blocks += _switches(home)
    return {"type": "home", "callback_id": "pmbot_home", "blocks": blocks}
