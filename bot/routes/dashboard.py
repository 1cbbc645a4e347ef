"""A placeholder dashboard: what pmbot is connected to and what it did lately."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from integrations.registry import PLATFORMS

router = APIRouter()

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pmbot</title>
<style>body{{font:14px system-ui,sans-serif;margin:2rem;max-width:60rem}}td,th{{padding:.2rem .6rem;text-align:left}}
.sim{{color:#a60}}</style></head>
<body><h1>pmbot</h1>
<p id="mode">{mode}</p>
<h2>Platforms</h2><table id="platforms">{platforms}</table>
<h2>Inbox</h2><table id="inbox">{inbox}</table>
<h2>Recent actions</h2><table id="actions"><tr><th>when</th><th>agent</th><th>action</th><th>target</th>
<th>status</th></tr>{actions}</table>
</body></html>"""


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request) -> HTMLResponse:
    runtime = request.app.state.runtime
    sandbox = request.app.state.sandbox
    simulated = set(sandbox.simulated) if sandbox else set()
    platforms = "".join(
        f"<tr><td>{p}</td><td class='{'sim' if p in simulated else ''}'>"
        f"{'simulated' if p in simulated else ('connected' if p in runtime.sources else 'not configured')}"
        "</td></tr>"
        for p in (platform.name for platform in PLATFORMS if platform.credentials)
    )
    counts = await runtime.store.inbox.counts()
    inbox = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in sorted(counts.items()))
    rows = await runtime.store.actions.recent(25)
    actions = "".join(
        f"<tr><td>{r['created_at']:%Y-%m-%d %H:%M:%S} UTC</td><td>{escape(r['agent'] or '')}</td>"
        f"<td>{escape(r['kind'])}</td><td>{escape(r['target'] or '')}</td><td>{escape(r['status'])}</td></tr>"
        for r in rows
    )
    mode = "Sandbox mode: simulated platforms." if sandbox else "Connected to real platforms."
    return HTMLResponse(PAGE.format(mode=mode, platforms=platforms, inbox=inbox or "<tr><td>empty</td></tr>",
                                    actions=actions))
