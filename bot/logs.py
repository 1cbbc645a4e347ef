"""JSON logs with event ids; configured secrets are scrubbed from every line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_FIELDS_NEVER_LOGGED = {"raw", "payload", "body", "headers"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message and the structured extras."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_") or key in _FIELDS_NEVER_LOGGED:
                continue
            line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        text = json.dumps(line, default=str)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def configure_logging(level: str = "INFO", secrets: Iterable[str] = (), stream: object = None) -> None:
    """Route pmbot's and the servers' loggers through the JSON formatter."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(JsonFormatter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_pmbot", False):
            root.removeHandler(old)
    handler._pmbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    # Third-party libraries stay at WARNING whatever pmbot's level: at DEBUG some of them log SQL
    # parameters or HTTP bodies (aiosqlite, slack_sdk), and those carry payloads.
    root.setLevel(logging.WARNING)
    for ours in ("pmbot", "integrations", "agents", "bot"):
        logging.getLogger(ours).setLevel(level.upper())
    for server in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(server).handlers = []
        logging.getLogger(server).propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
