"""One triage for every entry point: accept, skip (ignored / unsupported) or reject, counted in one place."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot.metrics import Metrics
from bot.routes.webhooks import accept
from bot.triage import Verdict, count, triage
from integrations.clickup.webhook import ClickUpWebhook
from integrations.errors import BadPayload, Unkeyable
from integrations.events import Event
from integrations.github.webhook import GitHubWebhook
from integrations.protocols import WebhookSource
from integrations.slack.webhook import SlackWebhook


class Source:
    """A webhook source whose parser does what the payload says."""

    name = "fake"

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        pass

    def to_events(self, headers: Mapping[str, str], payload: Any) -> list[Event]:
        if payload["do"] == "bad":
            raise BadPayload("no task id")
        if payload["do"] == "bug":
            raise KeyError("oops")
        if payload["do"] == "event":
            return [Event(id="fake:1", source="cli", type="thing.happened", occurred_at=datetime.now(UTC))]
        return []

    def classify(self, headers: Mapping[str, str], payload: Any) -> tuple[str, bool]:
        return payload["do"], payload["do"] == "known"

    def delivery_key(self, headers: Mapping[str, str], payload: Any) -> str | None:
        raise Unkeyable("keyed by its events")

    def peek_key(self, headers: Mapping[str, str], body: bytes) -> str | None:
        raise Unkeyable("keyed by its events")


def test_every_platform_source_declares_the_whole_protocol() -> None:
    """`delivery_key` and `peek_key` are part of `WebhookSource`: the receiver asks, it does not probe."""
    for source in (ClickUpWebhook("s"), GitHubWebhook("s"), SlackWebhook("s"), Source()):
        assert isinstance(source, WebhookSource), type(source).__name__


@pytest.mark.parametrize(("do", "verdict", "kind", "reason", "error"), [
    ("event", Verdict.ACCEPTED, None, None, None),
    ("known", Verdict.IGNORED, "known", None, None),
    ("strange", Verdict.UNSUPPORTED, "strange", None, None),
    ("bad", Verdict.REJECTED, None, "unreadable payload: no task id", "unreadable payload: no task id"),
    ("bug", Verdict.REJECTED, None, "unreadable payload", "parser failed: KeyError: 'oops'"),
])
def test_triage__each_verdict_with_what_it_rests_on(do: str, verdict: Verdict, kind: str | None, reason: str | None,
                                                    error: str | None) -> None:
    found = triage(Source(), {}, {"do": do})
    assert (found.verdict, found.kind, found.reason, found.error) == (verdict, kind, reason, error)
    assert [e.id for e in found.events] == (["fake:1"] if verdict is Verdict.ACCEPTED else [])


def test_a_parser_bug_is_logged_with_its_traceback_and_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="pmbot.triage"):
        triage(Source(), {}, {"do": "bug"})
    assert [(r.getMessage(), r.exc_info is not None) for r in caplog.records] == [
        ("parser failed on a verified delivery", True)]


def test_count__one_metric_per_verdict_and_the_unsupported_kind_logged(caplog: pytest.LogCaptureFixture) -> None:
    metrics = Metrics()
    with caplog.at_level(logging.INFO, logger="pmbot.unsupported"):
        for verdict in Verdict:
            count(metrics, "fake", verdict, "odd.kind")
        count(metrics, "fake", Verdict.ACCEPTED)
    got = {s.labels["outcome"]: s.value for m in metrics.registry.collect() for s in m.samples
           if s.name == "pmbot_deliveries_total" and s.labels.get("source") == "fake"}
    assert got == {"accepted": 2.0, "duplicate": 1.0, "ignored": 1.0, "unsupported": 1.0, "rejected": 1.0}
    assert [r.getMessage() for r in caplog.records if r.name == "pmbot.unsupported"] == [
        "unsupported fake event odd.kind"]


async def test_a_delivery_keyed_by_its_events_is_translated_at_once_by_the_lean_receiver() -> None:
    """`accept` stores raw deliveries under their key; a source that has none (`Unkeyable`) is translated and
    its events committed to the inbox right away, through the same triage."""
    ingested: list[list[str]] = []

    async def ingest(name: str, events: list[Event], raw: str | None = None, *, timeout: float | None = None
                     ) -> list[bool]:
        ingested.append([e.id for e in events])
        return [True] * len(events)

    runtime: Any = SimpleNamespace(sources={"fake": Source()}, metrics=Metrics(), ingest=ingest)
    platform: Any = SimpleNamespace(name="fake", parse_body=None)
    verified: list[bool] = []
    assert await accept(runtime, platform, {}, b'{"do": "event"}', verified=lambda: verified.append(True)) == (
        200, {"ok": True, "accepted": 1, "duplicates": 0})
    assert await accept(runtime, platform, {}, b'{"do": "known"}') == (
        200, {"ok": True, "accepted": 0, "duplicates": 0, "ignored": "known"})
    assert await accept(runtime, platform, {}, b'{"do": "bad"}') == (400, {"error": "unreadable payload: no task id"})
    assert await accept(runtime, platform, {}, b'{"do": ') == (400, {"error": "body is not JSON"})
    assert (ingested, verified) == ([["fake:1"]], [True])
