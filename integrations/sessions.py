"""One aiohttp session per platform client, made in the event loop that uses it (a session belongs to one loop),
keeping its connections between calls."""

from __future__ import annotations

import asyncio

import aiohttp

# Idle connections are dropped before a server with a 5 s keep-alive (uvicorn's default) closes them: a request
# on a connection the server just closed fails, and its retry costs a backoff (and counts twice against a
# platform's request budget).
KEEPALIVE = 4.0


class LoopSession:
    """`get()` the client's session, (re)made when there is none, it was closed, or another loop asks."""

    def __init__(self, timeout: aiohttp.ClientTimeout) -> None:
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=self.timeout,
                                                  connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE))
            self._loop = loop
        return self._session

    async def aclose(self) -> None:
        """Close the session, when it belongs to this loop (another loop's went with that loop)."""
        session, self._session = self._session, None
        if session is not None and not session.closed and self._loop is asyncio.get_running_loop():
            await session.close()
