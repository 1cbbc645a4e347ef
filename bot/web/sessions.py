"""The dashboard's server-side state in the key-value table: the session-signing secret (shared by every replica)
and one row per signed-in session, so that signing out really ends a session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

SECRET_KEY = "dashboard.session_secret"
SESSION_PREFIX = "dashboard.session:"


async def shared_secret(runtime: Any) -> str:
    """The random secret that signs dashboard cookies when PMBOT_SESSION_SECRET is not set: made once, by
    whichever replica asks first (insert-if-absent), and read back by every replica."""
    found = await runtime.store.get(SECRET_KEY)
    if isinstance(found, str) and found:
        return found
    await runtime.store.kv.put_new(SECRET_KEY, secrets.token_urlsafe(48))
    return str(await runtime.store.get(SECRET_KEY))


@dataclass(frozen=True)
class Session:
    """One signed-in session as stored: who, the CSRF token its forms carry, until when."""

    sid: str
    user: str
    csrf: str
    lead: bool
    expires: datetime


class Sessions:
    """Session rows by id; a row names the password it was opened with, so a new password ends old sessions."""

    def __init__(self, runtime: Any, key: str, password_hash: str, hours: float) -> None:
        self.store = runtime.store
        self.clock = runtime.clock
        self.lifetime = timedelta(hours=hours)
        self.password = hmac.new(key.encode(), password_hash.encode(), hashlib.sha256).hexdigest()[:32]

    async def open(self, user: str, *, lead: bool) -> Session:
        await self._forget_expired()
        now = self.clock.now()
        session = Session(secrets.token_urlsafe(24), user, secrets.token_urlsafe(24), lead, now + self.lifetime)
        await self.store.put(SESSION_PREFIX + session.sid, {
            "user": user, "csrf": session.csrf, "lead": lead, "expires": session.expires.isoformat(),
            "password": self.password})
        return session

    async def find(self, sid: str) -> Session | None:
        row = await self.store.get(SESSION_PREFIX + sid) if sid else None
        if not isinstance(row, dict) or not hmac.compare_digest(str(row.get("password")), self.password):
            return None
        try:
            expires = datetime.fromisoformat(str(row["expires"]))
        except (KeyError, ValueError):
            return None
        if expires <= self.clock.now():
            return None
        return Session(sid, str(row.get("user")), str(row.get("csrf")), bool(row.get("lead")), expires)

    async def close(self, sid: str) -> None:
        await self.store.delete([SESSION_PREFIX + sid])

    async def _forget_expired(self) -> None:
        now = self.clock.now()
        stale = []
        for key, row in (await self.store.get_prefix(SESSION_PREFIX)).items():
            try:
                if datetime.fromisoformat(str(row["expires"])) <= now:
                    stale.append(key)
            except (KeyError, TypeError, ValueError):
                stale.append(key)
        if stale:
            await self.store.delete(stale)
