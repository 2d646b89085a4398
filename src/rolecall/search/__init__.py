"""search: the job-text analyzer and BM25 over inverted lists (see docs/search.md)."""

from rolecall.search.analyze import STOPWORDS, SYNONYMS, fold_phrases, tokenize
from rolecall.search.facets import Facets
from rolecall.search.index import BM25Index, IndexFormatError
from rolecall.search.places import Place, expand_places, location_keys, places_in

__all__ = [
    "STOPWORDS",
    "SYNONYMS",
    "BM25Index",
    "Facets",
    "IndexFormatError",
    "Place",
    "expand_places",
    "fold_phrases",
    "location_keys",
    "places_in",
    "tokenize",
]
