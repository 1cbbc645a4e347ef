"""Texts in rules take `{{task.name}}`-style placeholders; unknown names are load-time errors."""

from __future__ import annotations

import re
from collections.abc import Mapping

from agents.common.mrkdwn import Mrkdwn, authored, esc

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
    """Fill the placeholders; one without a value (a task field on a schedule) becomes empty.

    For a tracker or code-host comment (plain text); Slack text is `render_mrkdwn`.
    """
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1)) or ""), text).strip()


def render_mrkdwn(text: str, values: Mapping[str, str | None]) -> Mrkdwn:
    """Fill the placeholders for Slack: the values (task names, PR titles, comments) are escaped, so an event
    cannot produce a mention, `<!channel>` or a link; the rule's own words keep only the `<@U…>`, `<#C…>` and
    http(s) links that pmbot rebuilds (a `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam…>` stays text)."""
    out: list[str] = []
    end = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(authored(text[end:match.start()]))
        out.append(esc(values.get(match.group(1)) or ""))
        end = match.end()
    out.append(authored(text[end:]))
    return Mrkdwn("".join(out)).strip()
