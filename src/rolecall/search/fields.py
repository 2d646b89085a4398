"""A posting as weighted search fields, and the field-boosted index over a list of postings.

Titles, companies and places are short and decisive ("the Stripe backend role in NYC"), so they weigh
more than a word in the body; the weights act like repeating the field (see ``BM25Index.from_fields``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rolecall.postings.model import Posting
from rolecall.search.analyze import tokenize
from rolecall.search.index import BM25Index

DEFAULT_WEIGHTS: Mapping[str, float] = {"title": 3.0, "company": 2.0, "location": 2.0, "body": 1.0}


def posting_fields(p: Posting) -> dict[str, str]:
    """The text of each search field of a posting."""
    place_bits = [loc.text for loc in p.locations]
    if p.workplace.value != "unknown":
        place_bits.append(p.workplace.value)
    place_bits.extend(p.remote_regions)
    body = [p.department or ""]
    for section in p.sections:
        body.append(section.heading)
        body.extend(section.passages)
    return {
        "title": p.title,
        "company": p.company,
        "location": "; ".join(place_bits),
        "body": "\n".join(b for b in body if b),
    }


def posting_text(p: Posting) -> str:
    """All of a posting's searchable text as one string (the unweighted, whole-posting view)."""
    return "\n".join(posting_fields(p).values())


def index_postings(
    postings: Iterable[Posting],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    k1: float = 1.2,
    b: float = 0.75,
) -> BM25Index:
    """Field-boosted BM25 over postings; document ids are positions in ``postings``."""
    docs = ({name: tokenize(text) for name, text in posting_fields(p).items()} for p in postings)
    return BM25Index.from_fields(docs, weights, k1=k1, b=b)
