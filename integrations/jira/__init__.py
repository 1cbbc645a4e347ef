"""Jira Cloud: the task tracker for teams on Jira. `PLATFORM` is what `bot/` needs to know of it."""

from __future__ import annotations

from typing import Any

from integrations.platform import Identity, Platform, Seed, Simulation, setting


def _client(settings: Any, *, budget: Any = None) -> Any:
    base_url, email, token = (setting(settings, n) for n in ("jira_base_url", "jira_email", "jira_api_token"))
    if not (base_url and email and token):
        return None
    from integrations.jira.client import JiraTracker

    return JiraTracker(base_url, email, token)


async def _whoami(client: Any) -> Identity:
    me = await client.whoami()
    return Identity(me.id, display=me.username)


def _webhook(settings: Any, me: Identity | None) -> Any:
    secret = setting(settings, "jira_webhook_secret")
    if not secret:
        return None
    from integrations.jira.webhook import JiraWebhook

    return JiraWebhook(secret, self_account_ids=[me.user] if me else [])


def _simulate(seed: Seed, public_url: str) -> Simulation:
    from integrations.jira.sim.seed import simulate

    return simulate(seed, public_url)


PLATFORM = Platform(
    name="jira",
    role="tracker",
    title="Jira",
    credentials=("jira_base_url", "jira_email", "jira_api_token", "jira_webhook_secret"),
    make_client=_client,
    whoami=_whoami,
    make_webhook=_webhook,
    route="/webhooks/jira",
    max_body=1024 * 1024,  # an issue event carries the fields; a long description stays far below
    api_url_setting="jira_base_url",
    simulate=_simulate,
)
