"""Helpers every platform shares: case-insensitive headers, the one Retry-After / X-RateLimit parser, and
the one stable id for payloads that carry none."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Literal

_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$")


def header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """A header's value looked up case-insensitively (frameworks, SDKs and tests differ in case)."""
    if headers is None:
        return None
    wanted = name.lower()
    value = headers.get(wanted)  # most callers hold lower-cased names already: no scan
    if isinstance(value, str):
        return value
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == wanted:
            if isinstance(value, list | tuple):
                value = value[0] if value else None
            return value if isinstance(value, str) else (str(value) if value is not None else None)
    return None


def _seconds(value: str, kind: str, now: float) -> float | None:
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        number = None
    if kind == "epoch":
        return None if number is None else number - now
    if number is not None:
        return number
    if kind == "duration":  # OpenAI's "6m0s", "1.5s", "20ms"
        match = _DURATION.match(value)
        if match and any(match.groups()):
            h, m, s, ms = (float(g) if g else 0.0 for g in match.groups())
            return h * 3600 + m * 60 + s + ms / 1000
        return None
    try:  # Retry-After may also be an HTTP date (RFC 9110)
        return parsedate_to_datetime(value).timestamp() - now
    except (TypeError, ValueError, IndexError):
        return None


def retry_after(
    headers: Mapping[str, Any] | None,
    *,
    reset: str | None = None,
    reset_kind: Literal["epoch", "duration"] = "epoch",
    now: float | None = None,
) -> float | None:
    """Seconds the platform asks us to wait: `Retry-After` (seconds or a date) first, then the `reset` header
    when the caller says it applies (an epoch time, or a duration); None when the headers do not say."""
    now = time.time() if now is None else now
    after = header(headers, "retry-after")
    if after is not None and (seconds := _seconds(after, "retry-after", now)) is not None:
        return max(0.0, seconds)
    if reset is not None:
        value = header(headers, reset)
        if value is not None and (seconds := _seconds(value, reset_kind, now)) is not None:
            return max(0.0, seconds)
    return None


def stable_id(payload: Any, *, salt: str = "", length: int = 24) -> str:
    """A dedupe id from a payload's content, for deliveries that carry no id of their own (a redelivery of the
    same content gets the same id)."""
    blob = json.dumps(payload, sort_keys=True, default=str).encode("utf-8")
    if salt:
        blob = salt.encode("utf-8") + b"\n" + blob
    return hashlib.sha256(blob).hexdigest()[:length]
