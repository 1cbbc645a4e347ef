"""SlackWebhook: every Slack example payload, signatures, bot manners, and fuzzing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.errors import BadPayload
from integrations.protocols import WebhookSource
from integrations.slack import signing
from integrations.slack.webhook import SlackWebhook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "slack"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now_value = now

    def now(self) -> datetime:
        return self.now_value


def decode(name: str) -> Any:
    """The fixture as slack-bolt hands it to a listener as `body`."""
    text = (FIXTURES / name).read_text()
    if name.endswith(".form.txt"):
        return json.loads(parse_qs(text)["payload"][0])
    if name.endswith(".txt"):
        return {k: v[0] for k, v in parse_qs(text).items()}
    return json.loads(text)


BLOCK_ACTION = (
    "chat.action",
    "slack:action:111.222.valid:a",
    "W111",
    {"action_id": "a", "value": "click_me_123", "block_id": "b", "channel": "C111", "message_ts": "111.222",
     "trigger_id": "111.222.valid"},
)
VIEW = (
    "chat.view_submitted",
    "slack:view:V111:1596530361.3wRYuk3R",
    "W111",
    {"callback_id": "view-id", "values": {"hspI.maBWU": "test"}},
)
GLOBAL_SHORTCUT = ("chat.shortcut", "slack:shortcut:111.111.xxxxxx", "W111", {"callback_id": "test-shortcut"})
MESSAGE_SHORTCUT = (
    "chat.shortcut",
    "slack:shortcut:111.222.xxx",
    "W111",
    {"callback_id": "test-shortcut", "channel": "C111", "message_ts": "1583636382.000300"},
)

# fixture file -> [(type, id, actor, data)]
EXPECTED: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {
    "slash_command.txt": [
        (
            "chat.command",
            "slack:command:111.111.xxx",
            "W111",
            {
                "command": "/hello-world",
                "text": "Hi",
                "channel": "C111",
                "response_url": "https://hooks.slack.com/commands/T111/111/xxxxx",
                "trigger_id": "111.111.xxx",
            },
        )
    ],
    "slash_command.slack-docs.txt": [
        (
            "chat.command",
            "slack:command:13345224609.738474920.8088930838d88f008e0",
            "U2147483697",
            {
                "command": "/weather",
                "text": "94070",
                "channel": "C2147483705",
                "response_url": "https://hooks.slack.com/commands/1234/5678",
                "trigger_id": "13345224609.738474920.8088930838d88f008e0",
            },
        )
    ],
    "url_verification.json": [],
    "event_callback.app_mention.json": [
        (
            "chat.mention",
            "slack:Ev111",
            "W222",
            {"text": "<@W111> Hi there!", "channel": "C111", "ts": "1595926230.009600", "thread_ts": None},
        )
    ],
    "event_callback.app_mention.slack-docs.json": [
        (
            "chat.mention",
            "slack:Ev123ABC456",
            "U061F7AUR",
            {
                "text": "<@U0LAN0Z89> is it everything a river should be?",
                "channel": "C123ABC456",
                "ts": "1515449522.000016",
                "thread_ts": None,
            },
        )
    ],
    "event_callback.message.channel.json": [
        (
            "chat.message",
            "slack:Ev111",
            "W111",
            {
                "text": "Hello World!",
                "channel": "C111",
                "ts": "1596183880.004200",
                "thread_ts": None,
                "channel_type": "channel",
            },
        )
    ],
    "event_callback.message.channel.slack-docs.json": [
        (
            "chat.message",
            "slack:Ev123ABC456",
            "U123ABC456",
            {
                "text": "Live long and prospect.",
                "channel": "C123ABC456",
                "ts": "1355517523.000005",
                "thread_ts": None,
                "channel_type": "channel",
            },
        )
    ],
    "event_callback.message.im.json": [
        (
            "chat.direct_message",
            "slack:Ev0PV52K21",
            "U2147483697",
            {
                "text": "Hello hello can you hear me?",
                "channel": "D024BE91L",
                "ts": "1355517523.000005",
                "thread_ts": None,
            },
        )
    ],
    "event_callback.message.im.bolt-python.json": [
        (
            "chat.direct_message",
            "slack:Ev111",
            "W222",
            {
                "text": "A top-level DM, not in a thread",
                "channel": "D111",
                "ts": "1726133700.887259",
                "thread_ts": None,
            },
        )
    ],
    "event_callback.message.im.from-bot.json": [],
    "block_actions.json": [BLOCK_ACTION],
    "block_actions.form.txt": [BLOCK_ACTION],
    "block_actions.slack-docs.json": [
        (
            "chat.action",
            "slack:action:12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3:WaXA",
            "UA8RXUSPL",
            {
                "action_id": "WaXA",
                "value": "click_me_123",
                "block_id": "=qXel",
                "channel": "CBR2V3XEX",
                "message_ts": "1548261231.000200",
                "trigger_id": "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
            },
        )
    ],
    "view_submission.json": [VIEW],
    "view_submission.form.txt": [VIEW],
    "view_submission.slack-docs.json": [
        (
            "chat.view_submitted",
            "slack:view:VNHU13V36:156663117.cd33ad1f",
            "U1234567",
            {
                "callback_id": "modal-with-inputs",
                "values": {
                    "multiline.mlvalue": "This is my example inputted value",
                    "target_channel.target_select": "C123B12DE",
                },
            },
        )
    ],
    "shortcut.global.json": [GLOBAL_SHORTCUT],
    "shortcut.global.form.txt": [GLOBAL_SHORTCUT],
    "shortcut.global.slack-docs.json": [
        (
            "chat.shortcut",
            "slack:shortcut:944799105734.773906753841.38b5894552bdd4a780554ee59d1f3638",
            "UXXXXXXXXX",
            {"callback_id": "shortcut_create_task"},
        )
    ],
    "shortcut.message.json": [MESSAGE_SHORTCUT],
    "shortcut.message.form.txt": [MESSAGE_SHORTCUT],
    "shortcut.message.slack-docs.json": [
        (
            "chat.shortcut",
            "slack:shortcut:13345224609.8534564800.6f8ab1f53e13d0cd15f96106292d5536",
            "U0D15K92L",
            {"callback_id": "chirp_message", "channel": "D0LFFBKLZ", "message_ts": "1516229207.000133"},
        )
    ],
}


@pytest.fixture
def hook() -> SlackWebhook:
    return SlackWebhook(SECRET, bot_user_ids=["UBOT"], bot_ids=["BBOT"], clock=Clock())


def test_is_a_webhook_source(hook: SlackWebhook) -> None:
    assert isinstance(hook, WebhookSource)
    assert hook.name == "slack"
    assert SECRET not in repr(hook)


def test_every_fixture_has_an_expectation() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir() if p.name != "MANIFEST.txt"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(hook: SlackWebhook, name: str) -> None:
    payload = decode(name)
    events = hook.to_events({}, payload)
    assert [(e.type, e.id, e.actor, e.data) for e in events] == EXPECTED[name]
    for event in events:
        assert event.source == "slack"
        assert event.raw == payload
        assert event.occurred_at.tzinfo is not None


def test_event_time_comes_from_the_envelope(hook: SlackWebhook) -> None:
    [event] = hook.to_events({}, decode("event_callback.app_mention.json"))
    assert event.occurred_at == datetime(2020, 7, 28, 8, 50, 30, tzinfo=UTC)
    assert (event.subject.kind, event.subject.id, event.subject.container) == ("message", "1595926230.009600", "C111")


def test_command_time_comes_from_the_clock(hook: SlackWebhook) -> None:
    [event] = hook.to_events({}, decode("slash_command.txt"))
    assert event.occurred_at == NOW


def test_retries_carry_the_same_dedupe_key(hook: SlackWebhook) -> None:
    body = decode("event_callback.message.channel.json")
    first = hook.to_events({}, body)
    retry = hook.to_events({"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}, body)
    assert [e.id for e in first] == [e.id for e in retry] == ["slack:Ev111"]


def _message(**event: Any) -> dict[str, Any]:
    base = {"type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "1700000000.000100"}
    return json.loads(signing.event_body({**base, **event}, event_id="EvX", event_time=1700000000))


def test_our_own_bot_user_is_ignored(hook: SlackWebhook) -> None:
    assert hook.to_events({}, _message(user="UBOT")) == []
    assert hook.to_events({}, _message(type="app_mention", user="UBOT")) == []
    assert hook.to_events({}, _message(type="reaction_added", user="UBOT", reaction="eyes")) == []


def test_our_own_bot_id_is_ignored_on_any_event(hook: SlackWebhook) -> None:
    assert hook.to_events({}, _message(type="reaction_added", user="U9", bot_id="BBOT", reaction="x")) == []


@pytest.mark.parametrize("subtype", ["message_changed", "message_deleted", "bot_message", "channel_join"])
def test_edits_deletions_and_bot_messages_are_ignored(hook: SlackWebhook, subtype: str) -> None:
    assert hook.to_events({}, _message(subtype=subtype)) == []


def test_messages_of_other_bots_are_ignored(hook: SlackWebhook) -> None:
    assert hook.to_events({}, _message(bot_id="BOTHER", user="UOTHER")) == []


def test_thread_reply_keeps_thread_ts(hook: SlackWebhook) -> None:
    [event] = hook.to_events({}, _message(thread_ts="1699999999.000001", channel_type="group"))
    assert event.type == "chat.message"
    assert event.data["thread_ts"] == "1699999999.000001"
    assert event.data["channel_type"] == "group"


def test_reaction_added(hook: SlackWebhook) -> None:
    reaction = {
        "type": "reaction_added",
        "user": "U1",
        "reaction": "white_check_mark",
        "item_user": "U2",
        "item": {"type": "message", "channel": "C1", "ts": "1700000000.000100"},
        "event_ts": "1700000001.000200",
    }
    [event] = hook.to_events({}, json.loads(signing.event_body(reaction, event_id="EvR")))
    assert (event.type, event.id, event.actor) == ("chat.reaction_added", "slack:EvR", "U1")
    assert event.data == {"reaction": "white_check_mark", "channel": "C1", "ts": "1700000000.000100", "item_user": "U2"}


def test_team_join__the_newcomer_with_the_profile_fields_the_join_offer_reads(hook: SlackWebhook) -> None:
    user = {"id": "U5", "name": "eve", "real_name": "Eve Adams", "tz": "Europe/Lisbon", "is_bot": False,
            "deleted": False, "profile": {"real_name": "Eve Adams", "display_name": "eve", "email": "eve@example.com"}}
    [event] = hook.to_events({}, json.loads(signing.event_body({"type": "team_join", "user": user}, event_id="EvT")))
    assert (event.type, event.id, event.actor) == ("chat.member_joined", "slack:EvT", "U5")
    assert event.data == {"user": "U5", "email": "eve@example.com", "tz": "Europe/Lisbon", "name": "Eve Adams"}
    for other in ({**user, "is_bot": True}, {**user, "deleted": True}, "U5", {"name": "no id"}):
        assert hook.to_events({}, json.loads(signing.event_body({"type": "team_join", "user": other}))) == []


def test_other_events_are_passed_on_generically(hook: SlackWebhook) -> None:
    body = json.loads(signing.event_body({"type": "user_change", "user": {"id": "U5", "name": "eve"}}, event_id="EvT"))
    [event] = hook.to_events({}, body)  # `user` is an object in user_change
    assert (event.type, event.actor, event.data) == ("chat.event", "U5", {"event_type": "user_change"})
    body = json.loads(signing.event_body({"type": "channel_created", "channel": "C9"}, event_id="EvC"))
    [event] = hook.to_events({}, body)
    assert (event.type, event.id, event.data) == ("chat.event", "slack:EvC", {"event_type": "channel_created"})


def test_selects_and_view_inputs_are_flattened(hook: SlackWebhook) -> None:
    actions = [{"action_id": "pick", "block_id": "b1", "type": "static_select", "selected_option": {"value": "v2"}}]
    body = signing.block_actions_body("U1", actions, channel_id="C1", message_ts="1.2", trigger_id="t.1")
    [event] = hook.to_events({}, json.loads(parse_qs(body.decode())["payload"][0]))
    assert (event.id, event.data["value"]) == ("slack:action:t.1:pick", "v2")
    values = {
        "due": {"date": {"type": "datepicker", "selected_date": "2026-12-01"}},
        "who": {"users": {"type": "multi_users_select", "selected_users": ["U1", "U2"]}},
        "tags": {"pick": {"type": "checkboxes", "selected_options": [{"value": "a"}, {"value": "b"}]}},
        "note": {"text": {"type": "plain_text_input", "value": None}},
    }
    body = signing.view_submission_body("U1", "task_edit", values, view_id="V9", view_hash="h.1")
    [event] = hook.to_events({}, json.loads(parse_qs(body.decode())["payload"][0]))
    assert event.id == "slack:view:V9:h.1"
    assert event.data["values"] == {
        "due.date": "2026-12-01",
        "who.users": ["U1", "U2"],
        "tags.pick": ["a", "b"],
        "note.text": None,
    }


def test_one_event_per_action_and_action_ts_fallback(hook: SlackWebhook) -> None:
    payload = decode("block_actions.json")
    payload.pop("trigger_id")
    payload["actions"].append({"action_id": "c", "block_id": "b", "value": "2", "action_ts": "1596530386.0"})
    events = hook.to_events({}, payload)
    assert [e.id for e in events] == ["slack:action:1596530385.194939:a", "slack:action:1596530386.0:c"]


def test_signing_helpers_build_what_the_webhook_reads(hook: SlackWebhook) -> None:
    body = signing.slash_command_body("/pm", " standup ", "U1", "C1", trigger_id="9.9.abc")
    payload = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    [event] = hook.to_events({}, payload)
    assert (event.type, event.id, event.data["command"], event.data["text"]) == (
        "chat.command",
        "slack:command:9.9.abc",
        "/pm",
        "standup",
    )


@pytest.mark.parametrize("payload", [None, [], "text", 3, {"no": "type"}, {"type": "event_callback", "event": {}}])
def test_bad_payloads(hook: SlackWebhook, payload: Any) -> None:
    with pytest.raises(BadPayload):
        hook.to_events({}, payload)


def test_unknown_interaction_kinds_are_ignored(hook: SlackWebhook) -> None:
    assert hook.to_events({}, {"type": "view_closed", "view": {"id": "V1"}}) == []
    assert hook.to_events({}, {"type": "something_new"}) == []


# -- fuzzing ----------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
KINDS = ["event_callback", "block_actions", "view_submission", "shortcut", "message_action", "url_verification"]
slackish = st.fixed_dictionaries(
    {"type": st.sampled_from(KINDS)},
    optional={
        "event_id": json_values,
        "event_time": json_values,
        "event": st.dictionaries(st.sampled_from(["type", "user", "bot_id", "ts", "channel", "item"]), json_values),
        "actions": st.lists(st.dictionaries(st.sampled_from(["action_id", "value", "selected_option"]), json_values)),
        "view": st.dictionaries(st.sampled_from(["id", "hash", "state", "callback_id"]), json_values),
        "user": json_values,
        "trigger_id": json_values,
        "command": json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(payload=json_values | slackish)
def test_to_events_only_raises_bad_payload(payload: Any) -> None:
    hook = SlackWebhook(SECRET, clock=Clock())
    try:
        events = hook.to_events({}, payload)
    except BadPayload:
        return
    assert isinstance(events, list)
