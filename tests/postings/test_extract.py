"""Facts from prose: what each rule catches, and the look-alikes it must not."""

from __future__ import annotations

import pytest

from rolecall.postings.extract import (
    apply_in,
    clearance_in,
    degrees_in,
    employment_types_in,
    experience_in,
    extract_eligibility,
    job_id_in,
    pay_in,
    sponsorship_in,
    terms_in,
)
from rolecall.postings.model import EmploymentType, Sponsorship


@pytest.mark.parametrize(
    "sentence",
    [
        "We are unable to sponsor visas for this role.",
        "Northwind will not sponsor H-1B visas.",
        "Candidates must be authorized to work in the U.S. without current or future visa sponsorship.",
        "This company does not offer sponsorship.",
        "Sponsorship: Not at this time",
        "H-1B: no",
        "Visa sponsorship is not available for this position.",
        "UK-based already (no net-new visa sponsorship for this role).",
        "Must be authorized to work in the U.S.; we are unable to offer sponsorship at this time.",
    ],
)
def test_sponsorship_not_offered(sentence: str) -> None:
    assert sponsorship_in(sentence) == Sponsorship.NOT_OFFERED


@pytest.mark.parametrize(
    "sentence",
    [
        "Visa support available.",
        "Competitive comp, relocation & visa support, stellar team.",
        "Visa sponsorships: yes.",
        "We sponsor H-1B visas and green cards.",
        "For exceptional candidates, visa sponsorship is also a possibility.",
        "Visa sponsorship is available for this role.",
        "Visa: yes",
        "We don't require a degree, and we sponsor visas for everyone we hire.",
    ],
)
def test_sponsorship_offered(sentence: str) -> None:
    assert sponsorship_in(sentence) == Sponsorship.OFFERED


@pytest.mark.parametrize(
    "sentence",
    [
        "We sponsor conferences and an annual learning budget.",
        "Employer-sponsored healthcare for you and your dependents.",
        "We are the proud sponsor of the city marathon.",
        "Our team sponsors open source projects we depend on.",
        "A company-sponsored 401(k) plan with a 4% match.",
    ],
)
def test_sponsorship_traps_say_nothing(sentence: str) -> None:
    assert sponsorship_in(sentence) is None


def _elig(*passages: str, heading: str = ""):  # type: ignore[no-untyped-def]
    return extract_eligibility([(heading, p) for p in passages])


@pytest.mark.parametrize(
    "sentence",
    [
        "Must be a U.S. citizen.",
        "US Citizenship Required",
        "U.S. citizenship required.",
        "This position is open to US citizens only.",
        "Applicants must be U.S. persons as defined by ITAR.",
    ],
)
def test_citizenship_required(sentence: str) -> None:
    e = _elig(sentence)
    assert e.citizenship_required is True
    assert e.evidence_for("citizenship")[0].quote == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "We treat research, engineering, and creativity as first-class citizens.",
        "Empower every citizen developer in your company.",
        "We hire without regard to race, religion, national origin or citizenship status.",
        "Be a good corporate citizen.",
    ],
)
def test_citizenship_traps(sentence: str) -> None:
    assert _elig(sentence).citizenship_required is None


def test_bare_citizen_bullet_under_requirements_heading() -> None:
    assert _elig("US Citizen", heading="Must have").citizenship_required is True
    assert _elig("US Citizen", heading="Our customers").citizenship_required is None


def test_work_authorisation() -> None:
    e = _elig("Must be authorized to work in the US.")
    assert e.work_authorization_required is True
    assert _elig("We work with authorized resellers.").work_authorization_required is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Requires an active TS/SCI clearance.", "TS/SCI"),
        ("Must hold an active Secret clearance.", "Secret"),
        ("A preference for an active TS clearance and the ability to obtain SCI.", "TS, SCI"),
        ("Eligible for Public Trust", "Public Trust"),
    ],
)
def test_clearance(sentence: str, expected: str) -> None:
    value = clearance_in(sentence)
    assert value is not None and value.startswith(expected)


def test_clearance_ability_to_obtain_and_traps() -> None:
    value = clearance_in("You must be able to obtain a security clearance.")
    assert value is not None and "ability to obtain" in value
    assert clearance_in("Our secret sauce is the team.") is None
    assert clearance_in("Warehouse clearance sale every Friday.") is None
    assert clearance_in("Overhead clearance of 12 feet is required for the robot.") is None


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("3+ years of experience with Python.", 3),
        ("Must have minimum of 3 months experience with APIs", 0.25),
        ("At least three years of previous administrative experience.", 3),
        ("3-12 years shipping AI/ML in production", 3),
        ("7–10+ years experience", 7),
        # A floor on time spent doing something, without the word "experience", numbers as words, "yrs".
        ("Account managers: at least two years of closing deals in fintech.", 2),
        ("Five+ years in B2B sales", 5),
        ("Twenty years of experience leading field teams", 20),
        ("3+ yrs in an ops role", 3),
        ("Minimum 4 yrs of running ad campaigns", 4),
    ],
)
def test_experience(sentence: str, years: float) -> None:
    assert experience_in(sentence) == years


@pytest.mark.parametrize(
    "sentence",
    [
        "We were founded 10 years ago.",
        "Equity vests over 4 years.",
        "2 weeks paid time off every year.",
        "We're a small London team, 2+ years in, building a consumer platform.",
        # A floor on years of something that is not the candidate's time: terms, money, data.
        "We ask for at least two years of commitment to the program.",
        "We have at least 3 years of runway after our seed round.",
        "Backups keep at least 10 years of data on hand.",
        "The platform covers over ten years of records.",
        "Our customers sign a minimum 2 year contract.",
    ],
)
def test_experience_traps(sentence: str) -> None:
    assert experience_in(sentence) is None


def test_degrees() -> None:
    assert degrees_in("A Bachelor's degree in Computer Science.") == ["Bachelor's"]
    assert degrees_in("Master's or PhD in Physics preferred.") == ["Master's", "PhD"]
    assert degrees_in("Process Engineer Intern - Adv Degree") == ["Advanced degree"]
    assert degrees_in("No BS, just shipping.") == []


def test_student_status() -> None:
    e = _elig("Currently pursuing a Bachelor's degree, graduating between December 2027 and June 2028.")
    assert e.student_status is not None and "2027" in e.student_status


@pytest.mark.parametrize(
    ("text", "lo", "hi", "unit", "cur"),
    [
        ("$180-200K + equity", 180000, 200000, "YEAR", "USD"),
        ("$180k-$200k + equity", 180000, 200000, "YEAR", "USD"),
        ("$34.62/hour", 34.62, None, "HOUR", "USD"),
        ("The estimated salary range is $60,000 - $97,000/year.", 60000, 97000, "YEAR", "USD"),
        ("Salary: USD 60,000 - 97,000 per year", 60000, 97000, "YEAR", "USD"),
        ("Comp Range: $132,600- $182,250 DOE.", 132600, 182250, "YEAR", "USD"),
        ("$125K to $185K + Equity", 125000, 185000, "YEAR", "USD"),
        # European amounts (dots group thousands) and German units
        ("Bruttojahresgehalt mindestens € 52.310,40 inkl. Zulagen", 52310.40, None, "YEAR", "EUR"),
        ("Gehalt: EUR 48.000 - 56.000", 48000, 56000, "YEAR", "EUR"),
        ("€ 2.950,00 monatlich", 2950.0, None, "MONTH", "EUR"),
        ("CHF 95.000 bis 110.000 pro Jahr", 95000, 110000, "YEAR", "CHF"),
    ],
)
def test_pay(text: str, lo: float, hi: float | None, unit: str, cur: str) -> None:
    pay = pay_in(text, require_context=False)
    assert pay is not None
    assert (pay.min, pay.max, pay.unit, pay.currency) == (lo, hi, unit, cur)


def test_pay_traps() -> None:
    assert pay_in("Debt collection is a $35B market in the US alone.") is None
    assert pay_in("The seed round was $1.5M.", require_context=False) is None
    assert pay_in("We scaled to a $2 million annualized run rate.", require_context=False) is None


def test_employment_types_terms_job_id_apply() -> None:
    assert employment_types_in("Mission Software Engineer Co-op") == [EmploymentType.INTERN]
    assert employment_types_in("Fulltime / Partime / Contract") == [
        EmploymentType.FULL_TIME,
        EmploymentType.PART_TIME,
        EmploymentType.CONTRACTOR,
    ]
    assert terms_in("Summer 2025 and Fall 2025 co-ops") == ["Summer 2025", "Fall 2025"]
    assert job_id_in("Job ID: IBM-20939608") == "IBM-20939608"
    assert job_id_in("Requisition #R-174485 is open") == "R-174485"
    url, how = apply_in("Apply at: https://bitcap.jobs.personio.com/job/1833794")
    assert url == "https://bitcap.jobs.personio.com/job/1833794" and how
    assert apply_in("Apply via `ssh apply@krea.engineering`")[1] is not None
    assert apply_in("We like email.") == (None, None)


def test_sponsorship_evidence_prefers_the_no() -> None:
    e = _elig(
        "Visa sponsorship is available for engineering roles.", "We cannot sponsor visas for this role."
    )
    assert e.sponsorship == Sponsorship.NOT_OFFERED
    assert {ev.value for ev in e.evidence_for("sponsorship")} == {"offered", "not_offered"}


def test_start_date_and_deadline() -> None:
    from rolecall.postings.extract import deadline_in, start_date_in

    assert start_date_in("Start date: June 2, 2025 (12 weeks).") == "June 2, 2025"
    assert start_date_in("The program starts in Summer 2026.") == "Summer 2026"
    assert start_date_in("Start building on day one.") is None
    assert deadline_in("Apply by March 15, 2026 to be considered.") == "March 15, 2026"
    assert deadline_in("Applications close on 2026-01-31.") == "2026-01-31"
    assert deadline_in("We review applications on a rolling basis.") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Candidates must be a U.S. citizen or permanent resident.",
        "Must be a US citizen or green card holder to apply.",
        "Open to US citizens and lawful permanent residents only (export controls).",
    ],
)
def test_citizen_or_resident_is_work_authorisation_without_sponsorship(sentence: str) -> None:
    elig = extract_eligibility([("Requirements", sentence)])
    assert elig.citizenship_required is None  # a permanent resident qualifies: citizenship is not required
    assert elig.work_authorization_required is True
    assert elig.sponsorship == Sponsorship.NOT_OFFERED


def test_citizen_or_resident_traps() -> None:
    # Equal-opportunity boilerplate names the status as a protected trait, not a requirement.
    eeo = "We hire without regard to race, religion, or US citizen or permanent resident status."
    assert extract_eligibility([("", eeo)]).sponsorship == Sponsorship.NOT_STATED
    # Citizens alone is still a citizenship requirement.
    assert extract_eligibility([("Requirements", "You must be a US citizen.")]).citizenship_required is True
