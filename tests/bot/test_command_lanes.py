"""A slash command waits only behind the same person's earlier commands in that channel, never behind someone
else's: one command whose `response_url` keeps failing holds nobody else's answer."""

from __future__ import annotations

from pathlib import Path

import httpx

from integrations.slack.signing import slash_command_body
from tests.agents.qa_router.qa_support import qa_team
from tests.support.platforms import sign_slack
from tests.support.server import wait_until
from tests.support.world import World, world


def slash(w: World, user: str, url: str) -> None:
    body = slash_command_body("/pm", "help", user, "C0QA", response_url=url)
    answer = httpx.post(f"{w.pmbot.url}/slack/events", content=body,
                        headers=sign_slack(body, "application/x-www-form-urlencoded"))
    assert answer.status_code == 200


def test_a_failing_command_holds_no_one_elses_in_the_channel(tmp_path: Path) -> None:
    with world(tmp_path, qa_team(), tasks=[]) as w:
        failing, fine = w.slack.response_url(), w.slack.response_url()
        w.slack.fail_next(failing.split(str(w.slack.port), 1)[1], 500, times=100)
        slash(w, "U0DANA", failing)
        slash(w, "U0LEE", fine)
        wait_until(lambda: w.slack.responses(fine), timeout=20)  # Dana's is still being retried
        (answer,) = w.slack.responses(fine)
        assert answer["text"].startswith("*pmbot commands*")
