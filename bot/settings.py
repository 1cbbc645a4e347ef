"""Secrets and endpoints from the environment / `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///var/pmbot.db"
ACCEPTED_URLS = "sqlite+aiosqlite:///path/to/pmbot.db or postgresql+asyncpg://user:password@host:5432/database"
_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}


def check_database_url(value: str) -> str:
    """The URL when pmbot can use it; else a one-line ValueError naming the accepted forms."""
    scheme, sep, rest = value.partition("://")
    if not sep or not scheme:
        raise ValueError(f"{value!r} is not a database URL (use {ACCEPTED_URLS})")
    if scheme in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        if scheme.startswith("postgresql") and not rest.strip("/"):
            raise ValueError(f"{value!r} names no server (use {ACCEPTED_URLS})")
        return value
    base = scheme.split("+", 1)[0]
    if base in _DRIVERS:
        fixed = f"{_DRIVERS[base]}://{rest}"
        raise ValueError(f"{scheme}:// needs pmbot's async driver: use {fixed!r}")
    raise ValueError(f"{scheme}:// is not supported (use {ACCEPTED_URLS})")


class Settings(BaseSettings):
    """Everything pmbot reads from its environment; secrets stay SecretStr so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Slack
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None  # Socket Mode (xapp-...): no public Request URL needed
    slack_socket_url: str | None = None  # connect here instead of asking apps.connections.open (tests, relays)
    slack_api_url: str = "https://slack.com/api/"
    # ClickUp
    clickup_api_token: SecretStr | None = None
    clickup_team_id: str | None = None
    clickup_webhook_secret: SecretStr | None = None
    clickup_api_url: str = "https://api.clickup.com/api/v2"
    clickup_rate_limit: int = Field(default=100, ge=1, description="requests per minute per token (your plan's)")
    # Jira Cloud (basic auth: the e-mail of the Atlassian account pmbot acts as, and its API token)
    jira_base_url: str | None = None  # https://your-domain.atlassian.net
    jira_email: str | None = None
    jira_api_token: SecretStr | None = None
    jira_webhook_secret: SecretStr | None = None
    # GitHub
    github_token: SecretStr | None = None
    github_webhook_secret: SecretStr | None = None
    github_api_url: str = "https://api.github.com"
    github_app_slug: str | None = None  # for a GitHub App installation token: writes appear as "<slug>[bot]"
    # LLM
    openai_api_key: SecretStr | None = None
    openai_base_url: str = "https://api.openai.com/v1"
    pmbot_llm_model: str = "gpt-4o-mini"
    # pmbot itself
    pmbot_database_url: str = DEFAULT_SQLITE_URL
    pmbot_config: Path = Path("config/pmbot.example.yaml")
    pmbot_host: str = "127.0.0.1"
    pmbot_port: int = 8000
    pmbot_worker: bool = True
    pmbot_scheduler: bool = True
    pmbot_sandbox: bool | None = Field(default=None, description="None = sandbox when no platform credentials")
    pmbot_sandbox_tracker: Literal["clickup", "jira"] = Field(default="clickup", description="the sandbox simulates")
    pmbot_log_level: str = "INFO"
    pmbot_dry_run: bool = False
    pmbot_agents: str = Field(default="", description="extra agents to load: 'package.module:Class,...'")
    # the dashboard
    pmbot_admin_password_hash: SecretStr | None = Field(default=None, description="`pmbot hash-password`")
    pmbot_session_secret: SecretStr | None = None  # default: a random secret pmbot keeps in its database
    pmbot_session_hours: float = 12.0
    pmbot_secure_cookies: bool = False  # set behind HTTPS

    @field_validator("pmbot_database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        return check_database_url(value)

    def updated(self, **values: object) -> Settings:
        """A copy with `values` applied; plain strings for secret fields become SecretStr."""
        secret_fields = {name for name, f in Settings.model_fields.items() if "SecretStr" in str(f.annotation)}
        fixed = {k: SecretStr(v) if k in secret_fields and isinstance(v, str) else v for k, v in values.items()}
        return self.model_copy(update=fixed)

    def secrets(self) -> list[str]:
        """Every configured secret value, for log scrubbing and the no-secret-in-logs test."""
        values = [getattr(self, name) for name, f in Settings.model_fields.items() if "SecretStr" in str(f.annotation)]
        return [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]

    def missing_platforms(self) -> list[str]:
        """Platforms without credentials; these run simulated in sandbox mode."""
        from integrations.registry import PLATFORMS

        return [p.name for p in PLATFORMS if p.credentials and not all(getattr(self, c) for c in p.credentials)]

    @property
    def sandbox(self) -> bool:
        if self.pmbot_sandbox is not None:
            return self.pmbot_sandbox
        from integrations.registry import PLATFORMS

        return len(self.missing_platforms()) == sum(1 for p in PLATFORMS if p.credentials)


def secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""
