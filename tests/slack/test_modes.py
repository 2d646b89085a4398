"""Modes: configuration errors are clear; ack comes before the answer; ``rolecall serve --http`` serves."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from rolecall.config import Settings
from rolecall.errors import ConfigError
from rolecall.services import Services
from rolecall.slack.app import build_app
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SIGNING_SECRET, SlackClient, sign


def test_socket_mode_needs_both_tokens(tmp_path: Path) -> None:
    settings = Settings(SLACK_BOT_TOKEN="xoxb-1", database_url="sqlite://", _env_file=None)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        build_app(Services(settings), mode="socket")


def test_http_mode_needs_a_signing_secret_and_a_token_or_oauth() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        build_app(
            Services(Settings(SLACK_BOT_TOKEN="xoxb-1", database_url="sqlite://", _env_file=None)),
            mode="http",
        )
    with pytest.raises(ConfigError, match="SLACK_CLIENT_ID"):
        build_app(
            Services(Settings(SLACK_SIGNING_SECRET="s", database_url="sqlite://", _env_file=None)),
            mode="http",
        )


def test_socket_mode_app_uses_the_configured_api_url(slack_api: FakeSlackAPI, tmp_path: Path) -> None:
    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_APP_TOKEN="xapp-1",
        SLACK_API_URL=slack_api.url,
        database_url=f"sqlite:///{tmp_path / 's.db'}",
        _env_file=None,
    )
    app = build_app(Services(settings), mode="socket")
    assert app.client.base_url == slack_api.url
    assert slack_api.calls_to("auth.test")  # the token was checked against the stand-in, not Slack


def test_slack_gets_its_ack_before_the_answer_is_ready(
    slack: SlackClient, slack_api: FakeSlackAPI, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_ask = services.engine.ask

    def slow_ask(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(30)
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(services.engine, "ask", slow_ask)
    resp = slack.command("what is the pay for the data engineer role?", hook="slow")
    assert resp.status == 200  # acked while the answer is still blocked
    assert not slack_api.calls_to("slow")
    release.set()
    assert slack_api.wait_for("slow")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_rolecall_serve_http(tmp_path: Path, slack_api: FakeSlackAPI) -> None:
    exe = shutil.which("rolecall", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the rolecall console script is not installed in this environment")
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "role.md").write_text(
        "---\ntitle: Data Engineer\ncompany: Acme\n---\nBuild pipelines in Python.\n"
    )
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLECALL_"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-serve-1",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.url,
        ROLECALL_KNOWLEDGE_DIR=str(knowledge),
        ROLECALL_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
    )
    proc = subprocess.Popen(
        [exe, "serve", "--http", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                    assert json.loads(resp.read())["status"] == "ok"
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not start: {proc.communicate(timeout=5)}")
                time.sleep(0.1)
        body = urlencode(
            {
                "team_id": "T0000000",
                "channel_id": "C1",
                "user_id": "U1",
                "command": "/roles",
                "text": "list",
                "response_url": slack_api.url.removesuffix("api/") + "response/served",
            }
        )
        req = urllib.request.Request(
            base + "/slack/events",
            data=body.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", **sign(body)},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 200
        [reply] = slack_api.wait_for("served", timeout=20)
        assert "Data Engineer" in str(reply.args)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert "xoxb-serve-1" not in out + err  # the token never reaches the output
    assert "Loaded 1 postings" in err
