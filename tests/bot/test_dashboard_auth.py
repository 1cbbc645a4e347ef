"""Signing in to the dashboard over real HTTP: failed sign-ins are limited (and audited) on the injected clock, the
password is checked off the event loop, sign-out ends the session on the server, cookies are signed with a random
secret kept in the database (never one derived from the password hash), and the small things around it: fixed
dead-letter messages, HSTS behind HTTPS, no anonymous OpenAPI."""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from bot.clock import FrozenClock
from bot.storage.tables import actions
from bot.web import auth
from bot.web.auth import SESSION_COOKIE, hash_password
from bot.web.sessions import SECRET_KEY
from bot.web.signin_limit import SignInLimit
from tests.support.platforms import Platforms, platforms
from tests.support.server import ThreadServer
from tests.support.unit import MemoryStore

PASSWORD = "correct horse battery"
PASSWORD_HASH = hash_password(PASSWORD)
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def pmbot(tmp_path: Path, clock: FrozenClock) -> Iterator[Platforms]:
    with platforms(tmp_path, clock=clock, pmbot_admin_password_hash=PASSWORD_HASH) as p:
        yield p


def sign_in(url: str, password: str, *, address: str | None = None,
            client: httpx.Client | None = None) -> tuple[httpx.Client, httpx.Response]:
    """The sign-in form as a browser fills it; `address` stands for the client's address (a trusted proxy's
    X-Forwarded-For, as uvicorn reads it from loopback)."""
    client = client or httpx.Client(base_url=url, timeout=10)
    headers = {"X-Forwarded-For": address} if address else {}
    form = client.get("/login", headers=headers)
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    answer = client.post("/login", data={"csrf": token.group(1), "password": password, "next": "/"}, headers=headers)
    return client, answer


def audited(p: Platforms) -> list[tuple[str, str | None]]:
    async def read() -> list[tuple[str, str | None]]:
        query = select(actions.c.kind, actions.c.target).where(actions.c.kind.like("pmbot.signin%"))
        async with p.pmbot.runtime.db.connect() as conn:
            return [(r.kind, r.target) for r in await conn.execute(query.order_by(actions.c.created_at))]

    return list(p.pmbot.call(read))


def test_sixth_wrong_password_is_refused_with_429_even_when_right_until_the_clock_moves(
        pmbot: Platforms, clock: FrozenClock) -> None:
    url = pmbot.pmbot.url
    for _ in range(5):
        clock.advance(timedelta(seconds=10))
        _, answer = sign_in(url, "wrong password")
        assert answer.status_code == 401 and "Wrong password." in answer.text
    _, answer = sign_in(url, PASSWORD)
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "260"  # the first failure leaves the 5-minute window in 260 s
    assert "Too many failed sign-ins. Try again in 4 min." in answer.text
    assert SESSION_COOKIE not in answer.cookies
    _, answer = sign_in(url, PASSWORD, address="203.0.113.9")  # another address is not locked out
    assert answer.status_code == 303

    clock.advance(timedelta(seconds=260))  # the first failure ages out: one more try is allowed
    client, answer = sign_in(url, PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert client.get("/").status_code == 200
    assert audited(pmbot) == [*[("pmbot.signin_failed", "127.0.0.1")] * 5, ("pmbot.signin_locked", "127.0.0.1"),
                              ("pmbot.signin", "203.0.113.9"), ("pmbot.signin", "127.0.0.1")]


def test_password_is_checked_in_a_worker_thread_two_at_a_time(pmbot: Platforms,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """While scrypt runs, the event loop still answers /healthz; a burst of guesses runs at most two checks."""
    release = threading.Event()
    running, most = [0], [0]
    lock = threading.Lock()

    def slow_verify(password: str, encoded: str) -> bool:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(20)
        with lock:
            running[0] -= 1
        return False

    monkeypatch.setattr(auth, "verify_password", slow_verify)
    url = pmbot.pmbot.url
    with ThreadPoolExecutor(4) as pool:
        guesses = [pool.submit(sign_in, url, f"guess {n}", address=f"198.51.100.{n}") for n in range(4)]
        try:
            deadline = time.monotonic() + 10
            while most[0] < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert httpx.get(url + "/healthz", timeout=5).json() == {"status": "ok"}
        finally:
            release.set()
        assert [g.result()[1].status_code for g in guesses] == [401] * 4
    assert most[0] == 2


def signed_in_with_csrf(url: str) -> tuple[httpx.Client, str]:
    client, answer = sign_in(url, PASSWORD)
    assert answer.status_code == 303
    csrf = re.search(r'action="/logout"><input type="hidden" name="csrf" value="([^"]+)"', client.get("/").text)
    assert csrf is not None
    return client, csrf.group(1)


def test_a_cookie_saved_before_sign_out_is_refused_after(pmbot: Platforms) -> None:
    url = pmbot.pmbot.url
    client, csrf = signed_in_with_csrf(url)
    saved = client.cookies[SESSION_COOKIE]
    other, _ = signed_in_with_csrf(url)  # a second session, on another browser
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303

    replayed = httpx.get(url + "/audit", cookies={SESSION_COOKIE: saved})
    assert replayed.status_code == 303 and replayed.headers["location"].startswith("/login?next=")
    assert other.get("/audit").status_code == 200  # signing out ends that session only


def test_a_session_ends_when_its_hours_are_up_on_the_injected_clock(pmbot: Platforms, clock: FrozenClock) -> None:
    client, _ = signed_in_with_csrf(pmbot.pmbot.url)
    clock.advance(timedelta(hours=11, minutes=59))
    assert client.get("/audit").status_code == 200
    clock.advance(timedelta(minutes=1))
    assert client.get("/audit").status_code == 303


def test_a_cookie_signed_with_a_key_derived_from_the_password_hash_is_refused(tmp_path: Path, db_url: str) -> None:
    """On SQLite and PostgreSQL: the random secret is made once and every replica reads the same."""
    with platforms(tmp_path, db_url=db_url, pmbot_admin_password_hash=PASSWORD_HASH) as pmbot:
        forged_cookies_are_refused_and_replicas_share_the_secret(pmbot)


def forged_cookies_are_refused_and_replicas_share_the_secret(pmbot: Platforms) -> None:
    url = pmbot.pmbot.url
    client, _ = signed_in_with_csrf(url)
    real = client.cookies[SESSION_COOKIE]
    # What pmbot used to sign with when PMBOT_SESSION_SECRET was unset: anyone holding the hash could compute it.
    derived = hmac.new(PASSWORD_HASH.encode(), b"pmbot-session", hashlib.sha256).hexdigest()
    minter = URLSafeTimedSerializer(derived, salt="pmbot-session")
    _, real_payload = minter.loads_unsafe(real)
    for forged in (minter.dumps({"u": "admin", "csrf": "x", "lead": True}), minter.dumps(real_payload)):
        answer = httpx.get(url + "/audit", cookies={SESSION_COOKIE: forged})
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")

    stored = pmbot.pmbot.call(pmbot.pmbot.runtime.store.get, SECRET_KEY)
    assert isinstance(stored, str) and len(stored) >= 64 and stored != derived
    # A replica on the same database signs with the same secret: the session cookie works there too.
    with ThreadServer(pmbot.pmbot.app.state.settings, clock=pmbot.pmbot.runtime.clock) as replica:
        assert httpx.get(replica.url + "/audit", cookies={SESSION_COOKIE: real}).status_code == 200
        assert replica.call(replica.runtime.store.get, SECRET_KEY) == stored


def test_dead_letter_messages_are_fixed_words_and_openapi_is_not_served(pmbot: Platforms) -> None:
    url = pmbot.pmbot.url
    client, csrf = signed_in_with_csrf(url)
    forged = client.get("/dead", params={"message": "Your session expired: sign in again at evil.example"})
    assert forged.status_code == 200 and "evil.example" not in forged.text and 'id="message"' not in forged.text
    answer = client.post("/dead/retry", data={"csrf": csrf, "key": "no-such-event"})
    assert answer.status_code == 303 and answer.headers["location"] == "/dead?message=gone"
    assert '<p class="message" id="message">That event is no longer a dead letter.</p>' in client.get(
        answer.headers["location"]).text
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert httpx.get(url + path).status_code == 404, path
        assert client.get(path).status_code == 404, path
    assert "strict-transport-security" not in client.get("/").headers  # plain HTTP: no HSTS


def test_hsts_is_sent_when_secure_cookies_are_on(tmp_path: Path) -> None:
    with platforms(tmp_path, pmbot_admin_password_hash=PASSWORD_HASH, pmbot_secure_cookies=True) as p:
        for path in ("/login", "/healthz"):
            assert httpx.get(p.pmbot.url + path).headers["strict-transport-security"] == "max-age=31536000", path


async def test_overall_limit_counts_every_address_and_pending_checks_count_too() -> None:
    runtime: Any = type("Runtime", (), {"store": MemoryStore(), "clock": FrozenClock(START)})()
    limit = SignInLimit(runtime, per_address=2, overall=3)
    assert await limit.admit("a") is None and await limit.admit("a") is None
    assert await limit.admit("a") == 1  # two of a's checks are still running: no third in parallel
    assert await limit.settle("a", ok=False) is None
    assert await limit.settle("a", ok=False) == "address"
    assert await limit.admit("a") == 300
    assert await limit.admit("b") is None
    assert await limit.settle("b", ok=False) == "overall"
    runtime.clock.advance(timedelta(seconds=100))
    assert await limit.admit("c") == 200  # three failures overall in the window: everyone waits
    runtime.clock.advance(timedelta(seconds=200))
    assert await limit.admit("c") is None
    assert await limit.settle("c", ok=True) is None
