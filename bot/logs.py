"""JSON logs with event ids; configured secrets and secret-shaped strings are scrubbed from every line."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_FIELDS_NEVER_LOGGED = {"raw", "payload", "body", "headers"}
MASK = "***"

# Secret-shaped strings, whoever's they are (the configured secrets are scrubbed by value as well). Matched on the
# JSON line: a value ends at a quote or a backslash (an escaped quote) as well as at white space.
_LABEL = r"(?:password|passwd|passphrase|pwd|secret(?:[_ -]?access)?(?:[_ -]?key)?|api[_ -]?key|token|credentials?)"
_SHAPES = re.compile("|".join((
    r"\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]{6,}",  # Slack: bot, user, app-config (xoxe.xoxp-) and refresh tokens
    r"\bxapp-[A-Za-z0-9-]{6,}",
    r"\bgh[pousr]_[A-Za-z0-9_]{8,}|\bgithub_pat_[A-Za-z0-9_]{10,}",
    r"\bglpat-[A-Za-z0-9_-]{10,}",  # GitLab personal access tokens
    r"\bAIza[0-9A-Za-z_-]{30,}",  # Google API keys
    r"\bsk-[A-Za-z0-9_-]{6,}|\bpk_[A-Za-z0-9_]{6,}",  # OpenAI-style keys, ClickUp personal tokens
    r"\b(?:AKIA|ASIA)[0-9A-Z]{12,}",  # AWS access key ids
    # AWS secret access keys: 40 characters of base64 with upper and lower case and a digit (a commit sha is
    # lower-case hex)
    r"(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])"
    r"[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])",
    r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",  # JWTs
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
)))
_KEEP_LABEL = [
    # Bearer credentials, "pwd: x", "password=x", "\"token\": \"x\"", "the password is x": the label stays.
    (re.compile(r"(?i)(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}"), r"\1" + MASK),
    (re.compile(r"(?i)((?<![a-z0-9])" + _LABEL + r'\b(?:\\?")?\s*[:=]\s*(?:\\?")?)[^\s"\\,;]+'), r"\1" + MASK),
    (re.compile(r"(?i)((?<![a-z0-9])" + _LABEL + r"\s+(?:is|was|will\s+be)\s*:?\s+)[^\s\"\\,;]+"), r"\1" + MASK),
    # postgresql://user:password@host: the password goes, the user and host stay.
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^\s/:@\"\\]*:)[^\s/@\"\\]+@"), r"\1" + MASK + "@"),
]


def redact(text: str) -> str:
    """`text` with every secret-shaped string replaced by ***."""
    text = _SHAPES.sub(MASK, text)
    for pattern, replacement in _KEEP_LABEL:
        text = pattern.sub(replacement, text)
    return text


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
            text = text.replace(secret, MASK)
        return redact(text)


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
