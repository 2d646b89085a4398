"""Each ATS adapter, fed through the whole fetch path from a local server serving recorded responses."""

from __future__ import annotations

import pytest

from rolecall.feeds.fetch import FetchPolicy, fetch, make_client
from rolecall.feeds.sources import parse_sources
from tests.feeds.conftest import FIXTURES
from tests.feeds.server import FeedServer

sources_mod = pytest.importorskip(
    "rolecall.postings.sources", reason="needs the posting adapters (branch postings)"
)
if not hasattr(sources_mod, "parse_payload"):
    pytest.skip("needs rolecall.postings.sources.parse_payload (branch postings)", allow_module_level=True)

POLICY = FetchPolicy(attempts=1, backoff=0.0)


def serve_all(server: FeedServer) -> dict[str, str]:
    server.serve("/gh/quillworks/jobs?content=true", (FIXTURES / "greenhouse-quillworks.json").read_bytes())
    server.serve("/lever/lanternfish?mode=json", (FIXTURES / "lever-lanternfish.json").read_bytes())
    server.serve("/ashby/marigold?includeCompensation=true", (FIXTURES / "ashby-marigold.json").read_bytes())
    server.serve(
        "/careers/be-77", (FIXTURES / "jsonld-bristlecone.html").read_bytes(), Content_Type="text/html"
    )
    return {
        "greenhouse": f"{server.url}/gh",
        "lever": f"{server.url}/lever",
        "ashby": f"{server.url}/ashby",
    }


@pytest.mark.parametrize(
    ("kind", "name", "titles", "company"),
    [
        (
            "greenhouse",
            "quillworks",
            {"Software Engineer Intern, Summer 2025", "Support Analyst"},
            "Quillworks",
        ),
        ("lever", "lanternfish", {"Backend Engineer"}, None),
        ("ashby", "marigold", {"New Grad Software Engineer"}, None),
        ("jsonld", "/careers/be-77", {"Field Technician"}, "Bristlecone Energy"),
    ],
)
def test_adapter_reads_the_fetched_feed(
    feed_server: FeedServer, kind: str, name: str, titles: set[str], company: str | None
) -> None:
    bases = serve_all(feed_server)
    entry = feed_server.url + name if kind == "jsonld" else name
    (feed,) = parse_sources({kind: [entry], "base_urls": bases}).feeds
    with make_client(POLICY) as client:
        body = fetch(client, feed.url, POLICY)
    postings = sources_mod.parse_payload(body.decode(), origin=feed.url, fmt=feed.fmt)
    assert {p.title for p in postings} == titles
    assert all(p.id for p in postings) and len({p.id for p in postings}) == len(postings)
    if company:
        assert {p.company for p in postings} == {company}
    assert all(p.url or p.apply_url for p in postings)
