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
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from rolecall.config import Settings
from rolecall.errors import ConfigError
from rolecall.services import Services
from rolecall.slack.app import build_app
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SIGNING_SECRET, SlackClient


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


def wait_for_health(base: str, proc: subprocess.Popen[str], want: str, err: Path) -> dict[str, str]:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                body = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read())
        except OSError:
            body = {}
        if body.get("status") == want:
            return body
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"server never said {want!r}: {body} {err.read_text()}")
        time.sleep(0.1)


def test_rolecall_serve_http_waits_for_slack_then_serves_and_stops_gracefully(tmp_path: Path) -> None:
    """Started while Slack's API is unreachable: says so in one line and retries (no traceback), while
    /healthz says "starting"; once Slack answers it serves; SIGTERM stops it cleanly (exit 0)."""
    exe = shutil.which("rolecall", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the rolecall console script is not installed in this environment")
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "role.md").write_text(
        "---\ntitle: Data Engineer\ncompany: Acme\n---\nBuild pipelines in Python.\n"
    )
    port, api_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ROLECALL_"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-serve-1",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=f"http://127.0.0.1:{api_port}/api/",  # nothing listens there yet
        ROLECALL_KNOWLEDGE_DIR=str(knowledge),
        ROLECALL_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
    )
    err = tmp_path / "stderr.log"
    with err.open("w") as err_file:
        proc = subprocess.Popen(
            [exe, "serve", "--http", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=err_file,
            text=True,
        )
    base = f"http://127.0.0.1:{port}"
    slack_api: FakeSlackAPI | None = None
    try:
        health = wait_for_health(base, proc, "starting", err)
        deadline = time.monotonic() + 30
        while "unreachable" not in err.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert wait_for_health(base, proc, "starting", err)["detail"] == "connecting to Slack"
        slack_api = FakeSlackAPI(port=api_port).start()  # Slack is back
        health = wait_for_health(base, proc, "ok", err)
        assert health["postings"] == 1
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
        client = SlackClient(base, slack_api)
        assert client.post(body, "application/x-www-form-urlencoded").status == 200
        [reply] = slack_api.wait_for("served", timeout=20)
        assert "Data Engineer" in str(reply.args)
    finally:
        proc.terminate()  # SIGTERM
        code = proc.wait(timeout=30)
        if slack_api is not None:
            slack_api.stop()
    log = err.read_text()
    assert code == 0, log
    unreachable = [line for line in log.splitlines() if "unreachable" in line]
    assert unreachable and all("retrying in" in line for line in unreachable)
    assert "Traceback" not in log and "URLError" not in log
    assert "Stopped." in log
    assert "xoxb-serve-1" not in log  # the token never reaches the output
    assert "Loaded 1 posting from 1 file." in log


def test_connect_app_retries_while_slack_is_unreachable(services: Services, slack_api: FakeSlackAPI) -> None:
    from rolecall.slack.app import connect_app

    slack_api.down = True
    lines: list[str] = []
    apps: list[object] = []
    thread = threading.Thread(
        target=lambda: apps.append(
            connect_app(services, mode="http", say=lines.append, first_wait=0.02, max_wait=0.05)
        )
    )
    thread.start()
    deadline = time.monotonic() + 10
    while len(lines) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    slack_api.down = False
    thread.join(10)
    assert apps and apps[0] is not None
    assert len(lines) >= 3 and all("unreachable" in line and "\n" not in line for line in lines)


def test_a_token_slack_refuses_is_a_config_error_not_a_retry(
    services: Services, slack_api: FakeSlackAPI
) -> None:
    from rolecall.slack.app import connect_app

    slack_api.queue("auth.test", {"ok": False, "error": "invalid_auth"})
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        connect_app(services, mode="http", say=lambda line: None, first_wait=0.01)
