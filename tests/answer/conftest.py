"""Postings written for these tests: a small board with the facts each intent needs, and silences."""

from __future__ import annotations

from datetime import date

import pytest

from rolecall.answer.engine import Engine
from rolecall.postings.model import (
    Eligibility,
    EmploymentType,
    Evidence,
    Location,
    Pay,
    Posting,
    Section,
    Sponsorship,
    Workplace,
)

TODAY = date(2025, 3, 1)


def board() -> list[Posting]:
    return [
        Posting(
            id="lumen-be",
            title="Backend Engineer",
            company="Lumenworks",
            locations=[Location(text="Durham, NC", city="Durham", region="North Carolina", country="US")],
            workplace=Workplace.HYBRID,
            employment_type=[EmploymentType.FULL_TIME],
            job_id="R-4417",
            url="https://jobs.example.org/lumen-be",
            date_posted=date(2025, 1, 15),
            pay=Pay(min=120000, max=150000, currency="USD", unit="YEAR", text="$120,000 - $150,000 per year"),
            eligibility=Eligibility(
                sponsorship=Sponsorship.OFFERED,
                evidence=[Evidence(fact="sponsorship", quote="We sponsor H-1B visas for this role.")],
            ),
            sections=[
                Section(heading="About", passages=["Lumenworks builds lighting controls for stadiums."]),
                Section(
                    heading="Requirements",
                    passages=[
                        "3+ years of experience building services in Go or Rust.",
                        "Familiarity with PostgreSQL and message queues.",
                        "A bachelor's degree in computer science or equivalent experience.",
                    ],
                ),
                Section(
                    heading="Logistics",
                    passages=[
                        "Hybrid: three days a week in our Durham office.",
                        "We sponsor H-1B visas for this role.",
                    ],
                ),
            ],
        ),
        Posting(
            id="lumen-fe",
            title="Frontend Engineer",
            company="Lumenworks",
            locations=[Location(text="Remote (US)", remote=True, country="US")],
            workplace=Workplace.REMOTE,
            remote_regions=["US"],
            url="https://jobs.example.org/lumen-fe",
            sections=[Section(heading="Requirements", passages=["Strong TypeScript and React skills."])],
        ),
        Posting(
            id="orbit-intern",
            title="Software Engineering Intern",
            company="Orbitas Labs",
            locations=[Location(text="Seattle, WA", city="Seattle", region="Washington", country="US")],
            employment_type=[EmploymentType.INTERN],
            terms=["Summer 2025"],
            url="https://orbitas.example.org/intern",
            sections=[
                Section(
                    heading="Who you are",
                    passages=[
                        "Currently enrolled in a BS or MS program, graduating in 2026.",
                        "Some Python.",
                    ],
                ),
                Section(
                    heading="Eligibility",
                    passages=["Must be a U.S. citizen; this role requires a Secret clearance."],
                ),
            ],
            eligibility=Eligibility(
                citizenship_required=True,
                clearance="Secret",
                evidence=[Evidence(fact="citizenship_required", quote="Must be a U.S. citizen.")],
            ),
        ),
        Posting(
            id="quill-old",
            title="Data Analyst Intern",
            company="Quill Partners",
            locations=[Location(text="New York, NY", city="New York", region="New York", country="US")],
            employment_type=[EmploymentType.INTERN],
            terms=["Fall 2025"],
            active=False,
            url="https://quill.example.org/da",
            sections=[Section(heading="", passages=["Analyse trading data with SQL."])],
        ),
        Posting(
            id="quill-new",
            title="Quant Research Intern",
            company="Quill Partners",
            locations=[Location(text="New York, NY", city="New York", region="New York", country="US")],
            employment_type=[EmploymentType.INTERN],
            terms=["Fall 2025"],
            url="https://quill.example.org/qr",
            eligibility=Eligibility(
                sponsorship=Sponsorship.NOT_OFFERED,
                evidence=[Evidence(fact="sponsorship", quote="We are unable to sponsor visas.")],
            ),
            sections=[
                Section(
                    heading="",
                    passages=["Strong probability and statistics.", "We are unable to sponsor visas."],
                )
            ],
        ),
        Posting(
            id="berg-ml",
            title="Machine Learning Engineer",
            company="Bergwerk",
            locations=[Location(text="Berlin, Germany", city="Berlin", country="DE")],
            url="https://bergwerk.example.org/ml",
            sections=[
                Section(
                    heading="",
                    passages=[
                        "Relocation support to Berlin is offered.",
                        "Experience with PyTorch required.",
                    ],
                )
            ],
        ),
    ]


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(board())
