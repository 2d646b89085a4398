"""The facets candidates ask beyond the basics, each answered from an invented posting that states it,
and said to be missing from one that does not."""

from __future__ import annotations

from datetime import date

import pytest

from rolecall.answer.engine import Engine
from rolecall.answer.model import Status
from rolecall.postings.model import Posting, Section

TODAY = date(2026, 1, 10)


def _board() -> list[Posting]:
    return [
        Posting(
            id="stated",
            title="Hydrology Technician",
            company="Marsh Valley Authority",
            job_id="MVA-2026-0117-KL",
            sections=[
                Section(heading="Pay Scale", passages=["GS"]),
                Section(heading="Min Salary", passages=["61220"]),
                Section(heading="Max Salary", passages=["79585"]),
                Section(heading="Close Date", passages=["2026-04-03"]),
                Section(
                    heading="Qualifications",
                    passages=[
                        "Applicants must have 52 weeks of specialized experience at the GS-7 level.",
                        "Have an overall cumulative GPA of 2.90/4.0 or higher.",
                        "Be majoring in Hydrology, Civil Engineering or a closely related field.",
                        "Open to students graduating between December 2026 and June 2027.",
                        "A valid state driver's licence is required.",
                    ],
                ),
                Section(
                    heading="Logistics",
                    passages=[
                        "This is a 6-month (March 2nd–August 28th, 2026) field placement.",
                        "Rotating shifts, 7am-3pm or 3pm-11pm, with some on-call weekends.",
                        "The team works in CET and overlaps with US Eastern mornings.",
                        "We provide visa support, including the EU Blue Card.",
                    ],
                ),
            ],
        ),
        Posting(
            id="silent",
            title="Hydrology Assistant",
            company="Dry Creek Trust",
            sections=[Section(heading="About", passages=["Help us measure rivers."])],
        ),
    ]


CASES = [
    ("what's the min gpa?", "2.90"),
    ("what majors do they take? i study civil eng", "Civil Engineering"),
    ("i graduate in march 2027, am i eligible?", "December 2026 and June 2027"),
    ("what specialized experience do they want?", "52 weeks"),
    ("what's the salary range?", "79585"),
    ("what's the announcement number?", "MVA-2026-0117-KL"),
    ("when does it close?", "2026-04-03"),
    ("what are the dates? when does it start/end", "March 2nd"),
    ("what shifts would i work?", "Rotating shifts"),
    ("what time zone is the team in?", "CET"),
    ("do they support a blue card?", "Blue Card"),
    ("do i need a licence or registration?", "licence"),
]


@pytest.mark.parametrize(("asked", "said"), CASES)
def test_each_facet_is_answered_from_the_posting_that_states_it(asked: str, said: str) -> None:
    a = Engine(_board()).ask(f"marsh valley hydrology technician — {asked}", today=TODAY)
    assert a.status is Status.ANSWERED and a.postings[0].id == "stated"
    assert said in a.text


@pytest.mark.parametrize(
    "asked",
    [
        "what's the min gpa?",
        "what majors do they take?",
        "what specialized experience do they want?",
        "what time zone is the team in?",
        "what's the salary range?",
    ],
)
def test_a_posting_silent_on_the_facet_says_so(asked: str) -> None:
    a = Engine(_board()).ask(f"dry creek hydrology assistant — {asked}", today=TODAY)
    assert a.status is Status.NOT_STATED and a.postings[0].id == "silent"
    assert "does not" in a.text and "measure rivers" not in a.text


def _more() -> list[Posting]:
    return [
        Posting(
            id="counsel",
            title="Associate Counsel, Privacy",
            company="Wexford Analytics",
            sections=[
                Section(
                    heading="Requirements",
                    passages=[
                        "J.D. and licensed to practice law in at least one U.S. jurisdiction.",
                        "Fluency in Korean and English is required.",
                        "Experience with Anaplan is a plus.",
                    ],
                ),
                Section(
                    heading="Terms",
                    passages=["This is a fixed-term contract of 12 months.", "A paid internship."],
                ),
            ],
        ),
        Posting(id="anaplan", title="Software Engineer", company="Anaplan"),
    ]


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("do i need to be barred in a us state?", "licensed to practice law"),
        ("what languages do i need?", "Korean"),
        ("is it permanent or fixed term?", "fixed-term contract"),
        ("is it paid?", "paid internship"),
        ("is anaplan a must?", "Anaplan"),
    ],
)
def test_licences_spoken_languages_contract_terms_and_tools_named_like_employers(
    asked: str, said: str
) -> None:
    a = Engine(_more()).ask(f"wexford analytics associate counsel — {asked}", today=TODAY)
    assert a.status is Status.ANSWERED and a.postings[0].id == "counsel", asked
    assert said in a.text
