"""Reading alert requests: the DM lead-ins and endings come off, the rest is read by the digests' parser."""

from __future__ import annotations

import pytest

from rolecall.alerts.parse import alert_words, parse_alert
from rolecall.digest.filters import Filters, matches, parse_filters
from rolecall.postings.locations import parse_location
from rolecall.postings.model import Posting


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("tell me when a remote data internship opens", "a remote data internship"),
        ("Alert me about new grad roles in NYC!", "new grad roles in NYC"),
        ("let me know when new intern roles in AZ are posted", "new intern roles in AZ"),
        ("notify me", ""),
        ("can you let me know when a Globex internship shows up?", "a Globex internship"),
        ("ping me about remote roles weekly fri", "remote roles weekly fri"),
    ],
)
def test_alert_requests_are_recognised(message: str, words: str) -> None:
    assert alert_words(message) == words


@pytest.mark.parametrize(
    "message",
    [
        "tell me when the data engineer role closes",  # a question about a date, not "when it opens"
        "tell me about the data engineer job",
        "is the platform intern remote?",
        "what is the alert policy for on-call?",
        "let me know if visas are sponsored for the data role",
    ],
)
def test_questions_are_not_alert_requests(message: str) -> None:
    assert alert_words(message) is None


def test_the_schedule_defaults_to_daily_and_can_be_named() -> None:
    daily = parse_alert("remote intern", default_tz="America/Phoenix")
    assert (daily.cadence.text, daily.cadence.tz) == ("daily 09:00", "America/Phoenix")
    weekly = parse_alert("remote intern weekly fri at 07:30 UTC", default_tz="America/Phoenix")
    assert (weekly.cadence.text, weekly.cadence.tz) == ("weekly fri 07:30", "UTC")
    assert weekly.filters == Filters(remote=True, types=("intern",))


def test_words_naming_roles_in_general_are_not_keywords() -> None:
    assert parse_filters("new grad roles") == Filters(types=("new_grad",))
    assert parse_filters("data jobs at Acme", companies=["Acme"]) == Filters(
        companies=("Acme",), keywords=("data",)
    )
    assert parse_filters("New Mexico openings") == Filters(states=("NM",))  # "new" is still part of a name


def test_a_metro_nickname_matches_its_cities_not_its_state() -> None:
    f = parse_filters("NYC")
    assert f.places == ("new york city",)

    def at(where: str) -> bool:
        return matches(
            f, Posting(id="x", title="Engineer", company="Acme", locations=[parse_location(where)])
        )

    # The metro, as the gazetteer's metro table defines it (geo/data/metros.yaml): its boroughs and the
    # cities across the river that list it, but not the rest of New York State.
    assert at("New York, NY") and at("Brooklyn, NY") and at("NYC (Hybrid)") and at("Jersey City, NJ")
    assert not at("Albany, NY") and not at("Buffalo, NY") and not at("Newark, DE")
    assert parse_filters("bay area").places == ("san francisco bay area",)
