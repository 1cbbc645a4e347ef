"""What every dashboard route needs: the signed-in user (or a redirect to sign in), the form, the context."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import Request
from fastapi.responses import RedirectResponse

from bot.web.auth import Auth, User

MAX_FORM = 64 * 1024


def auth_of(request: Request) -> Auth:
    return request.app.state.auth  # type: ignore[no-any-return]


def runtime_of(request: Request) -> Any:
    return request.app.state.runtime


async def signed_in(request: Request) -> User | RedirectResponse:
    """The user, or a 303 to the sign-in page that comes back here afterwards."""
    user = await auth_of(request).user(request)
    if user is not None:
        return user
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def form(request: Request) -> dict[str, str]:
    """A urlencoded form's fields (the first value of each), read with a size cap."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            return {}
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items()}


def safe_next(value: str | None) -> str:
    """Only a path on this site (never `//host` or a scheme): no open redirect after sign-in."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


async def base_context(request: Request, user: User, active: str) -> dict[str, Any]:
    runtime = runtime_of(request)
    switches = await runtime.oversight.switches()
    return {"user": user, "active": active, "switches": switches, "sandbox": request.app.state.sandbox is not None}
