from __future__ import annotations

import httpx
import pytest

from rolecall.feeds.fetch import FeedError, FetchPolicy, fetch, make_client
from tests.feeds.conftest import FIXTURES
from tests.feeds.server import FeedServer, Reply

NO_WAIT = FetchPolicy(timeout=2.0, connect_timeout=1.0, attempts=3, backoff=0.0)


def test_returns_the_body(feed_server: FeedServer) -> None:
    body = (FIXTURES / "lever-lanternfish.json").read_bytes()
    feed_server.serve("/v0/postings/lanternfish?mode=json", body)
    with make_client(NO_WAIT) as client:
        assert fetch(client, f"{feed_server.url}/v0/postings/lanternfish?mode=json", NO_WAIT) == body


def test_server_errors_are_retried_with_backoff(feed_server: FeedServer) -> None:
    feed_server.queue("/f", Reply(b"oops", 502))
    feed_server.queue("/f", Reply(b"oops", 503))
    feed_server.serve("/f", b"[]")
    waits: list[float] = []
    policy = FetchPolicy(attempts=3, backoff=0.5)
    with make_client(policy) as client:
        assert fetch(client, f"{feed_server.url}/f", policy, sleep=waits.append) == b"[]"
    assert feed_server.hits_to("/f") == 3
    assert waits == [0.5, 1.0]  # exponential


def test_retry_after_is_honoured_on_429(feed_server: FeedServer) -> None:
    feed_server.queue("/f", Reply(b"slow down", 429, {"Retry-After": "7"}))
    feed_server.serve("/f", b"[]")
    waits: list[float] = []
    with make_client(NO_WAIT) as client:
        fetch(client, f"{feed_server.url}/f", NO_WAIT, sleep=waits.append)
    assert waits == [7.0]


def test_client_errors_are_not_retried(feed_server: FeedServer) -> None:
    with make_client(NO_WAIT) as client, pytest.raises(FeedError, match="HTTP 404") as err:
        fetch(client, f"{feed_server.url}/v1/boards/nope/jobs", NO_WAIT)
    assert feed_server.hits_to("/v1/boards/nope/jobs") == 1
    assert err.value.url.endswith("/v1/boards/nope/jobs")


def test_persistent_failure_names_the_reason_and_attempts(feed_server: FeedServer) -> None:
    feed_server.serve("/f", b"down", 500)
    with make_client(NO_WAIT) as client, pytest.raises(FeedError, match="HTTP 500 after 3 attempts"):
        fetch(client, f"{feed_server.url}/f", NO_WAIT)
    assert feed_server.hits_to("/f") == 3


def test_a_hanging_server_times_out(feed_server: FeedServer) -> None:
    feed_server.serve("/slow", b"[]")
    feed_server.queue("/slow", Reply(b"[]", delay=1.0))
    policy = FetchPolicy(timeout=0.2, connect_timeout=0.2, attempts=1, backoff=0.0)
    with make_client(policy) as client, pytest.raises(FeedError, match="timed out"):
        fetch(client, f"{feed_server.url}/slow", policy)


def test_connection_refused_is_a_feed_error() -> None:
    with httpx.Client() as client, pytest.raises(FeedError, match="connection failed"):
        fetch(client, "http://127.0.0.1:9/f", FetchPolicy(attempts=2, backoff=0.0))
