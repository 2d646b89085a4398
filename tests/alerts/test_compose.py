"""An alert's DM shows each role as a digest does (one rule for both): escaped, linked by the answers'
rules, never cut inside a link."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from rolecall.alerts.compose import ALERT_ASK, ALERT_STOP, compose_alert
from rolecall.digest.compose import role_text
from tests.digest.helpers import posting

NOW = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)


def test_an_alert_role_is_the_digest_role_with_ask_and_stop_buttons() -> None:
    p = posting("gh-1", "Backend <Engineer>", "A&B", url="https://jobs.example.com/1")
    msg = compose_alert([p], alert_id=7, describe="remote, intern", now=NOW)
    assert msg is not None
    section, actions = msg.blocks[2], msg.blocks[3]
    assert section["text"]["text"] == role_text(p, NOW.date())
    assert "*<https://jobs.example.com/1|Backend &lt;Engineer&gt;>*" in section["text"]["text"]
    assert [e["action_id"] for e in actions["elements"]] == [ALERT_ASK, ALERT_STOP]


def test_an_alert_never_cuts_a_link() -> None:
    long_url = "https://jobs.example.com/apply?" + "&".join(f"ref_{i}=x" for i in range(400))
    msg = compose_alert([posting("z", "Data Intern", url=long_url)], alert_id=1, describe="x", now=NOW)
    assert msg is not None
    text = msg.blocks[2]["text"]["text"]
    assert "<" not in text and "*Data Intern*" in text
    assert len(json.dumps(msg.blocks)) < 10_000
