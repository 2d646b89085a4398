from __future__ import annotations

import pytest

from rolecall.answer.engine import Engine
from rolecall.answer.model import Status

from .conftest import TODAY


def ids(engine: Engine, q: str) -> list[str]:
    a = engine.ask(q, today=TODAY)
    assert a.status is Status.ANSWERED, a.text
    return [p.id for p in a.postings]


def test_place_by_state_abbreviation_and_name(engine: Engine) -> None:
    assert ids(engine, "internships in WA?") == ["orbit-intern"]
    assert ids(engine, "any jobs in north carolina?") == ["lumen-be"]


def test_metro_synonyms(engine: Engine) -> None:
    assert set(ids(engine, "internships in NYC?")) == {"quill-new", "quill-old"}
    assert ids(engine, "any roles around RTP / raleigh-durham?") == ["lumen-be"]
    assert ids(engine, "roles in Europe?") == ["berg-ml"]


def test_open_roles_first_and_closed_marked(engine: Engine) -> None:
    a = engine.ask("internships in new york?", today=TODAY)
    assert [p.id for p in a.postings] == ["quill-new", "quill-old"]
    assert a.postings[1].closed and "[closed]" in a.text


def test_remote_type_and_term_filters(engine: Engine) -> None:
    assert ids(engine, "any remote jobs?") == ["lumen-fe"]
    assert set(ids(engine, "any internships for Fall 2025?")) == {"quill-new", "quill-old"}


def test_sponsorship_citizenship_and_relocation(engine: Engine) -> None:
    assert ids(engine, "which jobs sponsor visas?") == ["lumen-be"]
    assert ids(engine, "internships that require US citizenship?") == ["orbit-intern"]
    assert ids(engine, "roles in Europe with relocation help?") == ["berg-ml"]


def test_keywords_rank_and_must_be_found(engine: Engine) -> None:
    assert ids(engine, "any rust jobs?") == ["lumen-be"]


@pytest.mark.parametrize(
    "question",
    ["any internships in honolulu?", "haskell jobs?", "is Stripe hiring?", "any registered nurse openings?"],
)
def test_nothing_fits_is_no_match(engine: Engine, question: str) -> None:
    a = engine.ask(question, today=TODAY)
    assert a.status is Status.NO_MATCH
    assert not a.postings


def test_regions_and_negated_sponsorship(engine: Engine) -> None:
    assert ids(engine, "jobs in the pacific northwest?") == ["orbit-intern"]
    # Not needing sponsorship filters nothing out.
    assert len(ids(engine, "jobs that don't need sponsorship?")) == 6


def test_workplace_filters(engine: Engine) -> None:
    assert ids(engine, "any hybrid roles?") == ["lumen-be"]


def test_no_match_says_what_was_searched(engine: Engine) -> None:
    a = engine.ask("any internships in honolulu?", today=TODAY)
    assert a.status is Status.NO_MATCH and "honolulu" in a.text.casefold()


def test_citizenship_or_clearance_is_either(engine: Engine) -> None:
    # Only the Orbitas intern states either; "or" must not narrow to roles stating both.
    assert ids(engine, "jobs that require U.S. citizenship or a clearance?") == ["orbit-intern"]
    assert ids(engine, "jobs requiring a clearance?") == ["orbit-intern"]
