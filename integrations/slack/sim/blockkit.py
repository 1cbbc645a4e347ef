"""What Slack refuses in `blocks` and `view`: slack_sdk's Block Kit models plus the limits they leave out."""

from __future__ import annotations

import re
import warnings
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

# https://docs.slack.dev/reference/block-kit/blocks and chat.postMessage's `msg_blocks_too_long`.
MESSAGE_BLOCKS = 50
MESSAGE_BLOCKS_TEXT = 12_000
SECTION_FIELDS = 10
FIELD_TEXT = 2_000
# https://docs.slack.dev/reference/block-kit/composition-objects/option-object and the select menu elements:
# an option's text (and description) at most 75 characters, its value at most 150; a static menu lists 1-100
# options; `initial_option(s)` must exactly match options of the menu; `initial_user(s)` are user IDs;
# `max_selected_items` is at least 1. slack_sdk's element models do not check the options nested in a menu.
OPTIONS = 100
OPTION_TEXT = 75
OPTION_VALUE = 150
STATIC_SELECTS = ("static_select", "multi_static_select")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def text_length(value: Any) -> int:
    """The characters of every text object's `text` in blocks (what Slack counts toward `msg_blocks_too_long`)."""
    if isinstance(value, list):
        return sum(text_length(v) for v in value)
    if not isinstance(value, dict):
        return 0
    own = len(value["text"]) if isinstance(value.get("text"), str) else 0
    return own + sum(text_length(v) for k, v in value.items() if k != "text" or not isinstance(v, str))


def _block_refusal(raw: Any) -> str | None:
    if not isinstance(raw, dict):
        return "invalid_blocks"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # slack_sdk warns, then returns None, for a type it does not know
        block = Block.parse(raw)
    if block is None:
        return "invalid_blocks"
    try:
        block.to_dict()  # validates the block and, on the way down, every element and text object in it
    except (SlackObjectFormationError, TypeError, AttributeError, KeyError, ValueError):
        return "invalid_blocks"
    if any(_select_refusal(e) for e in _elements(raw)):
        return "invalid_blocks"
    fields = raw.get("fields") or []
    if raw.get("type") == "section" and (len(fields) > SECTION_FIELDS or any(
            len(str(f.get("text", ""))) > FIELD_TEXT for f in fields if isinstance(f, dict))):
        return "invalid_blocks"
    return None


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [block.get("element"), block.get("accessory"), *(block.get("elements") or [])]
    return [e for e in found if isinstance(e, dict)]


def _option_ok(option: Any) -> bool:
    if not isinstance(option, dict) or not isinstance(option.get("text"), dict):
        return False
    text, value = option["text"].get("text"), option.get("value")
    description = (option.get("description") or {}).get("text", "") if isinstance(option.get("description"),
                                                                                 dict) else ""
    return (option["text"].get("type") == "plain_text" and isinstance(text, str) and 0 < len(text) <= OPTION_TEXT
            and isinstance(value, str) and 0 < len(value) <= OPTION_VALUE and len(description) <= OPTION_TEXT)


def _select_refusal(element: dict[str, Any]) -> bool:
    """True when Slack refuses this select menu (the checks slack_sdk leaves out; see OPTIONS above)."""
    kind = element.get("type")
    if "max_selected_items" in element and not (isinstance(element["max_selected_items"], int)
                                                and element["max_selected_items"] >= 1):
        return True
    if kind in ("users_select", "multi_users_select"):
        chosen = element.get("initial_users", []) if kind == "multi_users_select" else (
            [element["initial_user"]] if "initial_user" in element else [])
        return not isinstance(chosen, list) or not all(isinstance(u, str) and USER_ID.match(u) for u in chosen)
    if kind not in STATIC_SELECTS or "option_groups" in element:
        return False
    options = element.get("options")
    if not isinstance(options, list) or not 0 < len(options) <= OPTIONS or not all(map(_option_ok, options)):
        return True
    initial = element.get("initial_options", []) if kind == "multi_static_select" else (
        [element["initial_option"]] if "initial_option" in element else [])
    return not isinstance(initial, list) or any(o not in options for o in initial)


def message_refusal(blocks: Any) -> str | None:
    """The error Slack answers a message's `blocks` with, or None when it would take them."""
    if not isinstance(blocks, list) or len(blocks) > MESSAGE_BLOCKS:
        return "invalid_blocks"
    for raw in blocks:
        if refusal := _block_refusal(raw):
            return refusal
    if text_length(blocks) > MESSAGE_BLOCKS_TEXT:
        return "msg_blocks_too_long"
    return None


def view_refusal(view: dict[str, Any]) -> str | None:
    """The error Slack answers a `view` (modal or Home tab) with, or None."""
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return "invalid_arguments"
    for raw in blocks:
        if refusal := _block_refusal(raw):
            return refusal
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            View(**view).validate_json()  # 1-100 blocks; a modal's title, submit and close
    except (SlackObjectFormationError, TypeError, AttributeError, KeyError, ValueError):
        return "invalid_blocks"
    return None
