"""Which posting a question is about.

Two signals, in order of trust: a company named in the question (its name as a phrase), then the words of
a posting's title and locations the question shares, weighted by how rare they are. The best candidate is
chosen only when it clearly beats the next *different* role; copies of one role (the same company and title
from two sources) count as one, and the copy with the most text stands for them. Close calls are
``ambiguous``; nothing that fits is ``no_match`` — never a random posting.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from rolecall.answer import vocab
from rolecall.answer.employers import company_forms
from rolecall.answer.model import Context
from rolecall.postings.model import Posting
from rolecall.search.analyze import tokenize
from rolecall.search.index import BM25Index

if TYPE_CHECKING:
    from rolecall.answer.question import Question

_WORD_RE = re.compile(r"[a-z0-9]+")
# Question words that name no posting: asking words and facet words must not pick a role by themselves.
_NOISE = frozenset(
    tokenize(
        """role job position posting opening opportunity team company where located location based remote
        hybrid onsite
        office sponsor visa pay salary comp require requirement need experience apply link id date
        start term type full time part contract citizenship clearance degree any about tell know want
        like also look looking work working"""
    )
)


_POOL = 64  # candidates given an exact score
_CHATTER = frozenset(t for w in vocab.words()["chatter"] for t in tokenize(w))
_TELL_APART_MAX = 8  # near-duplicates compared on the facts their texts state
_RARE_SHARE = 20  # an identifying word is in at most 1 in 20 postings
_HINT = 2.0  # head start for roles of an everyday-word company named in lower case
_PHRASE = 3.0  # head start for a role whose whole title the question spells out


class Outcome(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


# A distinctive title word needs less weight than a broad match: idf is small on a small board, and "the
# firmware role" is unmistakable when only one title says firmware.
_DISTINCT_MIN = 2.0


@dataclass
class Resolution:
    outcome: Outcome
    posting: Posting | None = None
    candidates: list[Posting] = field(default_factory=list)
    from_context: bool = False
    company_named: bool = False


def role_key(p: Posting) -> tuple[str, str]:
    """Company and title without years, numbers or punctuation: two sources' copies of one role match."""
    return _role_key(p.company, p.title)


@lru_cache(maxsize=65536)  # a board repeats its titles; a question compares up to 64 roles
def _role_key(company: str, title: str) -> tuple[str, str]:
    words = " ".join(w for w in tokenize(title) if not w.isdigit())
    return (" ".join(sorted(company_forms(company), key=len)[:1]), words)


def richness(p: Posting) -> int:
    return sum(len(s) for _, s in p.passages()) + 50 * len(p.locations)


class Resolver:
    def __init__(self, postings: list[Posting], *, text_index: BM25Index | None = None) -> None:
        self.postings = postings
        self.by_id = {p.id: p for p in postings}
        self._positions = {id(p): n for n, p in enumerate(postings)}
        # The board's full-text index: near-duplicate roles are told apart by a fact the question names.
        self._text = text_index
        self._fields: list[Counter[str]] = []
        self._titles: list[set[str]] = []
        self._title_seqs: list[list[str]] = []
        self._title_initials: dict[str, set[str]] = {}
        df: Counter[str] = Counter()
        for p in postings:
            toks = Counter(tokenize(" ".join([p.title, p.location_summary(), p.department or ""])))
            self._fields.append(toks)
            self._titles.append(set(tokenize(p.title)))
            main = re.sub(r"\([^)]*\)", " ", p.title)
            self._title_seqs.append(seq if len(seq := tokenize(main)) >= 2 else [])
            for initials, words in _initials(main):
                # Initials that spell a common word ("new", "the") would read every such word as a title.
                if tokenize(initials) and not set(tokenize(initials)) & _NOISE:
                    self._title_initials.setdefault(initials, set()).update(tokenize(words))
            df.update(toks.keys())
        n = max(len(postings), 1)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._identities: dict[int, tuple[tuple[str, str], frozenset[str]]] = {}
        # Candidates come from this index; only they get the exact (slower) title score.
        self._title_index = BM25Index(list(f.elements()) for f in self._fields)

    def stands_for(self, word: str) -> bool:
        """Whether ``word`` is the initials of some title's words ("tpm", "sre")."""
        return word in self._title_initials

    def title_tokens(self, idx: int) -> set[str]:
        return self._titles[idx]

    def title_df(self, token: str) -> int:
        """How many postings' titles and locations hold ``token``."""
        return self._title_index.df(token)

    def title_score(self, idx: int, qtokens: set[str]) -> float:
        """Weight of the question's words found in the title and locations, plus how much of the title
        the question covers (so "Back End Developer Intern" beats "Back-end/QA Developer Intern")."""
        fields = self._fields[idx]
        got = sum(self._idf.get(t, 0.0) for t in fields if t in qtokens)
        if not got:
            return 0.0
        return got + 4.0 * self._covered(idx, qtokens)

    def resolve(self, q: Question, context: Context | None = None) -> Resolution:
        if q.unknown_lead:
            # "goldman sachs new grad program?": a name no posting uses leads the question; the role words
            # after it would pick another employer's role.
            return Resolution(Outcome.NONE)
        ctx = self.by_id.get(context.posting_id) if context and context.posting_id else None
        if ctx is None:
            return self._resolve(q)
        # In a conversation, a question naming a role is about that role — or, when several fit and the
        # conversation's role is not among them, asks which; one naming none is about the conversation's.
        # What the question asks about ("does it need python?") names no role here.
        free = self._resolve(q, ignore=q.asked | q.wanted)
        if free.outcome is Outcome.NONE:
            return Resolution(Outcome.FOUND, ctx, from_context=True)
        fits = [free.posting] if free.posting is not None else free.candidates
        i = self._index_of(ctx)
        if any(p.id == ctx.id or self._copies(self._index_of(p), i) for p in fits):
            return Resolution(Outcome.FOUND, ctx, from_context=True, company_named=free.company_named)
        return free

    def _index_of(self, p: Posting) -> int:
        return self._positions[id(p)]

    def _resolve(self, q: Question, *, ignore: frozenset[str] = frozenset()) -> Resolution:
        named = set(q.companies)
        all_tokens = {t for t in q.tokens if t not in _NOISE and t not in ignore}
        qtokens = all_tokens
        if named:
            # The words that named the company say nothing about the role; the same word elsewhere
            # may ("the northwind robot test tech" at Northwind Robotics).
            qtokens = {t for t in tokenize(q.without(q.company_spans)) if t not in _NOISE and t not in ignore}
            if len(qtokens) == len(all_tokens):
                # No span found (a misspelt or aliased name): drop the company's words as before.
                qtokens -= {t for i in named for t in tokenize(self.postings[i].company)}
        # "the SRE role", "MTS": a word that is the initials of a title's words stands for them.
        for word in q.words:
            qtokens |= self._title_initials.get(word, set())
        pool = self._pool(named, qtokens)
        # An everyday-word company typed in lower case ("does slack sponsor the swe intern?") is only a
        # hint: its roles join the pool with a head start instead of being the only candidates.
        hinted = set(q.company_hint)
        pool = list(dict.fromkeys([*pool, *self._pool(hinted, qtokens)])) if hinted else pool
        if not pool:
            return Resolution(Outcome.NONE)
        bonus = {i: _HINT for i in hinted}
        # The whole title, word for word ("the robotics software engineers"), is the strongest sign.
        qseq = list(q.tokens)
        for i in pool:
            if _contains(qseq, self._title_seqs[i]):
                bonus[i] = bonus.get(i, 0.0) + _PHRASE
        scored = sorted(
            ((self.title_score(i, qtokens) + bonus.get(i, 0.0), i) for i in pool), key=lambda x: (-x[0], x[1])
        )
        if not named:
            # Without a company, a title match must carry real weight and either cover most of that title
            # (less for a lower-case company hint, evidence of its own) or be distinctive: in a one-employer
            # workspace nobody names the company ("the firmware role").
            scored = [
                (s, i)
                for s, i in scored
                if (s >= 4.0 and self._covered(i, qtokens) >= (0.4 if i in hinted else 0.6))
                or (s >= _DISTINCT_MIN and self._distinctive(i, qtokens))
            ]
            if not scored:
                return Resolution(Outcome.NONE)
        best_score, _best = scored[0]
        groups = self._group(scored, best_score, qtokens)
        if len(groups) == 1:
            chosen = max(groups[0], key=lambda i: (richness(self.postings[i]), -i))
            return Resolution(Outcome.FOUND, self.postings[chosen], company_named=bool(named))
        reps = [max(g, key=lambda i: (richness(self.postings[i]), -i)) for g in groups]
        told = self._told_apart(reps, qtokens - q.asked - q.wanted - _CHATTER)
        if told is not None:
            return Resolution(Outcome.FOUND, self.postings[told], company_named=bool(named))
        cands = [self.postings[i] for i in reps]
        return Resolution(Outcome.AMBIGUOUS, candidates=cands[:5], company_named=bool(named))

    def _told_apart(self, reps: list[int], words: set[str]) -> int | None:
        """Among near-duplicate roles (the same title at two agencies, at overlapping sites), the one whose
        posting states a fact the question names and the others do not ("the DCIPS one", "the one with
        the equity"): the question's own words beyond naming and asking, weighed by rarity. None when no
        word tells them apart, or when two roles hold it equally."""
        if self._text is None or len(reps) > _TELL_APART_MAX or not words:
            return None
        ids = np.array(sorted(reps), dtype=np.int64)
        weight = np.zeros(len(ids), dtype=np.float64)
        for w in words:
            held = self._text.scores_of([w], ids) > 0
            # A word every candidate holds (or none) tells nothing; a common word is no identifying fact.
            if 0 < held.sum() < len(ids) and self._text.df(w) <= max(2, len(self.postings) // _RARE_SHARE):
                weight += np.where(held, self._text.term_idf(w), 0.0)
        order = np.argsort(-weight)
        if weight[order[0]] <= 0 or (len(ids) > 1 and weight[order[1]] >= weight[order[0]]):
            return None
        return int(ids[order[0]])

    def _pool(self, named: set[int], qtokens: set[str]) -> list[int]:
        """The postings worth an exact score: a named company's (its best title matches when it has
        many), else the best title and location matches on the whole board."""
        if named and len(named) <= _POOL:
            return sorted(named)
        query = sorted(qtokens)
        hits = [i for i, _ in self._title_index.top_k(query, _POOL, within=named or None)] if query else []
        if named and not hits:
            hits = sorted(named)[:_POOL]
        return hits

    def _distinctive(self, idx: int, qtokens: set[str]) -> bool:
        """No other role's title holds all of the question's words found in this one ("firmware" where
        only one title says it); copies of the same role listed twice don't count as others."""
        matched = self._titles[idx] & qtokens
        if not matched:
            return False
        # Only titles holding the rarest matched word can hold them all; a word in more titles than a pool
        # of candidates is no distinctive mark (and scanning its titles would cost a large board dearly).
        rarest = min(matched, key=self._title_index.df)
        if self._title_index.df(rarest) > _POOL:
            return False
        holders = self._title_index.scores([rarest])
        rivals = [j for j in holders if j != idx and matched <= self._titles[j]]
        return all(self._copies(idx, j) for j in rivals)

    def _covered(self, idx: int, qtokens: set[str]) -> float:
        fields = self._titles[idx]
        if not fields:
            return 0.0
        total = sum(self._idf.get(t, 0.0) for t in fields) or 1.0
        return sum(self._idf.get(t, 0.0) for t in fields if t in qtokens) / total

    def _group(
        self, scored: list[tuple[float, int]], best_score: float, qtokens: set[str] | None = None
    ) -> list[list[int]]:
        """Roles scoring within reach of the best, copies of one role merged. A copy has the same
        company and title and shares a place (or one copy names none): the same intern role listed
        for Tucson and for Columbia is two roles, one listed by two sources is one."""
        margin = 1.0 if best_score > 0 else 0.0
        close = [i for s, i in scored if s >= best_score - margin]
        if qtokens is not None:
            # A role matching a strict subset of the best's words ("intern" but not "Tucson") is beaten.
            won = set(self._fields[scored[0][1]]) & qtokens
            close = [i for i in close if not (set(self._fields[i]) & qtokens) < won]
            close = close or [scored[0][1]]
        groups: list[list[int]] = []
        for i in close:
            self._join(groups, i)
        # Copies of the best role join it even when a year or suffix in one copy's title cost it points.
        best = scored[0][1]
        first = next(g for g in groups if best in g)
        for s, i in scored:
            if s > 0 and i not in first and self._copies(best, i):
                first.append(i)
        return groups

    def _join(self, groups: list[list[int]], i: int) -> None:
        for g in groups:
            if any(self._copies(j, i) for j in g):
                g.append(i)
                return
        groups.append([i])

    def same_role(self, a: int, b: int) -> bool:
        """Whether postings ``a`` and ``b`` are copies of one role (same employer and title, a place in
        common or none stated)."""
        return self._copies(a, b)

    def _copies(self, a: int, b: int) -> bool:
        ka, la = self._identity(a)
        kb, lb = self._identity(b)
        return ka == kb and (not la or not lb or bool(la & lb))

    def _identity(self, i: int) -> tuple[tuple[str, str], frozenset[str]]:
        """(role key, place words) for posting ``i``, worked out once."""
        got = self._identities.get(i)
        if got is None:
            p = self.postings[i]
            got = self._identities[i] = (role_key(p), _places_of(p))
        return got


_LOC_NOISE = frozenset(
    [
        "remote",
        "usa",
        "us",
        "u",
        "s",
        "united",
        "states",
        "america",
        "hybrid",
        "onsite",
        "in",
        "or",
        "and",
        "the",
    ]
)


def _places_of(p: Posting) -> frozenset[str]:
    """The words naming a posting's places, for telling one role's copies from its other sites."""
    return frozenset(w for w in _WORD_RE.findall(p.location_summary().casefold()) if w not in _LOC_NOISE)


_CONNECTORS = frozenset(["of", "and", "&", "for", "the"])


def _initials(title: str) -> list[tuple[str, str]]:
    """Runs of three or more capitalised words and their initials, connectors skipped:
    "Member of Technical Staff" -> ("mts", ...), "Site Reliability Engineer" -> ("sre", ...)."""
    out: list[tuple[str, str]] = []
    for run in re.split(r"[,(/|:;–—-]", title):
        words = [w for w in run.split() if w.casefold() not in _CONNECTORS]
        if len(words) >= 3 and all(w[:1].isupper() and w.isalpha() for w in words):
            out.append(("".join(w[0] for w in words).casefold(), " ".join(words)))
    return out


def _contains(seq: list[str], part: list[str]) -> bool:
    n = len(part)
    return n > 0 and any(seq[i : i + n] == part for i in range(len(seq) - n + 1))
