from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from rolecall.search.index import BM25Index, IndexFormatError


class LuceneIdfOkapi(BM25Okapi):
    """rank-bm25's scoring with Lucene's idf: the reference our index must reproduce."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(1.0 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


def _random_corpus(rng: random.Random, n_docs: int, vocab: int) -> list[list[str]]:
    words = [f"w{i}" for i in range(vocab)]
    # Zipf-ish weights, so some words sit in most documents (where rank-bm25's idf floor would bite).
    weights = [1.0 / (i + 1) for i in range(vocab)]
    return [rng.choices(words, weights, k=rng.randint(1, 60)) for _ in range(n_docs)]


def _ranking(scores: dict[int, float] | np.ndarray, k: int) -> list[int]:
    items = scores.items() if isinstance(scores, dict) else enumerate(scores)
    return [
        d
        for d, s in sorted(((d, round(float(s), 4)) for d, s in items if s > 0), key=lambda x: (-x[1], x[0]))
    ][:k]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rankings_equal_rank_bm25_with_the_same_idf(seed: int) -> None:
    rng = random.Random(seed)
    corpus = _random_corpus(rng, 300, 400)
    ref = LuceneIdfOkapi(corpus, k1=1.5, b=0.75)
    ours = BM25Index(corpus, k1=1.5, b=0.75)
    for _ in range(40):
        query = rng.sample([f"w{i}" for i in range(400)], rng.randint(1, 5))
        expected = ref.get_scores(query)
        got = ours.scores(query)
        dense = np.zeros(len(corpus))
        for d, s in got.items():
            dense[d] = s
        np.testing.assert_allclose(dense, expected, rtol=1e-5, atol=1e-6)
        assert _ranking(got, 10) == _ranking(expected, 10)
        assert [d for d, _ in ours.top_k(query, 10)] == _ranking(got, 10)


def test_two_document_corpus_scores_nonzero() -> None:
    docs = [["python", "backend"], ["java", "backend"]]
    assert not any(BM25Okapi(docs).get_scores(["python"]))  # the distortion we avoid
    ours = BM25Index(docs)
    top = ours.top_k(["python"], 2)
    assert [d for d, _ in top] == [0]
    assert top[0][1] > 0
    # A word in every document still counts a little instead of zero or negative.
    assert all(s > 0 for s in ours.scores(["backend"]).values())


def test_common_term_is_not_floored_above_rare_ones() -> None:
    docs = [["common"] * 3 + ["x"] for _ in range(9)] + [["rare", "common"]]
    ours = BM25Index(docs)
    assert ours.term_idf("rare") > ours.term_idf("common") > 0
    assert ours.top_k(["rare", "common"], 1)[0][0] == 9


def test_top_k_ties_break_by_doc_id_and_k_limits() -> None:
    ours = BM25Index([["a"], ["a"], ["a"], ["b"]])
    assert ours.top_k(["a"], 2) == ours.top_k(["a"], 3)[:2]
    assert [d for d, _ in ours.top_k(["a"], 3)] == [0, 1, 2]
    assert ours.top_k(["a"], 0) == []
    assert ours.top_k(["zzz"], 5) == []


@pytest.mark.parametrize("size", [3, 200])
def test_within_filters_candidates_on_both_paths(size: int) -> None:
    rng = random.Random(7)
    corpus = _random_corpus(rng, 400, 50)
    ours = BM25Index(corpus)
    query = ["w1", "w5", "w20"]
    within = set(rng.sample(range(400), size)) | {10_000, -1}  # out-of-range ids are ignored
    full = ours.scores(query)
    filtered = ours.scores(query, within=within)
    assert set(filtered) == {d for d in full if d in within}
    for d, s in filtered.items():
        assert s == pytest.approx(full[d], rel=1e-6)
    top = ours.top_k(query, 5, within=within)
    assert [d for d, _ in top] == _ranking(filtered, 5)
    assert ours.top_k(query, 5, within=set()) == []


def test_field_weights_act_like_repetition() -> None:
    fielded = BM25Index.from_fields(
        [
            {"title": ["backend", "engin"], "body": ["python", "api"]},
            {"title": ["data"], "body": ["backend"]},
        ],
        {"title": 3.0, "body": 1.0},
    )
    repeated = BM25Index([["backend", "engin"] * 3 + ["python", "api"], ["data"] * 3 + ["backend"]])
    for q in (["backend"], ["python", "data"], ["engin", "api"]):
        assert fielded.scores(q) == pytest.approx(repeated.scores(q))
    assert fielded.top_k(["backend"], 1)[0][0] == 0


def test_field_weight_zero_drops_the_field_and_negative_is_refused() -> None:
    idx = BM25Index.from_fields([{"title": ["a"], "body": ["b"]}], {"body": 0})
    assert idx.scores(["b"]) == {}
    with pytest.raises(ValueError, match="title"):
        BM25Index.from_fields([], {"title": -1})


def test_persistence_round_trip(tmp_path: Path) -> None:
    rng = random.Random(3)
    corpus = _random_corpus(rng, 500, 300)
    ours = BM25Index(corpus, k1=1.4, b=0.6)
    ours.save(tmp_path / "idx")
    back = BM25Index.load(tmp_path / "idx")
    assert (back.n_docs, back.k1, back.b, back.n_terms, len(back)) == (500, 1.4, 0.6, ours.n_terms, 500)
    for _ in range(20):
        q = rng.sample([f"w{i}" for i in range(300)], 3)
        assert back.top_k(q, 10) == ours.top_k(q, 10)
        assert back.scores(q, within={1, 2, 3}) == ours.scores(q, within={1, 2, 3})
    assert back.idf["w0"] == ours.idf["w0"]


def test_load_reports_missing_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(IndexFormatError, match=r"missing file meta\.json"):
        BM25Index.load(tmp_path / "nowhere")
    BM25Index([["a", "b"], ["c"]]).save(tmp_path / "idx")
    (tmp_path / "idx" / "vocab.json").write_text('["a"]', encoding="utf-8")
    with pytest.raises(IndexFormatError, match="disagree"):
        BM25Index.load(tmp_path / "idx")
    (tmp_path / "idx" / "meta.json").write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(IndexFormatError, match="format 99"):
        BM25Index.load(tmp_path / "idx")
    (tmp_path / "idx" / "meta.json").write_text("[]", encoding="utf-8")
    with pytest.raises(IndexFormatError, match="format None"):
        BM25Index.load(tmp_path / "idx")
    (tmp_path / "idx" / "index.npz").write_bytes(b"not a zip")
    with pytest.raises(IndexFormatError, match="unreadable"):
        BM25Index.load(tmp_path / "idx")


def test_terms_with_odd_characters_survive_persistence(tmp_path: Path) -> None:
    idx = BM25Index([["line\nbreak", "tab\tterm", "ünï"], ["plain"]])
    back = BM25Index.load(idx.save(tmp_path / "idx"))
    assert back.top_k(["line\nbreak"], 1) == idx.top_k(["line\nbreak"], 1) != []
    assert back.df("ünï") == 1


def test_empty_index() -> None:
    assert len(BM25Index([])) == 0
    assert BM25Index([]).top_k(["a"]) == []
    assert BM25Index([[], []]).scores(["a"]) == {}


def test_dense_rows_score_like_lists() -> None:
    rng = random.Random(11)
    corpus = _random_corpus(rng, 300, 200)
    mixed = BM25Index(corpus)  # common words become dense rows
    lists = BM25Index(corpus, dense_df=1.1)  # nothing is dense
    assert mixed.dense.shape[0] > 0 and lists.dense.shape[0] == 0
    assert mixed.n_postings == lists.n_postings
    for _ in range(30):
        q = rng.sample([f"w{i}" for i in range(200)], rng.randint(1, 4))
        assert mixed.scores(q) == pytest.approx(lists.scores(q))
        assert [d for d, _ in mixed.top_k(q, 10)] == [d for d, _ in lists.top_k(q, 10)]
        within = set(rng.sample(range(300), 5))
        assert mixed.scores(q, within=within) == pytest.approx(lists.scores(q, within=within))


def test_sampled_floor_keeps_the_exact_top_k() -> None:
    rng = random.Random(5)
    corpus = _random_corpus(rng, 2000, 300)
    idx = BM25Index(corpus)
    idx.sample_size = 32  # small enough that a 2,000-document corpus takes the sampled path
    for _ in range(40):
        q = rng.sample([f"w{i}" for i in range(300)], rng.randint(1, 5))
        k = rng.choice([1, 5, 10, 50])
        assert [d for d, _ in idx.top_k(q, k)] == _ranking(idx.scores(q), k)


@pytest.mark.parametrize("size", [5, 400])
def test_scores_of_is_the_array_form_of_scores_within(size: int) -> None:
    rng = random.Random(size)
    idx = BM25Index(_random_corpus(rng, 500, 40))
    ids = np.array(sorted(rng.sample(range(500), size)), dtype=np.int64)
    query = ["w1", "w2", "w7", "nope"]
    sparse = idx.scores(query, within=set(ids.tolist()))
    got = idx.scores_of(query, ids)
    assert got.shape == ids.shape
    assert {i: s for i, s in zip(ids.tolist(), got.tolist(), strict=True) if s > 0} == sparse
    assert not idx.scores_of(["nope"], ids).any()
