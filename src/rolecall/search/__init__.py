"""search: the job-text analyzer and BM25 over inverted lists (see docs/search.md).

Names are resolved lazily so ``from rolecall.search.index import BM25Index`` (a service starting from a
persisted index) does not pay for pydantic and the posting model through ``facets``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "STOPWORDS": "analyze",
    "SYNONYMS": "analyze",
    "fold_phrases": "analyze",
    "tokenize": "analyze",
    "BM25Index": "index",
    "IndexFormatError": "index",
    "Facets": "facets",
    "Place": "places",
    "expand_places": "places",
    "location_keys": "places",
    "places_in": "places",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rolecall.search' has no attribute {name!r}")
    return getattr(import_module(f"rolecall.search.{module}"), name)
