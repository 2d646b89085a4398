from __future__ import annotations

from datetime import date

from rolecall.postings.model import (
    Eligibility,
    EmploymentType,
    Location,
    Posting,
    Sponsorship,
    Workplace,
)
from rolecall.search.analyze import tokenize
from rolecall.search.facets import Facets
from rolecall.search.index import BM25Index
from rolecall.search.places import places_in


def _p(pid: str, place: str, **kw: object) -> Posting:
    return Posting(
        id=pid,
        title=f"Role {pid}",
        company=str(kw.pop("company", "Acme")),
        locations=[Location(text=place)],
        **kw,
    )  # type: ignore[arg-type]


POSTINGS = [
    _p("0", "Durham, NC", employment_type=[EmploymentType.INTERN]),
    _p(
        "1",
        "Brooklyn, NY",
        workplace=Workplace.HYBRID,
        eligibility=Eligibility(sponsorship=Sponsorship.OFFERED),
    ),
    _p(
        "2",
        "Austin, TX",
        workplace=Workplace.REMOTE,
        remote_regions=["US"],
        company="Globex",
        valid_through=date(2026, 1, 31),
    ),
    _p("3", "HQ", company="globex", active=False),
]


def test_places_with_containment() -> None:
    f = Facets(POSTINGS)
    assert f.in_place("is RTP one of them?") == {0}
    assert f.in_place("anything in NY?") == {1}
    assert f.in_place("New York City") == {1}  # Brooklyn sits in the metro
    assert f.in_place("Texas") == {2}
    assert f.in_place(places_in("North Carolina")[0]) == {0}
    assert f.in_place("Ohio") == set()
    assert 2 in f.in_place("United States")  # remote region


def test_parsed_region_counts_when_the_text_is_silent() -> None:
    p = Posting(id="x", title="t", company="c", locations=[Location(text="HQ", city="Phoenix", region="AZ")])
    assert Facets([p]).in_place("Arizona") == {0}


def test_where_intersects_filters_and_drops_closed() -> None:
    f = Facets(POSTINGS)
    assert f.where(company="GLOBEX") == {2, 3}
    assert f.where(company="globex", open_on=date(2026, 1, 15)) == {2}
    assert f.where(company="globex", open_on=date(2026, 2, 1)) == set()
    assert f.where(workplace=[Workplace.REMOTE, Workplace.HYBRID]) == {1, 2}
    assert f.where(sponsorship=[Sponsorship.OFFERED], place="NY") == {1}
    assert f.where(employment=[EmploymentType.INTERN]) == {0}
    assert f.where() == {0, 1, 2, 3}


def test_filter_feeds_the_index_within() -> None:
    f = Facets(POSTINGS)
    idx = BM25Index([tokenize(p.title + " " + p.location_summary()) for p in POSTINGS])
    assert {d for d, _ in idx.top_k(tokenize("role"), 5, within=f.where(company="globex"))} == {2, 3}
