"""The dashboard's forms: sign in and out, the switches, and the dead letters' Retry and Discard. Every form
but the sign-in one needs a session; every one carries a CSRF token."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from agents.common.oversight import SWITCHES
from bot.web.common import auth_of, form, runtime_of, safe_next, signed_in
from bot.web.render import duration, page

router = APIRouter()
log = logging.getLogger("pmbot.dashboard")


def _login_page(request: Request, *, error: str = "", next_url: str = "/", status: int = 200) -> Response:
    auth = auth_of(request)
    token, cookie = auth.login_token(request)
    rendered = page("login.html", status_code=status, token=token, error=error, next_url=next_url,
                    configured=auth.configured, sandbox_password=auth.sandbox_password)
    if cookie is not None:
        auth.set_login_cookie(rendered, cookie)
    return rendered


@router.get("/login", include_in_schema=False)
async def login_form(request: Request) -> Response:
    return _login_page(request, next_url=safe_next(request.query_params.get("next")))


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    auth = auth_of(request)
    fields = await form(request)
    next_url = safe_next(fields.get("next"))
    if not auth.login_token_ok(request, fields.get("csrf", "")):
        return _login_page(request, error="The form expired. Please sign in again.", next_url=next_url, status=400)
    address = request.client.host if request.client else "unknown"
    wait = await auth.limit.admit(address)
    if wait is not None:
        log.info("sign-in refused: too many failures", extra={"action": "signin_limited"})
        refused = _login_page(request, error=f"Too many failed sign-ins. Try again in {duration(wait)}.",
                              next_url=next_url, status=429)
        refused.headers["Retry-After"] = str(wait)
        return refused
    ok = False
    try:
        ok = await auth.check_password(fields.get("password", ""))
    finally:
        reached = await auth.limit.settle(address, ok=ok)
    runtime = runtime_of(request)
    if not ok:
        await _audit(runtime, "pmbot.signin_failed", address)
        if reached is not None:
            await _audit(runtime, "pmbot.signin_locked", address if reached == "address" else "everyone")
        return _login_page(request, error="Wrong password.", next_url=next_url, status=401)
    await _audit(runtime, "pmbot.signin", address)
    response = RedirectResponse(next_url, status_code=303)
    await auth.start_session(response, "admin")
    return response


async def _audit(runtime: Any, kind: str, target: str) -> None:
    """A sign-in, a failed one or a lock-out, in the audit log beside the other dashboard actions."""

    async def record() -> dict[str, str]:
        return {"via": "dashboard"}

    await runtime.store.actions.run(f"{kind}:{uuid.uuid4().hex}", kind, record, target=target, agent="oversight")


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    fields = await form(request)
    if not auth_of(request).csrf_ok(user, fields.get("csrf", "")):
        return HTMLResponse("Bad or missing CSRF token.", status_code=403)
    response = RedirectResponse("/login", status_code=303)
    await auth_of(request).end_session(user, response)
    return response


async def _checked(request: Request) -> tuple[Any, dict[str, str]] | Response:
    user = await signed_in(request)
    if isinstance(user, RedirectResponse):
        return user
    fields = await form(request)
    if not auth_of(request).csrf_ok(user, fields.get("csrf", "")):
        return HTMLResponse("Bad or missing CSRF token.", status_code=403)
    if not user.lead:
        return HTMLResponse("Only a lead can change this.", status_code=403)
    return user, fields


@router.post("/switches", include_in_schema=False)
async def change_switch(request: Request) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    user, fields = checked
    runtime = runtime_of(request)
    switch, agent, on = fields.get("switch", ""), fields.get("agent") or None, fields.get("on") == "on"
    if switch not in SWITCHES or (agent is not None and agent not in {a.name for a in runtime.agents}):
        return HTMLResponse("Unknown switch or agent.", status_code=400)
    await runtime.oversight.change(switch, agent, on, by=user.name, via="dashboard")
    return RedirectResponse(safe_next(fields.get("next")), status_code=303)


@router.post("/dead/{verb}", include_in_schema=False)
async def dead_letter(request: Request, verb: str) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    user, fields = checked
    if verb not in ("retry", "discard"):
        return HTMLResponse("Unknown action.", status_code=404)
    runtime = runtime_of(request)
    key = fields.get("key", "")

    async def settle() -> dict[str, Any]:
        changed = await runtime.store.inbox.settle_dead(key, retry=verb == "retry")
        return {"by": user.name, "via": "dashboard", "changed": changed}

    _, result = await runtime.store.actions.run(f"dead.{verb}:{key}:{uuid.uuid4().hex}", f"pmbot.{verb}_event",
                                                settle, target=key, event_key=key, agent="oversight")
    if verb == "retry" and result and result.get("changed"):
        runtime.worker.poke()
    message = ("retried" if verb == "retry" else "discarded") if result and result.get("changed") else "gone"
    return RedirectResponse(f"/dead?message={message}", status_code=303)
