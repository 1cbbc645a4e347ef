"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    runtime = request.app.state.runtime
    if await runtime.db.ping():
        return JSONResponse({"status": "ready", "database": runtime.db.dialect})
    return JSONResponse({"status": "not ready", "database": "unreachable"}, status_code=503)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    return Response(request.app.state.runtime.metrics.render(), media_type=CONTENT_TYPE_LATEST)
