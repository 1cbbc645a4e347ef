"""SlackChat: the ChatClient on slack_sdk's AsyncWebClient, with Slack errors translated at the edge."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
from pydantic import ValidationError
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from integrations.errors import (
    AuthFailed,
    IntegrationError,
    NotFound,
    PlatformRejected,
    RateLimited,
    Unavailable,
)
from integrations.headers import retry_after
from integrations.models import ChatUser, PostedMessage
from integrations.sessions import LoopSession
from integrations.slack.schemas import UserInfo

log = logging.getLogger("pmbot.slack.client")

AUTH_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})
NOT_FOUND_ERRORS = frozenset(
    {"channel_not_found", "user_not_found", "users_not_found", "message_not_found", "file_not_found"}
)
# `ratelimited` comes with HTTP 429; `rate_limited` (chat.postMessage's error enum) is an `ok: false` with HTTP 200.
RATE_LIMIT_ERRORS = frozenset({"ratelimited", "rate_limited"})
TRANSIENT_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
PRESENCES = ("active", "away")


def _sdk_logger() -> logging.Logger:
    # slack_sdk logs whole request and response bodies (message text, emails) whenever its logger's
    # own level is <= DEBUG, and an unset level (0) counts; pin it above DEBUG to keep them out of logs.
    logger = logging.getLogger("pmbot.slack.sdk")
    if logger.level <= logging.DEBUG:
        logger.setLevel(logging.INFO)
    return logger


def _retry_after(headers: Any, default: float = 1.0) -> float:
    wait = retry_after(headers)
    return default if wait is None else wait


def translate(method: str, exc: SlackApiError) -> IntegrationError:
    """The integrations error that says what to do about a failed Web API call."""
    response = exc.response
    status = getattr(response, "status_code", None) or 0
    data = getattr(response, "data", None)
    code = data.get("error") if isinstance(data, dict) else None
    if status == 429 or code in RATE_LIMIT_ERRORS:
        return RateLimited(_retry_after(getattr(response, "headers", None)), f"slack {method}: rate limited")
    if code in AUTH_ERRORS or status in (401, 403) and not code:
        return AuthFailed(f"slack {method}: {code or status}")
    if code in NOT_FOUND_ERRORS:
        return NotFound(f"slack {method}: {code}")
    if status >= 500 or code in TRANSIENT_ERRORS:
        return Unavailable(f"slack {method}: {code or f'HTTP {status}'}")
    return PlatformRejected(f"slack {method}: {code or f'HTTP {status}'}")


def _chat_user(raw: Any) -> ChatUser:
    try:
        info = UserInfo.model_validate(raw)
    except ValidationError:
        raise PlatformRejected("slack: unexpected user object") from None
    profile = info.profile
    return ChatUser(
        id=info.id,
        name=info.name,
        real_name=info.real_name or profile.real_name,
        email=profile.email,
        tz=info.tz,
        is_bot=info.is_bot,
        deleted=info.deleted,
        status_text=profile.status_text or None,
        status_emoji=profile.status_emoji or None,
    )


class ListedChatUser(ChatUser):
    """A user as `users.list` lists them: also the display name people pick for themselves."""

    display_name: str | None = None


class SlackChat:
    """The ChatClient for Slack's Web API (or any server that speaks it, such as SlackSimulator)."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = "https://slack.com/api/",
        retries: int = 3,
        backoff: float = 0.5,
        timeout: int = 30,
    ) -> None:
        interval = BackoffRetryIntervalCalculator(backoff_factor=backoff)
        self._web = AsyncWebClient(
            token=token,
            base_url=base_url,
            timeout=timeout,
            logger=_sdk_logger(),
            retry_handlers=[
                AsyncRateLimitErrorRetryHandler(max_retry_count=retries),  # sleeps for Retry-After
                AsyncServerErrorRetryHandler(max_retry_count=retries, interval_calculator=interval),
                AsyncConnectionErrorRetryHandler(max_retry_count=retries, interval_calculator=interval),
            ],
        )
        self.base_url = self._web.base_url
        self.bot_id: str | None = None
        self._dm_channels: dict[str, str] = {}
        # One session for every call: given none, slack_sdk opens a session - and a new connection - per call.
        self._sessions = LoopSession(aiohttp.ClientTimeout(total=timeout))

    def __repr__(self) -> str:
        return f"SlackChat(base_url={self.base_url!r})"

    async def aclose(self) -> None:
        self._web.session = None
        await self._sessions.aclose()

    async def __aenter__(self) -> SlackChat:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _call(self, method: str, call: Awaitable[Any]) -> dict[str, Any]:
        self._web.session = self._sessions.get()  # read by the call when it runs, below
        try:
            response = await call
        except SlackApiError as exc:
            raise translate(method, exc) from None
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise Unavailable(f"slack {method}: {type(exc).__name__}") from None
        data = response.data
        if not isinstance(data, dict):
            raise PlatformRejected(f"slack {method}: unexpected answer")
        return data

    # -- messages ----------------------------------------------------------------------------
    async def post(
        self, channel: str, text: str, *, thread_ts: str | None = None, blocks: list[dict] | None = None
    ) -> PostedMessage:
        data = await self._call(
            "chat.postMessage",
            self._web.chat_postMessage(channel=channel, text=text, thread_ts=thread_ts, blocks=blocks),
        )
        return PostedMessage(channel=str(data.get("channel") or channel), ts=str(data.get("ts") or ""))

    async def dm(self, user_id: str, text: str, *, blocks: list[dict] | None = None) -> PostedMessage:
        channel = self._dm_channels.get(user_id)
        if channel is None:
            data = await self._call("conversations.open", self._web.conversations_open(users=user_id))
            opened = data.get("channel")
            if not isinstance(opened, dict) or not opened.get("id"):
                raise PlatformRejected("slack conversations.open: no channel in answer")
            channel = str(opened["id"])
            self._dm_channels[user_id] = channel
        return await self.post(channel, text, blocks=blocks)

    async def update(
        self, channel: str, ts: str, text: str, *, blocks: list[dict] | None = None
    ) -> PostedMessage:
        data = await self._call("chat.update", self._web.chat_update(channel=channel, ts=ts, text=text, blocks=blocks))
        return PostedMessage(channel=str(data.get("channel") or channel), ts=str(data.get("ts") or ts))

    # -- views ---------------------------------------------------------------------------------
    async def open_modal(self, trigger_id: str, view: dict[str, Any]) -> str:
        data = await self._call("views.open", self._web.views_open(trigger_id=trigger_id, view=view))
        return str((data.get("view") or {}).get("id") or "")

    async def update_modal(self, view_id: str, view: dict[str, Any]) -> None:
        await self._call("views.update", self._web.views_update(view_id=view_id, view=view))

    async def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        await self._call("views.publish", self._web.views_publish(user_id=user_id, view=view))

    # -- people ------------------------------------------------------------------------------
    async def respond(self, response_url: str, text: str, *, blocks: list[dict] | None = None) -> None:
        """Post an ephemeral answer to a slash command's `response_url` (slack_sdk's webhook client)."""
        hook = AsyncWebhookClient(response_url, timeout=10)
        try:
            answer = await hook.send(text=text, blocks=blocks, response_type="ephemeral")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise Unavailable(f"response_url: {type(exc).__name__}") from None
        if answer.status_code == 429:
            raise RateLimited(_retry_after(answer.headers), "response_url rate limited")
        if answer.status_code >= 500:
            raise Unavailable(f"response_url answered {answer.status_code}")
        if answer.status_code >= 400:
            # Expired (30 min) or used five times: nothing to retry.
            raise PlatformRejected(f"response_url refused: {answer.status_code} {answer.body[:100]}")

    async def user(self, user_id: str) -> ChatUser:
        data = await self._call("users.info", self._web.users_info(user=user_id))
        return _chat_user(data.get("user"))

    async def users(self, *, page_size: int = 200) -> list[ListedChatUser]:
        """Every member of the workspace (bots and deactivated accounts included), through `users.list`'s
        cursor; Slack advises pages of at most 200."""
        found: list[ListedChatUser] = []
        cursor: str | None = None
        while True:
            data = await self._call("users.list", self._web.users_list(cursor=cursor, limit=page_size))
            for raw in data.get("members") or []:
                user = _chat_user(raw)
                display = UserInfo.model_validate(raw).profile.display_name
                found.append(ListedChatUser(**user.model_dump(), display_name=display or None))
            cursor = str((data.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return found

    async def channels(self, *, page_size: int = 200) -> list[tuple[str, str]]:
        """(id, name) of every public channel not archived, through `conversations.list`'s cursor (scope
        channels:read; `pmbot init` offers them for the QA router's channel)."""
        found: list[tuple[str, str]] = []
        cursor: str | None = None
        while True:
            data = await self._call("conversations.list", self._web.conversations_list(
                cursor=cursor, limit=page_size, types="public_channel", exclude_archived=True))
            found += [(str(c["id"]), str(c.get("name") or "")) for c in data.get("channels") or []
                      if isinstance(c, dict) and c.get("id")]
            cursor = str((data.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return found

    async def user_by_email(self, email: str) -> ChatUser | None:
        try:
            data = await self._call("users.lookupByEmail", self._web.users_lookupByEmail(email=email))
        except NotFound:
            return None
        return _chat_user(data.get("user"))

    async def presence(self, user_id: str) -> str:
        data = await self._call("users.getPresence", self._web.users_getPresence(user=user_id))
        presence = data.get("presence")
        return presence if presence in PRESENCES else "away"

    # -- files and identity ------------------------------------------------------------------
    async def upload_image(
        self, channel: str, filename: str, content: bytes, *, title: str | None = None
    ) -> str:
        try:
            data = await self._call(
                "files.upload_v2",
                self._web.files_upload_v2(channel=channel, filename=filename, content=content, title=title),
            )
        except SlackRequestError:
            # slack_sdk raises this when the byte upload to the issued URL is refused.
            raise Unavailable("slack files.upload_v2: the file upload was refused") from None
        file = data.get("file")
        if not isinstance(file, dict) or not file.get("id"):
            raise PlatformRejected("slack files.completeUploadExternal: no file in answer")
        return str(file["id"])

    async def whoami(self) -> ChatUser:
        data = await self._call("auth.test", self._web.auth_test())
        bot_id = data.get("bot_id")
        self.bot_id = str(bot_id) if bot_id else None
        return ChatUser(id=str(data.get("user_id") or ""), name=data.get("user"), is_bot=bool(bot_id))
