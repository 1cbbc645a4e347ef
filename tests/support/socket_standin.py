"""A local stand-in for Slack's Socket Mode endpoint (aiohttp WebSocket server on loopback): says hello,
sends envelopes, records each acknowledgement (and what a probe saw at that moment), and can drop the
connection so the client reconnects, then send the same envelopes again - as Slack does when unsure."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from integrations.sim_base import free_port


@dataclass
class Ack:
    connection: int
    envelope_id: str
    payload: Any
    seen: Any  # what the probe returned when the ack arrived (e.g. "is the event in the inbox?")


@dataclass
class SocketStandIn:
    """Plays Slack: each connection gets `hello` then every envelope; after the first connection's acks it
    closes the socket (the client reconnects) and the next connection receives the same envelopes again."""

    envelopes: list[dict[str, Any]]
    probe: Callable[[dict[str, Any]], Any] = lambda envelope: None
    drop_first: bool = True
    acks: list[Ack] = field(default_factory=list)
    connections: int = 0
    armed: bool = True  # False: hold the envelopes until the test has set them (and then arms it)
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=standin"

    def start(self) -> SocketStandIn:
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        assert self._ready.wait(10), "the Socket Mode stand-in did not start"
        return self

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        app = web.Application()
        app.router.add_get("/link/", self._socket)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
        self._ready.set()
        self._loop.run_forever()

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        number = self.connections
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "standin"},
                            "connection_info": {"app_id": "A0SIM"}})
        while not self.armed and not ws.closed:
            await asyncio.sleep(0.05)
        waiting = {e["envelope_id"] for e in self.envelopes}
        for envelope in self.envelopes:
            await ws.send_json(envelope)
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            envelope_id = data.get("envelope_id")
            if envelope_id not in waiting:
                continue
            envelope = next(e for e in self.envelopes if e["envelope_id"] == envelope_id)
            self.acks.append(Ack(number, envelope_id, data.get("payload"), self.probe(envelope)))
            waiting.discard(envelope_id)
            if not waiting and number == 1 and self.drop_first:
                await ws.close()  # Slack refreshes connections; the client must come back
        return ws

    def stop(self) -> None:
        async def shutdown() -> None:
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
