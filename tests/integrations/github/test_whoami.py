"""GitHubHost.whoami for personal tokens and GitHub App installation tokens."""

from __future__ import annotations

import httpx
import pytest

from integrations.errors import AuthFailed
from integrations.github.client import GitHubHost
from integrations.github.sim.api import GitHubSimulator

PAT = "ghp_test_0123456789abcdef"
INSTALLATION = "ghs_test_0123456789abcdef"


def summary(sim: GitHubSimulator) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.calls()]


def test_simulator_refuses_user_to_installation_tokens() -> None:
    with GitHubSimulator(token=INSTALLATION) as sim:
        response = httpx.get(f"{sim.base_url}/user", headers={"Authorization": f"token {INSTALLATION}"})
    assert response.status_code == 403
    assert response.json() == {
        "message": "Resource not accessible by integration",
        "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user",
        "status": "403",
    }


async def test_personal_token_reads_the_user() -> None:
    with GitHubSimulator(token=PAT, login="dana") as sim:
        host = GitHubHost(PAT, base_url=sim.base_url, retries=0, app_slug="pmbot")
        assert await host.whoami() == "dana"  # a PAT acts as its user, whatever slug is configured
        assert summary(sim) == [("GET", "/user")]
        await host.aclose()


async def test_installation_token_with_slug_needs_no_request() -> None:
    with GitHubSimulator(token=INSTALLATION) as sim:
        host = GitHubHost(INSTALLATION, base_url=sim.base_url, retries=0, app_slug="acme-pmbot")
        assert await host.whoami() == "acme-pmbot[bot]"
        assert summary(sim) == []
        await host.aclose()


async def test_installation_token_without_slug_says_what_to_set() -> None:
    with GitHubSimulator(token=INSTALLATION) as sim:
        host = GitHubHost(INSTALLATION, base_url=sim.base_url, retries=0)
        with pytest.raises(AuthFailed, match="set GITHUB_APP_SLUG") as caught:
            await host.whoami()
        assert INSTALLATION not in str(caught.value)
        assert summary(sim) == [("GET", "/user")]
        await host.aclose()


async def test_unprefixed_installation_token_falls_back_to_the_slug() -> None:
    """GitHub Enterprise Server releases before the ghs_ format issue tokens without a prefix."""
    with GitHubSimulator(token="v1.0123456789abcdef", token_kind="installation") as sim:
        host = GitHubHost("v1.0123456789abcdef", base_url=sim.base_url, retries=0, app_slug="pmbot[bot]")
        assert await host.whoami() == "pmbot[bot]"
        assert summary(sim) == [("GET", "/user")]
        await host.aclose()
