"""The facet vocabularies are data: every table loads, and a malformed one fails with its file and reason."""

from __future__ import annotations

import pytest

from rolecall.answer import vocab
from rolecall.answer.model import Intent


def test_every_facet_table_loads_in_rank_order() -> None:
    facets = vocab.facets()
    assert {"pay", "sponsorship", "location", "requirements"} <= set(facets)
    ranks = [f.rank for f in facets.values()]
    assert ranks == sorted(ranks)
    assert facets["pay"].intent is Intent.DETAILS
    assert facets["pay"].asks is not None and facets["pay"].asks.search("what does it PAY?")
    assert facets["pay"].cues is not None and facets["pay"].cues.search("Salary: $90,000 - $110,000")


def test_a_facet_can_share_another_facets_cues() -> None:
    facets = vocab.facets()
    assert facets["location"].cues is facets["remote"].cues


def test_shared_phrases_load() -> None:
    assert vocab.phrases()["negation"].search("we are unable to sponsor")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"intent": "details", "rank": 1, "asks": ["(unclosed"]}, "bad pattern"),
        ({"intent": "nonsense", "rank": 1}, "'intent' must be one of"),
        ({"intent": "details"}, "'rank' must be a whole number"),
        ({"intent": "details", "rank": 1, "asks": "pay"}, "must be a list"),
        (["not", "a", "mapping"], "expected a mapping"),
    ],
)
def test_a_malformed_table_names_its_file_and_why(data: object, reason: str) -> None:
    with pytest.raises(vocab.VocabularyError) as e:
        vocab.parse_facet("pay", "rolecall/data/facets/pay.yaml", data)
    assert "rolecall/data/facets/pay.yaml" in str(e.value) and reason in str(e.value)
