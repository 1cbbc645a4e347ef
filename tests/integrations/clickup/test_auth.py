"""ClickUp's two token kinds: personal tokens (pk_) go raw, OAuth access tokens as Bearer."""

from __future__ import annotations

import httpx
import pytest

from integrations.clickup.client import ClickUpTracker
from integrations.clickup.sim.api import ClickUpSimulator
from integrations.errors import AuthFailed

PERSONAL = "pk_4753994_EXP7MPOJ7XQM5UJDV2M45MPF0YHH5YHO"
OAUTH = "61681706_dc747044a6941fc9aa645a4f3bca2ba5576e7dfb516a3d1889553fe96a4084f6"


@pytest.mark.parametrize(("token", "sent"), [(PERSONAL, PERSONAL), (OAUTH, f"Bearer {OAUTH}")])
async def test_authorization_header_per_token_kind(token: str, sent: str) -> None:
    with ClickUpSimulator(token=token) as sim:
        async with ClickUpTracker(token, base_url=sim.base_url, team_id=sim.team["id"]) as tracker:
            assert (await tracker.whoami()).id == sim.bot_user_id
        assert [(r.path, r.headers["authorization"]) for r in sim.calls()] == [("/api/v2/user", sent)]


async def test_oauth_token_of_another_app_is_refused() -> None:
    with ClickUpSimulator(token=OAUTH) as sim:
        async with ClickUpTracker("61681706_other", base_url=sim.base_url) as tracker:
            with pytest.raises(AuthFailed, match="OAUTH_025"):
                await tracker.whoami()
        assert [r.headers["authorization"] for r in sim.calls()] == ["Bearer 61681706_other"]


def test_simulator_accepts_raw_or_bearer_and_nothing_else() -> None:
    with ClickUpSimulator(token=OAUTH) as sim:
        def status(value: str) -> int:
            return httpx.get(f"{sim.base_url}/user", headers={"Authorization": value}).status_code

        assert [status(OAUTH), status(f"Bearer {OAUTH}"), status(f"token {OAUTH}"), status("Bearer x")] == [
            200, 200, 401, 401
        ]
