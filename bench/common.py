"""What the benchmarks share: child servers on loopback, the machine's facts, PASS/MISS."""

from __future__ import annotations

import importlib.util
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
FIXTURES = ROOT / "tests" / "fixtures"
# Platform credentials are blanked so a developer's environment cannot turn on clients or the sandbox.
BLANKED = [
    "GITHUB_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "CLICKUP_API_TOKEN",
    "CLICKUP_TEAM_ID", "CLICKUP_WEBHOOK_SECRET", "GITHUB_WEBHOOK_SECRET", "OPENAI_API_KEY", "PMBOT_AGENTS",
    "PMBOT_DATABASE_URL", "PMBOT_WORKER_CONCURRENCY", "PMBOT_LEASE_SECONDS",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def base_env(**extra: str) -> dict[str, str]:
    return {**os.environ, **{k: "" for k in BLANKED}, "PYTHONUNBUFFERED": "1", **extra}


def pmbot_env(database_url: str, **extra: str) -> dict[str, str]:
    """`pmbot serve` with no credentials but those given, no sandbox, no scheduler, warnings only."""
    settings = {"PMBOT_DATABASE_URL": database_url, "PMBOT_SANDBOX": "false", "PMBOT_SCHEDULER": "false",
                "PMBOT_WORKER": "true", "PMBOT_DRY_RUN": "false", "PMBOT_LOG_LEVEL": "WARNING",
                "PMBOT_CONFIG": str(ROOT / "config" / "pmbot.example.yaml")}
    return base_env(**{**settings, **extra})


class Server:
    """A child process serving HTTP on loopback; started, waited for, stopped or killed."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], port: int, log: Path,
                 ready_path: str = "/readyz") -> None:
        self.name, self.cmd, self.env, self.port, self.log = name, cmd, env, port, log
        self.ready_path = ready_path
        self.proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def pmbot(cls, name: str, env: dict[str, str], log: Path, *args: str) -> Server:
        port = free_port()
        cmd = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
        return cls(name, cmd, env, port, log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> Server:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(f"GET {self.ready_path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
                                 .encode())
                    if sock.recv(64).startswith(b"HTTP/1.1 200"):
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not become ready in {timeout:.0f}s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)

    def kill(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=15)

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the process (all its threads) so far; None off Linux."""
        try:
            assert self.proc is not None
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError, AssertionError):
            return None


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def machine_facts() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"machine : nproc={os.cpu_count()} ({cpu}), {platform.system()} {platform.release()}",
        f"python  : {platform.python_version()} ({sys.executable})",
        f"load avg: {load_average()} at start (other busy processes on the machine skew every figure)",
    ]


def header(title: str) -> None:
    """The benchmark's title, the machine and the exact command: the first lines of every run's output."""
    print(title)
    for line in machine_facts():
        print(line)
    print(f"command : {' '.join([Path(sys.executable).name, *sys.argv])}")


def start_sims(tasks: int) -> subprocess.Popen[str]:
    """bench/sims.py in a child process; its first line on stdout is the simulators' URLs as JSON."""
    return subprocess.Popen([sys.executable, str(ROOT / "bench" / "sims.py"), "--tasks", str(tasks)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    import math

    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def loop_factory() -> Any:
    import asyncio

    if has("uvloop"):
        import uvloop

        return uvloop.new_event_loop
    return asyncio.new_event_loop
