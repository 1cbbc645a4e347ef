"""Dashboard sign-in: an admin password (stored only as a scrypt hash, checked off the event loop), a signed
cookie naming a server-side session (bot/web/sessions.py), and a CSRF token that every form carries."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bot.settings import Settings, secret
from bot.web.sessions import Sessions, shared_secret
from bot.web.signin_limit import SignInLimit

SESSION_COOKIE = "pmbot_session"
LOGIN_COOKIE = "pmbot_login"  # carries the sign-in form's CSRF token before there is a session
SANDBOX_PASSWORD = "sandbox"  # the sandbox's own password when none is configured (loopback, demo data)
_N, _R, _P = 2**14, 8, 1
VERIFY_AT_ONCE = 2  # scrypt checks running at a time (each ~16 MB and tens of ms of CPU, in a worker thread)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (base64): what PMBOT_ADMIN_PASSWORD_HASH holds (`pmbot hash-password`)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.strip().split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(_pad(digest))
        given = hashlib.scrypt(password.encode(), salt=base64.urlsafe_b64decode(_pad(salt)), n=int(n), r=int(r),
                               p=int(p), dklen=len(expected), maxmem=2**27)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, expected)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _pad(text: str) -> str:
    return text + "=" * (-len(text) % 4)


@dataclass(frozen=True)
class User:
    """Who is signed in; `lead` may use the switches and the dead-letter buttons."""

    name: str
    csrf: str
    lead: bool = True
    sid: str = ""


class Auth:
    """Checks the password, issues and reads the session cookie, checks CSRF tokens. `start()` (in the app's
    lifespan) loads the signing key and the session store: nothing here works before it."""

    def __init__(self, settings: Settings, *, sandbox: bool = False) -> None:
        configured = secret(settings.pmbot_admin_password_hash)
        self.password_hash = configured or (hash_password(SANDBOX_PASSWORD) if sandbox else "")
        self.sandbox_password = sandbox and not configured
        self.hours = settings.pmbot_session_hours
        self.max_age = int(settings.pmbot_session_hours * 3600)
        self.secure = settings.pmbot_secure_cookies
        self.configured_key = secret(settings.pmbot_session_secret)
        self._verifying = asyncio.Semaphore(VERIFY_AT_ONCE)

    async def start(self, runtime: Any) -> None:
        # Never derived from the password hash: whoever reads the hash could then sign an admin cookie.
        key = self.configured_key or await shared_secret(runtime)
        self.sessions = URLSafeTimedSerializer(key, salt="pmbot-session")
        self.login_tokens = URLSafeTimedSerializer(key, salt="pmbot-login")
        self.store = Sessions(runtime, key, self.password_hash, self.hours)
        self.limit = SignInLimit(runtime)

    @property
    def configured(self) -> bool:
        return bool(self.password_hash)

    async def check_password(self, password: str) -> bool:
        if not self.configured:
            return False
        async with self._verifying:
            return await asyncio.to_thread(verify_password, password, self.password_hash)

    async def user(self, request: Request) -> User | None:
        """The session the cookie names, if its signature holds and the server still has it."""
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        try:
            data: Any = self.sessions.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        sid = data.get("sid") if isinstance(data, dict) else None
        session = await self.store.find(sid) if isinstance(sid, str) else None
        if session is None:
            return None
        return User(session.user, session.csrf, session.lead, session.sid)

    async def start_session(self, response: Response, name: str, *, lead: bool = True) -> None:
        session = await self.store.open(name, lead=lead)
        response.set_cookie(SESSION_COOKIE, self.sessions.dumps({"sid": session.sid}), max_age=self.max_age,
                            httponly=True, samesite="lax", secure=self.secure, path="/")
        response.delete_cookie(LOGIN_COOKIE, path="/")

    async def end_session(self, user: User, response: Response) -> None:
        await self.store.close(user.sid)
        response.delete_cookie(SESSION_COOKIE, path="/")

    def login_token(self, request: Request) -> tuple[str, str | None]:
        """The sign-in form's CSRF token, bound to a signed cookie (double submit): (token, a new cookie value
        to set, or None when the browser's cookie still holds it)."""
        current = request.cookies.get(LOGIN_COOKIE)
        if current:
            try:
                return str(self.login_tokens.loads(current, max_age=3600)), None
            except BadSignature:
                pass
        token = secrets.token_urlsafe(24)
        return token, self.login_tokens.dumps(token)

    def set_login_cookie(self, response: Response, value: str) -> None:
        response.set_cookie(LOGIN_COOKIE, value, max_age=3600, httponly=True, samesite="lax", secure=self.secure,
                            path="/")

    def login_token_ok(self, request: Request, given: str) -> bool:
        cookie = request.cookies.get(LOGIN_COOKIE)
        if not cookie or not given:
            return False
        try:
            token = str(self.login_tokens.loads(cookie, max_age=3600))
        except BadSignature:
            return False
        return hmac.compare_digest(token, given)

    @staticmethod
    def csrf_ok(user: User, given: str) -> bool:
        return bool(given) and hmac.compare_digest(user.csrf, given)
