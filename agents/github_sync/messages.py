"""Every user-facing string of the GitHub sync: tracker comments (plain text), pull request comments (GitHub
Markdown) and Slack DMs (mrkdwn)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agents.common.mrkdwn import Mrkdwn, link
from agents.common.timefmt import age
from integrations.errors import NoTransition

SIGNATURE = "— pmbot"


def pr_name(pr: dict[str, Any]) -> str:
    return f"{pr.get('repo')}#{pr.get('number')}"


def _title(pr: dict[str, Any]) -> str:
    title = str(pr.get("title") or "").strip()
    return f" “{title}”" if title else ""


def _by(pr: dict[str, Any]) -> str:
    return f" by {pr['author']}" if pr.get("author") else ""


def slack_pr(pr: dict[str, Any]) -> Mrkdwn:
    return link(pr.get("url"), f"{pr_name(pr)}{_title(pr)}")


# -- tracker comments ------------------------------------------------------------------------------
def linked_comment(pr: dict[str, Any]) -> str:
    return f"Pull request {pr_name(pr)}{_title(pr)}{_by(pr)} is linked to this task: {pr.get('url') or ''} {SIGNATURE}"


def closed_comment(pr: dict[str, Any]) -> str:
    return f"Pull request {pr_name(pr)}{_title(pr)} was closed without merging: {pr.get('url') or ''} {SIGNATURE}"


# -- pull request comments (only names the workflow gave: no task title, which could @-mention on GitHub) --------
def no_transition_comment(error: NoTransition, url: str | None) -> str:
    reachable = ", ".join(f"`{s}`" for s in error.available[:10]) or "nowhere"  # as many as the Slack message names
    where = f"[{error.task_id}]({url})" if url else f"`{error.task_id}`"
    return (f"{where} was not moved to `{error.status}`: the tracker's workflow has no transition to it from "
            f"`{error.current}` (from there it can go to {reachable}). Move it by hand, or add the transition to "
            f"the workflow. {SIGNATURE}")


# -- Slack DMs (mrkdwn: every outside value goes through agents.common.mrkdwn) -------------------
def review_requested_dm(pr: dict[str, Any], tasks: list[Mrkdwn]) -> Mrkdwn:
    text = Mrkdwn("Review requested: {}{}.").format(slack_pr(pr), _by(pr))
    if tasks:
        text += Mrkdwn(" Task: {}.").format(Mrkdwn(", ").join(tasks))
    return text


def review_reminder_dm(pr: dict[str, Any], waited: timedelta, count: int) -> Mrkdwn:
    return Mrkdwn("Reminder #{}: your review of {} has been pending for {}.").format(
        count, slack_pr(pr), age(waited, floor="h"))


def ci_failed_dm(pr: dict[str, Any], run: str, url: str | None) -> Mrkdwn:
    return Mrkdwn("CI failed on {}: {}.").format(slack_pr(pr), link(url, run))


def ci_also_failed(run: str, url: str | None) -> Mrkdwn:
    return Mrkdwn("Also failing on the same commit: {}.").format(link(url, run))


def ci_green_again(pr: dict[str, Any]) -> Mrkdwn:
    return Mrkdwn("{} is green again.").format(pr_name(pr))
