"""Every public example payload in ../shared/fixtures (copied to tests/fixtures) goes through its HTTP
endpoint: signed correctly → 2xx; signed wrongly → 401."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURES
from tests.support.platforms import Platforms, platforms, sign_clickup, sign_github, sign_slack


def cases() -> list[tuple[str, Path]]:
    out = []
    for path in sorted((FIXTURES / "clickup").glob("webhook.*.json")):
        out.append(("clickup", path))
    for path in sorted((FIXTURES / "github").glob("*.json")):
        out.append(("github", path))
    for path in sorted((FIXTURES / "slack").iterdir()):
        if path.name == "MANIFEST.txt":
            continue
        if path.suffix == ".json" and path.with_name(path.name.replace(".json", ".form.txt")).exists():
            continue  # the wire body of this one is the .form.txt beside it
        out.append(("slack", path))
    return out


def request_for(source: str, path: Path, *, wrong: bool = False) -> tuple[str, bytes, dict[str, str]]:
    body = path.read_bytes()
    secret_kw = {"secret": "not-the-secret"} if wrong else {}
    if source == "clickup":
        return "/webhooks/clickup", body, sign_clickup(body, **secret_kw)
    if source == "github":
        return "/webhooks/github", body, sign_github(body, path.name.split(".")[0], f"d-{path.stem}", **secret_kw)
    content_type = "application/json" if path.suffix == ".json" else "application/x-www-form-urlencoded"
    return "/slack/events", body.strip() if path.suffix == ".txt" else body, sign_slack(
        body.strip() if path.suffix == ".txt" else body, content_type, **secret_kw)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platforms]:
    with platforms(tmp_path_factory.mktemp("payloads")) as p:
        yield p


@pytest.mark.parametrize(("source", "path"), cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_fixture_signed__2xx(env: Platforms, source: str, path: Path) -> None:
    route, body, headers = request_for(source, path)
    response = httpx.post(env.pmbot.url + route, content=body, headers=headers, timeout=10)
    assert 200 <= response.status_code < 300, response.text
    if path.name == "url_verification.json":
        assert response.json() == {"challenge": json.loads(body)["challenge"]}


@pytest.mark.parametrize(("source", "path"), cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_fixture_wrongly_signed__401(env: Platforms, source: str, path: Path) -> None:
    route, body, headers = request_for(source, path, wrong=True)
    response = httpx.post(env.pmbot.url + route, content=body, headers=headers, timeout=10)
    assert response.status_code == 401
    assert "error" in response.json()


def test_every_shared_fixture_is_covered() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
    if not shared.exists():
        pytest.skip("../shared/fixtures is not beside this checkout; tests/fixtures holds the copies")
    for platform in ("clickup", "github", "slack"):
        ours = {p.name for p in (FIXTURES / platform).iterdir()}
        theirs = {p.name for p in (shared / platform).iterdir()}
        assert theirs <= ours, f"copy {sorted(theirs - ours)} into tests/fixtures/{platform}"
