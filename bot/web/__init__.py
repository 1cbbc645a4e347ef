"""The dashboard: server-rendered pages behind a sign-in, for people to see, steer and trust pmbot."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.settings import Settings
from bot.web import forms, pages
from bot.web.auth import Auth
from bot.web.render import HERE


def mount(app: FastAPI, settings: Settings, *, sandbox: bool = False) -> None:
    """Pages, forms and the stylesheet; the webhook, health and metrics routes stay as they are."""
    app.state.auth = Auth(settings, sandbox=sandbox)
    app.include_router(forms.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if settings.pmbot_secure_cookies:
        app.add_middleware(StrictTransportSecurity)


class StrictTransportSecurity:
    """Behind HTTPS (secure cookies on), every answer tells browsers to use nothing but HTTPS for a year."""

    HEADER = (b"strict-transport-security", b"max-age=31536000")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self.HEADER]
            await send(message)

        await self.app(scope, receive, with_header)
