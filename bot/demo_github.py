"""The GitHub sync's part of `pmbot demo`: pull request #1 (branch feature/CU-T1-coupons) is merged on
GitHub, and task T1 moves to "ready for testing" — then on to QA — printing what ClickUp recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.demo_time import at_work, qa_people

TASK = "T1"
NUMBER = 1


def pr_merged_moves_task(demo: Any, say: Callable[[str], Any], *, task: str = TASK, number: int = NUMBER) -> None:
    """Merge a PR in the GitHub simulator, deliver GitHub's signed webhook, show the linked task's moves."""
    github, clickup = demo.sandbox.sims["github"], demo.sandbox.sims["clickup"]
    repos = demo.team.section("github_sync").get("repos") or ["demo/webapp"]
    repo = repos[0]
    pull = github.pull(repo, number)
    author, branch = pull["user"]["login"], pull["head"]["ref"]

    def puts() -> list[Any]:
        return [r.json for r in clickup.calls("PUT", f"/api/v2/task/{task}")]

    def comments() -> list[str]:
        return [r.json["comment_text"] for r in clickup.calls("POST", f"/api/v2/task/{task}/comment")]

    seen_puts, seen_comments = len(puts()), len(comments())
    status_before = clickup.task(task)["status"]["status"]
    say(f"GitHub sync — {author}'s pull request #{number} (branch {branch}) is merged on GitHub;"
        f" task {task} is '{status_before}'.")
    at_work(demo, say, qa_people(demo.team), "so the QA router finds a tester at work")
    github.merge(repo, number)
    response = demo.github_delivery("pull_request", github.pull_request_payload("closed", repo, number),
                                    f"demo-github-merge-{repo}#{number}")
    say(f"   GitHub delivery (pull_request, closed, merged) → {response.status_code} {response.json()}")
    slack, channel = demo.sandbox.sims["slack"], demo.team.channels.qa
    told = len(slack.messages(channel)) if channel else 0

    def nobody() -> bool:
        return bool(channel) and any("nobody is available" in m.text for m in slack.messages(channel)[told:])

    demo.wait_until(lambda: len(puts()) > seen_puts + 1 or nobody()) or demo.wait_until(
        lambda: len(puts()) > seen_puts, timeout=2)
    clickup.wait_for_webhooks()
    for text in comments()[seen_comments:]:
        say(f"   ClickUp recorded comment on {task}: {text}")
    for body in puts()[seen_puts:]:
        say(f"   ClickUp recorded PUT /task/{task} {body}")
    now = clickup.task(task)["status"]["status"]
    if len(puts()) > seen_puts + 1:
        say(f"   → {task} moved to 'ready for testing' and the QA router took it from there (now '{now}').")
    elif nobody():
        say(f"   → {task} moved to '{now}', but nobody who tests works today: pmbot left it there and said so "
            f"in {channel}.")
    elif len(puts()) > seen_puts:
        say(f"   → {task} moved to '{now}'; the QA router did not take it.")
    else:
        say(f"   → {task} was not moved: it is already past 'ready for testing' (tasks only move forward).")
