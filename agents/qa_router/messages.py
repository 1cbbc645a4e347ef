"""Every user-facing string and Block Kit builder of the QA router."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from agents.common.mrkdwn import MESSAGE_TEXT, SECTION_TEXT, Mrkdwn, bounded, lines_within, link, quote, truncate
from agents.common.timefmt import age
from agents.github_sync.links import PRLink

START_ACTION = "qa.start"
REASSIGN_ACTION = "qa.reassign"
SIGNATURE = "— pmbot"
NAME_CHARS = 150
QUEUE_CHARS = 1800  # each half of `/pm qa`, so the answer stays under Slack's 4,000 characters


def task_ref(name: str, url: str | None) -> Mrkdwn:
    return link(url, name, limit=NAME_CHARS)


def names(people: list[str]) -> str:
    return ", ".join(people) if people else "unknown"


# -- tracker comments ------------------------------------------------------------------------------
def assigned_comment(qa: str) -> str:
    return f"Assigned to {qa} for testing {SIGNATURE}"


def reassigned_comment(qa: str, previous: str) -> str:
    return f"Reassigned from {previous} to {qa} for testing {SIGNATURE}"


def needs_fix_comment(developers: list[str], qa: str | None, qa_comment: str | None) -> str:
    text = f"Needs fix: back to {names(developers)}"
    if qa and qa_comment:
        text += f". {qa}'s latest comment: “{qa_comment}”"
    return f"{text} {SIGNATURE}"


# -- Slack (mrkdwn: every outside value goes through agents.common.mrkdwn) -------------------------
def pr_lines(links: list[PRLink]) -> list[Mrkdwn]:
    return [Mrkdwn("{} {}").format(link(pr.url, f"{pr.repo}#{pr.number}"), bounded(pr.title or "", NAME_CHARS)).rstrip()
            for pr in links]


def qa_dm_text(task: str, url: str | None, developers: list[str], links: list[PRLink]) -> Mrkdwn:
    prs = pr_lines(links)
    return Mrkdwn("You have a task to test: {}\nBuilt by: {}\nPull requests: {}").format(
        task_ref(task, url), names(developers), Mrkdwn(", ").join(prs) if prs else "none linked")


def qa_dm_blocks(text: str, value: str) -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": truncate(Mrkdwn(text), SECTION_TEXT)}},
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


def started_text(text: str, qa: str) -> Mrkdwn:
    # `text` is the DM pmbot sent (already built here), read back from its own state.
    return Mrkdwn("{}\n:white_check_mark: {} started testing (reminders keep running until it leaves testing).").format(
        Mrkdwn(text), qa)


def started_blocks(text: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": truncate(Mrkdwn(text), SECTION_TEXT)}}]


def reassigned_away_text(text: str, qa: str) -> Mrkdwn:
    return Mrkdwn("{}\n:arrows_counterclockwise: Reassigned to {}.").format(Mrkdwn(text), qa)


def channel_assigned(task: str, url: str | None, qa: str, developers: list[str]) -> Mrkdwn:
    return Mrkdwn("QA: {} → {} (built by {})").format(task_ref(task, url), qa, names(developers))


def nobody_available(task: str, url: str | None, ready: str) -> Mrkdwn:
    return Mrkdwn("QA: nobody is available to test {} (out of office or not a working day); "
                  "it stays in “{}”. Please pick someone.").format(task_ref(task, url), ready)


def no_transition(task: str, url: str | None, current: str, testing: str, reachable: list[str]) -> Mrkdwn:
    # `current` and `reachable` are the workflow's status names, as the tracker gave them.
    places = Mrkdwn(", ").join(Mrkdwn("“{}”").format(bounded(s, NAME_CHARS)) for s in reachable[:10]) or "nowhere"
    return Mrkdwn("QA: {} was not handed to QA: the tracker's workflow has no transition from “{}” to “{}” (from "
                  "there it can go to {}). It stays where it is. Add the transition to the workflow, or name this "
                  "workflow's statuses in the team file's `qa_router.statuses`; pmbot tries again the next time it is "
                  "ready for testing.").format(task_ref(task, url), bounded(current, NAME_CHARS), testing, places)


def reminder_text(task: str, url: str | None, waited: timedelta, count: int) -> Mrkdwn:
    return Mrkdwn("Reminder #{}: {} has been waiting for testing for {}.").format(
        count, task_ref(task, url), age(waited))


def escalation_text(task: str, url: str | None, qa: str, waited: timedelta, count: int) -> Mrkdwn:
    return Mrkdwn("QA escalation: {} has been in testing with {} for {} after {} reminder{}.").format(
        task_ref(task, url), qa, age(waited), count, "" if count == 1 else "s")


def needs_fix_dm(task: str, url: str | None, qa: str | None, qa_comment: str | None) -> Mrkdwn:
    text = Mrkdwn("{} needs a fix{}.").format(task_ref(task, url), f" (tested by {qa})" if qa else "")
    if qa_comment:
        text += Mrkdwn("\n") + quote(qa_comment)
    return text


def queue_text(waiting: Sequence[str], testing: Sequence[str], squad: str | None = None) -> Mrkdwn:
    # rows are `queue_row`s (Mrkdwn, kept as they are); a plain str row would be escaped
    title = Mrkdwn("*QA queue — {}*").format(squad) if squad else Mrkdwn("*QA queue*")
    lines = [title, Mrkdwn("Waiting for QA ({}):").format(len(waiting))]
    lines.append(lines_within((Mrkdwn("• ") + row for row in waiting), QUEUE_CHARS) if waiting else Mrkdwn("• nothing"))
    lines.append(Mrkdwn("In testing ({}):").format(len(testing)))
    lines.append(lines_within((Mrkdwn("• ") + row for row in testing), QUEUE_CHARS) if testing else Mrkdwn("• nothing"))
    return Mrkdwn("\n").join(lines)


def queues_text(queues: Sequence[Mrkdwn]) -> Mrkdwn:
    """Several routers' queues in one DM (each bounded by `queue_text`, the whole by Slack's message limit)."""
    return truncate(Mrkdwn("\n\n").join(queues), MESSAGE_TEXT)


def unknown_squad(word: str, known: str) -> Mrkdwn:
    return Mrkdwn("There is no QA router called `{}` (squads: {}).").format(word[:40], known)


def queue_row(task: str, url: str | None, assignees: list[str], waited: timedelta) -> Mrkdwn:
    return Mrkdwn("{} — {}, {}").format(task_ref(task, url), names(assignees), age(waited))


def not_yours(task: Mrkdwn) -> Mrkdwn:
    return Mrkdwn("Only the QA engineer assigned to {} can do that.").format(task)


def stale_button(task: Mrkdwn) -> Mrkdwn:
    return Mrkdwn("{} has moved on since this message; nothing to do.").format(task)
