"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

router = APIRouter()
# Well under the shortest webhook deadline (Slack waits 3 s): a replica whose inbox cannot commit
# by then is taken out of the load balancer instead of answering deliveries late.
WRITE_PROBE_SECONDS = 1.0


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    runtime = request.app.state.runtime
    if not await runtime.db.ping():
        return JSONResponse({"status": "not ready", "database": "unreachable"}, status_code=503)
    if not await runtime.store.inbox.writable(WRITE_PROBE_SECONDS):
        return JSONResponse(
            {"status": "not ready", "database": runtime.db.dialect, "inbox": "cannot take a write"}, status_code=503
        )
    return JSONResponse({"status": "ready", "database": runtime.db.dialect})


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    runtime = request.app.state.runtime
    for platform, budget in runtime.clients.budgets.items():
        try:
            used = await budget.usage()  # across every replica, not only this one
        except Exception:  # noqa: BLE001 - metrics must render even when the database hiccups
            used = budget.used
        runtime.metrics.budget_used.labels(platform).set(used)
        runtime.metrics.budget_limit.labels(platform).set(budget.limit)
        runtime.metrics.budget_throttled.labels(platform).set(budget.throttled)
    return Response(runtime.metrics.render(), media_type=CONTENT_TYPE_LATEST)
