"""Tokenizer for job text: casefold, tech tokens kept whole, places and synonyms folded, Snowball stemming.

The same function serves the index and the query, so whatever folding happens here happens on both sides:
"back end" meets "backend", "visa" meets "sponsorship", "Austin, TX" meets "Texas", "NYC" meets
"New York City".
"""

from __future__ import annotations

import re

import snowballstemmer

from rolecall.search.places import STATES, fold_state_codes

_STEMMER = snowballstemmer.stemmer("english")

# Tech tokens whose punctuation carries meaning are suffixes of the word pattern ("c" + "++", "node" +
# ".js", "ci" + "/cd", "u" + ".s."), not a leading alternation: an alternation tried at every character
# made the tokenizer several times slower. The lookaheads keep "abc#def" and "and/or" apart.
_TOKEN_RE = re.compile(
    r"[a-z0-9]+(?:[+#./'’](?:(?<=\+)\+(?![\w+])|(?<=#)(?!\w)|(?<=\.)(?:js|net)(?![\w.])"
    r"|(?<=/)(?:cd|b|o|sci)\b|(?<=\.)[a-z](?:\.[a-z])*\.(?![a-z0-9])|(?<=['’])[a-z]+))?"
    r"|\.(?<![\w.]\.)net(?![\w+#])"
)  # casefolded text only (IGNORECASE costs a third more); one char class gates the suffixes (faster)

# Multi-word phrases folded to one token. They are matched on the word sequence (after the tokenizer's
# split, before stopwords drop), which is one dict lookup per word; a regex alternation of ~40 phrases
# cost 3 µs per character. Separators between the words may be spaces, hyphens or dots ("back-end").
_PHRASE_TABLE: dict[str, str] = {
    "back end": "backend",
    "front end": "frontend",
    "full stack": "fullstack",
    "new york city": "nyc",
    "san francisco bay area": "sf",
    "san francisco": "sf",
    "sf bay area": "sf",
    "bay area": "sf",
    "research triangle park": "rtp",
    "research triangle": "rtp",
    "los angeles": "la",
    "district of columbia": "dc",
    "united states of america": "usa",
    "united states": "usa",
    "machine learning": "ml",
    "artificial intelligence": "ai",
    "co op": "coop",
    "h 1b": "h1b",
    "work authorization": "workauth",
    "work authorisation": "workauth",
    "authorized to work": "workauth",
    "authorised to work": "workauth",
    "security clearance": "clearance",
    "work from home": "remote",
    "working from home": "remote",
    "work from anywhere": "remote",
    "fully remote": "remote",
    "remote first": "remote",
    "on site": "onsite",
    "in office": "onsite",
    "in person": "onsite",
    "new grad": "newgrad",
    "new grads": "newgrad",
    "new graduate": "newgrad",
    "new graduates": "newgrad",
    "c sharp": "c#",
    "node js": "node.js",
    "dot net": ".net",
    # Job-title long forms folded to the abbreviation seekers type; a kept head word ("engineer",
    # "product") still meets queries that spell only that word.
    "member of technical staff": "mts",
    "members of technical staff": "mts",
    "site reliability engineering": "sre engineering",
    "site reliability engineers": "sre engineers",
    "site reliability engineer": "sre engineer",
    "site reliability": "sre",
    "developer relations": "devrel developer",
    "product manager": "pm product manager",
    "product managers": "pm product managers",
    "product management": "pm product management",
    "quality assurance": "qa quality assurance",
    "computer science": "cs computer science",
    "user experience": "ux user experience",
    "user interface": "ui user interface",
    "amazon web services": "aws amazon web services",
    "google cloud platform": "gcp google cloud platform",
    "google cloud": "gcp google cloud",
    "dev ops": "devops",
    "full time": "fulltime",
    "part time": "parttime",
    "green card": "greencard",
    "green cards": "greencard",
    "ph d": "phd",
    # Every multi-word state name is joined so "North Carolina" does not half-match "South Carolina".
    **{name.lower(): name.lower().replace(" ", "") for name in STATES.values() if " " in name},
}
# Keyed by the first two words (every phrase has at least two), longest phrase first.
_PHRASES_BY_PAIR: dict[tuple[str, str], list[tuple[tuple[str, ...], list[str]]]] = {}
for _phrase, _repl in sorted(_PHRASE_TABLE.items(), key=lambda kv: -len(kv[0].split())):
    _words = tuple(_phrase.split())
    _PHRASES_BY_PAIR.setdefault((_words[0], _words[1]), []).append((_words, _repl.split()))
_PHRASE_FIRST = frozenset(first for first, _ in _PHRASES_BY_PAIR)
_PHRASE_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(
        r"[\s.,-]+".join(re.escape(w) for w in p.split())
        for p in sorted(_PHRASE_TABLE, key=len, reverse=True)
    )
    + r")(?![\w+#])",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s.,-]+")


# Single-token synonyms: both sides map to one canonical (stemmed) form.
SYNONYMS: dict[str, str] = {
    # Platform names that end in "s" are not plurals: the stemmer would make "iOS" the ".io" of a domain.
    "ios": "ios",
    "macos": "macos",
    "ipados": "ipados",
    "watchos": "watchos",
    "tvos": "tvos",
    "visionos": "visionos",
    "visa": "sponsor",
    "visas": "sponsor",
    "sponsorship": "sponsor",
    "sponsoring": "sponsor",
    "sponsored": "sponsor",
    "sponsors": "sponsor",
    "internship": "intern",
    "internships": "intern",
    "interns": "intern",
    "swe": "softwar",
    "sde": "softwar",
    "dev": "develop",
    "devs": "develop",
    "developer": "develop",
    "engineer": "engin",
    "engineering": "engin",
    "ny": "newyork",
    "nyc": "nyc",
    "usa": "usa",
    "u.s.": "usa",
    "u.s.a.": "usa",
    "d.c.": "dc",
    "js": "javascript",
    "ts": "typescript",
    "golang": "go",
    "postgres": "postgresql",
    "k8s": "kubernet",
    "nodejs": "node.js",
    "ai": "ai",
    "remote": "remot",
    "remotely": "remot",
    "wfh": "remot",
    "telecommut": "remot",
    "telework": "remot",
    "onsite": "onsit",
    "salary": "pay",
    "compensation": "pay",
    "comp": "pay",
    "wage": "pay",
    "wages": "pay",
    "newgrad": "newgrad",
    # Abbreviations job seekers type, each to the form its long spelling analyzes to.
    "fulltime": "fulltime",
    "parttime": "parttime",
    "ph.d.": "phd",
    "phds": "phd",
    "b.s.": "bs",
    "m.s.": "ms",
    "b.a.": "ba",
    "m.a.": "ma",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "yrs": "year",
    "yr": "year",
    "exp": "experi",
    "quant": "quantit",
    "infra": "infrastructur",
    "eng": "engin",
    "engg": "engin",
    "mgr": "manag",
    "mgmt": "manag",
    "trader": "trade",
    "scientist": "scienc",
    "scientists": "scienc",
    "traders": "trade",
    "mts": "mts",
    "sre": "sre",
    "sres": "sre",
    "devrel": "devrel",
    "pm": "pm",
    "pms": "pm",
}

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "any",
        "there's",
        "what's",
        "whats",
        "i'm",
        "im",
    ]
)

# Plain dict memo: faster than lru_cache on the hot path (tens of millions of calls at 100k postings).
_NORM_CACHE: dict[str, str] = {}


def _norm(word: str) -> str:
    cached = _NORM_CACHE.get(word)
    if cached is not None:
        return cached
    if word in SYNONYMS:
        out = SYNONYMS[word]
    elif any(ch in word for ch in "+#./"):
        out = word
    else:
        stem = _STEMMER.stemWord(word.replace("’", "'").split("'")[0])
        out = SYNONYMS.get(stem, stem)
    if len(_NORM_CACHE) < 500_000:
        _NORM_CACHE[word] = out
    return out


_STOP_OR_NORM: dict[str, str] = dict.fromkeys(STOPWORDS, "")


def _stop_or_norm(word: str) -> str:
    out = _norm(word)
    if len(_STOP_OR_NORM) < 500_000:
        _STOP_OR_NORM[word] = out
    return out


def fold_phrases(text: str) -> str:
    """Fold multi-word phrases ("back end", "New York City", "work from home") to single tokens in text.

    For callers that want folded text; ``tokenize`` does the same folding on its word list, faster.
    """
    return _PHRASE_RE.sub(lambda m: _PHRASE_TABLE[_SEPARATORS.sub(" ", m.group(0).casefold()).strip()], text)


def _clock_times(words: list[str]) -> list[str]:
    """'5 PM', '9:30 pm' -> 'p.m.': a clock time is not a product manager ("pm")."""
    return [
        f"{w[0]}.m." if w in ("am", "pm") and i and words[i - 1].isdigit() else w for i, w in enumerate(words)
    ]


def _fold_words(words: list[str]) -> list[str]:
    if "pm" in words or "am" in words:  # one C-level scan; most text has neither
        words = _clock_times(words)
    last = len(words) - 1
    hits = [i for i, w in enumerate(words) if w in _PHRASE_FIRST and i < last]
    if not hits:
        return words
    out: list[str] = []
    done = 0
    for i in hits:
        if i < done:
            continue
        for seq, repl in _PHRASES_BY_PAIR.get((words[i], words[i + 1]), ()):
            if tuple(words[i : i + len(seq)]) == seq:
                out.extend(words[done:i])
                out.extend(repl)
                done = i + len(seq)
                break
    out.extend(words[done:])
    return out


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Index and query tokens. The same function must serve both sides."""
    words = _fold_words(_TOKEN_RE.findall(fold_state_codes(text).casefold()))
    if keep_stopwords:
        return [_norm(w) for w in words]
    # One lookup per word: the cache maps stopwords to "" so they drop out in the same pass.
    toks = list(map(_STOP_OR_NORM.get, words))
    if None in toks:
        toks = [t if t is not None else _stop_or_norm(w) for t, w in zip(toks, words, strict=True)]
    return [t for t in toks if t]
