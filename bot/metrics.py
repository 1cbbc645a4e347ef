"""Prometheus metrics, one registry per app (no module-level state)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    """Deliveries in, events out, and how long processing took."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._delivery_counts: dict[tuple[str, str], Any] = {}
        self.deliveries = Counter(
            "pmbot_deliveries_total",
            "Webhook deliveries by source and outcome (accepted, duplicate, rejected, ignored, unsupported)",
            ["source", "outcome"],
            registry=self.registry,
        )
        self.events_processed = Counter(
            "pmbot_events_processed_total",
            "Events the worker finished, by source, type and status (ok, failed, retry, dead)",
            ["source", "type", "status"],
            registry=self.registry,
        )
        self.processing_seconds = Histogram(
            "pmbot_event_processing_seconds",
            "Time from claim to settled, per event",
            ["source"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )

        self.budget_used = Gauge(
            "pmbot_request_budget_used",
            "Requests counted in the platform's current rate-limit window, by every replica",
            ["platform"],
            registry=self.registry,
        )
        self.budget_limit = Gauge(
            "pmbot_request_budget_limit", "Requests allowed per window (the plan's rate limit)", ["platform"],
            registry=self.registry,
        )
        self.budget_throttled = Gauge(
            "pmbot_request_budget_waits", "How often this replica waited for room in the budget", ["platform"],
            registry=self.registry,
        )

    def delivered(self, source: str, outcome: str) -> None:
        """Count one delivery (the receive path's hot line: the labelled counter looked up once per pair)."""
        counter = self._delivery_counts.get((source, outcome))
        if counter is None:
            counter = self._delivery_counts[(source, outcome)] = self.deliveries.labels(source, outcome)
        counter.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
