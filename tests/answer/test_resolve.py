from __future__ import annotations

from rolecall.answer.engine import Engine
from rolecall.answer.model import Context
from rolecall.answer.resolve import Outcome, Resolution
from rolecall.postings.model import Posting

from .conftest import board


def resolve(postings: list[Posting], question: str, context: Context | None = None) -> Resolution:
    """Which posting ``question`` is about, read as the engine reads it."""
    engine = Engine(postings)
    return engine.resolver.resolve(engine.read(question), context)


def test_company_and_title_pick_one_posting() -> None:
    r = resolve(board(), "where is the lumenworks backend engineer?")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "lumen-be"


def test_company_alone_with_two_roles_is_ambiguous() -> None:
    r = resolve(board(), "does lumenworks pay well?")
    assert r.outcome is Outcome.AMBIGUOUS
    assert {p.id for p in r.candidates} == {"lumen-be", "lumen-fe"}


def test_location_breaks_a_tie_between_same_titles() -> None:
    postings = [
        Posting(id="a", title="Software Engineer Intern", company="Acme", locations=[{"text": "Tucson, AZ"}]),
        Posting(
            id="b", title="Software Engineer Intern", company="Acme", locations=[{"text": "Columbia, MD"}]
        ),
    ]
    r = resolve(postings, "acme software engineer intern in tucson - citizenship?")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "a"


def test_copies_of_one_role_resolve_to_the_richest() -> None:
    postings = [
        Posting(id="thin", title="Data Engineer", company="Acme"),
        Posting(
            id="rich", title="Data Engineer: 2025", company="Acme", sections=[{"passages": ["Long text."]}]
        ),
    ]
    r = resolve(postings, "acme data engineer requirements?")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "rich"


def test_unknown_company_finds_nothing() -> None:
    assert resolve(board(), "does zebracorp sponsor visas?").outcome is Outcome.NONE


def test_follow_up_uses_the_thread_posting() -> None:
    r = resolve(board(), "what about pay?", Context(posting_id="lumen-fe"))
    assert r.from_context and r.posting is not None and r.posting.id == "lumen-fe"


def test_a_named_company_overrides_the_thread() -> None:
    r = resolve(board(), "and bergwerk?", Context(posting_id="lumen-fe"))
    assert r.posting is not None and r.posting.id == "berg-ml"


def test_everyday_word_company_needs_capitals() -> None:
    postings = [
        Posting(id="v", title="Analyst", company="Visa"),
        *[
            Posting(id=f"p{i}", title=f"Engineer {i}", company=f"Co{i}", sections=[{"passages": ["A visa."]}])
            for i in range(3)
        ],
    ]  # fmt: skip
    e = Engine(postings)
    assert "v" not in e.employers.companies_in("does co1 sponsor a visa?")
    assert any(postings[i].id == "v" for i in e.employers.companies_in("does Visa hire analysts?"))


def test_a_misspelt_company_name_still_resolves() -> None:
    r = resolve(board(), "what does bergwerc pay for the machine learning engineer?")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "berg-ml"
    # Short names and known words are never "corrected" into a company.
    assert Engine(board()).employers.misspelt("does it pay well in berlin?") == set()


def test_lowercase_everyday_word_company_is_a_hint_not_a_filter() -> None:
    postings = [
        Posting(id="v", title="Data Analyst Intern", company="Beacon"),
        Posting(id="w", title="Data Analyst Intern", company="Harbor"),
        *[
            Posting(
                id=f"p{i}", title=f"Engineer {i}", company=f"Co{i}", sections=[{"passages": ["A beacon."]}]
            )
            for i in range(3)
        ],
    ]
    r = resolve(postings, "does beacon's data analyst intern pay?")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "v"


def _one_employer_board() -> list[Posting]:
    titles = {
        "fw": "Embedded Firmware Engineer",
        "pd": "Product Designer, Operator Tools",
        "be": "Backend Engineer, Platform",
        "ml": "Machine Learning Engineer, Perception",
        "sc": "Supply Chain Analyst",
    }
    return [Posting(id=k, title=t, company="Northwind") for k, t in titles.items()]


def test_without_a_company_a_distinctive_title_word_picks_the_role() -> None:
    r = resolve(_one_employer_board(), "what's the job id for the firmware role?")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "fw"
    r = resolve(_one_employer_board(), "where's the product designer based?")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "pd"


def test_a_word_many_titles_share_picks_no_role_on_its_own() -> None:
    r = resolve(_one_employer_board(), "what does the engineer role pay?")
    assert r.outcome is not Outcome.FOUND


def test_a_company_named_in_brackets_in_the_question_counts() -> None:
    postings = [
        Posting(id="a", title="AI Engineer", company="Pathwise AI"),
        Posting(id="b", title="AI Engineer", company="Engineering Square"),
    ]
    r = resolve(postings, "do they sponsor visas? (pathwise ai)")
    assert r.outcome is Outcome.FOUND and r.posting is not None and r.posting.id == "a"
