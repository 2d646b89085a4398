"""Fetch one feed over HTTP: timeouts, a few retries with exponential backoff, Retry-After honoured.

Retried: connection errors, timeouts, 429 and 5xx. Not retried: other 4xx (a wrong board name will not
fix itself). Returns the body; raises FeedError with the URL and the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from rolecall.errors import RolecallError

USER_AGENT = "Rolecall/0.1 (+job digest; feeds listed by the operator)"
MAX_BYTES = 20 * 1024 * 1024


class FeedError(RolecallError):
    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0
    connect_timeout: float = 5.0
    attempts: int = 3
    backoff: float = 1.0  # seconds before the 2nd attempt; doubles after each
    max_retry_after: float = 30.0


def make_client(policy: FetchPolicy | None = None) -> httpx.Client:
    policy = policy or FetchPolicy()
    return httpx.Client(
        timeout=httpx.Timeout(policy.timeout, connect=policy.connect_timeout),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json, text/html;q=0.9"},
    )


def _retry_after(resp: httpx.Response, default: float, cap: float) -> float:
    value = resp.headers.get("Retry-After", "")
    try:
        return min(cap, max(0.0, float(value)))
    except ValueError:
        return default


def fetch(
    client: httpx.Client,
    url: str,
    policy: FetchPolicy | None = None,
    *,
    sleep: Callable[[float], None] = time.sleep,
    method: str = "GET",
    json_body: Any = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    policy = policy or FetchPolicy()
    delay = policy.backoff
    last = "no attempt made"
    for attempt in range(1, policy.attempts + 1):
        wait = delay
        try:
            resp = client.request(method, url, json=json_body, headers=headers)
        except httpx.TimeoutException:
            last = "timed out"
        except httpx.TransportError as exc:
            last = f"connection failed ({type(exc).__name__})"
        else:
            if resp.status_code == 200:
                if len(resp.content) > MAX_BYTES:
                    raise FeedError(url, f"response larger than {MAX_BYTES} bytes")
                return resp.content
            last = f"HTTP {resp.status_code}"
            if resp.status_code == 429:
                wait = _retry_after(resp, delay, policy.max_retry_after)
            elif resp.status_code < 500:
                raise FeedError(url, last)
        if attempt < policy.attempts:
            sleep(wait)
            delay *= 2
    raise FeedError(url, f"{last} after {policy.attempts} attempts")
