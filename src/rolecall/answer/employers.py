"""Which employers a question names: every spelling of every company on the board, looked up by n-gram.

A company is named by its name, its name without "Inc/Technologies/.io", run together, or — when
distinctive — its first word(s) ("Lockheed", "Red Balloon"); by initials or a bracketed short name the
postings themselves use ("CTG", "YC"); failing those, by a word one typo away from a name of five letters
or more ("palantr"). Company names that other employers' postings use as ordinary words ("Visa", "Slack",
"Target") only count when written with a capital; in lower case they are a hint.

Every lookup is a dict probe per n-gram of the question, so naming the company costs the same on a board of
a hundred postings or a hundred thousand.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rolecall.answer import vocab
from rolecall.orgs import org_forms, org_key
from rolecall.postings.model import Posting
from rolecall.search.analyze import SYNONYMS, tokenize

# Words in company names that carry no identity ("Acme Inc", "Foo Technologies", "bar.io").
COMPANY_SUFFIXES = frozenset(
    """inc incorporated llc ltd limited corp corporation co company technologies technology tech group labs
    lab ai io com hq gmbh plc holdings the systems solutions""".split()  # noqa: SIM905 - a word list
)
WORD_RE = re.compile(r"[a-z0-9]+")


def words(text: str, *, split_dots: bool = False, brackets: bool = False) -> list[str]:
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
    return WORD_RE.findall(text)


def core_words(company: str) -> list[str]:
    """The words of a company name that carry its identity."""
    ws = words(company)
    return [w for w in ws if w not in COMPANY_SUFFIXES] or ws


@lru_cache(maxsize=65536)
def company_forms(company: str) -> frozenset[str]:
    """Spellings that name a company: its words with and without generic suffixes, and run together;
    and the organisation matcher's forms (``orgs.org_forms``: legal and board suffixes off — "Klaviyo
    Campus" is Klaviyo — and a qualifier like "U.S." off), its initials apart (see ``initials``)."""
    forms: set[str] = set()
    for split in (False, True):
        ws = words(company, split_dots=split)
        core = [w for w in ws if w not in COMPANY_SUFFIXES] or ws
        forms |= {" ".join(ws), " ".join(core), "".join(core), "".join(ws)}
    forms |= {" ".join(WORD_RE.findall(f)) for f in org_forms(company)} - initials(company)
    return frozenset(f for f in forms if len(f) >= 2)


@lru_cache(maxsize=65536)
def short_forms(company: str) -> frozenset[str]:
    """Shorter ways people name a company: its first two words ("Red Balloon" for Red Balloon Security)
    or its first word when distinctive ("Lockheed" for Lockheed Martin)."""
    core = core_words(company)
    forms = set()
    if len(core) >= 3:
        forms.add(" ".join(core[:2]))
    if len(core) >= 2 and len(core[0]) >= 5:
        forms.add(core[0])
    return frozenset(forms - company_forms(company))


# Words that join a name's parts ("Department *of the* Air Force"): a part never starts or ends on one.
_JOINERS = frozenset(["of", "and", "for", "the", "de", "at", "on", "in"])


@lru_cache(maxsize=65536)
def inner_forms(company: str) -> frozenset[str]:
    """Runs of two or more words from inside a longer name, as people shorten official names: "Northern
    Command" for U.S. Northern Command, "Air Force" for the Department of the Air Force."""
    core = core_words(company)
    out: set[str] = set()
    for i in range(1, len(core)):
        for j in range(i + 2, len(core) + 1):
            run = core[i:j]
            if run[0] in _JOINERS or run[-1] in _JOINERS or len("".join(run)) < 6:
                continue
            out.add(" ".join(run))
    return frozenset(out - company_forms(company) - short_forms(company))


@lru_cache(maxsize=65536)
def initials(company: str) -> frozenset[str]:
    """The initials people use for a long official name — DFAS for Defense Finance and Accounting
    Service, MDA for Missile Defense Agency — and an acronym the name gives in brackets ("(CIS)"): the
    one-word forms of ``orgs.org_forms`` that are not the name itself. They name the company like the
    initials its postings use (``aliases``): in capitals always, in lower case when no posting uses them
    as a word."""
    key = org_key(company)
    whole = {key, key.replace(" ", "")}
    return frozenset(
        f for f in org_forms(company) if " " not in f and f not in whole and len(f) <= 8 and f.isalnum()
    )


# A word in capitals standing alone: "CTG", "YC's"; not a piece of "TS/SCI" or "C-UAS".
_UPPER_WORD = re.compile(r"(?<![\w/-])[A-Z][A-Z0-9&]{1,7}(?![\w/-])")


def aliases(p: Posting) -> frozenset[str]:
    """Short names a posting itself uses for its company: the initials ("Capital Technology Group" ->
    CTG, "Y Combinator" -> YC) when the posting writes them in capitals, and a name in brackets right
    after the company's ("Capital Technology Group (CTG) | ...")."""
    ws = words(p.company)
    core = [w for w in ws if w not in COMPANY_SUFFIXES] or ws
    initials = {"".join(w[0] for w in group) for group in (ws, core) if len(group) >= 2}
    head = " ".join([p.title, *[t for _, t in p.passages()[:3]]])
    used = {m.group(0).casefold() for m in _UPPER_WORD.finditer(head.replace("’", "'"))}
    in_title = {m.group(0).casefold() for m in _UPPER_WORD.finditer(p.title.replace("’", "'"))}
    # Two letters ("TS", "YC") are too often something else; they count only from the title itself.
    found = {a for a in initials if a in (used if len(a) > 2 else in_title)}
    if p.company:
        for m in re.finditer(rf"{re.escape(p.company)}\s*\(([^()]{{2,24}})\)", head, re.IGNORECASE):
            alias = m.group(1).strip()
            # "(CTG)" names the company; "(YC S21)" or "(Pre-Seed)" says something else about it.
            if re.fullmatch(r"[A-Za-z][A-Za-z&]{1,9}", alias) and alias[0].casefold() == ws[0][:1]:
                found.add(alias.casefold().replace("&", "and"))
    return frozenset(a for a in found if len(a) >= 2) - company_forms(p.company)


def everyday_words(postings: list[Posting], df: Callable[[str], int]) -> tuple[set[str], set[str]]:
    """Company names other employers' postings use as ordinary words ("visa", "slack", "target"):
    ``common`` when three or more other postings do, ``loose`` when any does. ``df`` is the board's
    document frequency of an index token."""
    per_company: Counter[str] = Counter(p.company.casefold() for p in postings)
    common: set[str] = set()
    loose: set[str] = set()
    for company, own in per_company.items():
        for form in company_forms(company) | short_forms(company):
            if " " in form:
                continue
            if form in _ASKING_WORDS or not tokenize(form):
                # A word questions are made of ("in", "jobs", "hiring") names a company only in capitals.
                common.add(form)
                loose.add(form)
                continue
            toks = tokenize(form)
            # The index holds stems: "fastly" counts as "fast", so only words the stemmer leaves alone
            # (or folds as a synonym, like "visa") can be judged by their document frequency.
            if len(toks) != 1 or (toks[0] != form and form not in SYNONYMS):
                continue
            others = df(toks[0]) - own
            if others >= 3:
                common.add(form)
            if others >= 1:
                loose.add(form)
    return common, loose


@dataclass(frozen=True)
class NameMatch:
    """One employer named in a text: its name, its postings, and where the text names it (None when
    only a misspelling or a run-together spelling names it)."""

    company: str
    postings: frozenset[int]
    span: tuple[int, int] | None


# The words questions are made of: a company whose name is one of them ("Jobs", "In-Tech" read as "in")
# is named by it only when written with a capital.
_ASKING_WORDS = frozenset().union(*(vocab.words()[k] for k in ("listing_filler", "generic_ask", "chatter")))


class Employers:
    """The board's companies by every spelling; answers "which postings' employers does this text name?"."""

    def __init__(
        self,
        postings: list[Posting],
        *,
        common_words: set[str] | None = None,
        avoid: set[str] | None = None,
        vocab_df: Callable[[str], int] | None = None,
        title_df: Callable[[str], int] | None = None,
    ) -> None:
        self.postings = postings
        # Company names that are everyday words ("Visa", "Slack", "Target") only count when capitalised.
        self._common = common_words or set()
        avoid = avoid or set()
        self._forms: dict[str, list[int]] = {}
        self._short: dict[str, list[int]] = {}
        for i, p in enumerate(postings):
            for form in company_forms(p.company):
                self._forms.setdefault(form, []).append(i)
            for form in short_forms(p.company) | inner_forms(p.company):
                # A short form that is a place or an everyday word ("Chicago" Trading) would misfire.
                if form not in avoid and form not in self._common:
                    self._short.setdefault(form, []).append(i)
        # Initials and bracketed short names the postings use ("CTG", "YC"); one shared with other
        # employers' texts ("YC" on YC companies' pages) counts in lower case only as a hint.
        self._aliases: dict[str, list[int]] = {}
        self._alias_of: dict[str, set[str]] = {}
        for i, p in enumerate(postings):
            for form in aliases(p) | initials(p.company):
                if form not in avoid:
                    self._aliases.setdefault(form, []).append(i)
                    self._alias_of.setdefault(p.company, set()).add(form)
        # One-word company names by their single-letter deletions, for typo lookups.
        self._typo: dict[str, set[str]] = {}
        for form in (*self._forms, *self._short):
            if " " not in form and len(form) >= 5 and form not in self._common:
                for key in {form, *_deletions(form)}:
                    self._typo.setdefault(key, set()).add(form)
        self._vocab_df: Callable[[str], int] = vocab_df or (lambda _t: 0)
        self._title_df: Callable[[str], int] = title_df or (lambda _t: 0)
        self._shared_aliases = {
            form
            for form, idxs in self._aliases.items()
            if " " not in form and (self._vocab_df(form) > len(idxs) or form in self._common)
        }

    def companies_in(self, text: str, *, short: bool = False, lowercase_common: bool = False) -> set[int]:
        """Postings whose company the text names; ``short`` also accepts shortened names;
        ``lowercase_common`` gives only everyday-word names written in lower case (a hint)."""
        forms = self._short if short else self._forms
        spaced: set[str] = set()
        runs: set[str] = set()
        for split in (False, True):
            ws = words(text, split_dots=split, brackets=True)
            for k in range(1, 6):
                for i in range(len(ws) - k + 1):
                    spaced.add(" ".join(ws[i : i + k]))
                    if k <= 3:
                        runs.add("".join(ws[i : i + k]))
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
            if form in self._common and not _capitalised_in(form, text):
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
            strong = _upper_in(form, text) or (len(form) > 2 and form not in self._shared_aliases)
            if strong != lowercase_common:
                hits.update(idxs)
        return hits

    def misspelt(self, text: str) -> set[int]:
        """A word one edit away from a one-word company name (SymSpell-style: both sides' single-letter
        deletions meet in a dict). Only words no posting uses and names of five letters or more count,
        so "visas" never becomes a company and "bolt" never "boat"."""
        hits: set[int] = set()
        for word in words(text, brackets=True):
            if len(word) < 5 or self._known(word):
                continue
            for key in {word, *_deletions(word)}:
                for form in self._typo.get(key, ()):
                    if one_edit(word, form):
                        hits.update(self._forms.get(form) or self._short.get(form) or ())
        return hits

    def _known(self, word: str) -> bool:
        toks = tokenize(word)
        return bool(toks) and self._title_df(toks[0]) + self._vocab_df(toks[0]) > 0

    def named(self, text: str) -> set[int]:
        """Companies named exactly, else by a shortened name, else with one typo ("palantr")."""
        return self.companies_in(text) or self.companies_in(text, short=True) or self.misspelt(text)

    def matches(self, text: str) -> tuple[list[NameMatch], list[NameMatch]]:
        """Each employer the text names, with the span naming it: (by their names or the initials their
        postings use, by a shortened name). The postings of one employer are one match."""
        return self._matches(text, self.companies_in(text)), self._matches(
            text, self.companies_in(text, short=True)
        )

    def hints(self, text: str) -> list[NameMatch]:
        """Employers named only by an everyday word in lower case ("slack", "insight"): hints."""
        return self._matches(text, self.companies_in(text, lowercase_common=True))

    def typos(self, text: str) -> list[NameMatch]:
        return self._matches(text, self.misspelt(text))

    def _matches(self, text: str, hits: set[int]) -> list[NameMatch]:
        by_company: dict[str, set[int]] = {}
        for i in hits:
            by_company.setdefault(self.postings[i].company, set()).add(i)
        out = []
        for company, ids in by_company.items():
            span = self._span(text, company)
            out.append(NameMatch(company, frozenset(ids), span))
        return out

    def _span(self, text: str, company: str) -> tuple[int, int] | None:
        """Where the text spells the company: its whole name, a shortened or inner part, or the
        initials its postings use; the longest spelling found."""
        forms = company_forms(company) | short_forms(company) | inner_forms(company)
        best: tuple[int, int] | None = None
        for form in forms | self._alias_of.get(company, set()):
            # A name typed with breaks ("co-op" for Coop, "de shaw" for DEShaw) is found letter by letter.
            parts = form.split() if " " in form or len(form) < 4 else list(form)
            pattern = r"(?<![a-z0-9])" + r"[\W_]*".join(re.escape(w) for w in parts) + r"(?![a-z0-9])"
            m = re.search(pattern, text, re.IGNORECASE)
            if m and (best is None or m.end() - m.start() > best[1] - best[0]):
                best = m.span()
        return best

    def spans(self, text: str, named: set[int]) -> list[tuple[int, int]]:
        """Where the named companies' names sit in the text (longest spelling first)."""
        out: list[tuple[int, int]] = []
        for name in {self.postings[i].company for i in named}:
            ws = words(name)
            core = [w for w in ws if w not in COMPANY_SUFFIXES] or ws
            for seq in (ws, core, core[:2], core[:1]):
                pattern = r"\b" + r"[\W_]*".join(re.escape(w) for w in seq) + r"\b"
                m = re.search(pattern, text, re.IGNORECASE)
                if m:
                    out.append(m.span())
                    break
        return out


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
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


def _capitalised_in(form: str, text: str) -> bool:
    """Written with a capital where a capital means a name: not the first word of a sentence ("Jobs in
    Boston?" names no company called Jobs)."""
    return any(
        m.group(0)[0].isupper() and not _SENTENCE_START.search(text[: m.start()])
        for m in re.finditer(rf"\b{re.escape(form)}\b", text, re.IGNORECASE)
    )


_SENTENCE_START = re.compile(r"(?:^|[.?!:;—–-]\s*|\n)\s*[\"'“(]?$")


def _upper_in(form: str, text: str) -> bool:
    """Written in capitals ("CTG", "YC's"), as an acronym is when meant as a name."""
    pattern = r"\b" + r"\W*".join(re.escape(w) for w in form.split()) + r"\b"
    return any(m.group(0).isupper() for m in re.finditer(pattern, text, re.IGNORECASE))


def _inside(part: str, whole: str) -> bool:
    """``part`` is a run of whole words of ``whole``."""
    return f" {part} " in f" {whole} "
