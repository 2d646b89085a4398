"""The corpus's filter sets agree with checking every posting directly (they are only faster)."""

from __future__ import annotations

import pytest

from rolecall.answer import filters as flt
from rolecall.answer.engine import Engine
from rolecall.answer.places import METROS, STATES, place_in_text

from .conftest import TODAY, board


@pytest.fixture(scope="module")
def eng() -> Engine:
    return Engine(board())


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("remote", flt.is_remote),
        ("sponsorship", flt.offers_sponsorship),
        ("citizenship", flt.requires_citizenship),
        ("clearance", flt.mentions_clearance),
        ("relocation", flt.mentions_relocation),
    ],
)
def test_feature_sets_match_a_direct_check(eng: Engine, name: str, check: object) -> None:
    direct = {i for i, p in enumerate(eng.postings) if check(p)}  # type: ignore[operator]
    assert set(eng.corpus.feature(name)) == direct
    assert direct  # the board exercises every filter


def test_place_sets_match_a_direct_check(eng: Engine) -> None:
    for place in (*METROS, *STATES):
        strong, _ = eng.corpus.place(place)
        direct = {
            i
            for i, p in enumerate(eng.postings)
            if any(place_in_text(place, t) for t in eng.corpus.location_texts(p))
        }
        assert set(strong) == direct, place.label


def test_ranking_puts_open_roles_first(eng: Engine) -> None:
    ids = {i for i, p in enumerate(eng.postings) if p.company == "Quill Partners"}
    ranked = eng.corpus.rank(ids, [], {}, TODAY, 10)
    assert [eng.postings[i].id for i in ranked] == ["quill-new", "quill-old"]


def test_ranking_the_head_only_keeps_the_full_sorts_order(eng: Engine) -> None:
    import numpy as np

    ids = np.arange(len(eng.postings), dtype=np.int64)
    score = np.array([float(i % 3) for i in range(len(ids))])
    strong = [eng.corpus.feature("remote"), eng.corpus.structured("sponsorship")]
    full = eng.corpus.rank_ids(ids, strong, score, TODAY, len(ids))
    for k in (1, 3, len(ids) // 2):
        assert eng.corpus.rank_ids(ids, strong, score, TODAY, k) == full[:k]
    # the same order as ``rank`` over a set and a score dict
    as_dict = {i: float(s) for i, s in enumerate(score) if s}
    assert eng.corpus.rank(set(ids.tolist()), strong, as_dict, TODAY, 5) == full[:5]
