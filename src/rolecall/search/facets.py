"""Structured filters as precomputed sets of posting ids, so a discovery question costs set intersections
instead of a regex pass over every posting.

Built once per posting list (``Facets(postings)``); ids are positions in that list, the same ids
``BM25Index`` uses, so a filter result goes straight into ``top_k(query, k, within=ids)``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from rolecall.postings.model import EmploymentType, Posting, Sponsorship, Workplace
from rolecall.search.places import STATES, Place, location_keys, places_in

_COUNTRIES = {"US": "united states", "USA": "united states"}


class Facets:
    """Posting ids by place, workplace, employment type, sponsorship and company."""

    def __init__(self, postings: Sequence[Posting]) -> None:
        self.n = len(postings)
        self.place: dict[str, set[int]] = defaultdict(set)
        self.workplace: dict[Workplace, set[int]] = defaultdict(set)
        self.employment: dict[EmploymentType, set[int]] = defaultdict(set)
        self.sponsorship: dict[Sponsorship, set[int]] = defaultdict(set)
        self.company: dict[str, set[int]] = defaultdict(set)
        self._closing: list[tuple[date, int]] = []
        self._inactive: set[int] = set()
        memo: dict[str, frozenset[str]] = {}  # boards repeat a handful of location strings
        for i, p in enumerate(postings):
            for key in self._place_keys(p, memo):
                self.place[key].add(i)
            self.workplace[p.workplace].add(i)
            for et in p.employment_type:
                self.employment[et].add(i)
            self.sponsorship[p.eligibility.sponsorship].add(i)
            self.company[p.company.casefold()].add(i)
            if not p.active:
                self._inactive.add(i)
            elif p.valid_through is not None:
                self._closing.append((p.valid_through, i))
        self._closing.sort()
        self._closing_dates = [d for d, _ in self._closing]

    @staticmethod
    def _place_keys(p: Posting, memo: dict[str, frozenset[str]]) -> set[str]:
        keys: set[str] = set()
        texts = [loc.text for loc in p.locations]
        for loc in p.locations:
            # Parsed fields count even when the text alone would not say ("HQ" with region "Arizona").
            region = STATES.get(loc.region or "", loc.region or "")
            texts.extend(t for t in (loc.city and region and f"{loc.city}, {region}", region) if t)
            if loc.country:
                keys.add(_COUNTRIES.get(loc.country.upper(), loc.country.casefold()))
        texts.extend(p.remote_regions)
        for text in texts:
            found = memo.get(text)
            if found is None:
                found = memo[text] = frozenset(location_keys(text))
            keys |= found
        return keys

    def in_place(self, place: Place | str) -> set[int]:
        """Postings located in ``place`` (a ``Place`` or any text naming one: "NY", "RTP", "Austin, TX")."""
        if isinstance(place, Place):
            return set(self.place.get(place.key, ()))
        out: set[int] = set()
        for found in places_in(place)[:1]:  # the most specific place the text names
            out |= self.place.get(found.key, set())
        return out

    def closed(self, today: date) -> set[int]:
        """Postings closed on ``today``: marked inactive, or past their ``valid_through`` date."""
        past = bisect_left(self._closing_dates, today)
        return self._inactive.union(i for _, i in self._closing[:past])

    def where(
        self,
        *,
        place: Place | str | None = None,
        workplace: Iterable[Workplace] | None = None,
        employment: Iterable[EmploymentType] | None = None,
        sponsorship: Iterable[Sponsorship] | None = None,
        company: str | None = None,
        open_on: date | None = None,
    ) -> set[int]:
        """Ids meeting every given filter (any of the values listed within one filter)."""
        result: set[int] | None = None

        def narrow(ids: set[int]) -> None:
            nonlocal result
            result = ids if result is None else result & ids

        if place is not None:
            narrow(self.in_place(place))
        if workplace is not None:
            narrow(set().union(*(self.workplace.get(w, set()) for w in workplace)))
        if employment is not None:
            narrow(set().union(*(self.employment.get(e, set()) for e in employment)))
        if sponsorship is not None:
            narrow(set().union(*(self.sponsorship.get(s, set()) for s in sponsorship)))
        if company is not None:
            narrow(set(self.company.get(company.casefold(), set())))
        if result is None:
            result = set(range(self.n))
        if open_on is not None:
            result = result - self.closed(open_on)
        return result
