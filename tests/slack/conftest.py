from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from rolecall.config import Settings
from rolecall.postings.model import Location, Pay, Posting, Section, Workplace
from rolecall.services import Services
from tests.fakes.postgres import fresh_schema
from tests.fakes.slack_api import FakeSlackAPI

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token-1234"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries of dropped connections and 5xx back off for milliseconds, not seconds; waits that honour a
    ``Retry-After`` are recorded instead of slept (a controlled clock), so tests can check them."""
    from rolecall.slack import app, delivery

    waited: list[float] = []
    monkeypatch.setattr(app, "RETRY_BACKOFF", 0.01)
    monkeypatch.setattr(delivery, "RETRY_BACKOFF", 0.01)
    monkeypatch.setattr(delivery, "SLEEP", waited.append)
    return waited


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema on the local PostgreSQL for one test (skipped, saying why, when there is none)."""
    with fresh_schema("slack_test") as url:  # other engineers share the server
        yield url


def make_postings() -> list[Posting]:
    return [
        Posting(
            id="acme-data-engineer",
            title="Data Engineer",
            company="Acme Analytics",
            locations=[Location(text="Phoenix, AZ", city="Phoenix", region="Arizona", country="US")],
            workplace=Workplace.HYBRID,
            url="https://jobs.example.com/acme/data-engineer",
            apply_url="https://jobs.example.com/acme/data-engineer/apply",
            date_posted=date(2026, 11, 1),
            pay=Pay(min=120000, max=150000, currency="USD", unit="YEAR", text="$120,000 - $150,000 a year"),
            sections=[
                Section(heading="About", passages=["You will build pipelines in Python and SQL."]),
                Section(heading="Compensation", passages=["The salary pay range is $120,000 - $150,000."]),
            ],
        ),
        Posting(
            id="globex-platform-intern",
            title="Platform Engineering Intern",
            company="Globex",
            locations=[Location(text="Remote (US)", remote=True, country="US")],
            workplace=Workplace.REMOTE,
            url="https://jobs.example.com/globex/intern",
            date_posted=date(2026, 11, 10),
            sections=[Section(heading="Role", passages=["Interns work on Kubernetes tooling."])],
        ),
        Posting(
            id="initech-retired-analyst",
            title="Retired Analyst",
            company="Initech",
            active=False,  # the source says it closed
            date_posted=date(2026, 11, 20),
            sections=[Section(heading="Role", passages=["Analyse things."])],
        ),
        Posting(
            id="evil-senior-dev",
            title="<!channel> | Senior <Dev>",
            company="Initech <@U999> & Co",
            locations=[Location(text="<!here> Austin, TX")],
            url="https://jobs.example.com/initech/dev",
            date_posted=date(2026, 10, 5),
            sections=[
                Section(
                    heading="<b>Duties</b>",
                    passages=["Ping <!everyone> and visit <https://evil.example|bank>."],
                )
            ],
        ),
    ]


@pytest.fixture
def postings() -> list[Posting]:
    return make_postings()


def app_settings(slack_api: FakeSlackAPI, database_url: str, tmp_path: Path, **extra: object) -> Settings:
    """An app in HTTP mode on one workspace, its Web API the stand-in; ``extra`` settings on top."""
    return Settings(  # type: ignore[call-arg]
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.url,
        database_url=database_url,
        knowledge_dir=tmp_path / "knowledge",
        _env_file=None,
        **extra,
    )


@pytest.fixture
def settings(tmp_path: Path, slack_api: FakeSlackAPI) -> Settings:
    return app_settings(slack_api, f"sqlite:///{tmp_path / 'rolecall.db'}", tmp_path)


@pytest.fixture
def services(settings: Settings, postings: list[Posting]) -> Iterator[Services]:
    svc = Services(settings)
    svc.set_postings(postings)
    try:
        yield svc
    finally:
        svc.close()


def sign(body: str | bytes, *, secret: str = SIGNING_SECRET, ts: int | None = None) -> dict[str, str]:
    """The headers Slack sends: v0 HMAC-SHA256 over ``v0:{timestamp}:{body}`` (the body's raw bytes)."""
    stamp = str(int(time.time()) if ts is None else ts)
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Response:
    status: int
    body: str


@dataclass
class SlackClient:
    """Sends Slack-shaped, signed requests at the running app, as Slack's servers would."""

    base: str
    api: FakeSlackAPI

    def post(self, body: str | bytes, content_type: str, headers: dict[str, str] | None = None) -> Response:
        """POST to /slack/events, signed unless ``headers`` are given (then sent as they are)."""
        raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        req = urllib.request.Request(
            self.base + "/slack/events",
            data=raw,
            method="POST",
            headers={"Content-Type": content_type, **(sign(raw) if headers is None else headers)},
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return Response(resp.status, resp.read().decode())
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode())

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        req = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return Response(resp.status, resp.read().decode())
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode())

    @property
    def response_url(self) -> str:
        return self.api.url.removesuffix("api/") + "response/"

    def command(
        self, text: str, *, user: str = "U1", channel: str = "C1", hook: str = "hook1", team: str = "T0000000"
    ) -> Response:
        form = {
            "token": "legacy",
            "team_id": team,
            "channel_id": channel,
            "user_id": user,
            "command": "/roles",
            "text": text,
            "response_url": self.response_url + hook,
            "trigger_id": "trigger-1",
            "api_app_id": "A1",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str,
        headers: dict[str, str] | None = None,
        team: str = "T0000000",
    ) -> Response:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": 1700000000,
                "event": event,
            }
        )
        return self.post(body, "application/json", headers)

    def action(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "U1",
        hook: str | None = "hook2",
        container: dict[str, Any] | None = None,
        channel: str | None = "C1",
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
    ) -> Response:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": "T0000000"},
            "user": {"id": user, "team_id": "T0000000"},
            "api_app_id": "A1",
            "trigger_id": "trigger-2",
            "container": container or {"type": "message", "is_ephemeral": True},
            "actions": [{"action_id": action_id, "block_id": "b1", "value": value, "type": "button"}],
        }
        if hook:
            payload["response_url"] = self.response_url + hook
        if channel:
            payload["channel"] = {"id": channel}
        if message:
            payload["message"] = message
        if view:
            payload["view"] = view
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


@pytest.fixture
def slack(services: Services, slack_api: FakeSlackAPI) -> Iterator[SlackClient]:
    """The app in HTTP mode on 127.0.0.1 (a real server thread), its Web API pointed at the fake."""
    from rolecall.slack.server import serve_app

    server = serve_app(services, host="127.0.0.1", port=0)
    try:
        yield SlackClient(server.url, slack_api)
    finally:
        server.stop()


def get_json(url: str) -> tuple[int, dict[str, Any]]:
    """GET ``url``: its status and JSON body, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def texts(calls: list[Any]) -> str:
    """Everything a set of recorded calls said, text and blocks, as one string for assertions."""
    return "\n".join(json.dumps(c.args) for c in calls)
