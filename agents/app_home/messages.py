"""Every string and Block Kit builder of the Home tab."""

from __future__ import annotations

from typing import Any

from agents.app_home.home import Home, Item
from agents.common.absence import stretch
from agents.common.mrkdwn import (
    CONTEXT_ELEMENTS,
    SECTION_TEXT,
    VIEW_BLOCKS,
    Mrkdwn,
    bounded,
    esc,
    lines_within,
    link,
    more,
    truncate,
)
from agents.common.oversight import ALL, DRY_RUN, PAUSED, SWITCH_ACTION, switch_value
from agents.team import Absence

Block = dict[str, Any]
STRANGER = "I don't know you yet: ask a lead to add your Slack id to pmbot's `people`."
NOTHING = "_nothing_"
# What one list shows at most; the rest is "…and N more" (the tracker, GitHub and the reminders DMs have it all).
MAX_ITEMS = 25
ITEM_TEXT = 150
NOTE_TEXT = 80


def _text(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _line(item: Item) -> Mrkdwn:
    note = Mrkdwn(" — {}").format(bounded(item.note, NOTE_TEXT)) if item.note else ""
    return Mrkdwn("• {}{}").format(link(item.url, item.text, limit=ITEM_TEXT), note)


def _list(title: str, items: list[Item]) -> Block:
    head = Mrkdwn("*{}*\n").format(title)
    body = lines_within((_line(i) for i in items), SECTION_TEXT - len(head), max_lines=MAX_ITEMS) if items \
        else Mrkdwn(NOTHING)
    return _text(head + body)


def _problems(problems: list[str]) -> list[Block]:
    if not problems:
        return []
    shown = problems if len(problems) <= CONTEXT_ELEMENTS else problems[: CONTEXT_ELEMENTS - 1]
    texts = [truncate(Mrkdwn(":warning: {}").format(bounded(p, 300)), SECTION_TEXT) for p in shown]
    if len(shown) < len(problems):
        texts.append(more(len(problems) - len(shown)))
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in texts]}]


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


def away_line(away: Absence) -> Mrkdwn:
    """Out of office: pmbot's reminders, hand-offs and rule DMs leave the person alone on those days."""
    return Mrkdwn("*Out of office*: {}. pmbot does not hand you tasks or remind you then; `/pm ooo clear` removes "
                  "one you set in Slack.").format(stretch(away.from_, away.to))


def home_view(home: Home) -> dict[str, Any]:
    """The Home tab for one person."""
    blocks: list[Block] = [_header("pmbot")]
    if home.person is None:
        blocks.append(_text(STRANGER))
    else:
        blocks.append(_text(Mrkdwn("Hi {}. Here is what waits for you.").format(bounded(home.person.name, 100))))
        blocks.append(_list("To test", home.to_test))
        blocks.append(_list("To fix", home.to_fix))
        blocks.append(_list("To review", home.to_review))
        blocks.append(_list("Your reminders", home.reminders))
        if home.squads:
            blocks.append(_text(Mrkdwn("*Your squads*: {}").format(bounded(", ".join(home.squads), 300))))
        if home.standup is not None:
            blocks.append(_text(Mrkdwn("*Today's standup*: {}").format(bounded(home.standup, 200))))
        if home.away is not None:
            blocks.append(_text(away_line(home.away)))
        blocks += _problems(home.problems)
    blocks.append({"type": "divider"})
    states = esc(", ".join(f"{name}: {state}" for name, state in home.agents)) or Mrkdwn(NOTHING)
    blocks.append(_text(truncate(Mrkdwn("*Agents*\n{}").format(states), SECTION_TEXT)))
    if home.lead:
        switches = _switches(home)
        if len(blocks) + len(switches) > VIEW_BLOCKS:  # more agents than a Home tab holds: the dashboard has all
            switches = switches[: VIEW_BLOCKS - len(blocks) - 1]
            switches.append(_text("…more switches on the dashboard."))
        blocks += switches
    return {"type": "home", "callback_id": "pmbot_home", "blocks": blocks}
