"""pmbot served over real HTTP on loopback, in a thread (in-process) or as a `pmbot serve` process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
import uvicorn

from agents.team import TeamConfig
from bot.app import create_app
from bot.settings import Settings
from integrations.sim_base import free_port
from tests.conftest import ROOT


def make_settings(**overrides: Any) -> Settings:
    """Settings from the given values only (no .env, no environment)."""
    base: dict[str, Any] = {"pmbot_sandbox": False, "pmbot_scheduler": False}
    base.update(overrides)
    return Settings(_env_file=None, **base)  # type: ignore[call-arg]


class ThreadServer:
    """`create_app(...)` under uvicorn in a background thread."""

    def __init__(self, settings: Settings, team: TeamConfig | None = None, **app_kwargs: Any) -> None:
        self.port = free_port()
        self.app = create_app(settings, team=team or TeamConfig(), **app_kwargs)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_config=None, access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def runtime(self) -> Any:
        return self.app.state.runtime

    def call(self, fn: Any, *args: Any, timeout: float = 30.0) -> Any:
        """Run `await fn(*args)` inside the server's event loop and return its result."""
        future = asyncio.run_coroutine_threadsafe(fn(*args), self.app.state.loop)
        return future.result(timeout=timeout)

    def tick(self, name: str) -> None:
        """Fire a scheduler tick now (as the cron would) and let the worker process what follows."""
        from bot.scheduler import tick_event

        self.call(self.runtime.store.enqueue, [tick_event(name, self.runtime.clock)])

    def drain(self, timeout: float = 20.0) -> int:
        """Process everything ready in the inbox now, and wait for what the background worker holds."""
        taken = int(self.call(self.runtime.worker.drain))
        wait_until(lambda: not self.call(self._busy), timeout=timeout)
        return taken

    async def _busy(self) -> bool:
        now = self.runtime.clock.now()
        rows = await self.runtime.store.inbox.rows(limit=100_000)
        return any(r["status"] == "processing" or (r["status"] == "pending" and r["available_at"] <= now)
                   for r in rows)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("pmbot did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class ProcessServer:
    """`python -m bot serve` as a child process, so a test can SIGKILL it."""

    def __init__(self, env: dict[str, str], *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.env = {**os.environ, **env}
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log_file: Any = None) -> ProcessServer:
        cmd = [sys.executable, "-m", "bot", "serve", "--port", str(self.port), *self.args]
        self.proc = subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=log_file or subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT if log_file else subprocess.DEVNULL)
        deadline = time.monotonic() + 90  # a loaded 2-core CI machine can take a while to import and migrate
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pmbot exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("pmbot did not become ready")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def wait_until(predicate: Any, timeout: float = 15.0, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError("condition not met in time")
