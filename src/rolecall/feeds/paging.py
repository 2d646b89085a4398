"""Fetch a whole feed: one request for most APIs; for paged ones, every page, merged into one payload in
the API's own shape (so the adapter and the stored last-good payload stay the same).

- SmartRecruiters: ``GET …/postings?offset=&limit=100`` until ``totalFound`` rows are in.
- Workday: ``POST …/jobs`` with ``{"limit": 20, "offset": n, "appliedFacets": {}, "searchText": ""}``
  until ``total`` rows are in (Workday serves at most 20 a page).
- USAJOBS: ``GET …/search?…&ResultsPerPage=500&Page=n`` up to ``UserArea.NumberOfPages``, with the
  ``Authorization-Key`` and ``User-Agent`` headers the API requires (from settings; the key is a
  ``SecretStr`` and is never logged).

A page cap keeps a misbehaving server from looping forever.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from pydantic import SecretStr

from rolecall.feeds.fetch import FeedError, FetchPolicy, fetch
from rolecall.feeds.sources import Feed

MAX_PAGES = 50
SMARTRECRUITERS_LIMIT = 100
WORKDAY_LIMIT = 20
USAJOBS_PER_PAGE = 500


@dataclass(frozen=True)
class FeedCredentials:
    usajobs_api_key: SecretStr | None = None
    usajobs_email: str | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> FeedCredentials:
        return cls(getattr(settings, "usajobs_api_key", None), getattr(settings, "usajobs_email", None))


def _json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FeedError(url, f"page is not JSON ({exc})") from exc


def _with(url: str, **params: Any) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def fetch_feed(
    client: httpx.Client,
    feed: Feed,
    policy: FetchPolicy | None = None,
    *,
    credentials: FeedCredentials | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The feed's whole payload. Raises FeedError with the URL and the reason."""
    if feed.kind == "smartrecruiters":
        return _smartrecruiters(client, feed.url, policy, sleep)
    if feed.kind == "workday":
        return _workday(client, feed.url, policy, sleep)
    if feed.kind == "usajobs":
        return _usajobs(client, feed.url, policy, credentials or FeedCredentials(), sleep)
    return fetch(client, feed.url, policy, sleep=sleep)


def _smartrecruiters(client: httpx.Client, url: str, policy: FetchPolicy | None, sleep: Any) -> bytes:
    rows: list[Any] = []
    total = 0
    for _ in range(MAX_PAGES):
        page = _json(
            fetch(client, _with(url, offset=len(rows), limit=SMARTRECRUITERS_LIMIT), policy, sleep=sleep), url
        )
        content = page.get("content") if isinstance(page, dict) else None
        if not isinstance(content, list):
            raise FeedError(url, "SmartRecruiters page has no 'content' list")
        rows += content
        total = int(page.get("totalFound") or 0)
        if not content or len(rows) >= total:
            break
    payload = {"offset": 0, "limit": len(rows), "totalFound": total, "content": rows}
    return json.dumps(payload).encode()


def _workday(client: httpx.Client, url: str, policy: FetchPolicy | None, sleep: Any) -> bytes:
    rows: list[Any] = []
    total = 0
    for _ in range(MAX_PAGES):
        body = {"appliedFacets": {}, "limit": WORKDAY_LIMIT, "offset": len(rows), "searchText": ""}
        page = _json(fetch(client, url, policy, sleep=sleep, method="POST", json_body=body), url)
        postings = page.get("jobPostings") if isinstance(page, dict) else None
        if not isinstance(postings, list):
            raise FeedError(url, "Workday page has no 'jobPostings' list")
        rows += postings
        # Workday reports the total on the first page only (later pages may say 0).
        total = max(total, int(page.get("total") or 0))
        if not postings or len(rows) >= total:
            break
    return json.dumps({"total": total, "jobPostings": rows}).encode()


def _usajobs(
    client: httpx.Client, url: str, policy: FetchPolicy | None, creds: FeedCredentials, sleep: Any
) -> bytes:
    if creds.usajobs_api_key is None or not creds.usajobs_email:
        raise FeedError(url, "USAJOBS needs ROLECALL_USAJOBS_API_KEY and ROLECALL_USAJOBS_EMAIL")
    headers = {
        "Authorization-Key": creds.usajobs_api_key.get_secret_value(),
        "User-Agent": creds.usajobs_email,
    }
    items: list[Any] = []
    pages = 1
    page_no = 1
    while page_no <= min(pages, MAX_PAGES):
        page_url = _with(url, ResultsPerPage=USAJOBS_PER_PAGE, Page=page_no)
        page = _json(fetch(client, page_url, policy, sleep=sleep, headers=headers), url)
        result = page.get("SearchResult") if isinstance(page, dict) else None
        if not isinstance(result, dict):
            raise FeedError(url, "USAJOBS page has no 'SearchResult'")
        batch = result.get("SearchResultItems") or []
        items += batch
        try:
            pages = int(((result.get("UserArea") or {}).get("NumberOfPages")) or 1)
        except (TypeError, ValueError):
            pages = 1
        if not batch:
            break
        page_no += 1
    payload = {"SearchResult": {"SearchResultCount": len(items), "SearchResultItems": items}}
    return json.dumps(payload).encode()
