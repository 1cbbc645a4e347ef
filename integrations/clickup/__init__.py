"""ClickUp: the task tracker. `PLATFORM` is what `bot/` needs to know of it."""

from __future__ import annotations

from typing import Any

from integrations.platform import Identity, Platform, Seed, Simulation, setting


def _client(settings: Any, *, budget: Any = None) -> Any:
    token = setting(settings, "clickup_api_token")
    if not token:
        return None
    from integrations.clickup.client import ClickUpTracker

    return ClickUpTracker(token, base_url=settings.clickup_api_url, team_id=setting(settings, "clickup_team_id"),
                          budget=budget)


async def _whoami(client: Any) -> Identity:
    me = await client.whoami()
    return Identity(str(me.id), display=me.username)


def _webhook(settings: Any, me: Identity | None) -> Any:
    secret = setting(settings, "clickup_webhook_secret")
    if not secret:
        return None
    from integrations.clickup.webhook import ClickUpWebhook

    return ClickUpWebhook(secret, self_user_ids=[me.user] if me else [])


def _simulate(seed: Seed, public_url: str) -> Simulation:
    from integrations.clickup.sim.seed import simulate

    return simulate(seed, public_url)


PLATFORM = Platform(
    name="clickup",
    role="tracker",
    title="ClickUp",
    credentials=("clickup_api_token", "clickup_webhook_secret"),
    make_client=_client,
    whoami=_whoami,
    make_webhook=_webhook,
    route="/webhooks/clickup",
    max_body=1024 * 1024,  # task webhooks are a few KB; history items with long comments stay far below
    api_url_setting="clickup_api_url",
    simulate=_simulate,
    # ClickUp allows 100 requests per minute per token on most plans (1,000 Business Plus, 10,000 Enterprise).
    rate_limit=("clickup_api_token", "clickup_rate_limit"),
)
