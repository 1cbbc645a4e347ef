"""Texts in rules take `{{task.name}}`-style placeholders; unknown names are load-time errors."""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")
NAMES = frozenset({
    "task.name", "task.url", "task.id", "task.status", "task.priority", "task.list",
    "event.actor", "event.summary", "event.type",
    "pr.url", "pr.title", "pr.number", "pr.repo", "pr.author",
    "ci.url", "rule.name",
})
DEFAULT_TEXT = "{{event.summary}}"


def unknown(text: str) -> list[str]:
    """The placeholders in `text` that no rule can fill."""
    return [name for name in PLACEHOLDER.findall(text) if name not in NAMES]


def check_text(text: str) -> str:
    """`text`, or ValueError naming its unknown placeholders."""
    bad = unknown(text)
    if bad:
        known = ", ".join("{{" + n + "}}" for n in sorted(NAMES))
        raise ValueError(f"unknown placeholder(s) {', '.join(bad)} (known: {known})")
    return text


def render(text: str, values: Mapping[str, str | None]) -> str:
    """Fill the placeholders; one without a value (a task field on a schedule) becomes empty."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1)) or ""), text).strip()
