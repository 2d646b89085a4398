from __future__ import annotations

from rolecall.answer.engine import Engine
from rolecall.answer.model import Context, Intent, Status

from .conftest import TODAY


def ask(engine: Engine, q: str, **kw: object):  # type: ignore[no-untyped-def]
    return engine.ask(q, today=TODAY, **kw)  # type: ignore[arg-type]


def test_location_lists_sites_and_workplace(engine: Engine) -> None:
    a = ask(engine, "where is the Lumenworks backend engineer based?")
    assert a.status is Status.ANSWERED
    assert a.postings[0].id == "lumen-be"
    assert "Durham, NC" in a.text and "hybrid" in a.text.lower()
    assert "https://jobs.example.org/lumen-be" in a.text


def test_location_check_by_metro_name(engine: Engine) -> None:
    a = ask(engine, "is RTP one of the locations for the lumenworks backend engineer?")
    assert a.status is Status.ANSWERED
    assert "Research Triangle is among its locations" in a.text


def test_requirements_quote_the_posting(engine: Engine) -> None:
    a = ask(engine, "what experience does the lumenworks backend engineer need?")
    assert a.status is Status.ANSWERED
    assert any("3+ years" in c.quote for c in a.citations)


def test_sponsorship_from_structured_fact_and_quote(engine: Engine) -> None:
    a = ask(engine, "does lumenworks sponsor visas for the backend engineer?")
    assert a.status is Status.ANSWERED
    assert a.text.startswith("Backend Engineer at Lumenworks")
    assert "Yes, the posting says it offers visa sponsorship" in a.text
    assert any("H-1B" in c.quote for c in a.citations)


def test_refused_sponsorship_is_reported_as_no(engine: Engine) -> None:
    a = ask(engine, "does quill partners sponsor visas for the quant research intern?")
    assert a.status is Status.ANSWERED and "No, the posting says it does not" in a.text


def test_silence_on_sponsorship_is_not_stated_never_a_guess(engine: Engine) -> None:
    a = ask(engine, "does the lumenworks frontend engineer sponsor visas?")
    assert a.status is Status.NOT_STATED
    assert "does not say whether it sponsors" in a.text
    assert "yes" not in a.text.lower().split()


def test_pay_stated_and_not_stated(engine: Engine) -> None:
    stated = ask(engine, "what does the lumenworks backend engineer pay?")
    assert stated.status is Status.ANSWERED and "$120,000" in stated.text
    silent = ask(engine, "what does the lumenworks frontend engineer pay?")
    assert silent.status is Status.NOT_STATED and "$" not in silent.text


def test_details_job_id_and_date(engine: Engine) -> None:
    assert "R-4417" in ask(engine, "job id for the lumenworks backend engineer?").text
    assert "2025-01-15" in ask(engine, "when was the lumenworks backend engineer posted?").text


def test_citizenship_and_clearance(engine: Engine) -> None:
    a = ask(engine, "does the orbitas labs intern require US citizenship?")
    assert a.status is Status.ANSWERED and "citizen" in a.text.lower()
    c = ask(engine, "what clearance does the orbitas labs intern need?")
    assert c.status is Status.ANSWERED and "Secret" in c.text


def test_ambiguous_lists_candidates(engine: Engine) -> None:
    a = ask(engine, "where is the lumenworks engineer role?")
    assert a.status is Status.AMBIGUOUS
    assert {p.id for p in a.postings} == {"lumen-be", "lumen-fe"}


def test_where_an_employers_roles_are_lists_each(engine: Engine) -> None:
    a = ask(engine, "where are the lumenworks jobs?")
    assert a.status is Status.ANSWERED
    assert {p.id for p in a.postings} == {"lumen-be", "lumen-fe"}
    assert "Durham, NC" in a.text and "Remote (US)" in a.text


def test_follow_up_uses_context(engine: Engine) -> None:
    a = ask(engine, "what about pay?", context=Context(posting_id="lumen-be"))
    assert a.status is Status.ANSWERED and a.postings[0].id == "lumen-be"


def test_unknown_company_is_no_match_not_a_random_posting(engine: Engine) -> None:
    a = ask(engine, "is Stripe hiring?")
    assert a.status is Status.NO_MATCH and not a.postings


def test_find_is_the_discovery_listing(engine: Engine) -> None:
    assert [p.id for p in engine.find("internships in seattle", today=TODAY)] == ["orbit-intern"]
    assert engine.get("berg-ml") is not None and engine.get("nope") is None


def test_a_follow_up_with_no_conversation_asks_which_role_instead_of_guessing(engine: Engine) -> None:
    for q in ("what about pay?", "is it remote?", "does the role sponsor visas?"):
        a = ask(engine, q)
        assert a.status is Status.NO_MATCH and not a.postings, q
        assert "Which role" in a.text
    # The same question with the conversation's posting answers about it.
    a = ask(engine, "what about pay?", context=Context(posting_id="lumen-be"))
    assert a.status is not Status.NO_MATCH and a.postings[0].id == "lumen-be"
    # With no pointer to a role, a facet is a search: "do you sponsor visas?" lists roles that do.
    assert ask(engine, "do you sponsor visas?").intent is Intent.DISCOVERY
