"""The GitHub sync's part of `pmbot demo`: a pull request that references a task is merged on GitHub, and the task
moves to "ready for testing" — then on to QA — printing what the tracker recorded (ClickUp's PUTs; on Jira the
workflow's transitions, where the pull request names the issue by its key)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.demo_board import board_for, demo_task
from bot.demo_time import at_work, qa_people

TASK = "T1"
NUMBER = 1
JIRA_NUMBER = 3  # the seeded pull requests name ClickUp tasks (CU-T2): on Jira the demo opens one naming DEMO-2


def _jira_pull(demo: Any, repo: str, task: str, number: int) -> int:
    """On Jira: the seeded pull request's author opens one whose title and branch carry the issue key."""
    github = demo.sandbox.sims["github"]
    seeded = github.pull(repo, number)
    github.add_pull(repo, JIRA_NUMBER, f"{task} {seeded['title']}", seeded["user"]["login"],
                    f"feature/{task}-{seeded['head']['ref'].rsplit('/', 1)[-1]}", body=f"Closes {task}")
    return JIRA_NUMBER


def pr_merged_moves_task(demo: Any, say: Callable[..., Any], *, task: str = TASK, number: int = NUMBER) -> None:
    """Merge a PR in the GitHub simulator, deliver GitHub's signed webhook, show the linked task's moves."""
    sims = demo.sandbox.sims
    github, task = sims["github"], demo_task(sims, task)
    board = board_for(sims, task)
    repos = demo.team.section("github_sync").get("repos") or ["demo/webapp"]
    repo = repos[0]
    if board.platform == "jira":
        number = _jira_pull(demo, repo, task, number)
    pull = github.pull(repo, number)
    author, branch = pull["user"]["login"], pull["head"]["ref"]
    seen_writes, seen_comments = len(board.writes()), len(board.comments_by_pmbot())
    say(f"GitHub sync — {author}'s pull request #{number} (branch {branch}) is merged on GitHub;"
        f" task {task} is '{board.status()}'.")
    if board.platform == "jira":  # the pull request `_jira_pull` opened
        say(f"   (Its title “{pull['title']}” names the issue by key, as Jira teams do.)")
    at_work(demo, say, qa_people(demo.team), "so the QA router finds a tester at work")
    github.merge(repo, number)
    response = demo.github_delivery("pull_request", github.pull_request_payload("closed", repo, number),
                                    f"demo-github-merge-{repo}#{number}")
    say(f"   GitHub delivery (pull_request, closed, merged) → {response.status_code} {response.json()}")
    slack, channel = demo.sandbox.sims["slack"], demo.team.channels.qa
    told = len(slack.messages(channel)) if channel else 0

    def nobody() -> bool:
        return bool(channel) and any("nobody is available" in m.text for m in slack.messages(channel)[told:])

    taken = seen_writes + 1 + board.per_handoff  # the sync's move, then the QA router's hand-off
    demo.wait_until(lambda: len(board.writes()) >= taken or nobody()) or demo.wait_until(
        lambda: len(board.writes()) > seen_writes, timeout=2)
    sims[board.platform].wait_for_webhooks()
    for text in board.comments_by_pmbot()[seen_comments:]:
        say(f"   {board.title} recorded comment on {task}: {text}")
    for line in board.writes()[seen_writes:]:
        say(f"   {board.title} recorded {line}")
    handed = len(board.writes()) >= taken
    if handed:  # a simulator records a request before it applies it: the hand-off's status may be a moment behind
        demo.wait_until(lambda: board.status().lower() != "ready for testing", timeout=10)
    now = board.status()
    if handed:
        say(f"   → {task} moved to 'ready for testing' and the QA router took it from there (now '{now}').")
    elif nobody():
        say(f"   → {task} moved to '{now}', but nobody who tests works today: pmbot left it there and said so "
            f"in {channel}.")
    elif len(board.writes()) > seen_writes:
        say(f"   → {task} moved to '{now}'; the QA router did not take it.")
    else:
        say(f"   → {task} was not moved: it is already past 'ready for testing' (tasks only move forward).")
