"""The Slack receiver refuses what fails verification with 401 (Slack's own word for it), whatever the header
holds: a timestamp that is not a number is a bad signature, not a bad request."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from integrations.slack.signing import sign
from tests.support.platforms import SECRETS, platforms


def test_a_non_numeric_timestamp_is_refused_with_401_and_nothing_is_stored(tmp_path: Path) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "Ev-stamp-1", "team_id": "T0SIM",
                       "event": {"type": "app_mention", "user": "U1", "text": "hi", "channel": "C1", "ts": "1.1"}
                       }).encode()
    with platforms(tmp_path) as p:
        for stamp in ("abc", "1.5", "-1", "1e9", str(int(time.time())) + "x"):
            headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                       "X-Slack-Signature": sign(SECRETS["slack"], stamp, body)}  # signed as Slack would
            answer = httpx.post(p.pmbot.url + "/slack/events", content=body, headers=headers)
            assert (answer.status_code, answer.json()) == (401, {"error": "invalid signature"}), stamp
        rows = p.pmbot.call(p.pmbot.runtime.store.inbox.rows)
        assert [r["key"] for r in rows] == []
