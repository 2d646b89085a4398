"""Benefits, team, duties, seniority, compensation terms and contact questions. Postings written here."""

from __future__ import annotations

from datetime import date

import pytest

from rolecall.answer.engine import Engine
from rolecall.answer.intent import parse
from rolecall.answer.model import Answer, Status
from rolecall.postings.model import Location, Pay, Posting, Section

TODAY = date(2025, 3, 1)


def _p(pid: str, title: str, company: str, *passages: str, heading: str = "", **kw: object) -> Posting:
    return Posting(
        id=pid,
        title=title,
        company=company,
        url=f"https://jobs.example.org/{pid}",
        sections=[Section(heading=heading, passages=list(passages))],
        **kw,  # type: ignore[arg-type]
    )


def board() -> list[Posting]:
    return [
        _p(
            "heron-be",
            "Backend Engineer",
            "Heron Freight",
            "Heron Freight routes trucks across the Midwest.",
            "We're looking for an early-career engineer who wants to learn quickly.",
            "You'll own the dispatch service and build the carrier integrations.",
            "You will join a team of 4 engineers and report to the CTO.",
            "Benefits: 20 days PTO, 10 paid holidays, medical, dental and vision insurance, 401(k) match.",
            "Salary: $110K - $130K",
            "Equity: 0.05% - 0.25%",
            "Send your resume to jobs@heron.example",
            pay=Pay(min=110000, max=130000, currency="USD", unit="YEAR", text="Salary: $110K - $130K"),
        ),
        _p(
            "quill-ae",
            "Senior Account Executive",
            "Quill Ledger",
            "Quill Ledger sells accounting software to clinics.",
            "Compensation: $180K OTE.",
            "60/40 base/commission, uncapped.",
            "Requirements: 5+ years closing mid-market deals.",
            pay=Pay(min=180000, currency="USD", unit="YEAR", text="Compensation: $180K OTE."),
        ),
        _p(
            "sable-ops",
            "Operations Analyst",
            "Sable Mills",
            "Sable Mills makes paper.",
            "Must be comfortable with spreadsheets.",
            locations=[Location(text="Chicago, IL", city="Chicago", region="Illinois", country="US")],
        ),
    ]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(board())


def ask(engine: Engine, q: str) -> Answer:
    return engine.ask(q, today=TODAY)


@pytest.mark.parametrize(
    ("question", "facet"),
    [
        ("how much PTO do they give?", "benefits"),
        ("what are the benefits", "benefits"),
        ("do they offer dental insurance", "benefits"),
        ("is there a 401k match", "benefits"),
        ("how big is the team", "team"),
        ("who would I report to", "team"),
        ("what would I work on day to day", "duties"),
        ("what does the job involve?", "duties"),
        ("what work would i be doing", "duties"),
        ("who is the hiring manager", "apply"),
        ("is there health insurance", "benefits"),
        ("what are the responsibilities", "duties"),
        ("ok for someone junior?", "seniority"),
        ("is it a senior role?", "seniority"),
        ("who do I send my resume to", "apply"),
        ("do i need us work auth", "work_auth"),
        ("what's the base/commission split", "pay"),
    ],
)
def test_new_facets_are_recognised(question: str, facet: str) -> None:
    assert facet in parse(question).facets


@pytest.mark.parametrize(
    ("question", "facet"),
    [
        ("how much does it pay", "benefits"),
        ("what do I need to know", "duties"),
        ("what do I need to do to apply", "duties"),
        ("what do they do for visas", "duties"),
        ("senior backend roles in Chicago", "seniority"),
        ("how many years of experience", "team"),
        ("do I need to report to the office daily", "team"),
        ("how many people applied", "team"),
        ("insurance claims analyst roles in ohio", "benefits"),
    ],
)
def test_new_facets_stay_out_of_other_questions(question: str, facet: str) -> None:
    assert facet not in parse(question).facets


def test_benefits_quote_the_benefits_line(engine: Engine) -> None:
    a = ask(engine, "heron freight backend - how much PTO?")
    assert a.status is Status.ANSWERED
    assert "20 days PTO" in a.text
    assert "Pay:" not in a.text  # "how much PTO" is not a pay question


def test_benefits_not_stated_when_silent(engine: Engine) -> None:
    a = ask(engine, "sable mills operations analyst: what are the benefits?")
    assert a.status is Status.NOT_STATED
    assert "does not list benefits" in a.text


def test_team_size_and_reporting_line(engine: Engine) -> None:
    a = ask(engine, "how big is the team for the heron freight backend engineer")
    assert a.status is Status.ANSWERED
    assert "team of 4 engineers" in a.text
    silent = ask(engine, "sable mills operations analyst - who would I report to?")
    assert silent.status is Status.NOT_STATED


def test_duties_quote_the_you_will_sentences(engine: Engine) -> None:
    a = ask(engine, "heron freight backend engineer - what would I work on?")
    assert a.status is Status.ANSWERED
    assert "dispatch service" in a.text
    silent = ask(engine, "sable mills operations analyst: what would I do day to day?")
    assert silent.status is Status.NOT_STATED


def test_seniority_quotes_the_level_sentence_or_title(engine: Engine) -> None:
    a = ask(engine, "heron freight backend - ok for someone junior?")
    assert a.status is Status.ANSWERED
    assert "early-career" in a.text
    title = ask(engine, "quill ledger account executive - is it a senior role?")
    assert title.status is Status.ANSWERED
    assert "Senior Account Executive" in title.text
    silent = ask(engine, "sable mills operations analyst - ok for someone junior?")
    assert silent.status is Status.NOT_STATED


def test_equity_question_gets_the_equity_line(engine: Engine) -> None:
    a = ask(engine, "heron freight backend equity %?")
    assert "0.05% - 0.25%" in a.text


def test_pay_quotes_the_line_after_the_figure(engine: Engine) -> None:
    a = ask(engine, "what does the quill ledger account executive pay?")
    assert "$180K OTE" in a.text
    assert "60/40 base/commission" in a.text
    split = ask(engine, "quill ledger AE base/commission split?")
    assert "60/40" in split.text


def test_pay_terms_never_invent_pay(engine: Engine) -> None:
    a = ask(engine, "sable mills operations analyst - what's the commission split?")
    assert a.status is Status.NOT_STATED


def test_send_resume_is_how_to_apply(engine: Engine) -> None:
    a = ask(engine, "heron freight backend: who do I send my resume to?")
    assert a.status is Status.ANSWERED
    assert "jobs@heron.example" in a.text


def _stack_and_roles() -> list[Posting]:
    return [
        _p(
            "wren-swe",
            "Software Engineer",
            "Wren Courts",
            "Wren Courts books tennis courts.",
            "Core Tech Stack",
            "Elixir",
            "Postgres",
            "AWS",
            "We ship every day.",
        ),
        _p(
            "ibis-multi",
            "Multiple Roles",
            "Ibis Works",
            "Ibis Works makes scheduling software for clinics.",
            "We're hiring across sales and engineering:",
            "Account Executives: at least three years of closing deals with clinics.",
            "Platform Engineers: strong Rust and Kubernetes experience required.",
            "Location: Remote",
        ),
    ]


@pytest.fixture(scope="module")
def engine2() -> Engine:
    return Engine(_stack_and_roles())


def test_a_stack_heading_with_one_word_bullets_is_the_stack(engine2: Engine) -> None:
    a = ask(engine2, "what database does wren courts use for the software engineer role")
    assert a.status is Status.ANSWERED
    assert "Postgres" in a.text
    assert "Core Tech Stack: Elixir, Postgres, AWS" in a.text


def test_a_multi_role_post_answers_with_the_role_named(engine2: Engine) -> None:
    ae = ask(engine2, "ibis works account executive - what are they looking for?")
    lines = [line for line in ae.text.splitlines() if line.startswith(">")]
    assert "three years of closing deals" in lines[0]
    assert "Location: Remote" not in ae.text  # a field's value is not a role's requirement
    pe = ask(engine2, "ibis works platform engineer - what are they looking for?")
    assert "Rust and Kubernetes" in next(line for line in pe.text.splitlines() if line.startswith(">"))


def test_a_workplace_question_is_not_answered_by_the_locations(engine: Engine) -> None:
    # Sable Mills lists Chicago but never says how the role is worked.
    a = ask(engine, "sable mills operations analyst - is it hybrid or fully in office?")
    assert a.status is Status.NOT_STATED
    assert "location" not in parse("is it hybrid or fully in office?").facets
    assert "location" in parse("which office is it in? hybrid?").facets
    where = ask(engine, "sable mills operations analyst - where is the office?")
    assert where.status is Status.ANSWERED
    assert "Chicago" in where.text


def test_at_all_is_neither_a_place_nor_a_company() -> None:
    postings = [
        *board(),
        _p(
            "pike-any",
            "Data Intern",
            "Pike Labs",
            "Interns work on forecasting.",
            locations=[Location(text="All")],
        ),
        _p(
            "moss-rem",
            "Support Engineer",
            "Moss Desk",
            "Fully remote within the US.",
            locations=[Location(text="Remote, US", remote=True)],
        ),
    ]
    engine = Engine(postings)
    # "All" as a posting's location line names no place.
    assert all(pl.label != "All" for pl in engine.gazetteer)
    a = engine.ask("any remote jobs at all?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert "moss-rem" in [p.id for p in a.postings]
    one = engine.ask("sable mills operations analyst - any remote option at all?", today=TODAY)
    assert "All is not among" not in one.text
    assert one.status is Status.NOT_STATED


def test_a_title_grade_or_intern_title_states_the_level() -> None:
    engine = Engine(
        [
            _p("yew-int", "Data Analyst Intern", "Yew Partners", "Interns join for twelve weeks."),
            _p("yew-an", "Data Analyst II", "Yew Partners", "Analysts build dashboards."),
        ]
    )
    intern = engine.ask("yew partners data analyst intern - is it senior?", today=TODAY)
    assert intern.status is Status.ANSWERED
    assert "Title: Data Analyst Intern." in intern.text
    grade = engine.ask("yew partners data analyst ii - what level is it?", today=TODAY)
    assert "Title: Data Analyst II." in grade.text


@pytest.mark.parametrize(
    ("question", "facet", "not_facet"),
    [
        ("how much travel is the heron backend engineer?", "travel", "pay"),
        ("how much does the heron backend engineer make an hour?", "pay", "travel"),
        ("how many people work at heron freight?", "team", "pay"),
    ],
)
def test_how_much_asks_the_pay_only_when_money_is_in_view(question: str, facet: str, not_facet: str) -> None:
    facets = parse(question).facets
    assert facet in facets and not_facet not in facets


def test_travel_is_quoted_or_not_stated() -> None:
    roaming = _p(
        "kite-fse", "Field Engineer", "Kite Power", "Up to 30% travel to customer sites in the Midwest."
    )
    team = _p("kite-sw", "Software Engineer", "Kite Power", "We are a team of ~40 across two offices.")
    e = Engine([roaming, team, *board()])
    a = e.ask("how much travel is the kite field engineer?", today=TODAY)
    assert a.status is Status.ANSWERED and "30%" in a.text
    silent = e.ask("how much travel is the heron backend engineer?", today=TODAY)
    assert silent.status is Status.NOT_STATED and "30%" not in silent.text
    size = e.ask("how big is the team for the kite software engineer?", today=TODAY)
    assert size.status is Status.ANSWERED and "~40" in size.text


def test_a_place_asked_about_a_role_remote_from_anywhere_is_covered_not_missing() -> None:
    anywhere = _p(
        "gull-sre", "Site Reliability Engineer", "Gull Labs", "We hire anywhere.",
        locations=[Location(text="REMOTE (Worldwide)", remote=True)],
        workplace="remote", remote_regions=["Worldwide"],
    )  # fmt: skip
    us_only = _p(
        "gull-pm", "Product Manager", "Gull Labs", "US only.",
        locations=[Location(text="Remote (US only)", remote=True)],
        workplace="remote", remote_regions=["US"],
    )  # fmt: skip
    e = Engine([anywhere, us_only])
    a = e.ask("can i do the gull labs sre job from europe?", today=TODAY)
    assert "remote from anywhere" in a.text and "not among" not in a.text
    b = e.ask("can i do the gull labs product manager job from europe?", today=TODAY)
    assert "remote from anywhere" not in b.text and "Europe is not among" in b.text


def test_a_quoted_lead_in_brings_its_items() -> None:
    lab = _p(
        "wren-re", "Security Researcher", "Wren Labs",
        "We secure embedded devices.",
        "Day-to-day tasks might include:",
        "Reverse engineering firmware pulled from routers",
        "Writing fuzzers for RTOS network stacks",
        "Requirements:",
        "3+ years of C",
    )  # fmt: skip
    a = Engine([lab, *board()]).ask("wren labs researcher - what would i do day to day?", today=TODAY)
    assert "Reverse engineering firmware" in a.text and "Writing fuzzers" in a.text
    assert "3+ years of C" not in a.text  # the items stop at the next lead-in


def test_whether_non_us_candidates_may_apply_is_quoted_or_not_stated() -> None:
    open_ = _p(
        "tern-de", "Data Engineer", "Tern Energy", "Non-US candidates welcome if you overlap 4h with PST."
    )
    quiet = _p("tern-pm", "Product Manager", "Tern Energy", "Ship the billing product.")
    e = Engine([open_, quiet])
    a = e.ask("tern energy data engineer - can non-US candidates apply?", today=TODAY)
    assert a.status is Status.ANSWERED and "Non-US candidates welcome" in a.text
    b = e.ask("tern energy product manager - can non-US candidates apply?", today=TODAY)
    assert b.status is Status.NOT_STATED
