"""Base for the in-package platform simulators: real HTTP servers on loopback that keep
state and record every request. The tests and the sandbox both use them."""

from __future__ import annotations

import json
import logging
import queue
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


@dataclass
class RecordedRequest:
    """One request a simulator received, as it arrived."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)

    def summary(self) -> tuple[str, str]:
        return (self.method, self.path)


log = logging.getLogger(__name__)


@dataclass
class SentWebhook:
    """One delivery a simulator POSTed, as it left."""

    url: str
    event: str
    payload: dict[str, Any]
    headers: dict[str, str]
    body: bytes
    status: int | None = None
    error: str | None = None


class WebhookSender:
    """POSTs queued webhook deliveries from its own thread, so a receiver in the same process (even one served by
    the simulator's own event loop) can never deadlock the sender. `sent` lists them as they left."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[SentWebhook] = []
        self._queue: queue.Queue[SentWebhook | None] = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name=f"{self.name}-sim-webhooks", daemon=True)
            self._thread.start()

    def put(self, url: str, event: str, payload: dict[str, Any], headers: dict[str, str], body: bytes) -> None:
        with self._idle:
            self._pending += 1
        self._queue.put(SentWebhook(url, event, payload, headers, body))

    def wait(self, timeout: float = 5.0) -> bool:
        """Block until every queued delivery has been POSTed; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        with httpx.Client(timeout=5.0) as http:
            while (sent := self._queue.get()) is not None:
                try:
                    sent.status = http.post(sent.url, content=sent.body, headers=sent.headers).status_code
                except httpx.HTTPError as exc:
                    sent.error = type(exc).__name__
                    log.info("%s simulator could not deliver %s: %s", self.name, sent.event, sent.error)
                with self._idle:
                    self.sent.append(sent)
                    self._pending -= 1
                    self._idle.notify_all()


@dataclass
class Fault:
    method: str
    path: str
    status: int
    headers: dict[str, str]
    body: Any
    times: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Simulator:
    """A platform API on loopback. Subclasses add routes to `self.app` in `routes()`."""

    name = "simulator"
    # Paths under this prefix are part of the simulated API (recorded); others (/_sim/...) are control.
    api_prefix = ""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        self._lock = threading.Lock()
        self.app = FastAPI(title=f"{self.name} simulator", docs_url=None, redoc_url=None, openapi_url=None)
        self.app.middleware("http")(self._record)
        self.routes()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def routes(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- recording and fault injection -------------------------------------------------
    async def _record(self, request: Request, call_next: Any) -> Response:
        body = await request.body()
        path = request.url.path
        if path.startswith("/_sim"):
            return await call_next(request)
        parsed: Any = None
        form: dict[str, str] = {}
        ctype = request.headers.get("content-type", "")
        if body and "json" in ctype:
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
        elif body and "x-www-form-urlencoded" in ctype:
            form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        rec = RecordedRequest(
            method=request.method,
            path=path,
            query={k: request.query_params.getlist(k) for k in request.query_params.keys()},
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
            json=parsed,
            form=form,
        )
        with self._lock:
            self.requests.append(rec)
            fault = self._take_fault(request.method, path)
        if fault is not None:
            if isinstance(fault.body, dict | list):
                return JSONResponse(fault.body, status_code=fault.status, headers=fault.headers)
            return Response(str(fault.body or ""), status_code=fault.status, headers=fault.headers)
        return await call_next(request)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.method in ("*", method) and path.startswith(fault.path) and fault.times > 0:
                fault.times -= 1
                return fault
        return None

    def fail_next(
        self,
        path: str,
        status: int,
        *,
        method: str = "*",
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> None:
        """Answer the next `times` requests under `path` with `status` (for 429 / 5xx tests)."""
        with self._lock:
            self.faults.append(Fault(method, path, status, headers or {}, body, times))

    def calls(self, method: str | None = None, path: str | None = None) -> list[RecordedRequest]:
        """Recorded requests, filtered by method and exact path (or path prefix ending in '*')."""
        with self._lock:
            out = list(self.requests)
        if method:
            out = [r for r in out if r.method == method]
        if path:
            if path.endswith("*"):
                out = [r for r in out if r.path.startswith(path[:-1])]
            else:
                out = [r for r in out if r.path == path]
        return out

    def writes(self) -> list[RecordedRequest]:
        """Recorded requests that change state (anything but GET/HEAD)."""
        return [r for r in self.calls() if r.method not in ("GET", "HEAD")]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self.faults.clear()

    # -- serving ------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.api_prefix}"

    def start(self, port: int = 0) -> Simulator:
        self.port = port or free_port()
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"{self.name}-sim", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"{self.name} simulator did not start on port {self.port}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
