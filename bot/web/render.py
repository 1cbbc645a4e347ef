"""Templates (Jinja2 files beside this module, autoescaped) and the small filters the pages use."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from agents.panels import Link

HERE = Path(__file__).resolve().parent
_REPO_REF = re.compile(r"^([\w.-]+/[\w.-]+)#(\d+)$")


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 5400:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def target_url(kind: str, target: str | None) -> str | None:
    """Where an action's target lives on its platform, when pmbot can tell from the kind and the id."""
    if not target:
        return None
    platform = kind.partition(".")[0]
    if platform == "clickup" and re.fullmatch(r"[\w-]+", target):
        return f"https://app.clickup.com/t/{target}"
    if platform == "github" and (m := _REPO_REF.match(target)):
        return f"https://github.com/{m.group(1)}/pull/{m.group(2)}"
    return None


def cell(value: Any) -> Markup:
    """One panel cell: a link, or text."""
    if isinstance(value, Link):
        return Markup('<a href="{}">{}</a>').format(value.url, value.text)
    return escape("" if value is None else str(value))


def short(text: Any, limit: int = 80) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(when=when, duration=duration, cell=cell, short=short, target_url=target_url)
    return env


HEADERS = {
    # Pages are never framed, cached or allowed to run script: they are plain HTML with one stylesheet.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=HEADERS)
