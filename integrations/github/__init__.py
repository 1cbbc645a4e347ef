"""GitHub (and GitHub Enterprise): the code host. `PLATFORM` is what `bot/` needs to know of it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from integrations.platform import Identity, Platform, Seed, Simulation, setting


def _client(settings: Any, *, budget: Any = None) -> Any:
    token = setting(settings, "github_token")
    if not token:
        return None
    from integrations.github.client import GitHubHost

    return GitHubHost(token, base_url=settings.github_api_url, app_slug=setting(settings, "github_app_slug"),
                      write_budget=budget)


async def _whoami(client: Any) -> Identity:
    return Identity(str(await client.whoami()))


def _webhook(settings: Any, me: Identity | None) -> Any:
    secret = setting(settings, "github_webhook_secret")
    if not secret:
        return None
    from integrations.github.webhook import GitHubWebhook

    return GitHubWebhook(secret, self_logins=[me.user] if me else [])


def _simulate(seed: Seed, public_url: str) -> Simulation:
    from integrations.github.sim.seed import simulate

    return simulate(seed, public_url)


def _replay_headers(file_name: str, body: bytes, event: str | None) -> dict[str, str]:
    # A recorded body has no headers: the event name comes from the file name (push.json) unless given.
    return {"x-github-event": event or Path(file_name).name.split(".")[0],
            "x-github-delivery": "replay-" + hashlib.sha256(body).hexdigest()[:16]}


PLATFORM = Platform(
    name="github",
    role="code",
    title="GitHub",
    credentials=("github_token", "github_webhook_secret"),
    make_client=_client,
    whoami=_whoami,
    make_webhook=_webhook,
    route="/webhooks/github",
    write_pacing=("github_token", 1.0),  # one mutating request a second per token, across replicas
    max_body=25 * 1024 * 1024,  # GitHub caps webhook payloads at 25 MB (docs: "Webhook payload size")
    api_url_setting="github_api_url",
    simulate=_simulate,
    replay_headers=_replay_headers,
)
