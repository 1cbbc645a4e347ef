"""What Slack refuses in `blocks` and `view`: slack_sdk's Block Kit models plus the limits they leave out."""

from __future__ import annotations

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
    fields = raw.get("fields") or []
    if raw.get("type") == "section" and (len(fields) > SECTION_FIELDS or any(
            len(str(f.get("text", ""))) > FIELD_TEXT for f in fields if isinstance(f, dict))):
        return "invalid_blocks"
    return None


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
