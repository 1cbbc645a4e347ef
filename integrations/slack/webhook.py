"""Verifies Slack requests and turns what slack-bolt parsed into Events (no I/O here)."""

from __future__ import annotations

import hmac
import time
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from integrations.errors import BadPayload, InvalidSignature, Unkeyable
from integrations.events import Event, Ref
from integrations.headers import header, stable_id
from integrations.protocols import Clock
from integrations.slack.schemas import (
    Action,
    EventEnvelope,
    InnerEvent,
    Interaction,
    JoinedUser,
    SlashCommand,
    View,
    slack_ts_to_datetime,
)
from integrations.slack.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

MAX_SKEW_SECONDS = 5 * 60

# Envelope and interaction kinds pmbot knows and deliberately leaves alone (slack-bolt answers some).
IGNORED_ENVELOPES: frozenset[str] = frozenset({"url_verification", "app_rate_limited"})
IGNORED_INTERACTIONS: frozenset[str] = frozenset({"view_closed", "block_suggestion", "interactive_message"})

# Message subtypes that are edits, deletions, bot output or channel housekeeping, never requests.
IGNORED_SUBTYPES: frozenset[str] = frozenset(
    {
        "bot_message",
        "message_changed",
        "message_deleted",
        "message_replied",
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "group_join",
        "group_leave",
        "pinned_item",
        "unpinned_item",
        "ekm_access_denied",
    }
)

# Element state keys that carry a submitted value, in the order Slack's element types use them.
_SELECTED_KEYS = (
    "selected_user",
    "selected_users",
    "selected_channel",
    "selected_channels",
    "selected_conversation",
    "selected_conversations",
    "selected_date",
    "selected_time",
    "selected_date_time",
)


def _element_value(element: Any) -> Any:
    """The submitted value of one input element in `view.state.values`."""
    if not isinstance(element, dict):
        return None
    if element.get("value") is not None:
        return element["value"]
    option = element.get("selected_option")
    if isinstance(option, dict):
        return option.get("value")
    options = element.get("selected_options")
    if isinstance(options, list):
        return [o.get("value") for o in options if isinstance(o, dict)]
    for key in _SELECTED_KEYS:
        if element.get(key) is not None:
            return element[key]
    return None


def flatten_state(view: View) -> dict[str, Any]:
    """`state.values` as {"block_id.action_id": value}."""
    values = view.state.get("values")
    if not isinstance(values, dict):
        return {}
    flat: dict[str, Any] = {}
    for block_id, elements in values.items():
        if not isinstance(elements, dict):
            continue
        for action_id, element in elements.items():
            flat[f"{block_id}.{action_id}"] = _element_value(element)
    return flat


def _action_value(action: Action) -> str | None:
    if action.value is not None:
        return action.value
    return action.selected_option.value if action.selected_option else None


def _fingerprint(payload: dict[str, Any]) -> str:
    return stable_id(payload, length=16)


class SlackWebhook:
    """Slack Events API, slash commands and interactivity, as one WebhookSource."""

    name = "slack"

    def __init__(
        self,
        signing_secret: str,
        *,
        bot_user_ids: Collection[str] = (),
        bot_ids: Collection[str] = (),
        clock: Clock | None = None,
    ) -> None:
        self._secret = signing_secret
        self._bot_user_ids = frozenset(bot_user_ids)
        self._bot_ids = frozenset(bot_ids)
        self._clock = clock

    def __repr__(self) -> str:
        return f"SlackWebhook(bot_user_ids={sorted(self._bot_user_ids)}, bot_ids={sorted(self._bot_ids)})"

    def _now(self) -> datetime:
        return self._clock.now() if self._clock is not None else datetime.now(UTC)

    # -- verification ------------------------------------------------------------------------
    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        stamp = header(headers, TIMESTAMP_HEADER)
        given = header(headers, SIGNATURE_HEADER)
        if not self._secret or not stamp or not given or not isinstance(body, bytes | bytearray):
            raise InvalidSignature("missing Slack signature")
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
            raise InvalidSignature("malformed Slack request timestamp")
        now = self._clock.now().timestamp() if self._clock is not None else time.time()
        if abs(now - int(stamp)) > MAX_SKEW_SECONDS:
            # An old, correctly signed request is a replay.
            raise InvalidSignature("stale Slack request timestamp")
        expected = sign(self._secret, stamp, bytes(body))
        if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
            raise InvalidSignature("Slack signature mismatch")

    def classify(self, headers: Mapping[str, str], payload: Any) -> tuple[str, bool]:
        if not isinstance(payload, dict):
            return "?", False
        if "command" in payload and "type" not in payload:
            return str(payload.get("command")), True
        kind = str(payload.get("type") or ("ssl_check" if payload.get("ssl_check") else "?"))
        known = {"event_callback", "block_actions", "view_submission", "shortcut", "message_action", "ssl_check"}
        return kind, kind in known or kind in IGNORED_ENVELOPES or kind in IGNORED_INTERACTIONS

    def delivery_key(self, headers: Mapping[str, str], payload: Any) -> str | None:
        """None of its own: a Slack request is keyed by the event it becomes (`event_id`, a trigger id)."""
        raise Unkeyable("a Slack request is keyed by its events")

    def peek_key(self, headers: Mapping[str, str], body: bytes) -> str | None:
        raise Unkeyable("a Slack request is keyed by its events")

    # -- translation -------------------------------------------------------------------------
    def to_events(self, headers: Mapping[str, str], payload: Any) -> list[Event]:
        if not isinstance(payload, dict):
            raise BadPayload("Slack payload is not an object")
        try:
            return self._translate(payload)
        except ValidationError as exc:
            raise BadPayload(f"unexpected Slack payload shape ({exc.error_count()} errors)") from None

    def _translate(self, payload: dict[str, Any]) -> list[Event]:
        if "command" in payload and "type" not in payload:
            return [self._command(SlashCommand.model_validate(payload), payload)]
        if payload.get("ssl_check"):
            return []
        kind = payload.get("type")
        if not isinstance(kind, str):
            raise BadPayload("Slack payload has no type")
        if kind == "event_callback":
            return self._event_callback(EventEnvelope.model_validate(payload), payload)
        if kind in IGNORED_ENVELOPES or kind in IGNORED_INTERACTIONS:
            return []
        if kind == "block_actions":
            return self._block_actions(Interaction.model_validate(payload), payload)
        if kind == "view_submission":
            return self._view_submission(Interaction.model_validate(payload), payload)
        if kind in ("shortcut", "message_action"):
            return [self._shortcut(Interaction.model_validate(payload), payload)]
        return []

    def _from_us(self, user: str | None, bot_id: str | None) -> bool:
        return (user is not None and user in self._bot_user_ids) or (bot_id is not None and bot_id in self._bot_ids)

    def _event_callback(self, envelope: EventEnvelope, raw: dict[str, Any]) -> list[Event]:
        event = envelope.event
        if event is None or not envelope.event_id:
            raise BadPayload("Slack event_callback without event or event_id")
        if self._from_us(event.user, event.bot_id):
            return []
        kind = event.type or ""
        when = slack_ts_to_datetime(envelope.event_time) or slack_ts_to_datetime(event.ts) or self._now()
        subject = Ref(kind="message", id=event.ts, container=event.channel) if event.ts else None
        if kind in ("message", "app_mention"):
            # Bot manners: never answer a bot (ours or another), nor edits, deletions and housekeeping.
            if event.bot_id or (event.subtype in IGNORED_SUBTYPES):
                return []
            data = self._message_data(event)
            if kind == "app_mention":
                etype = "chat.mention"
            elif event.channel_type == "im":
                etype = "chat.direct_message"
            else:
                etype = "chat.message"
                data["channel_type"] = event.channel_type
        elif kind == "reaction_added":
            item = event.item
            etype = "chat.reaction_added"
            data = {
                "reaction": event.reaction,
                "channel": item.channel if item else None,
                "ts": item.ts if item else None,
                "item_user": event.item_user,
            }
            subject = Ref(kind="message", id=item.ts, container=item.channel) if item and item.ts else None
        elif kind == "team_join":
            user = (raw.get("event") or {}).get("user")
            joined = JoinedUser.model_validate(user if isinstance(user, dict) else {})
            if not joined.id or joined.is_bot or joined.deleted:
                return []
            profile = joined.profile
            etype, subject = "chat.member_joined", None
            data = {"user": joined.id, "email": profile.email if profile else None, "tz": joined.tz,
                    "name": (profile.real_name if profile else None) or joined.real_name or joined.name}
        elif kind == "app_home_opened":
            # Only the Home tab is pmbot's to draw; opening the Messages tab asks for nothing.
            if event.tab not in (None, "home") or not event.user:
                return []
            etype, data, subject = "chat.home_opened", {"user": event.user}, None
        else:
            etype, data = "chat.event", {"event_type": kind}
        return [
            Event(
                id=f"slack:{envelope.event_id}",
                source="slack",
                type=etype,
                occurred_at=when,
                actor=event.user,
                subject=subject,
                data=data,
                raw=raw,
            )
        ]

    @staticmethod
    def _message_data(event: InnerEvent) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": event.text or "",
            "channel": event.channel,
            "ts": event.ts,
            "thread_ts": event.thread_ts,
        }
        if event.subtype:
            data["subtype"] = event.subtype
        return data

    def _command(self, command: SlashCommand, raw: dict[str, Any]) -> Event:
        # trigger_id is unique per invocation; very old payloads lack it, so fall back to the content.
        key = command.trigger_id or _fingerprint(raw)
        return Event(
            id=f"slack:command:{key}",
            source="slack",
            type="chat.command",
            occurred_at=self._now(),
            actor=command.user_id,
            # One person's commands in one channel run in order; another person's never wait behind them.
            subject=Ref(kind="command", id=f"{command.channel_id}:{command.user_id}") if command.channel_id else None,
            data={
                "command": command.command,
                "text": (command.text or "").strip(),
                "channel": command.channel_id,
                "response_url": command.response_url,
                "trigger_id": command.trigger_id,  # opens a modal within 3 s (Agent.on_request)
            },
            raw=raw,
        )

    @staticmethod
    def _actor(interaction: Interaction) -> str | None:
        return interaction.user.id if interaction.user else None

    def _block_actions(self, interaction: Interaction, raw: dict[str, Any]) -> list[Event]:
        container = interaction.container
        channel = (interaction.channel.id if interaction.channel else None) or (
            container.channel_id if container else None
        )
        message_ts = (interaction.message.ts if interaction.message else None) or (
            container.message_ts if container else None
        )
        subject = Ref(kind="message", id=message_ts, container=channel) if message_ts else None
        events = []
        for index, action in enumerate(interaction.actions):
            key = interaction.trigger_id or action.action_ts or f"{_fingerprint(raw)}.{index}"
            events.append(
                Event(
                    id=f"slack:action:{key}:{action.action_id}",
                    source="slack",
                    type="chat.action",
                    occurred_at=slack_ts_to_datetime(action.action_ts) or self._now(),
                    actor=self._actor(interaction),
                    subject=subject,
                    data={
                        "action_id": action.action_id,
                        "value": _action_value(action),
                        "block_id": action.block_id,
                        "channel": channel,
                        "message_ts": message_ts,
                        "trigger_id": interaction.trigger_id,
                    },
                    raw=raw,
                )
            )
        return events

    def _view_submission(self, interaction: Interaction, raw: dict[str, Any]) -> list[Event]:
        view = interaction.view
        if view is None or not view.id:
            raise BadPayload("Slack view_submission without a view id")
        key = view.hash or interaction.trigger_id or _fingerprint(raw)
        return [
            Event(
                id=f"slack:view:{view.id}:{key}",
                source="slack",
                type="chat.view_submitted",
                occurred_at=self._now(),
                actor=self._actor(interaction),
                subject=Ref(kind="view", id=view.id),
                data={"callback_id": view.callback_id, "values": flatten_state(view)},
                raw=raw,
            )
        ]

    def _shortcut(self, interaction: Interaction, raw: dict[str, Any]) -> Event:
        key = interaction.trigger_id or interaction.action_ts or _fingerprint(raw)
        data: dict[str, Any] = {"callback_id": interaction.callback_id}
        subject = None
        if interaction.type == "message_action":
            channel = interaction.channel.id if interaction.channel else None
            message_ts = interaction.message_ts or (interaction.message.ts if interaction.message else None)
            data.update(channel=channel, message_ts=message_ts)
            subject = Ref(kind="message", id=message_ts, container=channel) if message_ts else None
        return Event(
            id=f"slack:shortcut:{key}",
            source="slack",
            type="chat.shortcut",
            occurred_at=slack_ts_to_datetime(interaction.action_ts) or self._now(),
            actor=self._actor(interaction),
            subject=subject,
            data=data,
            raw=raw,
        )
