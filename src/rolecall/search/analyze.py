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

# Tech tokens whose punctuation carries meaning; matched before the generic word pattern. The lookarounds
# keep ".net" out of "example.net" and "c#" out of "abc#".
_TECH = (
    r"(?<![\w.])(?:c\+\+|c#|f#|asp\.net|\.net|node\.js|next\.js|vue\.js|react\.js|express\.js|"
    r"ci/cd|a/b|i/o|k8s|ts/sci|u\.s\.a\.|u\.s\.)(?![\w+#])"
)
_TOKEN_RE = re.compile(rf"{_TECH}|[a-z0-9]+(?:['’][a-z]+)?", re.IGNORECASE)

# Multi-word phrases folded to one token before tokenizing. Longest first: "new york city" before
# "new york". Every multi-word state name is joined so "North Carolina" does not half-match "South".
_PHRASE_LIST: list[tuple[str, str]] = [
    (r"back[\s-]*end", "backend"),
    (r"front[\s-]*end", "frontend"),
    (r"full[\s-]*stack", "fullstack"),
    (r"new[\s-]+york[\s-]+city", "nyc"),
    (r"san\s+francisco(?:\s+bay\s+area)?", "sf"),
    (r"(?:sf\s+)?bay\s+area", "sf"),
    (r"research\s+triangle(?:\s+park)?", "rtp"),
    (r"los\s+angeles", "la"),
    (r"district\s+of\s+columbia", "dc"),
    (r"washington,?\s+d\.?\s?c\.?", "washington dc"),
    (r"united\s+states(?:\s+of\s+america)?", "usa"),
    (r"machine\s+learning", "ml"),
    (r"artificial\s+intelligence", "ai"),
    (r"co[\s-]+op", "coop"),
    (r"h-?1b", "h1b"),
    (r"work\s+authori[sz]ation", "workauth"),
    (r"authori[sz]ed\s+to\s+work", "workauth"),
    (r"security\s+clearance", "clearance"),
    (r"work(?:ing)?[\s-]+from[\s-]+(?:home|anywhere)", "remote"),
    (r"tele-?(?:commut\w*|work\w*)", "remote"),
    (r"fully[\s-]+remote|remote[\s-]+first", "remote"),
    (r"on[\s-]+site|in[\s-]+office|in[\s-]+person", "onsite"),
    (r"new[\s-]+grad(?:uate)?s?", "newgrad"),
    (r"c\s+sharp", "c#"),
    (r"node\s?js", "node.js"),
    (r"dot\s?net", ".net"),
    *[
        (r"[\s-]+".join(name.lower().split()), name.lower().replace(" ", ""))
        for name in sorted(STATES.values(), key=len, reverse=True)
        if " " in name
    ],
]
_PHRASE_RE = re.compile(
    "|".join(rf"(?P<p{i}>(?<![\w.]){p}(?!\w))" for i, (p, _) in enumerate(_PHRASE_LIST)), re.IGNORECASE
)
_PHRASE_REPL = {f"p{i}": r for i, (_, r) in enumerate(_PHRASE_LIST)}

# Single-token synonyms: both sides map to one canonical (stemmed) form.
SYNONYMS: dict[str, str] = {
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
    "onsite": "onsit",
    "salary": "pay",
    "compensation": "pay",
    "comp": "pay",
    "wage": "pay",
    "wages": "pay",
    "newgrad": "newgrad",
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


def fold_phrases(text: str) -> str:
    """Fold multi-word phrases ("back end", "New York City", "work from home") to single tokens."""
    return _PHRASE_RE.sub(lambda m: _PHRASE_REPL[m.lastgroup or ""], text)


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Index and query tokens. The same function must serve both sides."""
    text = fold_phrases(fold_state_codes(text).casefold())
    words = _TOKEN_RE.findall(text)
    if not keep_stopwords:
        words = [w for w in words if w not in STOPWORDS]
    cache = _NORM_CACHE
    return [cache.get(w) or _norm(w) for w in words]
