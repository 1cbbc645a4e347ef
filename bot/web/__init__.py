"""The dashboard: server-rendered pages behind a sign-in, for people to see, steer and trust pmbot."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

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
