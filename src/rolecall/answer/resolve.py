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
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from rolecall.answer.memo import per_question
from rolecall.answer.model import Context
from rolecall.postings.model import Posting
from rolecall.search.analyze import tokenize
from rolecall.search.index import BM25Index

# Words in company names that carry no identity ("Acme Inc", "Foo Technologies", "bar.io").
_COMPANY_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "llc",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "technologies",
        "technology",
        "tech",
        "group",
        "labs",
        "lab",
        "ai",
        "io",
        "com",
        "hq",
        "gmbh",
        "plc",
        "holdings",
        "the",
        "systems",
        "solutions",
    ]
)
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


def _words(text: str, *, split_dots: bool = False, brackets: bool = False) -> list[str]:
    """Lower-case words; dots dropped ("D.E. Shaw" -> "de shaw") or, with ``split_dots``, splitting words
    ("ipinfo.io" -> "ipinfo io", whose "io" is then a dropped suffix). A bracketed aside in a company name
    ("Two Six Technologies (TST)") is dropped; in a question (``brackets=True``) it may be the name itself
    ("does it sponsor? (pathos ai)")."""
    text = text.casefold().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    if brackets:
        text = text.replace("(", " ").replace(")", " ")
    elif text.count("(") == text.count(")"):
        text = re.sub(r"\([^)]*\)", " ", text)
    text = text.replace("&", " and ").replace(".", " " if split_dots else "")
    return _WORD_RE.findall(text)


@lru_cache(maxsize=65536)
def company_forms(company: str) -> frozenset[str]:
    """Spellings that name a company: its words with and without generic suffixes, and run together."""
    forms: set[str] = set()
    for split in (False, True):
        words = _words(company, split_dots=split)
        core = [w for w in words if w not in _COMPANY_SUFFIXES] or words
        forms |= {" ".join(words), " ".join(core), "".join(core), "".join(words)}
    return frozenset(f for f in forms if len(f) >= 2)


@lru_cache(maxsize=65536)
def short_forms(company: str) -> frozenset[str]:
    """Shorter ways people name a company: its first two words ("Red Balloon" for Red Balloon Security)
    or its first word when distinctive ("Lockheed" for Lockheed Martin)."""
    words = _words(company)
    core = [w for w in words if w not in _COMPANY_SUFFIXES] or words
    forms = set()
    if len(core) >= 3:
        forms.add(" ".join(core[:2]))
    if len(core) >= 2 and len(core[0]) >= 5:
        forms.add(core[0])
    return frozenset(forms - company_forms(company))


# A word in capitals standing alone: "CTG", "YC's"; not a piece of "TS/SCI" or "C-UAS".
_UPPER_WORD = re.compile(r"(?<![\w/-])[A-Z][A-Z0-9&]{1,7}(?![\w/-])")


def aliases(p: Posting) -> frozenset[str]:
    """Short names a posting itself uses for its company: the initials ("Capital Technology Group" ->
    CTG, "Y Combinator" -> YC) when the posting writes them in capitals, and a name in brackets right
    after the company's ("Capital Technology Group (CTG) | ...")."""
    words = _words(p.company)
    core = [w for w in words if w not in _COMPANY_SUFFIXES] or words
    initials = {"".join(w[0] for w in ws) for ws in (words, core) if len(ws) >= 2}
    head = " ".join([p.title, *[t for _, t in p.passages()[:3]]])
    used = {m.group(0).casefold() for m in _UPPER_WORD.finditer(head.replace("’", "'"))}
    in_title = {m.group(0).casefold() for m in _UPPER_WORD.finditer(p.title.replace("’", "'"))}
    # Two letters ("TS", "YC") are too often something else; they count only from the title itself.
    found = {a for a in initials if a in (used if len(a) > 2 else in_title)}
    if p.company:
        for m in re.finditer(rf"{re.escape(p.company)}\s*\(([^()]{{2,24}})\)", head, re.IGNORECASE):
            alias = m.group(1).strip()
            # "(CTG)" names the company; "(YC S21)" or "(Pre-Seed)" says something else about it.
            if re.fullmatch(r"[A-Za-z][A-Za-z&]{1,9}", alias) and alias[0].casefold() == words[0][:1]:
                found.add(alias.casefold().replace("&", "and"))
    return frozenset(a for a in found if len(a) >= 2) - company_forms(p.company)


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
    def __init__(
        self,
        postings: list[Posting],
        *,
        common_words: set[str] | None = None,
        avoid: set[str] | None = None,
        vocab_df: Callable[[str], int] | None = None,
    ) -> None:
        self.postings = postings
        self.by_id = {p.id: p for p in postings}
        # Company names that are everyday words ("Visa", "Slack", "Target") only count when capitalised.
        self._common = common_words or set()
        self._forms: dict[str, list[int]] = {}
        self._short: dict[str, list[int]] = {}
        for i, p in enumerate(postings):
            for form in company_forms(p.company):
                self._forms.setdefault(form, []).append(i)
            for form in short_forms(p.company):
                # A short form that is a place or an everyday word ("Chicago" Trading) would misfire.
                if form not in (avoid or set()) and form not in self._common:
                    self._short.setdefault(form, []).append(i)
        # Initials and bracketed short names the postings use ("CTG", "YC"); one shared with other
        # employers' texts ("YC" on YC companies' pages) counts in lower case only as a hint.
        self._aliases: dict[str, list[int]] = {}
        for i, p in enumerate(postings):
            for form in aliases(p):
                if form not in (avoid or set()):
                    self._aliases.setdefault(form, []).append(i)
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
        # One-word company names by their single-letter deletions, for typo lookups.
        self._typo: dict[str, set[str]] = {}
        for form in (*self._forms, *self._short):
            if " " not in form and len(form) >= 5 and form not in self._common:
                for key in {form, *_deletions(form)}:
                    self._typo.setdefault(key, set()).add(form)
        self._vocab_df: Callable[[str], int] = vocab_df or (lambda _t: 0)
        self._shared_aliases = {
            form
            for form, idxs in self._aliases.items()
            if " " not in form and (self._vocab_df(form) > len(idxs) or form in self._common)
        }
        # Candidates come from this index; only they get the exact (slower) title score.
        self._title_index = BM25Index(list(f.elements()) for f in self._fields)
        # One question looks its companies up several times (resolution, masking, discovery).
        self.companies_in = per_question(self.companies_in)  # type: ignore[method-assign]
        self.companies_misspelt = per_question(self.companies_misspelt)  # type: ignore[method-assign]

    def companies_in(self, question: str, *, short: bool = False, lowercase_common: bool = False) -> set[int]:
        """Postings whose company the question names; ``short`` also accepts shortened names."""
        forms = self._short if short else self._forms
        spaced: set[str] = set()
        runs: set[str] = set()
        for split in (False, True):
            words = _words(question, split_dots=split, brackets=True)
            for k in range(1, 6):
                for i in range(len(words) - k + 1):
                    spaced.add(" ".join(words[i : i + k]))
                    if k <= 3:
                        runs.add("".join(words[i : i + k]))
        # A name typed run together ("deshaw", "ipinfo") counts when long enough to be deliberate.
        found = spaced | {r for r in runs if len(r) >= 4}
        matched = [f for f in found if f in forms]
        # "bit capital" names BIT Capital, not also "Capital" Technology Group: a name inside a longer
        # name the question spells out does not count.
        wider = [f for f in matched if " " in f]
        found = {f for f in matched if not any(f != w and _inside(f, w) for w in wider)}
        hits: set[int] = set()
        for form in found:
            idxs = forms.get(form)
            if not idxs:
                continue
            if form in self._common and not _capitalised_in(form, question):
                if lowercase_common:
                    hits.update(idxs)
                continue
            if not lowercase_common:
                hits.update(idxs)
        for form in spaced:
            idxs = self._aliases.get(form)
            if not idxs:
                continue
            # Two letters in lower case ("ts", "yc") are too easily something else to name a company.
            strong = _upper_in(form, question) or (len(form) > 2 and form not in self._shared_aliases)
            if strong != lowercase_common:
                hits.update(idxs)
        return hits

    def company_spans(self, question: str) -> list[tuple[int, int]]:
        """Where the named companies' names sit in the question (longest spelling first)."""
        spans: list[tuple[int, int]] = []
        named = self.named(question)
        names = {self.postings[i].company for i in named}
        for name in names:
            words = _words(name)
            core = [w for w in words if w not in _COMPANY_SUFFIXES] or words
            for seq in (words, core, core[:2], core[:1]):
                pattern = r"\b" + r"[\W_]*".join(re.escape(w) for w in seq) + r"\b"
                m = re.search(pattern, question, re.IGNORECASE)
                if m:
                    spans.append(m.span())
                    break
        return spans

    def title_score(self, idx: int, qtokens: set[str]) -> float:
        """Weight of the question's words found in the title and locations, plus how much of the title
        the question covers (so "Back End Developer Intern" beats "Back-end/QA Developer Intern")."""
        fields = self._fields[idx]
        got = sum(self._idf.get(t, 0.0) for t in fields if t in qtokens)
        if not got:
            return 0.0
        return got + 4.0 * self._covered(idx, qtokens)

    def named(self, question: str) -> set[int]:
        """Companies named exactly, else by a shortened name, else with one typo ("palantr")."""
        return (
            self.companies_in(question)
            or self.companies_in(question, short=True)
            or self.companies_misspelt(question)
        )

    def companies_misspelt(self, question: str) -> set[int]:
        """A word one edit away from a one-word company name (SymSpell-style: both sides' single-letter
        deletions meet in a dict). Only words no posting uses and names of five letters or more count,
        so "visas" never becomes a company and "bolt" never "boat"."""
        hits: set[int] = set()
        for word in _words(question, brackets=True):
            if len(word) < 5 or word in self._known_words(word):
                continue
            for key in {word, *_deletions(word)}:
                for form in self._typo.get(key, ()):
                    if _one_edit(word, form):
                        hits.update(self._forms.get(form) or self._short.get(form) or ())
        return hits

    def _known_words(self, word: str) -> set[str]:
        toks = tokenize(word)
        return {word} if toks and self._title_index.df(toks[0]) + self._vocab_df(toks[0]) > 0 else set()

    def resolve(self, question: str, context: Context | None = None) -> Resolution:
        named = self.named(question)
        qtokens = {t for t in tokenize(question) if t not in _NOISE}
        if not named and context and context.posting_id and context.posting_id in self.by_id:
            return Resolution(Outcome.FOUND, self.by_id[context.posting_id], from_context=True)
        if named:
            # The words that named the company say nothing about the role; the same word elsewhere
            # may ("the northwind robot test tech" at Northwind Robotics).
            rest = question
            for a, b in sorted(self.company_spans(question), reverse=True):
                rest = rest[:a] + " " + rest[b:]
            qtokens = {t for t in tokenize(rest) if t not in _NOISE}
            if len(qtokens) == len({t for t in tokenize(question) if t not in _NOISE}):
                # No span found (a misspelt or aliased name): drop the company's words as before.
                qtokens -= {t for i in named for t in tokenize(self.postings[i].company)}
        # "the SRE role", "MTS": a word that is the initials of a title's words stands for them.
        for word in _WORD_RE.findall(question.casefold()):
            qtokens |= self._title_initials.get(word, set())
        pool = self._pool(named, qtokens)
        # An everyday-word company typed in lower case ("does slack sponsor the swe intern?") is only a
        # hint: its roles join the pool with a head start instead of being the only candidates.
        hinted = set() if named else self.companies_in(question, lowercase_common=True)
        pool = list(dict.fromkeys([*pool, *sorted(hinted)[:_POOL]]))
        if not pool:
            return Resolution(Outcome.NONE)
        bonus = {i: _HINT for i in hinted}
        # The whole title, word for word ("the robotics software engineers"), is the strongest sign.
        qseq = tokenize(question)
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
        cands = [self.postings[max(g, key=lambda i: richness(self.postings[i]))] for g in groups]
        return Resolution(Outcome.AMBIGUOUS, candidates=cands[:5], company_named=bool(named))

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


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance exactly one (or a swap of neighbours), checked directly."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _capitalised_in(form: str, question: str) -> bool:
    return any(m.group(0)[0].isupper() for m in re.finditer(re.escape(form), question, re.IGNORECASE))


def _upper_in(form: str, question: str) -> bool:
    """Written in capitals ("CTG", "YC's"), as an acronym is when meant as a name."""
    pattern = r"\b" + r"\W*".join(re.escape(w) for w in form.split()) + r"\b"
    return any(m.group(0).isupper() for m in re.finditer(pattern, question, re.IGNORECASE))


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


def _inside(part: str, whole: str) -> bool:
    """``part`` is a run of whole words of ``whole``."""
    return f" {part} " in f" {whole} "
