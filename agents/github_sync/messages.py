"""Every user-facing string of the GitHub sync: ClickUp comments (plain text) and Slack DMs (mrkdwn)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agents.common.mrkdwn import Mrkdwn, link
from agents.common.timefmt import age

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


# -- ClickUp comments ------------------------------------------------------------------------------
def linked_comment(pr: dict[str, Any]) -> str:
    return f"Pull request {pr_name(pr)}{_title(pr)}{_by(pr)} is linked to this task: {pr.get('url') or ''} {SIGNATURE}"


def closed_comment(pr: dict[str, Any]) -> str:
    return f"Pull request {pr_name(pr)}{_title(pr)} was closed without merging: {pr.get('url') or ''} {SIGNATURE}"


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
