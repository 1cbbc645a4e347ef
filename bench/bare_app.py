"""The baseline for bench/ingest.py: a FastAPI endpoint that only reads the body and answers 200.

Served by uvicorn exactly like pmbot (one worker process, same loop/http implementation), so the
ratio pmbot/bare measures what verify → parse → commit-to-inbox costs on top of FastAPI itself.
"""

from __future__ import annotations

from fastapi import FastAPI, Request

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/webhooks/github")
async def github(request: Request) -> dict[str, bool]:
    await request.body()
    return {"ok": True}


@app.get("/readyz")
async def readyz() -> dict[str, str]:
    return {"status": "ready"}
