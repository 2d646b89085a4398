"""BM25 over inverted postings lists.

rank-bm25's ``get_scores`` walks every document for every query; here only the documents that contain a
query term are touched. The term statistics are BM25's (k1, b, length normalisation); idf is Lucene's
``log(1 + (N - df + 0.5) / (df + 0.5))``, which never goes negative or to zero on small corpora, unlike
rank-bm25's floored Okapi idf (a 2-document corpus scores all zero there).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence


class BM25Index:
    def __init__(self, docs: Iterable[Sequence[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        lengths: list[int] = []
        for doc_id, tokens in enumerate(docs):
            lengths.append(len(tokens))
            for term, tf in Counter(tokens).items():
                postings[term].append((doc_id, tf))
        self.n_docs = len(lengths)
        self.doc_len = lengths
        self.avgdl = (sum(lengths) / self.n_docs) if self.n_docs else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = dict(postings)
        self.idf: dict[str, float] = {
            t: math.log(1.0 + (self.n_docs - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }

    def __len__(self) -> int:
        return self.n_docs

    def scores(self, query: Sequence[str], *, within: set[int] | None = None) -> dict[int, float]:
        """Sparse scores: only documents sharing a term with the query appear."""
        acc: dict[int, float] = defaultdict(float)
        k1, b, avgdl = self.k1, self.b, self.avgdl or 1.0
        for term, qtf in Counter(query).items():
            plist = self.postings.get(term)
            if not plist:
                continue
            idf = self.idf[term] * qtf
            for doc_id, tf in plist:
                if within is not None and doc_id not in within:
                    continue
                norm = k1 * (1.0 - b + b * self.doc_len[doc_id] / avgdl)
                acc[doc_id] += idf * tf * (k1 + 1.0) / (tf + norm)
        return acc

    def top_k(
        self, query: Sequence[str], k: int = 10, *, within: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """Best ``k`` (doc id, score) pairs, highest first; ties broken by doc id for stable output."""
        acc = self.scores(query, within=within)
        return heapq.nsmallest(k, ((d, s) for d, s in acc.items() if s > 0), key=lambda x: (-x[1], x[0]))
