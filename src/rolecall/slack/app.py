"""Building the Bolt app for a mode, and running it (Socket Mode, or HTTP with an optional OAuth flow).

* ``socket``: bot token + app token, one workspace, no public URL. One process per app token: Slack splits
  events between connections, so replicas belong to HTTP mode.
* ``http``: signing secret + bot token (one workspace), or signing secret + client id/secret (OAuth,
  any number of workspaces, installations in our database). ``/slack/events`` takes events, commands and
  interactivity; ``/slack/install`` and ``/slack/oauth_redirect`` run the install flow; ``/healthz`` answers
  load balancers.

``SLACK_API_URL`` is the Web API base for every client the app makes, so tests and staging can point the
whole app at a local stand-in.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any, Literal
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.web import WebClient

from rolecall.errors import ConfigError
from rolecall.services import Services
from rolecall.slack.listeners import register_all
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


def make_client(services: Services, token: str | None = None) -> WebClient:
    """A Web API client on ``SLACK_API_URL``; waits out 429s (Retry-After), retries dropped connections."""
    base = services.settings.slack_api_url
    return WebClient(
        token=token,
        base_url=base if base.endswith("/") else base + "/",
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def delivery_keys(body: dict[str, Any]) -> list[str]:
    """What makes an event delivery unique: its event id, and for messages the (channel, ts) too.

    A channel message (not a DM) gets no (channel, ts) key as a ``message`` event: when it mentions the bot
    it arrives as ``app_mention`` too, and claiming it here would let the message listener, which ignores
    mentions, swallow the question. Its retries still share the event id."""
    keys: list[str] = []
    if body.get("event_id"):
        keys.append(f"event:{body['event_id']}")
    event = body.get("event") or {}
    is_message = (
        event.get("type") == "app_mention"
        or (event.get("type") == "message" and event.get("channel_type") in (None, "im"))
    ) and bool(event.get("channel") and event.get("ts"))
    if is_message and event.get("subtype") not in {"message_changed", "message_deleted"}:
        keys.append(f"msg:{event['channel']}:{event['ts']}")
    return keys


def build_app(services: Services, *, mode: Mode) -> App:
    s = services.settings
    bot_token = s.slack_bot_token.get_secret_value() if s.slack_bot_token else None
    signing = s.slack_signing_secret.get_secret_value() if s.slack_signing_secret else None
    oauth = bool(s.slack_client_id and s.slack_client_secret)

    kwargs: dict[str, Any] = {"process_before_response": False}
    if mode == "socket":
        if not (bot_token and s.slack_app_token):
            raise ConfigError("Socket Mode needs SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-...).")
        kwargs.update(
            token=bot_token, client=make_client(services, bot_token), request_verification_enabled=False
        )
    elif mode == "http":
        if not signing:
            raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials).")
        if oauth:
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
        elif bot_token:
            kwargs.update(client=make_client(services, bot_token), signing_secret=signing)
        else:
            raise ConfigError(
                "HTTP mode needs SLACK_BOT_TOKEN (one workspace) "
                "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth)."
            )
    else:
        raise ConfigError(f"unknown mode {mode!r}: use 'socket' or 'http'")

    app = App(**kwargs)
    app.middleware(_dedupe_middleware(services))
    register_all(app, services)

    @app.error
    def _on_error(error: Exception, body: dict[str, Any]) -> None:
        # Listener code reports its own failures to the user; this catches what Bolt itself trips on.
        from rolecall.slack.delivery import failure_message

        failure_message(error, action=f"handle a {body.get('type', 'request')}")

    return app


def _dedupe_middleware(services: Services) -> Callable[..., Any]:
    def dedupe(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        if body.get("type") == "event_callback":
            keys = delivery_keys(body)
            if not store.claim_delivery(services.sessions, keys, services.now()):
                log.info("duplicate delivery ignored: %s", keys[0] if keys else "?")
                return BoltResponse(status=200, body="")
        next()
        return None

    return dedupe


# -- HTTP serving -------------------------------------------------------------------------------------------
class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        # Access lines would carry OAuth codes in query strings; errors are logged by the app.
        log.debug("http %s", format % args)


def wsgi_app(app: App) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok"]
        return slack(environ, start_response)  # type: ignore[arg-type]

    return handle


class HttpServer:
    """The app on a stdlib threaded WSGI server; ``start()`` runs it in a daemon thread (for tests)."""

    def __init__(self, app: App, *, host: str = "0.0.0.0", port: int = 3000) -> None:
        self._server = make_server(
            host, port, wsgi_app(app), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )  # type: ignore[arg-type]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="rolecall-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


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
