"""What an agent shows on its dashboard page: small data structures pmbot's web layer renders (no HTML here)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere: a task, a pull request, a Slack message."""

    text: str
    url: str


Cell = str | int | float | Link | None


@dataclass(frozen=True)
class Panel:
    """A titled table (columns and rows), or a short text, or a few figures (`stats`: label → value)."""

    title: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    text: str = ""
    stats: tuple[tuple[str, Cell], ...] = ()
    empty: str = "nothing here"  # said when the table has no rows
    notes: tuple[str, ...] = field(default=())
