"""BM25 over inverted postings lists, held as numpy arrays.

rank-bm25's ``get_scores`` walks every document for every query; here only the documents that contain a
query term are touched. The layout is CSR: for term ``t`` its documents are ``doc_ids[offsets[t]:
offsets[t+1]]`` (ascending) and ``impacts`` holds, for each of those, the BM25 term-frequency part
``tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))`` computed once at build time. A query is then a
handful of vectorised ``acc[ids] += idf * impacts`` over the query terms' lists, and a partial sort.

idf is Lucene's ``log(1 + (N - df + 0.5) / (df + 0.5))``: never negative or zero, so terms in more than
half the documents still count a little and a 2-document corpus scores, unlike rank-bm25's floored Okapi
idf (which clamps such terms to ``epsilon * mean idf`` and scores a 2-document corpus all zero).

Terms in at least a quarter of the documents ("engineer", "experience" in a job board) are held as dense
rows of a matrix instead: a row costs 4 bytes per document, at most twice the 8 bytes per posting their
list would (less from half the documents up), and adding a contiguous row is several times faster than
scattering into random positions — at 100k postings this took p99 retrieval from ~5 ms to under 1 ms.
Top-k never sorts every match: a strided sample of the scores gives a lower bound on the k-th best
score, and only documents at or above it are partitioned.

Field boosts (BM25F-lite): ``BM25Index.from_fields`` weighs each field's term frequencies and lengths
before the saturation, which is what repeating a title three times would do, without the repetition.
"""

from __future__ import annotations

import json
import math
import os
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from rolecall.errors import RolecallError

FORMAT_VERSION = 2
DENSE_DF = 0.25  # share of documents from which a term's scores are kept as a dense row
_ARRAYS = "index.npz"
_VOCAB = "vocab.json"
_META = "meta.json"
_ARRAY_NAMES = ("offsets", "doc_ids", "impacts", "doc_len", "df", "dense_row", "dense")


class IndexFormatError(RolecallError):
    """A persisted index is missing, from another version, or inconsistent; names the path and why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"search index at {path}: {reason}")


class _IdfView(Mapping[str, float]):
    def __init__(self, index: BM25Index) -> None:
        self._index = index

    def __getitem__(self, term: str) -> float:
        t = self._index._vocab[term]
        return float(self._index.idf_array[t])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index.terms)

    def __len__(self) -> int:
        return len(self._index.terms)


def _write_replace(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def lucene_idf(n_docs: int, df: np.ndarray | int) -> np.ndarray:
    return np.log1p((n_docs - np.asarray(df, dtype=np.float64) + 0.5) / (np.asarray(df) + 0.5))


class BM25Index:
    """BM25 with Lucene idf over inverted lists. Documents are token sequences; ids are their positions."""

    sample_size = 4096  # scores sampled to bound the k-th best from below (see ``_candidates``)

    def __init__(
        self, docs: Iterable[Sequence[str]], *, k1: float = 1.2, b: float = 0.75, dense_df: float = DENSE_DF
    ) -> None:
        self._build(((Counter(tokens), len(tokens)) for tokens in docs), k1=k1, b=b, dense_df=dense_df)

    @classmethod
    def from_fields(
        cls,
        docs: Iterable[Mapping[str, Sequence[str]]],
        weights: Mapping[str, float],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        dense_df: float = DENSE_DF,
    ) -> BM25Index:
        """Index documents made of named token fields, each field's tf and length scaled by its weight.

        A field missing from ``weights`` counts with weight 1; a weight of 0 leaves the field out.
        """
        for name, w in weights.items():
            if w < 0 or not math.isfinite(w):
                raise ValueError(f"field weight for {name!r} must be a finite number >= 0, got {w!r}")

        def weighted(doc: Mapping[str, Sequence[str]]) -> tuple[Mapping[str, float], float]:
            counts: dict[str, float] = {}
            length = 0.0
            for field, tokens in doc.items():
                w = weights.get(field, 1.0)
                if not w or not tokens:
                    continue
                length += w * len(tokens)
                for term, tf in Counter(tokens).items():
                    counts[term] = counts.get(term, 0.0) + w * tf
            return counts, length

        self = cls.__new__(cls)
        self._build((weighted(d) for d in docs), k1=k1, b=b, dense_df=dense_df)
        return self

    def _build(
        self, docs: Iterable[tuple[Mapping[str, float], float]], *, k1: float, b: float, dense_df: float
    ) -> None:
        self.k1 = float(k1)
        self.b = float(b)
        vocab: dict[str, int] = {}
        # Flat growable C arrays: per-(doc, term) Python tuples would cost ~100 bytes each at 10M+ postings.
        term_ids = array("i")
        tfs = array("f")
        per_doc = array("i")
        lengths = array("d")
        for counts, length in docs:
            lengths.append(length)
            per_doc.append(len(counts))
            setdefault = vocab.setdefault
            term_ids.extend([setdefault(t, len(vocab)) for t in counts])
            tfs.extend(counts.values())
        n_docs = len(lengths)
        self._vocab = vocab
        self.terms: list[str] = list(vocab)
        tid = np.frombuffer(term_ids, dtype=np.int32) if term_ids else np.zeros(0, np.int32)
        counts_per_doc = np.frombuffer(per_doc, dtype=np.int32) if n_docs else np.zeros(0, np.int32)
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int32), counts_per_doc)
        # A stable sort by term keeps each term's documents in ascending id order (the within-filter's
        # binary search relies on it).
        order = np.argsort(tid, kind="stable")
        doc_ids = doc_of[order]
        tf = (np.frombuffer(tfs, dtype=np.float32) if tfs else np.zeros(0, np.float32))[order]
        del order, doc_of
        df = np.bincount(tid, minlength=len(vocab)).astype(np.int64)
        self.doc_len = np.frombuffer(lengths, dtype=np.float64).copy() if n_docs else np.zeros(0)
        self.n_docs = n_docs
        self.avgdl = float(self.doc_len.mean()) if n_docs else 0.0
        norm = (self.k1 * (1.0 - self.b + self.b * self.doc_len / (self.avgdl or 1.0))).astype(np.float32)
        impacts = (tf * np.float32(self.k1 + 1.0) / (tf + norm[doc_ids])).astype(np.float32)
        del tf
        self.df_array = df
        self.idf_array = lucene_idf(n_docs, df)
        self._split_dense(df, doc_ids, impacts, dense_df)

    def _split_dense(self, df: np.ndarray, doc_ids: np.ndarray, impacts: np.ndarray, dense_df: float) -> None:
        """Move the terms in at least ``dense_df`` of the documents from the lists to dense rows."""
        is_dense = (df >= max(1.0, dense_df * self.n_docs)) if self.n_docs else np.zeros(len(df), bool)
        dense_terms = np.flatnonzero(is_dense)
        self.dense_row = np.full(len(df), -1, dtype=np.int32)
        self.dense_row[dense_terms] = np.arange(dense_terms.shape[0], dtype=np.int32)
        self.dense = np.zeros((dense_terms.shape[0], self.n_docs), dtype=np.float32)
        starts = np.zeros(len(df) + 1, dtype=np.int64)
        np.cumsum(df, out=starts[1:])
        for row, t in enumerate(dense_terms):
            s, e = starts[t], starts[t + 1]
            self.dense[row, doc_ids[s:e]] = impacts[s:e]
        sparse_df = np.where(is_dense, 0, df)
        keep = np.repeat(~is_dense, df)
        self.doc_ids = doc_ids[keep]
        self.impacts = impacts[keep]
        self.offsets = np.zeros(len(df) + 1, dtype=np.int64)
        np.cumsum(sparse_df, out=self.offsets[1:])

    # -- the read side -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.n_docs

    @property
    def n_terms(self) -> int:
        return len(self.terms)

    @property
    def n_postings(self) -> int:
        """(document, term) pairs indexed, whether held in lists or dense rows."""
        return int(self.df_array.sum())

    def df(self, term: str) -> int:
        """How many documents contain ``term`` (0 when unknown)."""
        t = self._vocab.get(term)
        return 0 if t is None else int(self.df_array[t])

    def term_idf(self, term: str) -> float:
        """Lucene idf of ``term``; an unknown term gets the idf it would have at df 0."""
        return float(lucene_idf(self.n_docs, self.df(term)))

    @property
    def idf(self) -> Mapping[str, float]:
        """Read-only ``term -> idf`` view over the known terms."""
        return _IdfView(self)

    def _query_terms(self, query: Sequence[str]) -> list[tuple[int, float]]:
        out = []
        for term, qtf in Counter(query).items():
            t = self._vocab.get(term)
            if t is not None:
                out.append((t, float(self.idf_array[t]) * qtf))
        return out

    def _dense(self, terms: list[tuple[int, float]]) -> np.ndarray:
        acc = np.zeros(self.n_docs, dtype=np.float32)
        offsets, doc_ids, impacts, rows = self.offsets, self.doc_ids, self.impacts, self.dense_row
        for t, weight in terms:
            row = rows[t]
            if row >= 0:
                acc += np.float32(weight) * self.dense[row]
                continue
            s, e = offsets[t], offsets[t + 1]
            # Ids within one term's list are unique, so plain fancy-index += is exact (no np.add.at needed).
            acc[doc_ids[s:e]] += np.float32(weight) * impacts[s:e]
        return acc

    def _within_ids(self, within: Iterable[int]) -> np.ndarray:
        ids = np.fromiter(within, dtype=np.int64)
        ids = np.unique(ids)
        return ids[(ids >= 0) & (ids < self.n_docs)]

    def _sparse_within(self, terms: list[tuple[int, float]], ids: np.ndarray) -> np.ndarray:
        """Scores of the candidate ``ids`` only: a binary search per term instead of a full pass."""
        acc = np.zeros(ids.shape[0], dtype=np.float32)
        offsets, doc_ids, impacts, rows = self.offsets, self.doc_ids, self.impacts, self.dense_row
        for t, weight in terms:
            row = rows[t]
            if row >= 0:
                acc += np.float32(weight) * self.dense[row, ids]
                continue
            s, e = int(offsets[t]), int(offsets[t + 1])
            plist = doc_ids[s:e]
            pos = np.minimum(np.searchsorted(plist, ids), e - s - 1)
            hit = plist[pos] == ids
            acc[hit] += np.float32(weight) * impacts[s + pos[hit]]
        return acc

    def _scores_within(self, terms: list[tuple[int, float]], cand: np.ndarray, touched: int) -> np.ndarray:
        # Binary search costs ~log(df) per candidate and term; the dense pass costs the lists' length.
        return self._sparse_within(terms, cand) if cand.shape[0] * 8 < touched else self._dense(terms)[cand]

    def scores_of(self, query: Sequence[str], ids: np.ndarray) -> np.ndarray:
        """Scores of the documents ``ids`` (ascending, unique, in range), aligned with them: 0 for those
        sharing no term with the query. The array form of ``scores(within=...)`` for callers that keep
        their candidates as id arrays, so no set or dict is built per call."""
        terms = self._query_terms(query)
        if not terms or not ids.shape[0]:
            return np.zeros(ids.shape[0], dtype=np.float32)
        return self._scores_within(terms, ids, sum(self._list_len(t) for t, _ in terms))

    def _list_len(self, t: int) -> int:
        return self.n_docs if self.dense_row[t] >= 0 else int(self.offsets[t + 1] - self.offsets[t])

    def _candidates(
        self, query: Sequence[str], within: Iterable[int] | None, k: int | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, scores) of the documents scoring above zero, in id order — or, given ``k``, a subset
        that surely holds the best ``k`` (and everything tied with the k-th)."""
        terms = self._query_terms(query)
        if not terms or not self.n_docs:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        touched = sum(self._list_len(t) for t, _ in terms)
        if within is not None:
            cand = self._within_ids(within)
            acc_w = self._scores_within(terms, cand, touched)
            keep = acc_w > 0
            return cand[keep], acc_w[keep]
        acc = self._dense(terms)
        floor = np.float32(0.0)
        n_sample = self.sample_size
        if k is not None and self.n_docs > 4 * n_sample and touched > 4 * n_sample:
            # Any k scores bound the k-th best from below; a strided sample's best k are a cheap, usually
            # tight bound, so only a few hundred documents reach the partition below.
            sample = acc[:: self.n_docs // n_sample]
            if sample.shape[0] > k:
                floor = np.partition(sample, sample.shape[0] - k)[sample.shape[0] - k]
        ids = np.flatnonzero(acc >= floor) if floor > 0 else np.flatnonzero(acc)
        return ids, acc[ids]

    def scores(self, query: Sequence[str], *, within: Iterable[int] | None = None) -> dict[int, float]:
        """Sparse scores: only documents sharing a term with the query (and in ``within``) appear."""
        ids, vals = self._candidates(query, within, None)
        return dict(zip(ids.tolist(), vals.tolist(), strict=True))

    def top_k(
        self, query: Sequence[str], k: int = 10, *, within: Iterable[int] | None = None
    ) -> list[tuple[int, float]]:
        """Best ``k`` (doc id, score) pairs, highest first; ties broken by lower doc id for stable output."""
        if k <= 0:
            return []
        ids, vals = self._candidates(query, within, k)
        if ids.shape[0] > k:
            # Keep everything tied with the k-th best so the tie-break by id is exact, then sort the few.
            kth = np.partition(vals, ids.shape[0] - k)[ids.shape[0] - k]
            keep = vals >= kth
            ids, vals = ids[keep], vals[keep]
        order = np.lexsort((ids, -vals))[:k]
        return list(zip(ids[order].tolist(), vals[order].astype(float).tolist(), strict=True))

    # -- persistence ---------------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the index to directory ``path`` (created): arrays in .npz, terms one per line, meta JSON."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        # Each file is written beside its final name and renamed over it, so a reader never sees half a
        # file and a process still using the old index keeps its (unlinked) copy.
        tmp = path / f"{_ARRAYS}.tmp.npz"
        np.savez(
            tmp,
            offsets=self.offsets,
            doc_ids=self.doc_ids,
            impacts=self.impacts,
            doc_len=self.doc_len,
            df=self.df_array,
            dense_row=self.dense_row,
            dense=self.dense,
        )
        meta = {
            "format": FORMAT_VERSION,
            "k1": self.k1,
            "b": self.b,
            "n_docs": self.n_docs,
            "avgdl": self.avgdl,
        }
        # JSON rather than one term per line: callers may index tokens of their own, newlines included.
        _write_replace(path / _VOCAB, json.dumps(self.terms, ensure_ascii=False))
        _write_replace(path / _META, json.dumps(meta))
        os.replace(tmp, path / _ARRAYS)
        return path

    @classmethod
    def load(cls, path: str | Path) -> BM25Index:
        """Read an index written by ``save``; raises ``IndexFormatError`` naming the path and the reason."""
        path = Path(path)
        try:
            meta = json.loads((path / _META).read_text(encoding="utf-8"))
            terms = json.loads((path / _VOCAB).read_text(encoding="utf-8"))
            with np.load(path / _ARRAYS, allow_pickle=False) as z:
                arrays = {name: z[name] for name in _ARRAY_NAMES}
        except FileNotFoundError as exc:
            raise IndexFormatError(path, f"missing file {Path(exc.filename).name}") from exc
        except (OSError, ValueError, KeyError) as exc:
            raise IndexFormatError(path, f"unreadable ({exc})") from exc
        version = meta.get("format") if isinstance(meta, dict) else None
        if version != FORMAT_VERSION:
            raise IndexFormatError(path, f"format {version!r}, expected {FORMAT_VERSION}")
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise IndexFormatError(path, f"{_VOCAB} is not a list of terms")
        try:
            k1, b, n_docs, avgdl = (
                float(meta["k1"]),
                float(meta["b"]),
                int(meta["n_docs"]),
                float(meta["avgdl"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexFormatError(path, f"{_META} lacks a valid {exc}") from exc
        n_terms, nnz = len(terms), arrays["doc_ids"].shape[0]
        n_dense = int((arrays["dense_row"] >= 0).sum()) if arrays["dense_row"].shape == (n_terms,) else -1
        if (
            arrays["offsets"].shape != (n_terms + 1,)
            or arrays["df"].shape != (n_terms,)
            or arrays["impacts"].shape != (nnz,)
            or arrays["doc_len"].shape != (n_docs,)
            or arrays["dense"].shape != (n_dense, n_docs)
            or int(arrays["offsets"][-1]) != nnz
        ):
            raise IndexFormatError(path, "arrays and vocabulary disagree in size")
        self = cls.__new__(cls)
        self.k1, self.b, self.n_docs, self.avgdl = k1, b, n_docs, avgdl
        self.terms = terms
        self._vocab = {t: i for i, t in enumerate(terms)}
        if len(self._vocab) != n_terms:
            raise IndexFormatError(path, "vocabulary has duplicate terms")
        self.offsets, self.doc_ids, self.impacts = arrays["offsets"], arrays["doc_ids"], arrays["impacts"]
        self.doc_len, self.df_array = arrays["doc_len"], arrays["df"]
        self.dense_row, self.dense = arrays["dense_row"], arrays["dense"]
        self.idf_array = lucene_idf(self.n_docs, self.df_array)
        return self
