"""Small pydantic models for the parts of Slack's payloads and Web API answers that pmbot reads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class _Lenient(BaseModel):
    # Slack adds fields all the time; ids occasionally arrive as numbers in hand-made payloads.
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


def _loose_str(value: Any) -> Any:
    # The same key is an id in one event and an object in another (`user` in team_join, `channel`
    # in channel_created): take the object's id, and treat any other odd value as absent.
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return None


def _object_or_none(value: Any) -> Any:
    return value if isinstance(value, dict) else None


def _dict_or_empty(value: Any) -> Any:
    return value if isinstance(value, dict) else {}


def _number_or_none(value: Any) -> Any:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _dicts_only(value: Any) -> Any:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


Str = Annotated[str | None, BeforeValidator(_loose_str)]
AsObject = BeforeValidator(_object_or_none)
Number = Annotated[float | None, BeforeValidator(_number_or_none)]


def slack_ts_to_datetime(value: Any) -> datetime | None:
    """A Slack epoch ("1595926230.009600", 1595926230) as an aware UTC datetime, or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


# -- Events API ------------------------------------------------------------------------------


class ReactionItem(_Lenient):
    """What a reaction was added to."""

    type: Str = None
    channel: Str = None
    ts: Str = None


class InnerEvent(_Lenient):
    """The `event` of an Events API envelope (message, app_mention, reaction_added ...)."""

    type: Str = None
    user: Str = None
    bot_id: Str = None
    subtype: Str = None
    channel: Str = None
    channel_type: Str = None
    text: Str = None
    ts: Str = None
    thread_ts: Str = None
    event_ts: Str = None
    reaction: Str = None
    item: Annotated[ReactionItem | None, AsObject] = None
    item_user: Str = None
    tab: Str = None  # app_home_opened: "home" or "messages"


class UserProfile(_Lenient):
    """The parts of a Slack user's `profile` pmbot reads (`email` only with the users:read.email scope)."""

    email: Str = None
    real_name: Str = None
    display_name: Str = None


class JoinedUser(_Lenient):
    """`team_join`'s `user`: a whole Slack user object, where other events carry an id."""

    id: Str = None
    name: Str = None
    real_name: Str = None
    tz: Str = None
    is_bot: bool = False
    deleted: bool = False
    profile: Annotated[UserProfile | None, AsObject] = None


class EventEnvelope(_Lenient):
    """An Events API request body (`event_callback`, `url_verification`, `app_rate_limited`)."""

    type: Str = None
    event_id: Str = None
    event_time: Number = None
    team_id: Str = None
    api_app_id: Str = None
    event: Annotated[InnerEvent | None, AsObject] = None


# -- slash commands --------------------------------------------------------------------------


class SlashCommand(_Lenient):
    """The form fields of a slash command invocation."""

    command: Annotated[str, BeforeValidator(_loose_str)]
    text: Str = None
    user_id: Str = None
    channel_id: Str = None
    trigger_id: Str = None
    response_url: Str = None
    team_id: Str = None


# -- interactivity ---------------------------------------------------------------------------


class IdOnly(_Lenient):
    """A `{"id": ...}` reference (user, channel, team)."""

    id: Str = None


class Option(_Lenient):
    """A selected option of a select menu, radio group or checkbox."""

    value: Str = None


class Action(_Lenient):
    """One element a person used in a `block_actions` payload."""

    action_id: Str = None
    block_id: Str = None
    value: Str = None
    action_ts: Str = None
    selected_option: Annotated[Option | None, AsObject] = None


class View(_Lenient):
    """A modal or home tab view, with the state of its inputs."""

    id: Str = None
    callback_id: Str = None
    hash: Str = None
    state: Annotated[dict[str, Any], BeforeValidator(_dict_or_empty)] = Field(default_factory=dict)


class Container(_Lenient):
    """Where an interactive element lives (a message, a view)."""

    type: Str = None
    message_ts: Str = None
    channel_id: Str = None
    view_id: Str = None


class MessageRef(_Lenient):
    """The message an action or message shortcut came from."""

    ts: Str = None


class Interaction(_Lenient):
    """The decoded `payload` of an interactivity request."""

    type: str
    user: Annotated[IdOnly | None, AsObject] = None
    trigger_id: Str = None
    action_ts: Str = None
    callback_id: Str = None
    actions: Annotated[list[Action], BeforeValidator(_dicts_only)] = Field(default_factory=list)
    view: Annotated[View | None, AsObject] = None
    container: Annotated[Container | None, AsObject] = None
    channel: Annotated[IdOnly | None, AsObject] = None
    message: Annotated[MessageRef | None, AsObject] = None
    message_ts: Str = None


# -- Web API answers -------------------------------------------------------------------------


class Profile(_Lenient):
    """The parts of `user.profile` pmbot reads."""

    email: Str = None
    real_name: Str = None
    display_name: Str = None
    status_text: Str = None
    status_emoji: Str = None


class UserInfo(_Lenient):
    """A user as `users.info` and `users.lookupByEmail` return it."""

    id: str
    name: Str = None
    real_name: Str = None
    tz: Str = None
    is_bot: bool = False
    deleted: bool = False
    profile: Profile = Field(default_factory=Profile)
