"""Every user-facing string of the GitHub sync: ClickUp comments (plain text) and Slack DMs (mrkdwn)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agents.common.timefmt import age

SIGNATURE = "— pmbot"


def pr_name(pr: dict[str, Any]) -> str:
    return f"{pr.get('repo')}#{pr.get('number')}"


def _title(pr: dict[str, Any]) -> str:
    title = str(pr.get("title") or "").strip()
    return f" “{title}”" if title else ""


def _by(pr: dict[str, Any]) -> str:
    return f" by {pr['author']}" if pr.get("author") else ""


def slack_pr(pr: dict[str, Any]) -> str:
    label = f"{pr_name(pr)}{_title(pr)}"
    return f"<{pr['url']}|{label}>" if pr.get("url") else label


# -- ClickUp comments ------------------------------------------------------------------------------
def linked_comment(pr: dict[str, Any]) -> str:
    return f"Pull request {pr_name(pr)}{_title(pr)}{_by(pr)} is linked to this task: {pr.get('url') or ''} {SIGNATURE}"


def closed_comment(pr: dict[str, Any]) -> str:
    return f"Pull request {pr_name(pr)}{_title(pr)} was closed without merging: {pr.get('url') or ''} {SIGNATURE}"


# -- Slack DMs ------------------------------------------------------------------------------------
def review_requested_dm(pr: dict[str, Any], tasks: list[str]) -> str:
    text = f"Review requested: {slack_pr(pr)}{_by(pr)}."
    if tasks:
        text += f" Task: {', '.join(tasks)}."
    return text


def review_reminder_dm(pr: dict[str, Any], waited: timedelta, count: int) -> str:
    return f"Reminder #{count}: your review of {slack_pr(pr)} has been pending for {age(waited, floor='h')}."


def ci_failed_dm(pr: dict[str, Any], run: str, url: str | None) -> str:
    link = f"<{url}|{run}>" if url else run
    return f"CI failed on {slack_pr(pr)}: {link}."


def ci_also_failed(run: str, url: str | None) -> str:
    link = f"<{url}|{run}>" if url else run
    return f"Also failing on the same commit: {link}."


def ci_green_again(pr: dict[str, Any]) -> str:
    return f"{pr_name(pr)} is green again."
