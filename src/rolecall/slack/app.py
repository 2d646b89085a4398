"""Building the Bolt app for a mode, and running it (Socket Mode, or HTTP with an optional OAuth flow).

* ``socket``: bot token + app token, one workspace, no public URL. One process per app token: Slack splits
  events between connections, so replicas belong to HTTP mode.
* ``http``: signing secret + bot token (one workspace), or signing secret + client id/secret (OAuth,
  any number of workspaces, installations in our database). Served by :mod:`rolecall.slack.server`.

``SLACK_API_URL`` is the Web API base for every client the app makes, so tests and staging can point the
whole app at a local stand-in.
"""

from __future__ import annotations

import http.client
import logging
import random
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.web import WebClient

from rolecall.config import Settings
from rolecall.errors import ConfigError
from rolecall.services import Services
from rolecall.slack import dedupe
from rolecall.slack.listeners import Deferred, register_all
from rolecall.slack.workers import AnswerWorkers, WorkerOptions
from rolecall.store import events as store

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger(__name__)

Mode = Literal["socket", "http"]

BOT_SCOPES = (
    "app_mentions:read",
    "chat:write",
    "commands",
    "channels:history",
    "groups:history",
    "im:history",
    "im:read",
    "im:write",
    "users:read",
    "files:write",  # the insights gaps report uploads its chart
    "usergroups:read",  # ROLECALL_INSIGHTS_USERGROUPS: who may see insights
)
EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
HEALTH_PATH = "/healthz"
DEDUPE_KEEP = timedelta(days=1)


NOT_INSTALLED = (
    "Rolecall isn't installed in this workspace (or its installation was removed), so I can't answer "
    "here. Ask a workspace admin to install Rolecall, then try again."
)

RETRY_BACKOFF = 0.5  # seconds before the first retry of a dropped connection, doubling (tests shorten it)


class ProportionalJitter(Jitter):
    """Up to half the wait again, at random: spreads retries out (slack-sdk's default adds up to a whole
    second to every wait, however short)."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random() / 2)


def make_client(services: Services, token: str | None = None) -> WebClient:
    """A Web API client on ``SLACK_API_URL``; waits out 429s (Retry-After), retries dropped connections."""
    base = services.settings.slack_api_url
    backoff = BackoffRetryIntervalCalculator(backoff_factor=RETRY_BACKOFF, jitter=ProportionalJitter())
    return WebClient(
        token=token,
        base_url=base if base.endswith("/") else base + "/",
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def check_settings(settings: Settings, mode: Mode) -> None:
    """The settings a mode needs, checked before anything starts (ConfigError names what is missing)."""
    s = settings
    if mode == "socket":
        if not (s.slack_bot_token and s.slack_app_token):
            raise ConfigError("Socket Mode needs SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-...).")
    elif mode == "http":
        if not s.slack_signing_secret:
            raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials).")
        if not (s.slack_bot_token or (s.slack_client_id and s.slack_client_secret)):
            raise ConfigError(
                "HTTP mode needs SLACK_BOT_TOKEN (one workspace) "
                "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth)."
            )
    else:
        raise ConfigError(f"unknown mode {mode!r}: use 'socket' or 'http'")


def build_app(services: Services, *, mode: Mode, workers: AnswerWorkers | None = None) -> App:
    """The Bolt app with every listener; answers run on ``workers`` (a private pool when not given).

    With a bot token this calls ``auth.test``: network errors propagate (see :func:`connect_app`)."""
    s = services.settings
    check_settings(s, mode)
    workers = workers or AnswerWorkers(WorkerOptions.from_settings(s))
    bot_token = s.slack_bot_token.get_secret_value() if s.slack_bot_token else None
    signing = s.slack_signing_secret.get_secret_value() if s.slack_signing_secret else None
    oauth = bool(s.slack_client_id and s.slack_client_secret)

    # Listeners run on the request thread: each acks and hands its work to the answer workers, so it takes
    # microseconds. (Bolt's default runs them on another thread and polls every 10 ms for the ack.)
    kwargs: dict[str, Any] = {
        "process_before_response": True,
        "listener_executor": workers.bolt_executor,
        # A command or click from a workspace Rolecall is not installed in (OAuth) or no longer works in:
        # Bolt's authorization tells the user this through the request's response_url, ephemeral.
        "user_facing_authorize_error_message": NOT_INSTALLED,
    }
    if mode == "socket":
        kwargs.update(
            token=bot_token, client=make_client(services, bot_token), request_verification_enabled=False
        )
    elif oauth:
        installations, states = store.oauth_stores(services.db, s.slack_client_id or "")
        kwargs.update(
            client=make_client(services),
            signing_secret=signing,
            installation_store=installations,
            oauth_settings=OAuthSettings(
                client_id=s.slack_client_id,
                client_secret=s.slack_client_secret.get_secret_value() if s.slack_client_secret else None,
                scopes=list(BOT_SCOPES),
                installation_store=installations,
                state_store=states,
                install_path=INSTALL_PATH,
                redirect_uri_path=REDIRECT_PATH,
            ),
        )
    else:
        kwargs.update(client=make_client(services, bot_token), signing_secret=signing)

    try:
        app = App(**kwargs)
    except BoltError as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, SlackApiError) and _is_slack_outage(cause):
            raise SlackUnreachable(f"auth.test answered HTTP {cause.response.status_code}") from exc
        raise ConfigError(f"SLACK_BOT_TOKEN was refused by Slack: {exc}") from exc
    app.middleware(dedupe.middleware(services))
    register_all(app, Deferred(services, workers))

    @app.error
    def _on_error(error: Exception, body: dict[str, Any]) -> None:
        # Listener code reports its own failures to the user; this catches what Bolt itself trips on.
        from rolecall.slack.delivery import failure_message

        failure_message(error, action=f"handle a {body.get('type', 'request')}")

    return app


class SlackUnreachable(Exception):
    """Slack's Web API could not be reached (or answered 5xx/429) while starting."""


def _is_slack_outage(exc: SlackApiError) -> bool:
    status = getattr(exc.response, "status_code", 200)
    return status == 429 or status >= 500


NETWORK_ERRORS = (URLError, ConnectionError, TimeoutError, http.client.HTTPException)


def connect_app(
    services: Services,
    *,
    mode: Mode,
    workers: AnswerWorkers | None = None,
    stop: threading.Event | None = None,
    say: Callable[[str], None] = print,
    first_wait: float = 1.0,
    max_wait: float = 60.0,
) -> App | None:
    """:func:`build_app`, retried with backoff while Slack is unreachable, saying so in one line each time.

    Returns None when ``stop`` is set while waiting; ConfigError (a refused token) is not retried."""
    stop = stop or threading.Event()
    wait = first_wait
    url = services.settings.slack_api_url
    while True:
        try:
            return build_app(services, mode=mode, workers=workers)
        except (SlackUnreachable, *NETWORK_ERRORS) as exc:
            reason = getattr(exc, "reason", None) or exc
            say(f"Slack's Web API at {url} is unreachable ({reason}); retrying in {wait:.0f} s.")
        if stop.wait(wait):
            return None
        wait = min(wait * 2, max_wait)


def socket_mode_handler(app: App, services: Services) -> SocketModeHandler:
    """A Socket Mode connection for the app (``connect()`` to open it, ``start()`` to open and block).

    It asks for its WebSocket URL with the app's own client, so ``SLACK_API_URL`` applies here too.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    token = services.settings.slack_app_token
    if token is None:
        raise ConfigError("Socket Mode needs SLACK_APP_TOKEN (xapp-...).")
    return SocketModeHandler(app, app_token=token.get_secret_value(), web_client=app.client)


def start_socket_mode(app: App, services: Services) -> None:
    """Connect over Socket Mode and block."""
    socket_mode_handler(app, services).start()


def forget_old_deliveries(services: Services) -> int:
    return store.forget_deliveries_before(services.sessions, services.now() - DEDUPE_KEEP)
