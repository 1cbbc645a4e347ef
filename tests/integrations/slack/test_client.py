"""SlackChat (slack_sdk's AsyncWebClient underneath) against a running SlackSimulator, over real HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from integrations.errors import AuthFailed, NotFound, PlatformRejected, RateLimited, Unavailable
from integrations.models import ChatUser, PostedMessage
from integrations.protocols import ChatClient
from integrations.sim_base import free_port
from integrations.slack.client import SlackChat
from integrations.slack.sim.api import SlackSimulator

TOKEN = "xoxb-test-1234567890-abcdef"
ANN, BOB = "U0ANN", "U0BOB"
QA = "C0QA"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def sim() -> Iterator[SlackSimulator]:
    simulator = SlackSimulator(token=TOKEN)
    simulator.add_user(ANN, "ann", "Ann Lee", "ann@example.com", tz="Europe/Berlin", status_text="On holiday",
                       status_emoji=":palm_tree:")
    simulator.add_user(BOB, "bob", "Bob Ray", "bob@example.com", tz="America/New_York", presence="away")
    simulator.add_channel(QA, "qa")
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
async def chat(sim: SlackSimulator) -> AsyncIterator[SlackChat]:
    client = SlackChat(TOKEN, base_url=sim.web_api_url, backoff=0.01)
    yield client
    await client.aclose()


def paths(sim: SlackSimulator) -> list[str]:
    return [r.path for r in sim.calls()]


def test_is_a_chat_client(chat: SlackChat) -> None:
    assert isinstance(chat, ChatClient)
    assert TOKEN not in repr(chat)


async def test_dm_opens_the_conversation_once(chat: SlackChat, sim: SlackSimulator) -> None:
    first = await chat.dm(ANN, "Standup time: what did you do yesterday?")
    second = await chat.dm(ANN, "Reminder: standup closes at 10:00.")
    channel = sim.channel_for_dm(ANN)
    assert channel is not None and channel.startswith("D")
    assert first == PostedMessage(channel=channel, ts=first.ts)
    assert second.channel == channel and second.ts > first.ts
    assert paths(sim) == ["/api/conversations.open", "/api/chat.postMessage", "/api/chat.postMessage"]
    assert sim.api_calls("conversations.open") == [{"users": ANN}]
    assert sim.api_calls("chat.postMessage") == [
        {"channel": channel, "text": "Standup time: what did you do yesterday?"},
        {"channel": channel, "text": "Reminder: standup closes at 10:00."},
    ]
    assert [m.text for m in sim.dms(ANN)] == [
        "Standup time: what did you do yesterday?",
        "Reminder: standup closes at 10:00.",
    ]
    assert sim.dms(BOB) == []
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in sim.calls())


async def test_post_in_thread_with_blocks(chat: SlackChat, sim: SlackSimulator) -> None:
    parent = await chat.post(QA, "Ready for testing: Fix login")
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Fix login* is yours"}}]
    reply = await chat.post(QA, "Assigned to Bob", thread_ts=parent.ts, blocks=blocks)
    assert reply.channel == QA
    assert sim.api_calls("chat.postMessage")[1] == {
        "channel": QA,
        "text": "Assigned to Bob",
        "thread_ts": parent.ts,
        "blocks": blocks,
    }
    [top, child] = sim.messages(QA)
    assert (top.text, top.thread_ts, top.user) == ("Ready for testing: Fix login", None, "UBOT")
    assert (child.text, child.thread_ts, child.blocks) == ("Assigned to Bob", parent.ts, blocks)


async def test_update(chat: SlackChat, sim: SlackSimulator) -> None:
    posted = await chat.post(QA, "QA queue: 3 tasks")
    updated = await chat.update(QA, posted.ts, "QA queue: 2 tasks")
    assert updated == posted
    assert sim.api_calls("chat.update") == [{"channel": QA, "ts": posted.ts, "text": "QA queue: 2 tasks"}]
    [message] = sim.messages(QA)
    assert (message.text, message.edited) == ("QA queue: 2 tasks", True)


async def test_update_of_a_missing_message_is_not_found(chat: SlackChat) -> None:
    with pytest.raises(NotFound):
        await chat.update(QA, "1.000001", "nothing here")


async def test_post_to_unknown_channel_is_not_found(chat: SlackChat) -> None:
    with pytest.raises(NotFound):
        await chat.post("C0NOPE", "hello?")


async def test_user_with_timezone_and_status(chat: SlackChat, sim: SlackSimulator) -> None:
    user = await chat.user(ANN)
    assert user == ChatUser(
        id=ANN,
        name="ann",
        real_name="Ann Lee",
        email="ann@example.com",
        tz="Europe/Berlin",
        status_text="On holiday",
        status_emoji=":palm_tree:",
    )
    assert [(r.method, r.path, r.query) for r in sim.calls()] == [("GET", "/api/users.info", {"user": [ANN]})]
    with pytest.raises(NotFound):
        await chat.user("U0NOBODY")


async def test_user_by_email(chat: SlackChat, sim: SlackSimulator) -> None:
    found = await chat.user_by_email("bob@example.com")
    assert found is not None and (found.id, found.tz, found.status_text) == (BOB, "America/New_York", None)
    assert await chat.user_by_email("nobody@example.com") is None
    assert sim.api_calls("users.lookupByEmail") == [{"email": "bob@example.com"}, {"email": "nobody@example.com"}]


async def test_presence(chat: SlackChat, sim: SlackSimulator) -> None:
    assert await chat.presence(ANN) == "active"
    assert await chat.presence(BOB) == "away"
    sim.set_presence(BOB, "active")
    assert await chat.presence(BOB) == "active"


async def test_upload_image_end_to_end(chat: SlackChat, sim: SlackSimulator) -> None:
    file_id = await chat.upload_image(QA, "burndown.png", PNG, title="Sprint burndown")
    assert paths(sim) == [
        "/api/files.getUploadURLExternal",
        f"/upload/v1/{file_id}",
        "/api/files.completeUploadExternal",
    ]
    assert sim.api_calls("files.getUploadURLExternal") == [{"filename": "burndown.png", "length": str(len(PNG))}]
    [upload] = sim.calls(path=f"/upload/v1/{file_id}")
    assert upload.body == PNG
    file = sim.files[file_id]
    assert (file.content, file.title, file.channels, file.completed) == (PNG, "Sprint burndown", [QA], True)


async def test_whoami_keeps_the_bot_id(chat: SlackChat) -> None:
    me = await chat.whoami()
    assert (me.id, me.is_bot, chat.bot_id) == ("UBOT", True, "BBOT")


async def test_rate_limit_is_waited_out(chat: SlackChat, sim: SlackSimulator) -> None:
    sim.fail_next(
        "/api/chat.postMessage", 429, headers={"Retry-After": "1"}, body={"ok": False, "error": "ratelimited"}
    )
    posted = await chat.post(QA, "after the wait")
    assert len(sim.calls("POST", "/api/chat.postMessage")) == 2
    assert [m.text for m in sim.messages(QA)] == ["after the wait"]
    assert posted.channel == QA


async def test_rate_limit_that_persists_is_raised(sim: SlackSimulator) -> None:
    limited = {"ok": False, "error": "ratelimited"}
    sim.fail_next("/api/users.info", 429, times=5, headers={"Retry-After": "1"}, body=limited)
    async with SlackChat(TOKEN, base_url=sim.web_api_url, retries=1) as chat:
        with pytest.raises(RateLimited) as caught:
            await chat.user(ANN)
    assert caught.value.retry_after == 1.0
    assert len(sim.calls("GET", "/api/users.info")) == 2


async def test_rate_limited_as_an_ok_false_answer_is_a_rate_limit(chat: SlackChat, sim: SlackSimulator) -> None:
    sim.refuse_next("chat.postMessage", "rate_limited")
    with pytest.raises(RateLimited):
        await chat.post(QA, "try again later")
    await chat.post(QA, "try again later")
    assert len(sim.calls("POST", "/api/chat.postMessage")) == 2
    assert [m.text for m in sim.messages(QA)] == ["try again later"]


async def test_invalid_token_is_auth_failed(sim: SlackSimulator) -> None:
    async with SlackChat("xoxb-wrong", base_url=sim.web_api_url) as chat:
        with pytest.raises(AuthFailed):
            await chat.whoami()
        with pytest.raises(AuthFailed):
            await chat.post(QA, "hi")
    assert sim.messages() == []


async def test_server_error_is_unavailable_after_retries(chat: SlackChat, sim: SlackSimulator) -> None:
    sim.fail_next("/api/chat.postMessage", 500, times=10, body={"ok": False, "error": "internal_error"})
    with pytest.raises(Unavailable):
        await chat.post(QA, "never lands")
    assert len(sim.calls("POST", "/api/chat.postMessage")) == 4  # the first try and 3 retries
    assert sim.messages() == []


async def test_server_error_then_success(chat: SlackChat, sim: SlackSimulator) -> None:
    sim.fail_next("/api/chat.postMessage", 503, body="upstream down")
    await chat.post(QA, "second try")
    assert len(sim.calls("POST", "/api/chat.postMessage")) == 2
    assert [m.text for m in sim.messages()] == ["second try"]


async def test_other_errors_are_platform_rejected(chat: SlackChat) -> None:
    with pytest.raises(PlatformRejected) as caught, pytest.warns(UserWarning):  # slack_sdk warns too
        await chat.post(QA, "")
    assert "no_text" in str(caught.value)


async def test_nothing_listening_is_unavailable() -> None:
    async with SlackChat(TOKEN, base_url=f"http://127.0.0.1:{free_port()}/api/", retries=1, backoff=0.01) as chat:
        with pytest.raises(Unavailable):
            await chat.presence(ANN)


async def test_no_token_or_payload_in_the_logs(chat: SlackChat, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await chat.dm(ANN, "private words 7f3a")
    await chat.user_by_email("bob@example.com")
    with pytest.raises(NotFound):
        await chat.user("U0NOBODY")
    for secret in (TOKEN, "private words 7f3a", "bob@example.com"):
        assert secret not in caplog.text
