"""Two (three) `rolecall digest run-due` processes racing on one database post each digest exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from rolecall.config import Settings
from rolecall.digest.commands import handle
from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, posting
from tests.fakes.slack_api import FakeSlackAPI

SUBSCRIPTIONS = 4
PROCESSES = 3


def test_racing_processes_post_each_slot_once(
    database_url: str, tmp_path: Path, slack_api: FakeSlackAPI
) -> None:
    clock = Clock(datetime(2025, 3, 3, 8, 0, tzinfo=UTC))
    settings = Settings(  # type: ignore[call-arg]
        SLACK_BOT_TOKEN="xoxb-test", SLACK_API_URL=slack_api.url, database_url=database_url
    )
    services = Services(settings, now=clock)
    try:
        for i in range(SUBSCRIPTIONS):
            reply = handle(
                services,
                team_id="T1",
                channel_id=f"C{i}",
                user_id="U1",
                user_tz="UTC",
                text="subscribe daily 09:00",
            )
            assert "Subscribed" in reply
        clock.set("2025-03-03T08:30:00+00:00")
        with services.sessions() as s:
            store.record_seen(s, [posting("p1", "Race Role")], clock.at)
            s.commit()
    finally:
        services.close()

    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": slack_api.url,
        "ROLECALL_DATABASE_URL": database_url,
    }
    cmd = [sys.executable, "-c", "from rolecall.cli import main; main()", "digest", "run-due"]
    cmd += ["--now", "2025-03-03T09:00:30Z"]
    procs = [
        subprocess.Popen(
            cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(PROCESSES)
    ]
    outputs = [p.communicate(timeout=90) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    posted = slack_api.calls_to("chat.postMessage")
    assert sorted(c.args["channel"] for c in posted) == [f"C{i}" for i in range(SUBSCRIPTIONS)]
    total = sum(int(out.strip().splitlines()[-1].split()[-1]) for out, _ in outputs)
    assert total == SUBSCRIPTIONS  # each process reports what it posted; together, each slot once

    services = Services(settings)
    try:
        with services.sessions() as s:
            rows = [r for sub in store.list_subscriptions(s) for r in store.runs_for(s, sub.id)]
        assert len(rows) == SUBSCRIPTIONS
        assert {r.status for r in rows} == {"posted"}
        assert all(json.loads(r.posting_ids) == ["p1"] for r in rows)
    finally:
        services.close()
