from __future__ import annotations

import pytest

from rolecall.answer.intent import parse
from rolecall.answer.model import Intent


@pytest.mark.parametrize(
    ("question", "intent", "facet"),
    [
        ("where is the acme backend role based?", Intent.LOCATION, "location"),
        ("is the acme role remote?", Intent.LOCATION, "remote"),
        ("what languages does acme want?", Intent.REQUIREMENTS, "languages"),
        ("what stack does the acme engineer need?", Intent.REQUIREMENTS, "stack"),
        ("does acme sponsor an H1B?", Intent.ELIGIBILITY, "sponsorship"),
        ("do i need to be a US citizen for acme?", Intent.ELIGIBILITY, "citizenship"),
        ("what clearance does acme need?", Intent.ELIGIBILITY, "clearance"),
        ("do I need a bachelors for acme?", Intent.ELIGIBILITY, "degree"),
        ("what's the comp for acme?", Intent.DETAILS, "pay"),
        ("job id for the acme posting?", Intent.DETAILS, "job_id"),
        ("is acme full-time or contract?", Intent.DETAILS, "employment_type"),
        ("how do I apply to acme?", Intent.DETAILS, "apply"),
        ("when was the acme job posted?", Intent.DETAILS, "date_posted"),
    ],
)
def test_facets_and_intent(question: str, intent: Intent, facet: str) -> None:
    parsed = parse(question)
    assert facet in parsed.facets
    assert parsed.intent is intent


def test_a_word_describing_the_role_is_not_a_question_about_its_type() -> None:
    assert "employment_type" not in parse("what languages does acme want for their senior contract?").facets


def test_listing_questions_are_recognised() -> None:
    assert parse("which internships are in seattle?").listing
    assert parse("jobs in berlin?").listing
    assert not parse("does acme sponsor visas?").listing
