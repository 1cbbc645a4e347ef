"""The app factory: everything is built from settings inside the lifespan (no import-time state)."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler

from agents.base import Agent
from agents.team import TeamConfig
from bot.clock import Clock
from bot.config import load_team_config
from bot.routes import health, webhooks
from bot.runtime import Clients, Runtime
from bot.settings import Settings
from bot.slack_app import build_slack_app
from bot.socket_mode import SocketMode
from bot.web import mount as mount_dashboard
from integrations.registry import webhook_platforms

log = logging.getLogger("pmbot.app")


def create_app(
    settings: Settings | None = None,
    *,
    team: TeamConfig | None = None,
    clock: Clock | None = None,
    clients: Clients | None = None,
    agents: list[Agent] | None = None,
    sandbox: Any = None,
    on_started: Callable[[Runtime], None] | None = None,
    team_file: Path | None = None,
) -> FastAPI:
    """Build the pmbot app. Tests pass their own settings, clock and clients; nothing is global. `team_file`:
    the team YAML `team` was read from, watched for reloads (read from `PMBOT_CONFIG` when no team is given)."""
    settings = settings or Settings()
    if team is None:
        team, team_file = load_team_config(settings.pmbot_config), settings.pmbot_config

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings, team, clock=clock, clients=clients, agents=agents, team_file=team_file)
        await runtime.start()
        runtime.reloader.install_signal()  # SIGHUP: read the team file again now
        app.state.runtime = runtime
        await app.state.auth.start(runtime)  # the dashboard's signing key and sessions live in the database
        app.state.loop = asyncio.get_running_loop()
        app.state.bolt_handlers = {}
        for platform in webhook_platforms():
            if platform.receiver == "slack_bolt" and (bolt := build_slack_app(runtime, platform.name)) is not None:
                app.state.bolt_handlers[platform.name] = AsyncSlackRequestHandler(bolt)
        socket = SocketMode(runtime)
        await socket.start()  # Socket Mode when SLACK_APP_TOKEN is set: the same listeners, fed by Slack's socket
        # Everything built so far lives as long as the process: keep it out of the collector's
        # full passes, which otherwise walk it on every gen-2 collection (tail latency).
        gc.collect()
        gc.freeze()
        if on_started is not None:
            on_started(runtime)  # the banner: printed once the database answered and migrations ran
        try:
            yield
        finally:
            await socket.close()
            await runtime.stop()

    # No /openapi.json, /docs or /redoc: the route list is nobody's business but the operator's.
    app = webhooks.PmbotApp(title="pmbot", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.team = team
    app.state.sandbox = sandbox
    webhooks.mount(app)
    app.include_router(health.router)
    mount_dashboard(app, settings, sandbox=sandbox is not None)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "bad request"}, status_code=400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse({"error": "temporarily unavailable, retry later"}, status_code=503)

    return app
