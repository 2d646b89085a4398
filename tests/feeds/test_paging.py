"""The new feed kinds through the whole fetch path (local server, recorded shapes): paging, POST, headers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from rolecall.feeds.fetch import FeedError, FetchPolicy, make_client
from rolecall.feeds.paging import FeedCredentials, fetch_feed
from rolecall.feeds.sources import parse_sources
from rolecall.postings.sources import parse_payload
from tests.feeds.server import FeedServer, Reply

ATS = Path(__file__).parents[1] / "postings" / "fixtures" / "ats"
POLICY = FetchPolicy(attempts=1, backoff=0.0)


def _fixture(name: str) -> Any:
    return json.loads((ATS / name).read_text())


def _feed(kind: str, name: str, base: str) -> Any:
    src = parse_sources({kind: [name], "base_urls": {kind: base}})
    assert src.errors == []
    return src.feeds[0]


def test_smartrecruiters_pages_are_followed_to_total_found(feed_server: FeedServer) -> None:
    rows = _fixture("smartrecruiters-list.json")["content"]
    third = {**rows[0], "id": "7400009", "name": "Crusher Mechanic", "refNumber": "CM-1"}
    feed_server.serve(
        "/sr/QuarryBots/postings?offset=0&limit=100",
        json.dumps({"offset": 0, "limit": 2, "totalFound": 3, "content": rows}),
    )
    feed_server.serve(
        "/sr/QuarryBots/postings?offset=2&limit=100",
        json.dumps({"offset": 2, "limit": 1, "totalFound": 3, "content": [third]}),
    )
    feed = _feed("smartrecruiters", "QuarryBots", f"{feed_server.url}/sr")
    with make_client(POLICY) as client:
        body = fetch_feed(client, feed, POLICY)
    postings = parse_payload(body, origin=feed.url, fmt=feed.fmt)
    assert [p.title for p in postings] == [
        "Field Robotics Engineer",
        "Remote Support Specialist",
        "Crusher Mechanic",
    ]


def test_workday_list_is_posted_page_by_page(feed_server: FeedServer) -> None:
    def row(n: int) -> dict[str, Any]:
        return {
            "title": f"Deckhand {n}",
            "externalPath": f"/job/USA-VA-Norfolk/Deckhand_R-{n}",
            "locationsText": "USA VA Norfolk",
            "bulletFields": [f"R-{n}"],
        }

    path = "/wday/cxs/tidewater/Careers/jobs"
    feed_server.queue(
        path, Reply(json.dumps({"total": 23, "jobPostings": [row(n) for n in range(20)]}).encode())
    )
    feed_server.queue(
        path, Reply(json.dumps({"total": 0, "jobPostings": [row(n) for n in range(20, 23)]}).encode())
    )
    feed = _feed("workday", "tidewater.wd1/Careers", feed_server.url)
    assert feed.url == f"{feed_server.url}{path}"
    with make_client(POLICY) as client:
        body = fetch_feed(client, feed, POLICY)
    methods = [(m, json.loads(b)["offset"]) for m, p, _, b in feed_server.requests if p == path]
    assert methods == [("POST", 0), ("POST", 20)]
    postings = parse_payload(body, origin=feed.url, fmt=feed.fmt)
    assert len(postings) == 23 and postings[-1].job_id == "R-22"
    assert postings[0].url == f"{feed_server.url}/Careers/job/USA-VA-Norfolk/Deckhand_R-0"


def test_usajobs_sends_its_headers_and_reads_every_page(feed_server: FeedServer) -> None:
    page = _fixture("usajobs-search.json")
    item = page["SearchResult"]["SearchResultItems"][0]
    second = json.loads(json.dumps(item))
    second["MatchedObjectDescriptor"]["PositionID"] = "NOAA-26-TIDE-0043"
    first_page = {"SearchResult": {**page["SearchResult"], "UserArea": {"NumberOfPages": "2"}}}
    second_page = {"SearchResult": {"SearchResultItems": [second], "UserArea": {"NumberOfPages": "2"}}}
    query = "Keyword=oceanographer"
    feed_server.serve(f"/api/search?{query}&ResultsPerPage=500&Page=1", json.dumps(first_page))
    feed_server.serve(f"/api/search?{query}&ResultsPerPage=500&Page=2", json.dumps(second_page))
    feed = _feed("usajobs", query, f"{feed_server.url}/api/search")
    creds = FeedCredentials(SecretStr("k-123"), "ops@example.org")
    with make_client(POLICY) as client:
        body = fetch_feed(client, feed, POLICY, credentials=creds)
    headers = [h for _, _, h, _ in feed_server.requests]
    assert all(
        h.get("Authorization-Key") == "k-123" and h.get("User-Agent") == "ops@example.org" for h in headers
    )
    postings = parse_payload(body, origin=feed.url, fmt=feed.fmt)
    assert [p.job_id for p in postings] == ["NOAA-26-TIDE-0042", "NOAA-26-TIDE-0043"]


def test_usajobs_without_credentials_is_a_clear_feed_error(feed_server: FeedServer) -> None:
    feed = _feed("usajobs", "Keyword=x", f"{feed_server.url}/api/search")
    with make_client(POLICY) as client, pytest.raises(FeedError, match="ROLECALL_USAJOBS_API_KEY"):
        fetch_feed(client, feed, POLICY)
    assert feed_server.hits == []


def test_credentials_never_show_in_a_repr() -> None:
    assert "k-123" not in repr(FeedCredentials(SecretStr("k-123"), "ops@example.org"))


@pytest.mark.parametrize(
    ("kind", "name", "path", "fixture", "title"),
    [
        (
            "personio",
            "lindenhof",
            "/lindenhof/xml?language=en",
            "personio-feed.xml",
            "Shift Lead Bakery Production",
        ),
        (
            "workable",
            "fernhill",
            "/fernhill?details=true",
            "workable-account.json",
            "Data Scientist, Crop Models",
        ),
        (
            "recruitee",
            "kestrelfreight",
            "/kestrelfreight/api/offers/",
            "recruitee-offers.json",
            "Warehouse Planner",
        ),
    ],
)
def test_single_request_kinds(
    feed_server: FeedServer, kind: str, name: str, path: str, fixture: str, title: str
) -> None:
    feed_server.serve(path, (ATS / fixture).read_bytes())
    feed = _feed(kind, name, feed_server.url)
    with make_client(POLICY) as client:
        body = fetch_feed(client, feed, POLICY)
    postings = parse_payload(body, origin=feed.url, fmt=feed.fmt)
    assert postings[0].title == title


def test_teamtailor_site_feed(feed_server: FeedServer) -> None:
    feed_server.serve("/jobs.json", (ATS / "teamtailor-feed.json").read_bytes())
    (feed,) = parse_sources({"teamtailor": [feed_server.url]}).feeds
    with make_client(POLICY) as client:
        body = fetch_feed(client, feed, POLICY)
    (p,) = parse_payload(body, origin=feed.url, fmt=feed.fmt)
    assert p.title == "Level Designer"
