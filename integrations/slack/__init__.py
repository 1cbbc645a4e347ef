"""Slack: the chat platform. `PLATFORM` is what `bot/` needs to know of it."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from integrations.platform import Identity, Platform, Seed, Simulation, setting


def _client(settings: Any, *, budget: Any = None) -> Any:
    token = setting(settings, "slack_bot_token")
    if not token:
        return None
    from integrations.slack.client import SlackChat

    return SlackChat(token, base_url=settings.slack_api_url)


async def _whoami(client: Any) -> Identity:
    me = await client.whoami()
    bot_id = getattr(client, "bot_id", None)
    return Identity(str(me.id), {"bot_id": bot_id} if bot_id else {})


def _webhook(settings: Any, me: Identity | None) -> Any:
    secret = setting(settings, "slack_signing_secret")
    if not secret:
        return None
    from integrations.slack.webhook import SlackWebhook

    bot_id = me.extra.get("bot_id") if me else None
    return SlackWebhook(secret, bot_user_ids=[me.user] if me else [], bot_ids=[bot_id] if bot_id else [])


def _simulate(seed: Seed, public_url: str) -> Simulation:
    from integrations.slack.sim.seed import simulate

    return simulate(seed, public_url)


def parse_body(body: bytes) -> Any:
    """Slack sends JSON (Events API) and forms (commands; interactivity as a `payload=` form field)."""
    text = body.decode("utf-8")
    if text.lstrip().startswith("{"):
        return json.loads(text)
    form = {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
    return json.loads(form["payload"]) if "payload" in form else form


PLATFORM = Platform(
    name="slack",
    role="chat",
    title="Slack",
    credentials=("slack_bot_token", "slack_signing_secret"),
    make_client=_client,
    whoami=_whoami,
    make_webhook=_webhook,
    route="/slack/events",
    receiver="slack_bolt",
    max_body=1024 * 1024,  # events, commands and view submissions are small; 1 MB is generous
    api_url_setting="slack_api_url",
    simulate=_simulate,
    parse_body=parse_body,
)
