"""Atlassian Document Format (ADF): Jira Cloud's REST v3 takes and gives comments and descriptions as ADF
documents, not text. pmbot writes plain paragraphs and reads any document back as text."""

from __future__ import annotations

from typing import Any

# Block nodes whose text ends a line when read back (ADF's structure reference): a leaf block always (an empty
# paragraph is an empty line), a block of blocks unless its last block did.
_LEAF_BLOCKS = frozenset({"paragraph", "heading", "codeBlock", "rule"})
_OUTER_BLOCKS = frozenset({"blockquote", "listItem", "panel", "tableRow"})
# Inline nodes that carry their text in attrs rather than in a `text` field.
_INLINE_ATTRS = {"mention": "text", "emoji": "shortName", "inlineCard": "url", "status": "text", "date": "timestamp"}


def to_adf(text: str) -> dict[str, Any]:
    """A document of one paragraph per line of `text` (an empty line is an empty paragraph, as Jira's editor
    writes it; ADF refuses a text node with an empty string)."""
    paragraphs = [{"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []}
                  for line in text.split("\n")]
    return {"type": "doc", "version": 1, "content": paragraphs}


def to_text(node: Any) -> str:
    """The text of an ADF document (or of a plain string, as webhooks of older sites and API v2 send it)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    parts: list[str] = []
    _walk(node, parts)
    return "".join(parts).strip("\n")


def _walk(node: Any, out: list[str]) -> None:
    if isinstance(node, list):
        for child in node:
            _walk(child, out)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "text" and isinstance(node.get("text"), str):
        out.append(node["text"])
    elif kind == "hardBreak":
        out.append("\n")
    elif kind in _INLINE_ATTRS:
        attrs = node.get("attrs")
        value = attrs.get(_INLINE_ATTRS[kind]) if isinstance(attrs, dict) else None
        out.append(str(value) if value is not None else "")
    _walk(node.get("content"), out)
    if kind in _LEAF_BLOCKS or (kind in _OUTER_BLOCKS and not (out and out[-1].endswith("\n"))):
        out.append("\n")


def is_document(value: Any) -> bool:
    """Whether `value` has the shape of an ADF document (what Jira's v3 API checks before anything else)."""
    return (isinstance(value, dict) and value.get("type") == "doc" and value.get("version") == 1
            and isinstance(value.get("content"), list))
