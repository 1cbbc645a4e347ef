"""SlackSimulator speaks the Web API the way Slack does: form, JSON or query arguments; ok=false errors."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from integrations.slack.sim.api import SlackSimulator

TOKEN = "xoxb-sim-token"


@pytest.fixture
def sim() -> Iterator[SlackSimulator]:
    simulator = SlackSimulator()
    simulator.add_user("U1", "ann", "Ann Lee", "ann@example.com")
    simulator.add_channel("C1", "general")
    simulator.start()
    yield simulator
    simulator.stop()


def test_web_api_url(sim: SlackSimulator) -> None:
    assert sim.web_api_url == f"http://127.0.0.1:{sim.port}/api/"


async def test_form_encoded_post_with_blocks_as_a_string(sim: SlackSimulator) -> None:
    web = AsyncWebClient(token=TOKEN, base_url=sim.web_api_url)
    blocks = [{"type": "divider"}]
    answer = await web.api_call("chat.postMessage", data={"channel": "C1", "text": "hi", "blocks": json.dumps(blocks)})
    assert answer["ok"] is True and answer["channel"] == "C1"
    [call] = sim.calls(path="/api/chat.postMessage")
    assert call.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert call.form == {"channel": "C1", "text": "hi", "blocks": json.dumps(blocks)}
    [message] = sim.messages("C1")
    assert message.blocks == blocks


async def test_posting_to_a_user_id_lands_in_their_dm(sim: SlackSimulator) -> None:
    web = AsyncWebClient(token=TOKEN, base_url=sim.web_api_url)
    await web.chat_postMessage(channel="U1", text="psst")
    assert [m.text for m in sim.dms("U1")] == ["psst"]
    opened = await web.conversations_open(users="U1")
    assert opened["channel"]["id"] == sim.channel_for_dm("U1")


@pytest.mark.parametrize(
    ("token", "method", "error"),
    [
        (None, "auth.test", "not_authed"),
        ("xoxb-other", "auth.test", "invalid_auth"),
        (TOKEN, "chat.delete", "unknown_method"),
        (TOKEN, "users.getPresence", "user_not_found"),
    ],
)
async def test_errors_are_ok_false_with_http_200(
    sim: SlackSimulator, token: str | None, method: str, error: str
) -> None:
    web = AsyncWebClient(token=token, base_url=sim.web_api_url)
    with pytest.raises(SlackApiError) as caught:
        await web.api_call(method, params={"user": "U404"})
    assert caught.value.response.status_code == 200
    assert caught.value.response.data == {"ok": False, "error": error}


async def test_auth_test_names_the_bot(sim: SlackSimulator) -> None:
    web = AsyncWebClient(token=TOKEN, base_url=sim.web_api_url)
    answer = await web.auth_test()
    assert (answer["user_id"], answer["bot_id"], answer["team_id"]) == ("UBOT", "BBOT", "T0SIM")


SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}


@pytest.mark.parametrize(("blocks", "error"), [
    ([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}], "invalid_blocks"),
    ([{"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}], "invalid_blocks"),
    ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}], "invalid_blocks"),
    ([{"type": "no_such_block"}], "invalid_blocks"),
    ([SECTION] * 51, "invalid_blocks"),
    ([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 2900}}] * 5, "msg_blocks_too_long"),
])
async def test_blocks_slack_refuses_are_refused_and_not_posted(
    sim: SlackSimulator, blocks: list[dict], error: str
) -> None:
    web = AsyncWebClient(token=TOKEN, base_url=sim.web_api_url)
    with pytest.raises(SlackApiError) as caught:
        await web.chat_postMessage(channel="C1", text="hi", blocks=blocks)
    assert caught.value.response["error"] == error
    assert sim.messages() == []


async def test_a_view_past_the_limits_is_refused(sim: SlackSimulator) -> None:
    web = AsyncWebClient(token=TOKEN, base_url=sim.web_api_url)
    for view in ({"type": "home", "blocks": [SECTION] * 101},
                 {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]}):
        with pytest.raises(SlackApiError) as caught:
            await web.views_publish(user_id="U1", view=view)
        assert caught.value.response["error"] == "invalid_blocks"
    await web.views_publish(user_id="U1", view={"type": "home", "blocks": [SECTION] * 100})
    assert sim.home["U1"]["blocks"] == [SECTION] * 100


async def test_it_can_be_told_to_answer_rate_limited(sim: SlackSimulator) -> None:
    web = AsyncWebClient(token=TOKEN, base_url=sim.web_api_url)
    sim.refuse_next("chat.postMessage", "rate_limited")
    with pytest.raises(SlackApiError) as caught:
        await web.chat_postMessage(channel="C1", text="hi")
    assert (caught.value.response.status_code, caught.value.response.data) == (200, {"ok": False,
                                                                                     "error": "rate_limited"})
    await web.chat_postMessage(channel="C1", text="hi")
    assert [m.text for m in sim.messages()] == ["hi"]
