from __future__ import annotations

from rolecall.postings.model import Location, Posting, Section, Workplace
from rolecall.search.analyze import tokenize
from rolecall.search.fields import index_postings, posting_fields, posting_text


def _posting(pid: str, title: str, company: str, place: str, body: str) -> Posting:
    return Posting(
        id=pid,
        title=title,
        company=company,
        locations=[Location(text=place)],
        workplace=Workplace.HYBRID,
        sections=[Section(heading="About", passages=[body])],
    )


POSTINGS = [
    _posting("a", "Backend Engineer", "Acme", "Austin, TX", "We build payments software with Go."),
    _posting("b", "Data Analyst", "Globex", "Phoenix, AZ", "Work with our backend engineer on reporting."),
    _posting("c", "Product Designer", "Initech", "New York, NY", "Design for Acme-scale customers."),
]


def test_posting_fields_carry_place_and_workplace() -> None:
    fields = posting_fields(POSTINGS[0])
    assert fields["title"] == "Backend Engineer" and fields["company"] == "Acme"
    assert "Austin, TX" in fields["location"] and "hybrid" in fields["location"]
    assert "payments" in fields["body"] and "About" in fields["body"]
    assert "Backend Engineer" in posting_text(POSTINGS[0])


def test_title_match_outranks_body_mention() -> None:
    idx = index_postings(POSTINGS)
    assert [d for d, _ in idx.top_k(tokenize("back end engineer"), 2)] == [0, 1]


def test_company_and_state_abbreviation_reach_the_posting() -> None:
    idx = index_postings(POSTINGS)
    assert idx.top_k(tokenize("Acme"), 1)[0][0] == 0
    assert idx.top_k(tokenize("roles in Arizona"), 1)[0][0] == 1
    assert idx.top_k(tokenize("anything in NY?"), 1)[0][0] == 2
