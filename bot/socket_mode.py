"""Slack Socket Mode (SLACK_APP_TOKEN): for teams without a public Request URL. pmbot opens the WebSocket to
Slack; each envelope goes through the same Bolt app as `/slack/events` - listeners persist it to the durable
inbox, and only then is the envelope acknowledged. Slack re-sends an envelope that was not acknowledged
(after a reconnect, say): the inbox deduplicates it by its event id, so it is processed and answered once."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app, send_async_response
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.runtime import Runtime
from bot.settings import secret
from bot.slack_app import build_slack_app

log = logging.getLogger("pmbot.slack.socket")


class PinnedSocketModeClient(SocketModeClient):
    """slack_sdk's aiohttp client; with `url`, it connects there instead of asking `apps.connections.open`
    (SLACK_SOCKET_URL: tests, a relay)."""

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pinned_url = url

    async def issue_new_wss_url(self, *args: Any, **kwargs: Any) -> str:
        if self.pinned_url:
            return self.pinned_url
        return str(await super().issue_new_wss_url(*args, **kwargs))


class SocketMode:
    """One WebSocket connection per process, feeding the Bolt app's listeners."""

    def __init__(self, runtime: Runtime, platform: str = "slack") -> None:
        self.runtime = runtime
        self.platform = platform
        self.client: PinnedSocketModeClient | None = None
        self.connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> bool:
        """Start connecting in the background (the client reconnects by itself once connected); False when
        Socket Mode is not configured. Slack being unreachable does not stop pmbot from starting."""
        settings = self.runtime.settings
        token = secret(settings.slack_app_token)
        if not token:
            return False
        app = build_slack_app(self.runtime, self.platform, socket_mode=True)
        if app is None:
            log.warning("SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode stays off")
            return False
        self.app = app
        self.client = PinnedSocketModeClient(app_token=token, web_client=app.client, url=settings.slack_socket_url,
                                             logger=logging.getLogger("pmbot.slack.socket.sdk"))
        self.client.socket_mode_request_listeners.append(self._handle)  # type: ignore[arg-type]
        self._task = asyncio.create_task(self._connect(self.client), name="pmbot-slack-socket")
        return True

    async def _connect(self, client: PinnedSocketModeClient) -> None:
        wait = 1.0
        while not client.closed:
            try:
                await client.connect()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Slack unreachable or the token refused: try again later
                log.warning("Socket Mode connection failed (%s); retrying in %.0f s", type(exc).__name__, wait)
                await asyncio.sleep(wait)
                wait = min(60.0, wait * 2)
                continue
            log.info("Socket Mode connected")
            self.connected.set()
            return

    async def _handle(self, client: SocketModeClient, request: SocketModeRequest) -> None:
        started = time.time()
        # Bolt runs the listeners (persist to the inbox, request-path work) before this returns; a storage
        # failure answers 503 there and no acknowledgement is sent, so Slack delivers the envelope again.
        response = await run_async_bolt_app(self.app, request)
        await send_async_response(client, request, response, started)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self.client is not None:
            await self.client.close()
            self.client = None
