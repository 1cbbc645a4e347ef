"""What each platform folder exports: one descriptor that `bot/` iterates instead of naming platforms.

A descriptor says the platform's role (tracker, chat, code host, LLM), which settings connect it, how to
build its client and webhook source, where its webhook arrives and how big a delivery may be, how to learn
pmbot's own account there (no loops), and how to start its simulator for the sandbox.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from integrations.protocols import WebhookSource

Role = Literal["tracker", "chat", "code", "llm"]
Receiver = Literal["signed_json", "slack_bolt"]


@dataclass(frozen=True)
class Identity:
    """pmbot's own account on a platform: `user` (the id events carry) and any other ids it acts under."""

    user: str
    extra: Mapping[str, str] = field(default_factory=dict)
    display: str | None = None  # a name for people (a username), where it differs from `user`


@dataclass(frozen=True)
class SeedPerson:
    """A team member as the sandbox seeds them on every simulator."""

    name: str
    email: str | None
    timezone: str
    roles: tuple[str, ...]
    ids: Mapping[str, str]


@dataclass(frozen=True)
class Seed:
    """The demo workspace the sandbox seeds, derived from the team config."""

    people: tuple[SeedPerson, ...]
    channels: Mapping[str, str]  # chat channel id → name
    repos: tuple[str, ...]
    lists: tuple[str, ...]


@dataclass
class Simulation:
    """A running simulator and the settings that point pmbot's client at it."""

    simulator: Any
    settings: dict[str, Any]
    # Webhook secrets of the simulated platform (not real: printed in the sandbox banner).
    secrets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Platform:
    """One platform's descriptor."""

    name: str
    role: Role
    title: str
    credentials: tuple[str, ...]  # settings that must all be set to connect for real
    make_client: Callable[..., Any | None]  # (settings, *, budget=None) -> client or None
    whoami: Callable[[Any], Awaitable[Identity]] | None = None
    make_webhook: Callable[[Any, Identity | None], WebhookSource | None] | None = None
    route: str | None = None
    receiver: Receiver = "signed_json"
    max_body: int = 1024 * 1024
    api_url_setting: str | None = None
    simulate: Callable[[Seed, str], Simulation] | None = None
    parse_body: Callable[[bytes], Any] | None = None  # default: JSON
    replay_headers: Callable[[str, bytes, str | None], dict[str, str]] | None = None
    # A per-token request budget shared by every replica: (the token's setting, the requests-per-minute setting).
    rate_limit: tuple[str, str] | None = None
    # (the token's setting, seconds): mutating requests of one token spaced this far apart across replicas; the
    # client gets this budget instead of `rate_limit`'s (a platform has one or the other).
    write_pacing: tuple[str, float] | None = None


def setting(settings: Any, name: str) -> Any:
    """A setting's plain value (SecretStr unwrapped), or None."""
    value: Any = getattr(settings, name, None)
    if hasattr(value, "get_secret_value"):
        value = value.get_secret_value()
    return value if value not in ("", None) else None
