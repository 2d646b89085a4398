"""Behaviour added while tuning: each is a general rule, tested on postings written here."""

from __future__ import annotations

from datetime import date

from rolecall.answer.engine import Engine
from rolecall.answer.model import Context, Status
from rolecall.postings.model import Location, Pay, Posting, Section

from .conftest import TODAY


def test_open_status_from_the_source_flag_and_closing_date(engine: Engine) -> None:
    old = engine.ask("is the quill partners data analyst intern still open?", today=TODAY)
    assert old.status is Status.ANSWERED and "closed" in old.text
    live = engine.ask("is the quill partners quant research intern still open?", today=TODAY)
    assert live.status is Status.ANSWERED and "open" in live.text


def test_a_term_the_posting_never_mentions_is_not_stated(engine: Engine) -> None:
    a = engine.ask("does the lumenworks backend engineer need kotlin?", today=TODAY)
    assert a.status is Status.NOT_STATED
    assert "does not mention kotlin" in a.text


def test_a_term_the_posting_mentions_is_quoted(engine: Engine) -> None:
    a = engine.ask("does the lumenworks backend engineer need postgresql?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert any("PostgreSQL" in c.quote for c in a.citations)


def test_a_place_alone_asks_about_location(engine: Engine) -> None:
    a = engine.ask("is the orbitas labs intern in seattle?", today=TODAY)
    assert a.status is Status.ANSWERED and "Seattle area is among its locations" in a.text


def test_where_do_i_apply_is_about_applying(engine: Engine) -> None:
    a = engine.ask("where do I apply?", context=Context(posting_id="lumen-be"), today=TODAY)
    assert "Apply at: https://jobs.example.org/lumen-be" in a.text
    assert "Locations:" not in a.text


def test_pay_floor_filter_compares_yearly_pay() -> None:
    postings = [
        Posting(
            id="hi", title="Staff Engineer", company="Acme", pay=Pay(min=200000, max=240000, unit="YEAR")
        ),
        Posting(id="lo", title="Junior Engineer", company="Bolt", pay=Pay(min=40, max=45, unit="HOUR")),
        Posting(id="none", title="Engineer", company="Cask"),
    ]
    e = Engine(postings)
    assert [p.id for p in e.find("roles paying over 150k", today=TODAY)] == ["hi"]
    assert {p.id for p in e.find("jobs that pay more than $30 an hour", today=TODAY)} == {"hi", "lo"}


def test_shortened_and_dotted_company_names() -> None:
    postings = [
        Posting(
            id="lm",
            title="Systems Engineer",
            company="Lockwright Martell",
            sections=[Section(passages=["x"])],
        ),
        Posting(id="io", title="Data Engineer", company="Parsely.io"),
        Posting(id="ch", title="Trader", company="Chicago Trading Company"),
        Posting(
            id="z", title="Analyst", company="Zed", locations=[Location(text="Chicago, IL", city="Chicago")]
        ),
    ]
    e = Engine(postings)
    assert e.ask("does lockwright's systems engineer sponsor?", today=TODAY).postings[0].id == "lm"
    assert e.ask("what does parsely pay?", today=TODAY).postings[0].id == "io"
    # A company's first word that is a place never stands for the company.
    assert "ch" not in {p.id for p in e.find("jobs in chicago", today=TODAY)}


def test_company_name_is_not_read_as_a_question() -> None:
    postings = [
        Posting(
            id="t",
            title="Researcher",
            company="Northwind Technologies",
            sections=[Section(passages=["An active TS/SCI clearance is required."])],
        )
    ]
    a = Engine(postings).ask("what clearance does northwind technologies want?", today=date(2025, 1, 1))
    assert a.status is Status.ANSWERED
    assert "tech stack" not in a.text


def test_title_initials_are_not_something_asked_for() -> None:
    p = Posting(
        id="sre",
        title="Site Reliability Engineer",
        company="Nimbus",
        sections=[Section(heading="What you'll need", passages=["4+ years running Linux in production."])],
    )
    e = Engine([p])
    general = e.ask("what does nimbus want for the SRE?", today=TODAY)
    assert general.status is Status.ANSWERED and "4+ years" in general.text
    focused = e.ask("does the nimbus SRE need kubernetes?", today=TODAY)
    assert focused.status is Status.NOT_STATED and "does not mention kubernetes" in focused.text


def test_experience_with_a_named_skill_asks_about_the_skill(engine: Engine) -> None:
    a = engine.ask("does the lumenworks backend engineer need rust experience?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert any("Rust" in c.quote for c in a.citations)
