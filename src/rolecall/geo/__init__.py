"""Places: one gazetteer for the loaders, the answers and discovery.

``gazetteer()`` returns the shared tables (cities, countries, divisions, areas, metros; see
``gazetteer.py`` for the datasets). ``rolecall.postings.locations`` reads location strings with it,
``rolecall.search.places`` and ``rolecall.answer.places`` read the places a question names.
"""

from __future__ import annotations

from rolecall.geo.gazetteer import (
    ALTERNATE_NAMES_MIN_POPULATION,
    DATASET_MIN_POPULATION,
    Area,
    City,
    Division,
    Gazetteer,
    Metro,
    fold,
    gazetteer,
)

__all__ = [
    "ALTERNATE_NAMES_MIN_POPULATION",
    "DATASET_MIN_POPULATION",
    "Area",
    "City",
    "Division",
    "Gazetteer",
    "Metro",
    "fold",
    "gazetteer",
]
