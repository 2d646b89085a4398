"""Generalising mechanisms: technology vocabulary, hours, date posted, routing. Postings written here."""

from __future__ import annotations

from datetime import date

import pytest

from rolecall.answer.engine import Engine
from rolecall.answer.model import Status
from rolecall.answer.tech import density, names_in
from rolecall.postings.model import EmploymentType, Location, Posting, Section

TODAY = date(2025, 3, 1)


def _p(pid: str, title: str, company: str, *passages: str, **kw: object) -> Posting:
    return Posting(
        id=pid,
        title=title,
        company=company,
        url=f"https://jobs.example.org/{pid}",
        sections=[Section(heading="", passages=list(passages))],
        **kw,  # type: ignore[arg-type]
    )


def board() -> list[Posting]:
    return [
        _p(
            "kestrel-fs",
            "Senior Full Stack Engineer",
            "Kestrel Bio",
            "Kestrel Bio grows tissue to test medicines before they reach patients.",
            "You will build fast web applications using React with FastAPI on the backend and Postgres as a"
            " database.",
            "We value ownership and care.",
        ),
        _p(
            "tarn-be",
            "Backend Engineer",
            "Tarnwell",
            "Tarnwell scores logins in milliseconds.",
            "Stack: [python, typescript, rust], [redis, postgresql], [aws, terraform]",
            "Experience with distributed systems is a must.",
        ),
        _p(
            "moss-sim",
            "Simulation Engineer",
            "Mossgiel Science",
            "AI projects use Python.",
            "Technologies: Lots of C++23, Qt 6.9, CMake, and CUDA.",
            "You should enjoy hard problems.",
        ),
        _p(
            "quill-ops",
            "Operations Associate",
            "Quillon",
            "You will keep the office running.",
            "We care about kindness and clear writing.",
        ),
        _p(
            "fen-tech",
            "Field Technician",
            "Fenmore",
            "Fenmore repairs wind turbines.",
            "This is a part-time role, about 25 hours a week, Monday to Friday 1PM to 5PM.",
            "A driver's license is required.",
            employment_type=[EmploymentType.PART_TIME],
            date_posted=date(2025, 2, 23),
            locations=[Location(text="Palo Alto, CA", city="Palo Alto", region="California", country="US")],
        ),
        _p(
            "fen-desk",
            "Support Analyst",
            "Fenmore",
            "Answer customer tickets.",
            "2+ years of experience in customer support.",
        ),
    ]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(board())


def test_names_in_reads_versions_lowercase_and_skips_everyday_words() -> None:
    assert names_in("Lots of C++23, Qt 6.9, CMake") == ["C++23", "Qt 6.9", "CMake"]
    assert names_in("Stack: [python, rust]") == ["python", "rust"]
    # Everyday words and funding rounds are no technologies.
    assert names_in("We raised a Series C; go ahead and react; R&D; C-suite.") == []
    assert density("Stack: python, rust") == 4  # a labelled stack counts double
    assert density("python and rust") == 2


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("what stack does kestrel bio use for the senior full stack eng?", ["React", "FastAPI", "Postgres"]),
        ("tarnwell backend engineer - which languages", ["python", "rust"]),
        ("mossgiel science tech stack? c++?", ["C++23", "Qt 6.9", "CUDA"]),
    ],
)
def test_stack_questions_quote_the_passage_dense_in_technologies(
    engine: Engine, question: str, words: list[str]
) -> None:
    a = engine.ask(question, today=TODAY)
    assert a.status is Status.ANSWERED
    quotes = " ".join(c.quote for c in a.citations)
    for w in words:
        assert w in quotes


def test_a_posting_naming_no_technology_stays_not_stated(engine: Engine) -> None:
    a = engine.ask("what tech stack does quillon use for the operations associate?", today=TODAY)
    assert a.status is Status.NOT_STATED
