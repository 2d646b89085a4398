"""A real local HTTP server standing in for Slack's Web API.

Point the app at it with ``SLACK_API_URL=<server.url>`` (slack-sdk's ``base_url``). It records every call
(method, parsed arguments, headers) and answers ``{"ok": true, ...}`` with plausible defaults, unless a
response was queued for that method with :meth:`FakeSlackAPI.queue` (an error, a 429 with Retry-After...).

File uploads (``files_upload_v2``) work as Slack's do: ``files.getUploadURLExternal`` hands out an upload
URL on this server, the bytes are POSTed there (kept in :attr:`FakeSlackAPI.uploads`, recorded as method
``upload``), and ``files.completeUploadExternal`` shares them. ``users.info`` says ``is_admin`` /
``is_owner`` for the ids in :attr:`admins` / :attr:`owners`; ``usergroups.users.list`` answers from
:attr:`usergroups`.

``response_url`` posts land here too (``<root>/response/<hook>``, recorded under the hook's name).

Failure modes: :meth:`fail` queues HTTP errors (429 with ``Retry-After``, 500...) for a method or hook;
:attr:`down` makes it unreachable (every connection is dropped unanswered, as when Slack is out).
Messages posted with ``chat.postMessage`` are kept per channel, so ``conversations.history`` shows them
(with their metadata), as Slack would; set :attr:`clock` to stamp them with a test's own time. A message
sent to a user id lands in that user's DM (``D<user id>``, which ``conversations.open`` returns), and
``conversations.history`` of a user id is ``channel_not_found``, as in Slack. Shared uploads appear in
their channel's history as a message with ``files``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


class _Server(ThreadingHTTPServer):
    # The stdlib default backlog of 5 drops connections when an app answers many requests at once.
    request_queue_size = 256
    daemon_threads = True


USER_PREFIXES = ("U", "W")  # Slack's user ids; a message sent to one goes to that user's DM


def dm_of(channel: str) -> str:
    """The conversation a message to ``channel`` lands in: a user's DM for a user id, else the channel."""
    return f"D{channel}" if channel[:1] in USER_PREFIXES else channel


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


@dataclass
class Canned:
    body: dict[str, Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlackAPI:
    def __init__(self, port: int = 0) -> None:
        self.calls: list[Call] = []
        self._queued: dict[str, deque[Canned]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._file_ids = itertools.count(1)
        self.user_tz: dict[str, str] = {}
        self.admins: set[str] = set()
        self.owners: set[str] = set()
        self.usergroups: dict[str, list[str]] = {}
        self.uploads: dict[str, bytes] = {}
        self._file_names: dict[str, str] = {}
        self.down = False  # unreachable: connections are dropped without an answer
        self.dropped = 0  # connections dropped while down
        self.clock: Callable[[], float] | None = None  # epoch seconds for message ts; None: a counter
        self.history: dict[str, list[dict[str, Any]]] = defaultdict(list)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def handle(self) -> None:
                if fake.down:
                    with fake._lock:
                        fake.dropped += 1
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                super().handle()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if "/upload/" in self.path:  # a file's bytes, to the URL files.getUploadURLExternal gave
                    body = self.rfile.read(length) if length else b""
                    status = fake._receive_upload(
                        self.path.rsplit("/", 1)[-1], body, dict(self.headers.items())
                    )
                    reply = f"OK - {len(body)}".encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                    return
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    args = json.loads(raw or "{}")
                else:
                    args = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(raw).items()}
                    for key in ("blocks", "view", "attachments"):
                        if isinstance(args.get(key), str):
                            with contextlib.suppress(ValueError):
                                args[key] = json.loads(args[key])
                method = self.path.rsplit("/", 1)[-1]
                canned = fake._respond(method, args, dict(self.headers.items()))
                payload = json.dumps(canned.body).encode()
                self.send_response(canned.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for k, v in canned.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeSlackAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    # -- programming it --------------------------------------------------------------------------
    def queue(self, method: str, body: dict[str, Any], status: int = 200, **headers: str) -> None:
        """The next call of ``method`` gets this response instead of the default."""
        with self._lock:
            self._queued[method].append(
                Canned(body, status, {k.replace("_", "-"): v for k, v in headers.items()})
            )

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        """The next ``times`` calls of ``method`` (or posts to a response hook) answer HTTP ``status``."""
        headers = {} if retry_after is None else {"Retry_After": str(retry_after)}
        error = "ratelimited" if status == 429 else "internal_error"
        for _ in range(times):
            self.queue(method, {"ok": False, "error": error}, status=status, **headers)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` arrived (the app may answer in a background thread)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        return self.calls_to(method)

    def _receive_upload(self, file_id: str, body: bytes, headers: dict[str, str]) -> int:
        with self._lock:
            self.calls.append(Call("upload", {"file_id": file_id, "bytes": len(body)}, headers))
            canned = self._queued["upload"].popleft() if self._queued["upload"] else None
            if canned is None or canned.status == 200:
                self.uploads[file_id] = body
        return 200 if canned is None else canned.status

    # -- defaults ----------------------------------------------------------------------------------
    def _respond(self, method: str, args: dict[str, Any], headers: dict[str, str]) -> Canned:
        with self._lock:
            self.calls.append(Call(method, args, headers))
            if self._queued[method]:
                return self._queued[method].popleft()
            n = next(self._ts)
            ts = f"1700000000.{n:06d}" if self.clock is None else f"{self.clock():.0f}.{n:06d}"
            channel = args.get("channel", "C0000000")
            if method == "chat.postMessage":
                metadata = args.get("metadata")
                if isinstance(metadata, str):
                    with contextlib.suppress(ValueError):
                        metadata = json.loads(metadata)
                self.history[dm_of(channel)].append(
                    {"ts": ts, "text": args.get("text", ""), "metadata": metadata}
                )
            if method == "conversations.history":
                if str(args.get("channel"))[:1] in USER_PREFIXES:
                    return Canned({"ok": False, "error": "channel_not_found"})
                return Canned({"ok": True, "messages": self._history(args), "has_more": False})
            if method == "files.getUploadURLExternal":
                file_id = f"F{next(self._file_ids):07d}"
                self._file_names[file_id] = str(args.get("filename", ""))
            else:
                file_id = ""
            shared = []
            if method == "files.completeUploadExternal":
                for f in json.loads(args.get("files") or "[]"):
                    name = self._file_names.get(f.get("id", ""), "")
                    shared.append({"id": f.get("id"), "title": f.get("title"), "name": name})
                if args.get("channel_id"):
                    message = {"ts": ts, "text": args.get("initial_comment", ""), "files": shared}
                    self.history[str(args["channel_id"])].append(message)
        defaults: dict[str, dict[str, Any]] = {
            "auth.test": {
                "user_id": "UBOT",
                "bot_id": "BBOT",
                "team_id": "T0000000",
                "team": "Test",
                "url": "https://test.slack.com/",
            },
            "chat.postMessage": {"channel": channel, "ts": ts, "message": {"text": args.get("text", "")}},
            "chat.postEphemeral": {"message_ts": ts},
            "chat.update": {"channel": channel, "ts": args.get("ts", ts)},
            "conversations.open": {"channel": {"id": dm_of(str(args.get("users", "U0")).split(",")[0])}},
            "users.info": {
                "user": {
                    "id": args.get("user", "U0"),
                    "tz": self.user_tz.get(str(args.get("user")), "America/New_York"),
                    "is_admin": str(args.get("user")) in self.admins,
                    "is_owner": str(args.get("user")) in self.owners,
                }
            },
            "usergroups.users.list": {"users": self.usergroups.get(str(args.get("usergroup")), [])},
            "files.getUploadURLExternal": {
                "upload_url": self.url.removesuffix("api/") + f"upload/{file_id}",
                "file_id": file_id,
            },
            "files.completeUploadExternal": {"files": shared},
            "views.publish": {"view": {"id": "V0000000"}},
            "views.open": {"view": {"id": "V0000001"}},
        }
        return Canned({"ok": True, **defaults.get(method, {})})

    def _history(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        """A channel's messages between ``oldest`` and ``latest``, newest first (as Slack lists them)."""
        oldest = float(args.get("oldest") or 0)
        latest = float(args.get("latest") or "inf")
        found = [m for m in self.history[str(args.get("channel"))] if oldest <= float(m["ts"]) <= latest]
        return sorted(found, key=lambda m: float(m["ts"]), reverse=True)
