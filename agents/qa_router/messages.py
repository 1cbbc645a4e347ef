"""Every user-facing string and Block Kit builder of the QA router."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agents.common.timefmt import age
from agents.github_sync.links import PRLink

START_ACTION = "qa.start"
REASSIGN_ACTION = "qa.reassign"
SIGNATURE = "— pmbot"


def task_ref(name: str, url: str | None) -> str:
    return f"<{url}|{name}>" if url else name


def names(people: list[str]) -> str:
    return ", ".join(people) if people else "unknown"


# -- ClickUp comments ------------------------------------------------------------------------------
def assigned_comment(qa: str) -> str:
    return f"Assigned to {qa} for testing {SIGNATURE}"


def reassigned_comment(qa: str, previous: str) -> str:
    return f"Reassigned from {previous} to {qa} for testing {SIGNATURE}"


def needs_fix_comment(developers: list[str], qa: str | None, qa_comment: str | None) -> str:
    text = f"Needs fix: back to {names(developers)}"
    if qa and qa_comment:
        text += f". {qa}'s latest comment: “{qa_comment}”"
    return f"{text} {SIGNATURE}"


# -- Slack -----------------------------------------------------------------------------------------
def pr_lines(links: list[PRLink]) -> list[str]:
    return [f"<{link.url}|{link.repo}#{link.number}> {link.title or ''}".rstrip() for link in links]


def qa_dm_text(task: str, url: str | None, developers: list[str], links: list[PRLink]) -> str:
    lines = [f"You have a task to test: {task_ref(task, url)}", f"Built by: {names(developers)}"]
    prs = pr_lines(links)
    lines.append("Pull requests: " + (", ".join(prs) if prs else "none linked"))
    return "\n".join(lines)


def qa_dm_blocks(text: str, value: str) -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "actions",
            "block_id": "qa_router",
            "elements": [
                {"type": "button", "action_id": START_ACTION, "value": value, "style": "primary",
                 "text": {"type": "plain_text", "text": "Start testing"}},
                {"type": "button", "action_id": REASSIGN_ACTION, "value": value,
                 "text": {"type": "plain_text", "text": "Reassign"}},
            ],
        },
    ]


def started_text(text: str, qa: str) -> str:
    return f"{text}\n:white_check_mark: {qa} started testing (reminders keep running until it leaves testing)."


def started_blocks(text: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def reassigned_away_text(text: str, qa: str) -> str:
    return f"{text}\n:arrows_counterclockwise: Reassigned to {qa}."


def channel_assigned(task: str, url: str | None, qa: str, developers: list[str]) -> str:
    return f"QA: {task_ref(task, url)} → {qa} (built by {names(developers)})"


def nobody_available(task: str, url: str | None, ready: str) -> str:
    return (f"QA: nobody is available to test {task_ref(task, url)} (out of office or not a working day); "
            f"it stays in “{ready}”. Please pick someone.")


def reminder_text(task: str, url: str | None, waited: timedelta, count: int) -> str:
    return f"Reminder #{count}: {task_ref(task, url)} has been waiting for testing for {age(waited)}."


def escalation_text(task: str, url: str | None, qa: str, waited: timedelta, count: int) -> str:
    return (f"QA escalation: {task_ref(task, url)} has been in testing with {qa} for {age(waited)} "
            f"after {count} reminders.")


def needs_fix_dm(task: str, url: str | None, qa: str | None, qa_comment: str | None) -> str:
    text = f"{task_ref(task, url)} needs a fix" + (f" (tested by {qa})" if qa else "") + "."
    if qa_comment:
        text += f"\n> {qa_comment}"
    return text


def queue_text(waiting: list[str], testing: list[str]) -> str:
    lines = ["*QA queue*", f"Waiting for QA ({len(waiting)}):"]
    lines += [f"• {row}" for row in waiting] or ["• nothing"]
    lines.append(f"In testing ({len(testing)}):")
    lines += [f"• {row}" for row in testing] or ["• nothing"]
    return "\n".join(lines)


def queue_row(task: str, url: str | None, assignees: list[str], waited: timedelta) -> str:
    return f"{task_ref(task, url)} — {names(assignees)}, {age(waited)}"


def not_yours(task: str) -> str:
    return f"Only the QA engineer assigned to {task} can do that."


def stale_button(task: str) -> str:
    return f"{task} has moved on since this message; nothing to do."
