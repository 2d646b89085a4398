"""What discovery filters on, answered from sets rather than by scanning every posting per question.

Each filter ("intern", "remote", "sponsorship", a place...) is a set of posting ids. Structured facts
(employment type, sponsorship, terms) are gathered in one pass at start; facts read from the text are
found lazily, the first time a filter is used: the BM25 index's postings lists give the few postings
containing the filter's words, and only those are checked with the filter's pattern. Places work the
same way over an inverted index of the words in each posting's locations. Results are cached, so a
board of 100k postings answers "remote internships in NYC?" with a few set intersections.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import date

import numpy as np

from rolecall.answer import filters as flt
from rolecall.answer import vocab
from rolecall.answer.places import METROS, STATES, Place, member_re
from rolecall.postings.locations import country_name, text_countries
from rolecall.postings.model import EmploymentType, Posting, Sponsorship, Workplace
from rolecall.search.analyze import tokenize
from rolecall.search.index import BM25Index

_WORD = re.compile(r"[a-z0-9]+")


def _verify_header(pattern: re.Pattern[str]) -> Callable[[Posting], bool]:
    return lambda p: any(pattern.search(t) for t in flt.header(p))


# filter -> (words whose postings lists give the candidates, check on a candidate). The kinds of role
# (intern, new grad, contract...) come from rolecall/data/kinds.yaml, checked on a posting's header.
_TEXT_FEATURES: dict[str, tuple[str, Callable[[Posting], bool]]] = {
    **{
        name: (k.words, _verify_header(k.cues))
        for name, k in flt.KINDS.items()
        if name != "federal" and not k.excludes
    },
    "federal": (flt.KINDS["federal"].words, flt.is_federal),
    "remote": ("remote remotely wfh distributed", flt.is_remote),
    "hybrid": ("hybrid", _verify_header(re.compile(r"\bhybrid\b", re.I))),
    "onsite": (
        "onsite on-site site office person",
        _verify_header(re.compile(r"\bon-?site\b|\bin[- ]office\b|\bin[- ]person\b", re.I)),
    ),
    "worldwide": ("anywhere worldwide world global globally", flt.is_worldwide),
    "sponsorship": ("visa visas sponsor sponsorship sponsors h1b", flt.offers_sponsorship),
    "relocation": ("relocation relocate relocating", flt.mentions_relocation),
    "citizenship": ("citizen citizens citizenship itar persons", flt.requires_citizenship),
    "clearance": ("clearance clearances ts/sci secret polygraph", flt.mentions_clearance),
}


class Corpus:
    def __init__(self, postings: list[Posting], index: BM25Index) -> None:
        self.postings = postings
        self.index = index
        self._lock = threading.Lock()
        self._cache: dict[str, frozenset[int]] = {}
        self._places: dict[tuple[str, ...], tuple[frozenset[int], frozenset[int]]] = {}
        self._exact: dict[tuple[str, ...], frozenset[int]] = {}
        structured: dict[str, set[int]] = defaultdict(set)
        self.terms: dict[str, set[int]] = defaultdict(set)
        self.pay: list[tuple[int, float]] = []
        self._pay_units: dict[str, set[int]] = defaultdict(set)
        self._loc_words: dict[str, set[int]] = defaultdict(set)
        self._loc_text: list[str] = []  # each posting's location lines, joined: one pattern search each
        self._head_text: list[str] = []
        self._head_words: dict[str, set[int]] = defaultdict(set)
        # Postings by the countries their locations lie in, for places that are countries or areas.
        self._in_country: dict[str, set[int]] = defaultdict(set)
        types = {EmploymentType(k.type): name for name, k in flt.KINDS.items() if k.type}
        for i, p in enumerate(postings):
            for t in p.employment_type:
                if t in types:
                    structured[types[t]].add(i)
            if p.workplace is Workplace.REMOTE or any(loc.remote for loc in p.locations) or p.remote_regions:
                structured["remote"].add(i)
            if p.workplace is Workplace.HYBRID:
                structured["hybrid"].add(i)
            if p.workplace is Workplace.ONSITE:
                structured["onsite"].add(i)
            if p.eligibility.sponsorship is Sponsorship.OFFERED:
                structured["sponsorship"].add(i)
            if p.eligibility.citizenship_required:
                structured["citizenship"].add(i)
            if p.eligibility.clearance:
                structured["clearance"].add(i)
            for term in p.terms:
                self.terms[term.casefold()].add(i)
            top = flt.yearly_top(p)
            if top is not None:
                self.pay.append((i, top))
            if p.pay is not None and (p.pay.min is not None or p.pay.max is not None or p.pay.text):
                self._pay_units["STATED"].add(i)
                if p.pay.unit:
                    self._pay_units[p.pay.unit.upper()].add(i)
            for c in set().union(*(text_countries(t) for t in self.location_texts(p))):
                self._in_country[c].add(i)
            loc_text = "\n".join(self.location_texts(p))
            head_text = "\n".join([*flt.header_line(p), *flt.based_in(p)])
            self._loc_text.append(loc_text)
            self._head_text.append(head_text)
            for w in set(_WORD.findall(loc_text.casefold())):
                self._loc_words[w].add(i)
            for w in set(_WORD.findall(head_text.casefold())):
                self._head_words[w].add(i)
        self._structured = {k: frozenset(v) for k, v in structured.items()}
        # Every text filter is worked out now, so no question pays for being the first to ask it.
        for name in _TEXT_FEATURES:
            self.feature(name)
        for name in vocab.families():
            self.family(name)
        # Per-posting ranking keys as arrays (see ``rank``).
        never = date.max.toordinal()
        self._active = np.array([p.active for p in postings], dtype=bool)
        self._valid = np.array(
            [p.valid_through.toordinal() if p.valid_through else never for p in postings], dtype=np.int64
        )
        self._posted = np.array(
            [p.date_posted.toordinal() if p.date_posted else 0 for p in postings], dtype=np.int64
        )
        # The fixed places (states, metros, regions) likewise; cities named in questions are cached on use.
        for place in (*METROS, *STATES):
            self.place(place)
        self._arrays: dict[int, np.ndarray] = {}
        self._masks: dict[int, tuple[frozenset[int], np.ndarray]] = {}

    @staticmethod
    def location_texts(p: Posting) -> list[str]:
        texts = [loc.text for loc in p.locations]
        # What the loader read, whole: "San Mateo, California, United States" (the city alone would be
        # read again out of context: "San Mateo" alone is the larger one in the Philippines).
        texts += [
            ", ".join(x for x in (loc.city, loc.region, country_name(loc.country)) if x)
            for loc in p.locations
            if loc.city or loc.region
        ]
        # Where remote applicants may live ("US", "EU", "Canada"): a remote role is open from there.
        texts += [f"Remote ({r})" for r in p.remote_regions]
        return texts or [p.title]

    def with_words(self, words: str) -> set[int]:
        """Postings whose text holds any of these words (through the index's postings lists)."""
        out: set[int] = set()
        for tok in set(tokenize(words)):
            out.update(self.index.scores([tok]).keys())
        return out

    def feature(self, name: str) -> frozenset[int]:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        words, check = _TEXT_FEATURES[name]
        found = set(self._structured.get(name, ()))
        kind = flt.KINDS.get(name)
        if kind is not None and kind.titles:
            # Cues no index word leads to ("Software Engineer I"): every title is read once, at start.
            found.update(i for i, p in enumerate(self.postings) if kind.cues.search(p.title))
        for i in self.with_words(words) - found:
            if check(self.postings[i]):
                found.add(i)
        result = frozenset(found)
        with self._lock:
            self._cache[name] = result
        return result

    def family(self, name: str) -> frozenset[int]:
        """Postings of a role family ("swe", "data science"): one of its phrases in the title or in a
        "Company | Role | Place" header line."""
        key = f"family:{name}"
        cached = self._cache.get(key)
        if cached is None:
            family = vocab.families()[name]
            phrase = re.compile(
                r"\b(?:"
                + "|".join(r"[\s-]+".join(map(re.escape, a.split())) for a in family.any_of)
                + r")s?\b",
                re.IGNORECASE,
            )
            cands = self.with_words(" ".join(family.any_of))
            # The title says what the role is; a "Company | Role | Place" header line too. The first
            # sentences may only mention engineers in passing ("you'll work with our engineers").
            cached = frozenset(
                i
                for i in cands
                if any(phrase.search(t) for t in (self.postings[i].title, *flt.header_line(self.postings[i])))
            )
            with self._lock:
                self._cache[key] = cached
        return cached

    def in_titles(self, kind: str) -> frozenset[int]:
        """Postings whose own title is of this kind ("Software Engineer Intern", "Engineer I")."""
        key = f"title:{kind}"
        cached = self._cache.get(key)
        if cached is None:
            cues = flt.KINDS[kind].cues
            cached = frozenset(i for i in self.feature(kind) if cues.search(self.postings[i].title))
            with self._lock:
                self._cache[key] = cached
        return cached

    def place(self, place: Place) -> tuple[frozenset[int], frozenset[int]]:
        """(postings whose listed locations lie in ``place``, those whose header line or a statement of
        where the role is based names it). A place takes in every known place it contains — a state its
        members name ("United States" holds "California", so "San Francisco, CA" too) — and the other
        places that go by one of its names ("DC" the metro area and the District)."""
        key = (place.label, *place.all_members(), *sorted(place.countries))
        cached = self._places.get(key)
        if cached is not None:
            return cached
        strong: set[int] = set()
        weak: set[int] = set()
        for part in self._parts(place):
            s, w = self._one_place(part)
            strong |= s
            weak |= w
        result = (frozenset(strong), frozenset(weak - strong))
        with self._lock:
            self._places[key] = result
        return result

    @staticmethod
    def _parts(place: Place) -> list[Place]:
        members = {m.casefold() for m in place.all_members()}
        names = {n.casefold() for n in place.names}
        out = [place]
        for other in (*METROS, *STATES):
            if other is place or other.label == place.label:
                continue
            if other.label.casefold() in members or names & {n.casefold() for n in other.names}:
                out.append(other)
        return out

    def _one_place(self, place: Place) -> tuple[frozenset[int], frozenset[int]]:
        key = ("one", place.label, *place.all_members(), *sorted(place.countries))
        cached = self._places.get(key)
        if cached is not None:
            return cached
        strong: set[int] = set()
        weak: set[int] = set()
        for term in place.all_members():
            words = _WORD.findall(term.casefold())
            regex = member_re(term)
            if not words or regex is None:
                continue
            for source, out, texts in (
                (self._loc_words, strong, self._loc_text),
                (self._head_words, weak, self._head_text),
            ):
                cands = set.intersection(*(source.get(w, set()) for w in words))
                # Only this spelling can have put a candidate here, so only its pattern is checked.
                out.update(i for i in cands - out if regex.search(texts[i]))
        self._exact[key] = frozenset(strong)
        for country in place.countries:
            strong |= self._in_country.get(country, set())
        result = (frozenset(strong), frozenset(weak - strong))
        with self._lock:
            self._places[key] = result
        return result

    def place_named(self, place: Place) -> frozenset[int]:
        """Postings whose location lines name ``place`` (or a place inside it) in so many words: ranked
        before those only in a wider area that holds it ("Remote (Europe)" for Luxembourg)."""
        out: set[int] = set()
        for part in self._parts(place):
            self._one_place(part)
            out |= self._exact.get(
                ("one", part.label, *part.all_members(), *sorted(part.countries)), frozenset()
            )
        return frozenset(out)

    def with_term(self, term: str) -> set[int]:
        found = set(self.terms.get(term.casefold(), ()))
        for i in self.with_words(term):
            if term.casefold() in self.postings[i].title.casefold():
                found.add(i)
        return found

    def paid_by(self, basis: str) -> set[int]:
        """Postings stating pay on this basis (a Pay.unit: HOUR, DAY, YEAR...), or any pay for STATED."""
        return self._pay_units.get(basis, set())

    def paying_at_least(self, floor: float) -> set[int]:
        return {i for i, top in self.pay if top >= floor}

    def _array(self, s: frozenset[int] | set[int]) -> np.ndarray:
        """``s`` as an id array; the corpus's own (cached, frozen) sets are converted once."""
        if isinstance(s, frozenset):
            got = self._arrays.get(id(s))
            if got is None:
                got = self._arrays[id(s)] = np.fromiter(s, dtype=np.int64, count=len(s))
            return got
        return np.fromiter(s, dtype=np.int64, count=len(s))

    def _mask(self, s: frozenset[int] | set[int]) -> np.ndarray:
        """``s`` as a boolean row over every posting; the corpus's own (cached, frozen) sets once."""
        if isinstance(s, frozenset):
            got = self._masks.get(id(s))
            if got is not None and got[0] is s:
                return got[1]
        mask = np.zeros(len(self.postings), dtype=bool)
        if s:
            mask[np.fromiter(s, dtype=np.int64, count=len(s))] = True
        if isinstance(s, frozenset):
            self._masks[id(s)] = (s, mask)
        return mask

    def count_open(self, pool: set[int], today: date) -> int:
        if not pool:
            return 0
        return self.count_open_ids(np.fromiter(pool, dtype=np.int64, count=len(pool)), today)

    def count_open_ids(self, ids: np.ndarray, today: date) -> int:
        return int((self._active[ids] & (self._valid[ids] >= today.toordinal())).sum())

    def structured(self, name: str) -> frozenset[int]:
        return self._structured.get(name, frozenset())

    def rank(
        self,
        pool: set[int],
        strong: list[frozenset[int] | set[int]],
        scores: dict[int, float],
        today: date,
        k: int,
    ) -> list[int]:
        """The best ``k`` of ``pool``: open before closed, then more filters met through structured
        fields, then keyword score, then newest; vectorised so a pool of 50k costs a few milliseconds."""
        if not pool:
            return []
        ids = np.fromiter(pool, dtype=np.int64, count=len(pool))
        score = np.fromiter((scores.get(i, 0.0) for i in ids.tolist()), dtype=np.float64, count=len(ids))
        return self.rank_ids(ids, strong, score, today, k)

    def rank_ids(
        self,
        ids: np.ndarray,
        strong: list[frozenset[int] | set[int]],
        score: np.ndarray,
        today: date,
        k: int,
    ) -> list[int]:
        """``rank`` over an id array with its keyword scores aligned (0 where none): no per-id Python."""
        if not ids.shape[0]:
            return []
        closed = ~self._active[ids] | (self._valid[ids] < today.toordinal())
        strength = np.zeros(len(ids), dtype=np.int32)
        for s in strong:
            if s:
                strength += self._mask(s)[ids]
        score = score.astype(np.float64, copy=False)
        if k < ids.shape[0]:
            # Only the head is shown: the k best by the leading keys, plus everything tied with the k-th,
            # go through the full sort (which is what orders them, ties by id included).
            key = np.where(closed, 0, 1 << 20) + strength.astype(np.int64)
            kth = np.partition(key, ids.shape[0] - k)[ids.shape[0] - k]
            keep = key >= kth
            ids, closed, strength, score = ids[keep], closed[keep], strength[keep], score[keep]
        order = np.lexsort((ids, -self._posted[ids], -score, -strength, closed))
        return ids[order[:k]].tolist()
