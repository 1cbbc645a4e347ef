"""Socket Mode against a local WebSocket stand-in for Slack: a command and an event arrive over the socket,
are in the inbox before the acknowledgement, and are answered once even though the socket reconnects and
Slack sends the same envelopes again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from agents.team import TeamConfig
from tests.support.server import wait_until
from tests.support.socket_standin import SocketStandIn
from tests.support.world import world

TEAM = TeamConfig.model_validate({"people": [{"name": "Lee", "slack": "U0LEE", "clickup": "301",
                                              "roles": ["lead"]}]})
TRIGGER = "1764000000.123456.abcdef"


def envelopes(response_url: str) -> list[dict[str, Any]]:
    command = {"token": "legacy", "team_id": "T0SIM", "team_domain": "sim", "channel_id": "C0QA",
               "channel_name": "qa", "user_id": "U0LEE", "user_name": "lee", "command": "/pm", "text": "help",
               "api_app_id": "A0SIM", "response_url": response_url, "trigger_id": TRIGGER}
    home = {"token": "legacy", "team_id": "T0SIM", "api_app_id": "A0SIM", "type": "event_callback",
            "event_id": "EvSOCKET1", "event_time": 1764000000,
            "event": {"type": "app_home_opened", "user": "U0LEE", "channel": "D0LEE", "tab": "home",
                      "event_ts": "1764000000.000200"}}
    return [{"envelope_id": "env-command-1", "type": "slash_commands", "accepts_response_payload": True,
             "payload": command},
            {"envelope_id": "env-event-1", "type": "events_api", "accepts_response_payload": False,
             "retry_attempt": 0, "retry_reason": "", "payload": home}]


def test_socket_mode_stores_before_ack_and_answers_once_across_a_reconnect(tmp_path: Path) -> None:
    database = tmp_path / "pmbot.db"

    def in_inbox(envelope: dict[str, Any]) -> bool:
        key = (f"slack:command:{TRIGGER}" if envelope["type"] == "slash_commands"
               else f"slack:{envelope['payload']['event_id']}")
        with sqlite3.connect(database) as conn:
            return conn.execute("SELECT count(*) FROM inbox WHERE key = ?", (key,)).fetchone()[0] == 1

    standin = SocketStandIn([], probe=in_inbox, armed=False).start()
    try:
        with world(tmp_path, TEAM, tasks=[], slack_app_token="xapp-1-A0SIM-test",
                   slack_socket_url=standin.url) as w:
            standin.envelopes = envelopes(w.slack.response_url())
            standin.armed = True
            wait_until(lambda: len(standin.acks) == 4, timeout=30)
            w.pmbot.drain()
            w.pmbot.drain()
            acks = [(a.connection, a.envelope_id, a.payload, a.seen) for a in standin.acks]
            assert sorted(acks) == [(1, "env-command-1", None, True), (1, "env-event-1", None, True),
                                    (2, "env-command-1", None, True), (2, "env-event-1", None, True)]
            rows = w.pmbot.call(w.pmbot.runtime.store.inbox.rows)
            assert sorted(r["key"] for r in rows if r["source"] == "slack") == ["slack:EvSOCKET1",
                                                                                 f"slack:command:{TRIGGER}"]
            answers = w.slack.responses()
            assert len(answers) == 1 and answers[0]["text"].startswith("*pmbot commands*")
            published = w.slack.api_calls("views.publish")
            assert [p["user_id"] for p in published] == ["U0LEE"]
            view = published[0]["view"]
            assert (json.loads(view) if isinstance(view, str) else view)["type"] == "home"
    finally:
        standin.stop()
