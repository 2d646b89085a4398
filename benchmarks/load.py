"""Load test of HTTP mode: N concurrent signed requests at the real server, loopback only, bounded.

    python -m benchmarks.load                      # 1,000 requests, waitress, then the old wsgiref server
    python -m benchmarks.load --requests 300 --servers waitress
    make bench-load

Three processes, so that the client's measurements are not slowed by the server's work: the stand-in for
Slack's Web API (tests/fakes/slack_api.py), the app (``serve``, one process per server under test) and
this client, which opens every connection at once (non-blocking sockets, one selector) and sends:

- DMs (``message.im`` events), each a new question with its own event id and channel;
- redeliveries of some of those events (Slack's retries, same event id): they must not be answered again;
- slash commands, each with its own ``response_url``.

It reports, per server: resets (connections refused, reset, cut before a full response, or not answered
within ``--timeout``), ack latency p50/p99/max (connect to the response's status line, as Slack measures its
3-second limit), and from what reached the stand-in: lost (acknowledged, so Slack will not retry it, but
never answered) and doubled (answered more than once, counting a redelivery and its original as one).
The old server is the standard library's ``wsgiref`` (the one HTTP mode used before waitress) with the same
application in front of it, so the only difference is the server. Figures are for this machine (and how
busy it is): compare them within a run.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import hmac
import json
import os
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
SECRET = "load-test-signing-secret"
QUESTIONS = (
    "what does the backend engineer role pay?",
    "is the firmware engineer role remote?",
    "which roles are remote?",
    "do they sponsor visas for the controls engineer?",
    "what are the requirements for the field service technician?",
    "list intern",
    "how do I apply to the new grad backend engineer role?",
)


# -- the two server processes --------------------------------------------------------------------------------
def run_fake(port: int) -> None:
    """The Web API stand-in; prints its URL, then on "dump" (stdin) what it received, as JSON."""
    sys.path.insert(0, str(REPO))
    from tests.fakes.slack_api import FakeSlackAPI

    fake = FakeSlackAPI(port=port).start()
    print(fake.url, flush=True)
    for line in sys.stdin:
        if line.strip() == "dump":
            calls = [(c.method, str(c.args.get("channel", ""))) for c in fake.calls]
            print(json.dumps(calls), flush=True)
    fake.stop()


def run_server(kind: str, port: int, api_url: str, knowledge: str, database_url: str) -> None:
    """The app on ``kind`` ("waitress" or "wsgiref"); prints READY, serves until SIGTERM."""
    import logging
    import threading

    logging.basicConfig(level=logging.ERROR)
    from rolecall.config import Settings
    from rolecall.knowledge import load_knowledge
    from rolecall.services import Services
    from rolecall.slack.app import connect_app
    from rolecall.slack.server import Gate, Health, HttpServer, ServerOptions
    from rolecall.slack.workers import AnswerWorkers

    settings = Settings(  # type: ignore[call-arg]
        SLACK_BOT_TOKEN="xoxb-load-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=api_url,
        knowledge_dir=Path(knowledge),
        database_url=database_url,
        _env_file=None,
    )
    services = Services(settings)
    load_knowledge(services)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    options = ServerOptions.from_settings(settings)  # ROLECALL_HTTP_* and ROLECALL_ANSWER_WORKERS apply
    workers = AnswerWorkers(options.workers)
    app = connect_app(services, mode="http", workers=workers)
    assert app is not None
    server: HttpServer | None = None
    if kind == "waitress":
        server = HttpServer(signing_secret=SECRET, host="127.0.0.1", port=port, options=options).start()
        server.ready(app, workers, postings=lambda: len(services.postings))
    else:
        # The old server: wsgiref's threaded server (listen backlog 5) around the same application.
        from socketserver import ThreadingMixIn
        from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

        class Threading(ThreadingMixIn, WSGIServer):
            daemon_threads = True

        class Quiet(WSGIRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        gate = Gate(SECRET, options, Health())
        gate.attach(app)
        old = make_server("127.0.0.1", port, gate, server_class=Threading, handler_class=Quiet)  # type: ignore[arg-type]
        threading.Thread(target=old.serve_forever, daemon=True).start()
    print("READY", flush=True)
    stop.wait()
    if server is not None:
        server.stop(timeout=60)
    else:
        workers.drain(60)
    services.close()


# -- the client ----------------------------------------------------------------------------------------------
@dataclass
class Request:
    raw: bytes
    expects: tuple[str, str] | None  # (method, channel or hook) of the answer it must get, once


@dataclass
class Result:
    ok: bool
    status: int = 0
    seconds: float = 0.0
    error: str = ""


def sign(body: bytes) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def http_request(body: bytes, content_type: str, extra: dict[str, str] | None = None) -> bytes:
    headers = {"Host": "127.0.0.1", "Content-Type": content_type, "Content-Length": str(len(body))}
    headers.update(sign(body))
    headers.update(extra or {})
    headers["Connection"] = "close"
    head = "POST /slack/events HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode() + body


def build_requests(n: int, api_root: str, run: str) -> list[Request]:
    """60% DMs, 10% redeliveries of those DMs, 30% slash commands; unique ids per run."""
    dms = int(n * 0.6)
    replays = int(n * 0.1)
    commands = n - dms - replays
    out: list[Request] = []
    events: list[bytes] = []
    for i in range(dms):
        channel = f"D{run}{i:05d}"
        event = {
            "type": "event_callback",
            "team_id": "T0000000",
            "api_app_id": "A1",
            "event_id": f"Ev{run}{i:05d}",
            "event": {
                "type": "message",
                "channel_type": "im",
                "channel": channel,
                "user": f"U{i % 50}",
                "text": QUESTIONS[i % len(QUESTIONS)],
                "ts": f"1700000000.{i:06d}",
            },
        }
        body = json.dumps(event).encode()
        events.append(body)
        out.append(Request(http_request(body, "application/json"), ("chat.postMessage", channel)))
    for i in range(replays):
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        original = i * 3 % len(events)
        # The same message: answered once, whichever of the two deliveries got through.
        out.append(Request(http_request(events[original], "application/json", retry), out[original].expects))
    for i in range(commands):
        hook = f"h{run}{i:05d}"
        form = {
            "team_id": "T0000000",
            "channel_id": "C1",
            "user_id": f"U{i % 50}",
            "command": "/roles",
            "text": QUESTIONS[(i + 3) % len(QUESTIONS)],
            "response_url": f"{api_root}response/{hook}",
            "trigger_id": f"trigger-{run}-{i}",
        }
        out.append(
            Request(http_request(urlencode(form).encode(), "application/x-www-form-urlencoded"), (hook, ""))
        )
    # Interleave the kinds, the way real traffic arrives.
    return [out[i] for i in sorted(range(len(out)), key=lambda i: hashlib.md5(str(i).encode()).hexdigest())]


def fire(port: int, requests: list[Request], timeout: float) -> list[Result]:
    """Open every connection at once, send each request, read each response; one thread, non-blocking
    sockets and a selector (asyncio's per-connection tasks cost more than the server's work being timed).
    A request's time runs from its connect to its response's status line."""
    pending: dict[socket.socket, tuple[int, memoryview, float]] = {}
    results: list[Result | None] = [None] * len(requests)
    got: dict[int, bytearray] = {}
    sel = selectors.DefaultSelector()
    for i, request in enumerate(requests):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        started = time.perf_counter()
        code = sock.connect_ex(("127.0.0.1", port))
        if code not in (0, errno.EINPROGRESS):
            results[i] = Result(False, 0, 0.0, errno.errorcode.get(code, str(code)))
            sock.close()
            continue
        pending[sock] = (i, memoryview(request.raw), started)
        sel.register(sock, selectors.EVENT_WRITE)
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for key, events in sel.select(timeout=0.5):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            i, left, started = pending[sock]
            try:
                if events & selectors.EVENT_WRITE:
                    sent = sock.send(left)
                    left = left[sent:]
                    pending[sock] = (i, left, started)
                    if not left:
                        sel.modify(sock, selectors.EVENT_READ)
                    continue
                chunk = sock.recv(65536)
            except OSError as exc:
                results[i] = Result(False, 0, time.perf_counter() - started, type(exc).__name__)
                chunk = b""
            if chunk:
                buf = got.setdefault(i, bytearray())
                if not buf:
                    results[i] = Result(True, 0, time.perf_counter() - started)
                buf += chunk
                continue
            # the server closed the connection (Connection: close): the response is complete
            sel.unregister(sock)
            sock.close()
            del pending[sock]
            result, buf = results[i], got.pop(i, bytearray())
            parts = bytes(buf).split(b"\r\n", 1)[0].split()
            if result is None or not result.ok or len(parts) < 2 or not parts[1].isdigit():
                if result is None or result.ok:
                    results[i] = Result(False, 0, time.perf_counter() - started, "no response")
                continue
            result.status = int(parts[1])
    for sock, (i, _, started) in pending.items():
        results[i] = Result(False, 0, time.perf_counter() - started, "timeout")
        sock.close()
    sel.close()
    return [r if r is not None else Result(False, error="lost") for r in results]


@dataclass
class Report:
    server: str
    requests: int
    resets: int = 0
    non_200: int = 0
    lost: int = 0
    doubled: int = 0
    ack_p50_ms: float = 0.0
    ack_p99_ms: float = 0.0
    ack_max_ms: float = 0.0
    answered_in_s: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(kind: str, n: int, args: argparse.Namespace, work: Path) -> Report:
    fake = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.load", "_fake", "--port", "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert fake.stdout is not None and fake.stdin is not None
    api_url = fake.stdout.readline().strip()
    port = free_port()
    db = args.database_url or f"sqlite:///{work / f'{kind}.db'}"
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.load", "_serve", kind, str(port), api_url, args.knowledge, db],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert server.stdout is not None
    try:
        if server.stdout.readline().strip() != "READY":
            raise SystemExit(f"the {kind} server did not start")
        run = hashlib.md5(f"{kind}{time.time()}".encode()).hexdigest()[:6]
        requests = build_requests(n, api_url.removesuffix("api/"), run)
        results = fire(port, requests, args.timeout)
        acked = time.perf_counter()
        # Owed an answer: whatever was acknowledged (Slack retries a request that was not).
        expected = {r.expects for r, res in zip(requests, results, strict=True) if r.expects and res.ok}
        seen: Counter[tuple[str, str]] = Counter()
        deadline = time.monotonic() + args.answer_timeout
        while time.monotonic() < deadline:
            fake.stdin.write("dump\n")
            fake.stdin.flush()
            calls = json.loads(fake.stdout.readline())
            seen = Counter(
                (method, channel if method == "chat.postMessage" else "")
                for method, channel in calls
                if (method, channel if method == "chat.postMessage" else "") in expected
            )
            if all(seen[key] >= 1 for key in expected):
                time.sleep(1.0)  # anything doubled arrives now or never
                fake.stdin.write("dump\n")
                fake.stdin.flush()
                calls = json.loads(fake.stdout.readline())
                seen = Counter(
                    (m, c if m == "chat.postMessage" else "")
                    for m, c in calls
                    if (m, c if m == "chat.postMessage" else "") in expected
                )
                break
            time.sleep(0.2)
        answered = time.perf_counter() - acked
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=90)
        fake.stdin.close()
        fake.wait(timeout=10)
    ok = [r for r in results if r.ok]
    acks = [r.seconds * 1000 for r in ok]
    return Report(
        server=kind,
        requests=n,
        resets=sum(1 for r in results if not r.ok),
        non_200=sum(1 for r in ok if r.status != 200),
        lost=sum(1 for key in expected if seen[key] == 0),
        doubled=sum(1 for key in expected if seen[key] > 1),
        ack_p50_ms=round(statistics.median(acks), 1) if acks else 0.0,
        ack_p99_ms=round(percentile(acks, 0.99), 1) if acks else 0.0,
        ack_max_ms=round(max(acks), 1) if acks else 0.0,
        answered_in_s=round(answered, 1),
        errors=dict(Counter(r.error for r in results if not r.ok)),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_fake":
        run_fake(int(argv[2]))
        return 0
    if argv and argv[0] == "_serve":
        run_server(*argv[1:2], int(argv[2]), *argv[3:6])  # type: ignore[misc]
        return 0
    ap = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=1000, help="concurrent requests per server (max 5000)")
    ap.add_argument("--servers", default="waitress,wsgiref", help="comma-separated: waitress, wsgiref")
    ap.add_argument("--knowledge", default=str(REPO / "knowledge"), help="the postings the app answers from")
    ap.add_argument("--database-url", default="", help="default: a fresh SQLite file per server")
    ap.add_argument(
        "--timeout", type=float, default=30.0, help="seconds a request may take before it counts as lost"
    )
    ap.add_argument("--answer-timeout", type=float, default=180.0, help="seconds to wait for every answer")
    ap.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = ap.parse_args(argv)
    n = max(1, min(args.requests, 5000))  # bounded: this is a loopback test, not a flood
    reports = []
    with tempfile.TemporaryDirectory(prefix="rolecall-load-") as tmp:
        for kind in [k.strip() for k in args.servers.split(",") if k.strip()]:
            if kind not in {"waitress", "wsgiref"}:
                raise SystemExit(f"unknown server {kind!r}: use waitress or wsgiref")
            report = measure(kind, n, args, Path(tmp))
            reports.append(report)
            if not args.json:
                print(
                    f"{report.server:9} {report.requests} requests: resets/timeouts {report.resets}, "
                    f"non-200 {report.non_200}, lost {report.lost}, doubled {report.doubled}, "
                    f"ack p50 {report.ack_p50_ms} ms, p99 {report.ack_p99_ms} ms, "
                    f"max {report.ack_max_ms} ms, "
                    f"all answered {report.answered_in_s} s after the last ack"
                    + (f", errors {report.errors}" if report.errors else ""),
                    flush=True,
                )
    if args.json:
        print(json.dumps([r.__dict__ for r in reports], indent=2))
    first = reports[0]
    return 0 if (first.resets, first.lost, first.doubled) == (0, 0, 0) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
