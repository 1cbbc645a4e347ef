"""Slack text built so that an outside value cannot turn into markup: the one builder every agent uses.

Like markupsafe for HTML: `Mrkdwn` is text that is safe to send (pmbot's own words, or values that went
through `esc`); anything else that is joined or formatted into it is escaped on the way in. Links and mentions
are made here and nowhere else, so a task name cannot close a link, fake a mention or ping `<!channel>`.
Slack's rule (https://api.slack.com/reference/surfaces/formatting#escaping): `&`, `<` and `>` become entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, SupportsIndex

ELLIPSIS = "…"
_SCHEME = re.compile(r"^https?://", re.I)
_URL_BREAKERS = re.compile(r"[\s<>|\x00-\x1f\x7f]")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


class Mrkdwn(str):
    """Slack mrkdwn that is safe to send as it is; whatever is added to it from outside is escaped first."""

    __slots__ = ()

    def __add__(self, other: str) -> Mrkdwn:
        return Mrkdwn(str.__add__(self, esc(other)))

    def __radd__(self, other: str) -> Mrkdwn:
        return Mrkdwn(str.__add__(esc(other), self))

    def join(self, parts: Iterable[str]) -> Mrkdwn:
        return Mrkdwn(str.join(self, (esc(p) for p in parts)))

    def format(self, *args: Any, **kwargs: Any) -> Mrkdwn:
        return Mrkdwn(str.format(self, *(_arg(a) for a in args), **{k: _arg(v) for k, v in kwargs.items()}))

    def strip(self, chars: str | None = None) -> Mrkdwn:
        return Mrkdwn(str.strip(self, _blank(chars)))

    def rstrip(self, chars: str | None = None) -> Mrkdwn:
        return Mrkdwn(str.rstrip(self, _blank(chars)))

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        # A slice of escaped text may end inside `&amp;`: it is plain str again (use `bounded` before escaping).
        return str(self)[key]

    def __repr__(self) -> str:
        return f"Mrkdwn({str.__repr__(self)})"


def _blank(chars: str | None) -> str | None:
    # Stripping the characters of an entity at the edge (`&gt;`) would leave a broken one.
    return None if chars is None else "".join(c for c in chars if c not in "&;#amplgt")


def _arg(value: Any) -> Any:
    if isinstance(value, str) or not isinstance(value, (int, float)):
        return esc(value)
    return value


def esc(value: object) -> Mrkdwn:
    """`value` as Slack text: already-safe `Mrkdwn` as it is, anything else with `&`, `<`, `>` escaped."""
    if isinstance(value, Mrkdwn):
        return value
    text = "" if value is None else str(value)
    return Mrkdwn(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def cut(value: object, limit: int) -> str:
    """The raw value shortened to at most `limit` characters, ending in "…" when it was cut."""
    text = "" if value is None else str(value)
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def bounded(value: object, limit: int) -> Mrkdwn:
    """`value` cut to `limit` characters and then escaped, so the cut never splits an entity such as `&amp;`."""
    if isinstance(value, Mrkdwn):  # escaped plain text (markup in it would be cut as text)
        plain = unescape(value)
        return value if len(plain) <= limit else esc(cut(plain, limit))
    return esc(cut(value, limit))


def safe_url(url: object) -> str | None:
    """`url` if it is an http(s) address that cannot break out of a link, else None."""
    text = str(url or "").strip()
    if not _SCHEME.match(text) or _URL_BREAKERS.search(text):
        return None
    return text


def link(url: object, label: object, *, limit: int | None = None) -> Mrkdwn:
    """`<url|label>`, or only the label when the url is not http(s).

    The label is escaped, so no raw `>` can end the link early (a `>` shows as `&gt;`), and loses its `|`.
    """
    if isinstance(label, Mrkdwn):
        shown = bounded(label, limit) if limit else label
        shown = Mrkdwn(re.sub(r"[|<>]", "", shown))
    else:
        text = str(label or "").replace("|", "")
        shown = bounded(text, limit) if limit else esc(text)
    address = safe_url(url)
    if address is None:
        return shown
    return Mrkdwn(f"<{esc(address)}|{shown}>" if shown else f"<{esc(address)}>")


def mention(user_id: object) -> Mrkdwn:
    """A real `<@U…>` for a Slack user id pmbot knows; anything else is shown as escaped text."""
    text = str(user_id or "")
    return Mrkdwn(f"<@{text}>") if _USER_ID.match(text) else esc(text)


def channel(channel_id: object) -> Mrkdwn:
    """A real `<#C…>` for a Slack channel id; anything else (a name like `#qa`) is escaped text."""
    text = str(channel_id or "")
    return Mrkdwn(f"<#{text}>") if _CHANNEL_ID.match(text) else esc(text)


def quote(value: object) -> Mrkdwn:
    """An outside text as a Slack block quote, every line escaped."""
    lines = str(value or "").splitlines()
    return Mrkdwn("\n".join(f"> {esc(line)}" if line.strip() else ">" for line in lines))


def unescape(text: str) -> str:
    """The plain text of escaped Slack text (for a terminal, never for Slack)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_CONTROL = re.compile(r"<([^<>]*)>")
_HTTP = re.compile(r"(https?://[^|\s]+)(?:\|(.*))?", re.I | re.S)


def authored(text: object) -> Mrkdwn:
    """Text a person wrote (a standup answer, a rule's own words), which may arrive Slack-encoded or raw.

    Its user and channel references and http(s) links are rebuilt here; everything else is escaped, so a
    `<!channel>`, `<!here>`, `<!subteam^…>` or a `<mailto:…>` stays inert text.
    """
    return rewrite_controls(unescape(str(text or "")), esc, _reference)


def rewrite_controls(text: str, plain: Callable[[str], str], control: Callable[[re.Match[str]], str]) -> Mrkdwn:
    """`text` with each Slack control sequence (`<…>`) replaced by `control(match)` and the text between them
    by `plain(part)`: the one walk over controls that the escaping helpers share."""
    out: list[str] = []
    end = 0
    for match in _CONTROL.finditer(text):
        out.append(plain(text[end:match.start()]))
        out.append(control(match))
        end = match.end()
    out.append(plain(text[end:]))
    return Mrkdwn("".join(out))


def _reference(match: re.Match[str]) -> str:
    inner = match.group(1)
    if inner.startswith("@") and _USER_ID.match(inner[1:].split("|")[0]):
        return mention(inner[1:].split("|")[0])
    if inner.startswith("#") and _CHANNEL_ID.match(inner[1:].split("|")[0]):
        return channel(inner[1:].split("|")[0])
    if (address := _HTTP.fullmatch(inner)) and safe_url(address.group(1)):
        return link(address.group(1), address.group(2) or address.group(1))
    return esc(match.group(0))


# -- Slack's limits, and cutting text and blocks to fit them ----------------------------------------------------
# https://docs.slack.dev/reference/block-kit/blocks; `msg_blocks_too_long` past ~12,000 characters of block text.
SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_BLOCKS_TEXT = 12_000
MESSAGE_TEXT = 4000  # Slack recommends less for a message's `text`, and truncates it at 40,000
FENCE = "```"
_OPEN_LINK = re.compile(r"<[^<>]*$")
_OPEN_ENTITY = re.compile(r"&[#a-zA-Z0-9]{0,8}$")


def truncate(text: str, limit: int, *, tail: str = ELLIPSIS) -> Mrkdwn:
    """Safe Slack text shortened to at most `limit` characters, ending in `tail` when it was cut.

    The cut never falls inside a `<url|label>` or mention, an entity such as `&amp;`, and a code fence it leaves
    open is closed, so what remains is still well-formed; it prefers the end of a line near the limit.
    """
    safe = esc(text)
    if len(safe) <= limit:
        return safe
    room = limit - len(tail) - len("\n" + FENCE)
    if room <= 0:
        return Mrkdwn(tail[:max(limit, 0)])
    kept = str(safe)[:room]
    if (opened := _OPEN_LINK.search(kept)) is not None:
        kept = kept[:opened.start()]
    if (entity := _OPEN_ENTITY.search(kept)) is not None:
        kept = kept[:entity.start()]
    newline = kept.rfind("\n")
    if newline >= room * 0.8:
        kept = kept[:newline]
    kept = kept.rstrip(" \t\n")
    while kept.endswith("`") and kept.count(FENCE) % 2:  # a fence cut in half: drop its backticks
        kept = kept[:-1]
    closing = "\n" + FENCE if kept.count(FENCE) % 2 else ""
    return Mrkdwn(kept + tail + closing)


def more(n: int) -> Mrkdwn:
    """The line that stands for what a list left out."""
    return Mrkdwn(f"_…and {n} more_")


def lines_within(lines: Iterable[str], limit: int, *, max_lines: int | None = None,
                 total: int | None = None) -> Mrkdwn:
    """Lines of safe text joined one per line, as many as fit in `limit` characters (and `max_lines`), with
    "…and N more" for the rest; `total` counts lines the caller already left out. Every line is bounded first."""
    items = [esc(line) for line in lines]
    total = max(total or 0, len(items))
    shown: list[str] = []
    size = 0
    reserve = len(more(total)) + 1
    for line in items:
        if max_lines is not None and len(shown) >= max_lines:
            break
        line = truncate(line, limit - reserve)
        last = len(shown) + 1 == total
        if size + len(line) + (len(shown) > 0) > limit - (0 if last else reserve):
            break
        shown.append(line)
        size += len(line) + (len(shown) > 1)
    if len(shown) < total:
        shown.append(more(total - len(shown)))
    return Mrkdwn("\n".join(shown))


def text_length(blocks: Any) -> int:
    """The characters of every text object's `text` in blocks: what Slack counts toward `msg_blocks_too_long`."""
    if isinstance(blocks, list):
        return sum(text_length(b) for b in blocks)
    if not isinstance(blocks, dict):
        return 0
    own = blocks.get("text")
    return (len(own) if isinstance(own, str) else 0) + sum(
        text_length(v) for k, v in blocks.items() if not (k == "text" and isinstance(v, str)))


def pages(blocks: list[dict[str, Any]], budget: int = MESSAGE_BLOCKS_TEXT - 1000,
          max_blocks: int = MESSAGE_BLOCKS) -> list[list[dict[str, Any]]]:
    """Blocks split, in order, into messages that each stay within `budget` characters of text and
    `max_blocks` blocks (the first is posted, the rest continue in its thread). Nothing is dropped."""
    out: list[list[dict[str, Any]]] = [[]]
    size = 0
    for block in blocks:
        cost = text_length(block)
        if out[-1] and (size + cost > budget or len(out[-1]) >= max_blocks):
            out.append([])
            size = 0
        out[-1].append(block)
        size += cost
    return out
