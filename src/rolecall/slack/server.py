"""HTTP mode's server: waitress in front of the Bolt app, with a gate that refuses bad requests cheaply.

Why waitress: it is a production WSGI server in pure Python with a real listen backlog and a pool of
request threads, and it runs inside this process. The app holds its postings and search index in memory
and runs the digest scheduler and knowledge watcher as threads; a pre-fork server (gunicorn) would give
every worker its own copy of all of that, or fork a process whose threads do not survive the fork. An
ASGI server would need Bolt's async app and every listener rewritten, for an engine that is CPU-bound
anyway. Several processes are still a supported deployment: run replicas (docs/operations.md).

What happens to a request on ``/slack/events``, in order:

1. The body is read up to :attr:`ServerOptions.max_body` (a larger one is refused with 413, unread).
2. The signature is checked over the raw bytes before anything parses them: a missing signature, a
   timestamp that is not a number or is more than 5 minutes off, or a wrong HMAC gets 401.
3. The body must be UTF-8 and parse (JSON, or a form with a JSON ``payload``): else 400.
4. A signed body in a shape Slack never sends (``"event": "x"``) is acknowledged with 200, so Slack does
   not retry it, and ignored (:mod:`rolecall.slack.envelope`).
5. Events, button clicks and slash commands are acknowledged (an empty 200) right here, and Bolt routes
   them on a worker: every listener for them acks empty and answers later anyway, and Slack's 3-second
   limit is then met by work that does not depend on Bolt, the database or how busy the answers are.
   Anything else (the URL check, a modal submission, an options request) goes through Bolt before the
   response, which carries what its listener says.

Every refusal is one bounded log line (method, path, peer, reason, size), never the body. ``/healthz``
says ``starting`` (503) until the knowledge is loaded and the app connected, ``ok`` after, ``stopping``
once a graceful shutdown began. SIGTERM stops accepting connections, lets in-flight requests finish,
waits for every acknowledged answer to be delivered (up to :attr:`ServerOptions.drain_seconds`), then exits.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.wasyncore import close_all, dispatcher

from rolecall.config import Settings
from rolecall.errors import ConfigError
from rolecall.services import Services
from rolecall.slack import envelope
from rolecall.slack.app import (
    EVENTS_PATH,
    HEALTH_PATH,
    INSTALL_PATH,
    REDIRECT_PATH,
    check_settings,
    connect_app,
)
from rolecall.slack.workers import AnswerWorkers, WorkerOptions

log = logging.getLogger(__name__)

MAX_SKEW = 60 * 5  # seconds: Slack's own replay window for a request timestamp
StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class ServerOptions:
    """The server's sizes and limits; :meth:`from_settings` reads them from ``ROLECALL_HTTP_*`` and
    ``ROLECALL_ANSWER_WORKERS`` (the defaults here are those settings' defaults)."""

    threads: int = 8  # request threads: verify, claim, ack; the answers run on the answer workers
    backlog: int = 2048  # connections the kernel queues before accept (capped by net.core.somaxconn)
    connection_limit: int = 1000  # open connections served at once; more wait in the backlog
    max_body: int = 1024 * 1024  # bytes: Slack's largest payloads (a view's state) are far smaller
    channel_timeout: int = 60  # seconds an idle keep-alive connection is kept
    drain_seconds: float = 25.0  # graceful shutdown: how long to wait for acknowledged answers
    workers: WorkerOptions = field(default_factory=WorkerOptions)

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerOptions:
        """ConfigError naming the setting when one is not a whole number in its range."""
        return cls(
            threads=settings.number("http_threads"),
            backlog=settings.number("http_backlog"),
            connection_limit=settings.number("http_connection_limit"),
            max_body=settings.number("http_max_body"),
            workers=WorkerOptions.from_settings(settings),
        )


class Health:
    """What ``/healthz`` says: starting → ok → stopping."""

    def __init__(self) -> None:
        self.status = "starting"
        self.detail = "loading the knowledge"
        self.postings: Callable[[], int] = lambda: 0
        self.pending: Callable[[], int] = lambda: 0
        # While the knowledge loads: how far it got ("knowledge: 1,200 of 10,000 files ...").
        self.progress: Callable[[], str] | None = None

    def body(self) -> tuple[int, dict[str, Any]]:
        if self.status == "ok":
            return 200, {"status": "ok", "postings": self.postings(), "answers_pending": self.pending()}
        progress = self.progress
        detail = progress() if progress is not None and self.status == "starting" else self.detail
        return 503, {"status": self.status, "detail": detail}


class Gate:
    """The WSGI application: health, the Slack endpoint's checks, then Bolt."""

    def __init__(self, signing_secret: str, options: ServerOptions, health: Health) -> None:
        self._secret = signing_secret.encode()
        self._options = options
        self.health = health
        self.app: App | None = None
        self._oauth: SlackRequestHandler | None = None
        self.draining = False
        self.route_later: Callable[[Callable[[], None]], None] | None = None

    def attach(self, app: App) -> None:
        self.app = app
        self._oauth = SlackRequestHandler(app, path=EVENTS_PATH) if app.oauth_flow is not None else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            return self._route(environ, start_response)
        except Exception:
            log.exception("request failed: %s %s", environ.get("REQUEST_METHOD"), _path(environ))
            return _reply(start_response, 500, {"error": "internal error"})

    def _route(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == HEALTH_PATH:
            status, body = self.health.body()
            return _reply(start_response, status, body)
        if self.draining:
            return _reply(start_response, 503, {"status": "stopping"}, close=True, retry_after=5)
        if path == EVENTS_PATH:
            if method != "POST":
                return _reply(start_response, 405, {"error": "POST only"})
            if self.app is None:
                return _reply(start_response, 503, {"status": "starting"}, retry_after=5)
            return self._events(environ, start_response)
        if path in (INSTALL_PATH, REDIRECT_PATH) and method == "GET" and self._oauth is not None:
            return self._oauth(environ, start_response)  # type: ignore[arg-type]
        return _reply(start_response, 404, {"error": "not found"})

    # -- /slack/events ---------------------------------------------------------------------------------
    def _events(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def refuse(status: int, reason: str, size: int) -> Iterable[bytes]:
            log.warning(
                "refused %s %s from %s: %s (%d bytes)",
                environ.get("REQUEST_METHOD"),
                _path(environ),
                environ.get("REMOTE_ADDR", "?"),
                reason,
                size,
            )
            return _reply(start_response, status, {"error": reason}, close=status == 413)

        declared = str(environ.get("CONTENT_LENGTH") or "0")
        if not (declared.isascii() and declared.isdigit()):
            return refuse(400, "Content-Length is not a number", 0)
        if int(declared) > self._options.max_body:
            return refuse(413, f"body over {self._options.max_body} bytes", int(declared))
        raw: bytes = environ["wsgi.input"].read(int(declared)) if int(declared) else b""

        stamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "")
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE") or "")
        problem = self._signature_problem(stamp, signature, raw)
        if problem:
            return refuse(401, problem, len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return refuse(400, "signed body is not UTF-8", len(raw))
        content_type = str(environ.get("CONTENT_TYPE") or "")
        try:
            body = _parse(text, content_type)
        except ValueError as exc:
            return refuse(400, f"signed body does not parse ({exc})"[:160], len(raw))
        wrong = envelope.problem(body)
        if wrong:
            log.warning("ignored a signed request Slack would not send: %s", wrong[:200])
            return _reply(start_response, 200, {})

        headers = _headers(environ)
        query = str(environ.get("QUERY_STRING", ""))
        app = self.app
        assert app is not None
        if self.route_later is not None and _acked_empty(body):
            self.route_later(lambda: _dispatch(app, text, query, headers))
            return _reply(start_response, 200, {})
        try:
            request = BoltRequest(body=text, query=query, headers=headers)
        except Exception as exc:
            log.warning("ignored a signed request Bolt cannot read: %s", type(exc).__name__)
            return _reply(start_response, 200, {})
        response = app.dispatch(request)
        status = response.status
        out_headers = [(k, v) for k, values in response.headers.items() for v in values]
        start_response(f"{status} {_REASONS.get(status, 'OK')}", out_headers)
        return [response.body.encode("utf-8") if isinstance(response.body, str) else response.body]

    def _signature_problem(self, stamp: str, signature: str, raw: bytes) -> str | None:
        if not stamp or not signature:
            return "no Slack signature"
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
            return "request timestamp is not a number"
        if abs(time.time() - int(stamp)) > MAX_SKEW:
            return "request timestamp is more than 5 minutes off"
        expected = (
            "v0=" + hmac.new(self._secret, b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
        )
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return "bad signature"
        return None


_REASONS = {
    200: "OK",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _reply(
    start_response: StartResponse,
    status: int,
    body: dict[str, Any],
    *,
    close: bool = False,
    retry_after: int | None = None,
) -> list[bytes]:
    payload = json.dumps(body).encode() if body else b""
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    if close:
        headers.append(("Connection", "close"))
    if retry_after is not None:
        headers.append(("Retry-After", str(retry_after)))
    start_response(f"{status} {_REASONS.get(status, 'Error')}", headers)
    return [payload]


# Kinds every listener acknowledges with an empty 200 and answers later (slack/listeners/).
ACK_FIRST_TYPES = frozenset({"event_callback", "block_actions"})


def _acked_empty(body: object) -> bool:
    if not isinstance(body, dict):
        return False
    return body.get("type") in ACK_FIRST_TYPES or ("command" in body and "type" not in body)


def _dispatch(app: App, text: str, query: str, headers: dict[str, str]) -> None:
    """Route an already acknowledged request through Bolt (on a worker)."""
    try:
        request = BoltRequest(body=text, query=query, headers=headers)
    except Exception as exc:
        log.warning("ignored a signed request Bolt cannot read: %s", type(exc).__name__)
        return
    response = app.dispatch(request)
    if response.status >= 400 and response.status != 404:  # 404: no listener for it, nothing to do
        log.warning("Bolt answered HTTP %d to an acknowledged %s", response.status, _kind(request.body))


def _kind(body: dict[str, Any]) -> str:
    return str(body.get("type") or ("command" if "command" in body else "request"))[:40]


def _path(environ: dict[str, Any]) -> str:
    return str(environ.get("PATH_INFO", ""))[:100]


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = str(environ["CONTENT_TYPE"])
    return headers


def _parse(text: str, content_type: str) -> object:
    """What Bolt will parse, parsed first so that a malformed body is refused here, not inside Bolt."""
    if "json" in content_type:
        return json.loads(text)
    form = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
    if "payload" in form:
        return json.loads(form["payload"])
    return form


# -- the server ---------------------------------------------------------------------------------------------
class HttpServer:
    """waitress on ``host:port``, listening from construction; ``ready()`` attaches the app."""

    def __init__(
        self,
        *,
        signing_secret: str,
        host: str = "0.0.0.0",
        port: int = 3000,
        options: ServerOptions | None = None,
    ) -> None:
        self.options = options or ServerOptions()
        self.health = Health()
        self.gate = Gate(signing_secret, self.options, self.health)
        o = self.options
        adjustments = Adjustments(
            host=host,
            port=port,
            threads=o.threads,
            backlog=o.backlog,
            connection_limit=o.connection_limit,
            max_request_body_size=o.max_body,
            channel_timeout=o.channel_timeout,
            asyncore_use_poll=True,  # select() cannot watch more than 1,024 connections
            clear_untrusted_proxy_headers=True,
            ident="rolecall",
        )
        self._map: dict[int, Any] = {}
        self._server = TcpWSGIServer(self.gate, map=self._map, adj=adjustments)
        self._thread: threading.Thread | None = None
        self._workers: AnswerWorkers | None = None
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self._server.effective_port}"

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self._server.run, name="rolecall-http", daemon=True)
        self._thread.start()
        return self

    def ready(self, app: App, workers: AnswerWorkers, postings: Callable[[], int] = lambda: 0) -> None:
        self._workers = workers
        workers.acks_waiting = self._acks_waiting
        self.gate.route_later = workers.submit
        self.gate.attach(app)
        self.health.postings = postings
        self.health.pending = lambda: workers.pending
        self.health.status, self.health.detail = "ok", ""

    def stop(self, timeout: float | None = None) -> bool:
        """Graceful: refuse new connections, finish in-flight requests, deliver acknowledged answers.
        True when everything finished within ``timeout`` (default ``drain_seconds``)."""
        timeout = self.options.drain_seconds if timeout is None else timeout
        deadline = time.monotonic() + timeout
        self.health.status, self.health.detail = "stopping", "shutting down"
        self.gate.draining = True
        self._in_loop(lambda: dispatcher.close(self._server))  # the listening socket: new connects refused
        while self._busy() and time.monotonic() < deadline:
            time.sleep(0.02)
        self._in_loop(lambda: close_all(self._map))  # every connection, and the loop itself
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)
        done = True
        if self._workers is not None:
            done = self._workers.drain(max(0.0, deadline - time.monotonic()))
        self._stopped.set()
        return done

    def _acks_waiting(self) -> bool:
        """Requests read and not yet answered by a request thread (queued for one, or on one). Read
        without waitress's lock: a moment's staleness only shifts when an answer starts."""
        tasks = self._server.task_dispatcher
        return bool(tasks.queue or tasks.active_count)

    def _busy(self) -> bool:
        """A request is being read, queued, run, or its response is still being written."""
        if self._acks_waiting():
            return True
        for channel in list(self._map.values()):
            if isinstance(channel, HTTPChannel) and (channel.requests or channel.total_outbufs_len):
                return True
        return False

    def _in_loop(self, thunk: Callable[[], object]) -> None:
        """Run ``thunk`` on the server's loop thread (waitress's sockets are not thread-safe)."""
        if self._thread is None or not self._thread.is_alive():
            thunk()
            return
        done = threading.Event()

        def run() -> None:
            try:
                thunk()
            finally:
                done.set()

        self._server.trigger.pull_trigger(run)
        done.wait(5)


def serve_app(
    services: Services, *, host: str = "127.0.0.1", port: int = 0, options: ServerOptions | None = None
) -> HttpServer:
    """The app in HTTP mode on a running server, ready at once (tests, benchmarks)."""
    options = options or ServerOptions.from_settings(services.settings)
    secret = services.settings.slack_signing_secret
    if secret is None:
        raise ConfigError("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials).")
    server = HttpServer(signing_secret=secret.get_secret_value(), host=host, port=port, options=options)
    server.start()
    workers = AnswerWorkers(options.workers)
    app = connect_app(services, mode="http", workers=workers, say=log.warning)
    assert app is not None
    server.ready(app, workers, postings=lambda: len(services.postings))
    return server


def wait_for_knowledge(health: Health, services: Services, stop: threading.Event) -> bool:
    """Until the knowledge loaded in the background is ready, ``/healthz`` says "starting" with the load's
    progress (``services.status``). False when ``stop`` is set first."""
    health.progress = lambda: services.status.removeprefix("starting: ")
    try:
        while not services.ready.wait(0.2):
            if stop.is_set():
                return False
        return True
    finally:
        health.progress = None


def run_http(
    start: Callable[[], Services],
    *,
    host: str,
    port: int,
    options: ServerOptions | None = None,
    say: Callable[[str], None] | None = None,
) -> int:
    """``rolecall serve --http``: listen first (``/healthz`` says "starting"), then load the knowledge and
    connect to Slack (retrying while it is unreachable), serve until SIGTERM or SIGINT, stop gracefully.
    Returns the exit code."""
    say = say or (lambda line: print(line, file=sys.stderr, flush=True))
    settings = Settings()
    try:
        check_settings(settings, "http")
        options = options or ServerOptions.from_settings(settings)
    except ConfigError as exc:
        say(f"error: {exc.user_message}")
        return 2
    assert settings.slack_signing_secret is not None
    try:
        server = HttpServer(
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            host=host,
            port=port,
            options=options,
        )
    except OSError as exc:
        say(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}")
        return 1
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    server.start()
    say(f"Rolecall listening on {server.url} (POST {EVENTS_PATH}, GET {HEALTH_PATH}); starting.")
    services = start()  # returns at once; the knowledge loads in the background (services.ready)
    if not wait_for_knowledge(server.health, services, stop):
        say("Stopped while loading the knowledge.")
        server.stop(timeout=1)
        services.close()
        return 0
    server.health.detail = "connecting to Slack"
    workers = AnswerWorkers(options.workers)
    try:
        app = connect_app(services, mode="http", workers=workers, stop=stop, say=say)
    except ConfigError as exc:
        say(f"error: {exc.user_message}")
        server.stop(timeout=1)
        return 2
    if app is not None:
        server.ready(app, workers, postings=lambda: len(services.postings))
        say(f"Rolecall ready on {server.url}.")
        while not stop.wait(1.0):
            pass
    say("Stopping: finishing requests and answers in flight.")
    finished = server.stop()
    services.close()
    say("Stopped." if finished else "Stopped; some answers were unfinished (see the log).")
    return 0
