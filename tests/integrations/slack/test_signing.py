"""Slack request signatures: SlackWebhook.verify against the signing helpers, slack_sdk, and fuzzing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.errors import InvalidSignature
from integrations.slack import signing
from integrations.slack.webhook import SlackWebhook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "slack"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BODY = (FIXTURES / "event_callback.app_mention.json").read_bytes()
STAMP = int(NOW.timestamp())


class Clock:
    def now(self) -> datetime:
        return NOW


@pytest.fixture
def hook() -> SlackWebhook:
    return SlackWebhook(SECRET, clock=Clock())


def test_good_signature(hook: SlackWebhook) -> None:
    hook.verify(signing.signed_headers(SECRET, BODY, STAMP), BODY)
    lower = {k.lower(): v for k, v in signing.signed_headers(SECRET, BODY, STAMP - 299).items()}
    hook.verify(lower, BODY)


def test_signature_matches_slack_sdk() -> None:
    from slack_sdk.signature import SignatureVerifier

    headers = signing.signed_headers(SECRET, BODY, STAMP)
    expected = SignatureVerifier(SECRET).generate_signature(timestamp=str(STAMP), body=BODY)
    assert headers["X-Slack-Signature"] == expected


@pytest.mark.parametrize(
    "headers",
    [
        signing.signed_headers("another-secret", BODY, STAMP),
        signing.signed_headers(SECRET, BODY + b" ", STAMP),
        signing.signed_headers(SECRET, BODY, STAMP - 301),  # stale: a replay
        signing.signed_headers(SECRET, BODY, STAMP + 301),
        {"X-Slack-Request-Timestamp": str(STAMP)},
        {"X-Slack-Signature": signing.sign(SECRET, str(STAMP), BODY)},
        {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": signing.sign(SECRET, "abc", BODY)},
        {},
    ],
)
def test_bad_signatures(hook: SlackWebhook, headers: dict[str, str]) -> None:
    with pytest.raises(InvalidSignature):
        hook.verify(headers, BODY)


def test_no_secret_verifies_nothing() -> None:
    with pytest.raises(InvalidSignature):
        SlackWebhook("").verify(signing.signed_headers("", BODY), BODY)


def test_wall_clock_is_used_without_a_clock() -> None:
    SlackWebhook(SECRET).verify(signing.signed_headers(SECRET, BODY), BODY)
    with pytest.raises(InvalidSignature):
        old = int((datetime.now(UTC) - timedelta(minutes=6)).timestamp())
        SlackWebhook(SECRET).verify(signing.signed_headers(SECRET, BODY, old), BODY)


@settings(max_examples=300, deadline=None)
@given(
    headers=st.dictionaries(
        st.sampled_from(["X-Slack-Signature", "x-slack-request-timestamp", "Content-Type"]) | st.text(max_size=10),
        st.text(max_size=80) | st.from_regex(r"\d{1,14}", fullmatch=True) | st.just(str(STAMP)),
    ),
    body=st.binary(max_size=200),
)
def test_verify_only_raises_invalid_signature(headers: dict[str, str], body: bytes) -> None:
    with pytest.raises(InvalidSignature):
        SlackWebhook(SECRET, clock=Clock()).verify(headers, body)
