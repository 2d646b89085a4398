"""A real local HTTP server serving recorded feed responses, programmable per path."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (to provoke a client timeout)


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        self.queued: dict[str, deque[Reply]] = defaultdict(deque)
        self.hits: list[str] = []
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []  # method, path, headers, body
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with server._lock:
                    server.hits.append(self.path)
                    server.requests.append((self.command, self.path, dict(self.headers.items()), body))
                    queue = server.queued[self.path]
                    reply = (
                        queue.popleft() if queue else server.routes.get(self.path, Reply(b"not found", 404))
                    )
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def serve(self, path: str, body: bytes | str, status: int = 200, **headers: str) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Reply(data, status, {k.replace("_", "-"): v for k, v in headers.items()})

    def queue(self, path: str, reply: Reply) -> None:
        self.queued[path].append(reply)

    def hits_to(self, path: str) -> int:
        with self._lock:
            return sum(1 for h in self.hits if h == path)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
