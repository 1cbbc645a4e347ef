"""Who holds inbox leases and running actions, and whether that process still runs."""

from __future__ import annotations

import functools
import os
import secrets
import socket
from pathlib import Path


def _place() -> str:
    """This host as owners name it: `PMBOT_WORKER_HOST` or the hostname, plus the pid namespace.
    Containers sharing a hostname (host networking) have separate pid spaces: none judges the others."""
    host = (os.environ.get("PMBOT_WORKER_HOST") or socket.gethostname())[:30].replace(":", "_")
    try:
        namespace = os.readlink("/proc/self/ns/pid").strip("pid:[]")
    except OSError:
        return host
    return f"{host}/{namespace}"


def _started(pid: int) -> str | None:
    """The start time of process `pid` as the kernel tells it; None when it no longer runs (gone, or
    killed and not yet reaped: a zombie still answers `kill -0`); "" where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None if Path("/proc/self/stat").exists() else ""
    except OSError:
        return ""
    fields = stat[stat.rindex(")") + 2 :].split()  # after the command name, which may hold spaces
    if fields[0] in ("Z", "X"):
        return None
    return fields[19]


@functools.lru_cache(maxsize=4)
def _token(pid: int) -> str:
    # Keyed by pid, so a forked child does not inherit its parent's token.
    return _started(pid) or secrets.token_hex(5)


def worker_id() -> str:
    """`place:pid:start` - unique per process even where pids repeat (a container restarts as pid 1)."""
    return f"{_place()}:{os.getpid()}:{_token(os.getpid())}"


def is_orphan(owner: str | None) -> bool:
    """True when `owner` was a process of this host that no longer runs (it crashed or was killed).
    Owners elsewhere are never judged here: their leases expire instead."""
    if not owner:
        return False
    place, _, rest = owner.partition(":")
    pid, _, token = rest.partition(":")
    if not token:
        return _legacy_is_orphan(owner)
    if place != _place() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return owner != worker_id()  # an earlier process that had our pid
    started = _started(int(pid))
    if started == "":
        return _gone(int(pid))
    return started is None or started != token  # dead, or its pid now belongs to another process


def _legacy_is_orphan(owner: str) -> bool:
    """Owners written as `host:pid` by versions before the start token (rows from before an upgrade)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname()[:40] or not pid.isdigit() or int(pid) == os.getpid():
        return False
    return _started(int(pid)) is None or _gone(int(pid))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
