"""The Slack side of the road: slack-bolt verifies and acks; listeners only persist to the inbox."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from agents.system.commands import RUN
from bot.runtime import Runtime
from bot.settings import secret
from bot.storage.inbox import InboxTimeout
from bot.triage import Verdict, count, triage
from integrations.errors import BadPayload
from integrations.events import Event

ANY = re.compile(".*")
COMMIT_DEADLINE = 2.0  # Slack waits 3 s for the acknowledgement
REQUEST_PATH = 0.8  # what request-path work may add on top of the commit
log = logging.getLogger("pmbot.slack")
DM_ACK = "I'll send you the answer in a DM."


def build_slack_app(runtime: Runtime, platform: str = "slack", *, socket_mode: bool = False) -> AsyncApp | None:
    """A Bolt app whose listeners persist every verified request before acknowledging it. For Socket Mode the
    connection itself is authenticated (the app token), so no signing secret is needed to translate."""
    settings = runtime.settings
    source = runtime.sources.get(platform)
    if source is None and socket_mode:
        source = _translator(runtime, platform)
    if source is None:
        return None
    token = secret(settings.slack_bot_token) or None
    if token is None:
        # slack-bolt cannot run without a bot token; refusing Slack's requests beats failing to start.
        log.warning("SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: /slack/events answers 404")
        return None
    client = AsyncWebClient(token=token, base_url=settings.slack_api_url)
    app = AsyncApp(
        signing_secret=secret(settings.slack_signing_secret),
        token=None if client else token,
        client=client,
        process_before_response=True,  # persist, then acknowledge (Bolt acks when listeners return)
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("pmbot.slack.bolt"),
        url_verification_enabled=True,
        ssl_check_enabled=True,
        ignoring_self_events_enabled=True,
    )

    async def persist(body: dict[str, Any]) -> list[Event]:
        found = triage(source, {}, body)
        if found.verdict is not Verdict.ACCEPTED:
            count(runtime.metrics, platform, found.verdict, found.kind)
            if found.verdict is Verdict.REJECTED:
                raise BadPayload(found.reason)  # Bolt's error handler answers 400
            return []
        await runtime.ingest(platform, found.events, timeout=COMMIT_DEADLINE)
        return found.events

    running: set[asyncio.Future[None]] = set()  # request-path work that outlived its wait

    def settled(work: asyncio.Future[None]) -> None:
        running.discard(work)
        if not work.cancelled() and work.exception() is not None:
            log.warning("request-path work failed late", exc_info=work.exception())

    async def now(events: list[Event]) -> None:
        """Agents' request-path work (a modal to open within the trigger's 3 s), never blocking the ack for
        more than REQUEST_PATH. Work that takes longer finishes in the background rather than being cancelled:
        a database write cancelled mid-statement can leave SQLite's write lock held."""
        for event in events:
            for agent in runtime.dispatcher.interested(event):
                work = asyncio.ensure_future(agent.on_request(event, runtime.context_for(agent, event)))
                runtime.dispatcher.request_work(event, agent, work)  # the worker's run of this event waits for it
                try:
                    await asyncio.wait_for(asyncio.shield(work), REQUEST_PATH)
                except TimeoutError:
                    running.add(work)
                    work.add_done_callback(settled)
                    log.warning("request-path work still running", extra={"event_id": event.id, "agent": agent.name})
                except Exception:  # noqa: BLE001 - the worker still runs the event; the user can retry a click
                    log.warning("request-path work failed", extra={"event_id": event.id, "agent": agent.name})

    async def on_event(body: dict[str, Any], ack: Any) -> None:
        await now(await persist(body))
        await ack()

    async def on_command(body: dict[str, Any], ack: Any) -> None:
        # The answer follows through response_url once the worker ran the command (Slack allows 30 min);
        # the acknowledgement itself is empty unless the command answers by DM, which the asker should know.
        events = await persist(body)
        await now(events)
        router = runtime.commands
        if events and router is not None:
            resolution = router.resolve(events[0])
            if resolution.kind == RUN and resolution.command is not None and resolution.command.dm:
                await ack(DM_ACK)
                return
        await ack()

    async def on_error(error: Exception, response: Any) -> None:
        # Storage trouble is transient: 503 makes Slack retry. Anything else is a bad request.
        if response is not None:
            response.status = 503 if isinstance(error, SQLAlchemyError | InboxTimeout) else 400
            response.body = '{"error": "temporarily unavailable"}' if response.status == 503 else ""

    app.error(on_error)
    app.event(ANY)(on_event)
    app.message(ANY)(on_event)
    app.command(ANY)(on_command)
    app.action(ANY)(on_event)
    app.view(ANY)(on_event)
    app.shortcut(ANY)(on_event)
    app.options(ANY)(on_event)
    return app


def _translator(runtime: Runtime, platform: str) -> Any:
    """The Slack translation without a signing secret: never mounted on HTTP, only fed by the socket."""
    from integrations.slack.webhook import SlackWebhook

    me = runtime.identity_details.get(platform)
    bot_id = me.extra.get("bot_id") if me else None
    return SlackWebhook("", bot_user_ids=[me.user] if me and me.user else [], bot_ids=[bot_id] if bot_id else [])
