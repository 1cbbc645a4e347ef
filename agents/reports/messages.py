"""Every string and Block Kit builder of the report writer: the Slack message, its plain-text twin for the
terminal, the deterministic summary, and the answers to `/report`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agents.common.mrkdwn import (
    HEADER_TEXT,
    MESSAGE_TEXT,
    SECTION_TEXT,
    Mrkdwn,
    bounded,
    cut,
    esc,
    link,
    pages,
    truncate,
    unescape,
)
from agents.common.timefmt import age
from agents.reports.facts import Facts, Item, PRItem
from agents.reports.reasons import BLOCKER, FAILING_CI, NO_ASSIGNEE, OVERDUE, STALE, WAITING_QA, PRRef, Reason

MAX_NAME = 80
TITLES = {
    "at_risk": "At risk", "completed": "Completed", "created": "Created", "in_progress": "In progress",
    "moved_to_qa": "Moved to QA", "failed_qa": "Failed QA", "overdue": "Overdue", "due_soon": "Due soon",
    "stale": "Stale", "unassigned": "Unassigned",
}
COUNTED = ("completed", "created", "in_progress", "moved_to_qa", "failed_qa", "overdue", "due_soon", "stale",
           "unassigned")
NO_MODEL = "Summary written without a model (no OPENAI_API_KEY configured)."
MODEL_FAILED = "The model could not be reached; this is the plain summary."
_LINK = re.compile(r"<([^|<>]+)\|([^<>]+)>")


def title(facts: Facts) -> str:
    return f"{facts.report.replace('_', ' ').replace('-', ' ').capitalize()} report"


def local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%a %d %b %H:%M")


def day(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%a %d %b")


def task_link(item: Item) -> Mrkdwn:
    return link(item.url, Mrkdwn("{} ({})").format(bounded(item.name, MAX_NAME), item.id))


def pr_link(pr: PRItem | PRRef) -> Mrkdwn:
    return link(pr.url, pr.id)


def reason_text(reason: Reason) -> str:
    if reason.kind == OVERDUE and reason.age is not None:
        return f"overdue by {age(reason.age, floor='h')}"
    if reason.kind == FAILING_CI:
        return "CI failing on " + ", ".join(pr_link(p) for p in reason.prs)
    if reason.kind == BLOCKER:
        return Mrkdwn("blocker at {}'s standup: “{}”").format(reason.who or "someone", reason.text or "")
    if reason.kind == WAITING_QA and reason.age is not None and reason.limit is not None:
        return f"waiting for QA {age(reason.age, floor='h')} (remind after {age(reason.limit, floor='h')})"
    if reason.kind == STALE and reason.age is not None:
        return f"no update for {age(reason.age, floor='h')}"
    if reason.kind == NO_ASSIGNEE:
        return "no assignee"
    return reason.kind


def who(item: Item) -> Mrkdwn:
    return esc(", ".join(item.assignees) if item.assignees else "nobody")


def item_line(key: str, item: Item, tz: str) -> str:
    head = f"• {task_link(item)} — {who(item)}"
    if key == "at_risk":
        return f"{head}: " + "; ".join(reason_text(r) for r in item.reasons)
    if key == "overdue" and item.age is not None:
        return f"{head}, overdue by {age(item.age, floor='h')}"
    if key == "due_soon" and item.when is not None:
        return f"{head}, due {day(item.when, tz)}"
    if key == "stale" and item.age is not None:
        return f"{head}, no update for {age(item.age, floor='h')}"
    if key == "unassigned":
        return f"• {task_link(item)}" + (f", due {day(item.when, tz)}" if item.when else "")
    return head


def more(count: int, shown: int) -> list[str]:
    return [f"…and {count - shown} more"] if count > shown else []


def section_text(facts: Facts, key: str) -> str:
    section = facts.section(key)
    lines = [f"*{TITLES[key]} ({section.count})*"]
    lines += [item_line(key, i, facts.window.tz) for i in section.items]
    return "\n".join(lines + more(section.count, len(section.items)))


def counts_line(facts: Facts) -> str:
    parts = [f"{TITLES[k]} {facts.section(k).count}" for k in COUNTED]
    parts += [f"PRs merged {facts.merged_count}", f"waiting for review {facts.waiting_count}"]
    return " · ".join(parts)


def pr_line(pr: PRItem, *, waiting: bool) -> str:
    text = Mrkdwn("• {} {} — {}").format(pr_link(pr), bounded(pr.title, MAX_NAME), pr.author or "unknown")
    if waiting:
        text += f", waiting {age(pr.age, floor='h')}" if pr.age is not None else ", waiting"
    return text


def per_assignee_text(facts: Facts) -> str:
    lines = ["*Per assignee* (open · completed)"]
    lines += [Mrkdwn("• {}: {} open, {} completed").format(name, open_, done)
              for name, open_, done in facts.per_assignee]
    return "\n".join(lines)


def window_text(facts: Facts) -> str:
    w = facts.window
    return f"{local(w.start, w.tz)} → {local(w.end, w.tz)} ({w.tz}) · {facts.tasks_in_scope} tasks in scope"


def rejected_note(names: list[str]) -> str:
    return ("The model's summary named something that is not in the facts (" + ", ".join(names[:5]) +
            "), so this is the plain summary.")


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(Mrkdwn(text), SECTION_TEXT)}}


def _sections(text: str) -> list[dict[str, Any]]:
    """Safe text as sections of whole lines, each within Slack's 3,000 characters (a long list continues in the
    next section rather than being cut)."""
    out: list[list[str]] = [[]]
    size = 0
    for line in (truncate(Mrkdwn(line), SECTION_TEXT) for line in text.split("\n")):
        if out[-1] and size + 1 + len(line) > SECTION_TEXT:
            out.append([])
            size = -1
        out[-1].append(line)
        size += 1 + len(line)
    return [_section("\n".join(lines)) for lines in out]


def report_blocks(facts: Facts, narrative: str, note: str | None) -> list[dict[str, Any]]:
    """Header, summary, window, counts, then every non-empty section with its items linked."""
    context = [window_text(facts)] + ([note] if note else [])
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(title(facts), HEADER_TEXT)}},
        *_sections(esc(narrative)),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": c} for c in context]},
        _section(counts_line(facts)),
    ]
    at_risk = facts.section("at_risk")
    blocks += _sections(section_text(facts, "at_risk") if at_risk.count else "*At risk (0)*\nNothing at risk.")
    for key in COUNTED:
        if facts.section(key).count:
            blocks += _sections(section_text(facts, key))
    if facts.per_assignee:
        blocks += _sections(per_assignee_text(facts))
    if facts.merged_count:
        lines = [f"*Pull requests merged ({facts.merged_count})*"] + [pr_line(p, waiting=False) for p in facts.merged]
        blocks += _sections("\n".join(lines + more(facts.merged_count, len(facts.merged))))
    if facts.waiting_count:
        lines = [f"*Waiting for review ({facts.waiting_count})*"]
        lines += [pr_line(p, waiting=True) for p in facts.waiting_review]
        blocks += _sections("\n".join(lines + more(facts.waiting_count, len(facts.waiting_review))))
    return blocks


def report_messages(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The report's blocks as the messages Slack takes (~12,000 characters of text each): the first is the
    report, the others continue it in its thread."""
    return pages(blocks)


def continued_text(facts: Facts, part: int, parts: int) -> str:
    return f"{title(facts)} (continued, {part}/{parts})"


def report_text(facts: Facts, narrative: str) -> str:
    """The message's `text` (notifications, clients without blocks)."""
    return truncate(Mrkdwn("{}: {}").format(title(facts), narrative), MESSAGE_TEXT)


def plain(blocks: list[dict[str, Any]]) -> str:
    """The blocks as terminal text: links become `label (url)`, mrkdwn emphasis and escapes go."""
    lines: list[str] = []
    for block in blocks:
        if block["type"] in ("header", "section"):
            texts = [block["text"]["text"]]
        elif block["type"] == "context":
            texts = [e["text"] for e in block["elements"]]
        else:
            continue
        for text in texts:
            text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text).replace("*", "")
            lines.append(unescape(text))
        if block["type"] == "header":
            lines.append("=" * len(texts[0]))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- the deterministic summary ---------------------------------------------------------------------
def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def plain_summary(facts: Facts) -> str:
    """Counts, the three most serious at-risk items with their first reason, and the pull requests."""
    s = facts.section
    text = (f"{_plural(s('completed').count, 'task')} completed, {s('created').count} created, "
            f"{s('in_progress').count} in progress, {s('moved_to_qa').count} moved to QA, "
            f"{s('failed_qa').count} failed QA.")
    risky = s("at_risk")
    if risky.count:
        top = [f"{i.name[:MAX_NAME]} ({i.id}) {_reason_plain(i.reasons[0])}" for i in risky.items[:3]]
        text += f" {_plural(risky.count, 'item')} at risk: " + "; ".join(top) + "."
    else:
        text += " Nothing is at risk."
    text += f" {_plural(facts.merged_count, 'pull request')} merged, {facts.waiting_count} waiting for review."
    return text


def _reason_plain(reason: Reason) -> str:
    if reason.kind == FAILING_CI:
        return "has CI failing on " + ", ".join(p.id for p in reason.prs)
    if reason.kind == BLOCKER:
        return "is blocked"
    text = _LINK.sub(lambda m: m.group(2), reason_text(reason))
    return f"is {text}" if reason.kind in (OVERDUE, WAITING_QA) else f"has {text}"


# -- /report ---------------------------------------------------------------------------------------
def unknown_report(word: str, names: list[str]) -> Mrkdwn:
    known = ", ".join(f"`{n}`" for n in names) or "none configured"
    return Mrkdwn("There is no report `{}`. Reports: {}.").format(word, known)


def no_report_here(names: list[str]) -> str:
    known = ", ".join(f"`{n}`" for n in names) or "none configured"
    return f"No report is posted in this channel. Name one: `/report NAME` (reports: {known})."


def chart_title(facts: Facts) -> str:
    return f"{title(facts)} — completed vs created, open work by status"


def waited(delta: timedelta) -> str:
    return age(delta, floor="h")
