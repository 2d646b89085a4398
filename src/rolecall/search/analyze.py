"""Tokenizer for job text: casefold, tech tokens kept whole, synonyms folded, Snowball stemming."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# Tech tokens whose punctuation carries meaning; matched before the generic word pattern.
_TECH = r"c\+\+|c#|f#|\.net|node\.js|next\.js|vue\.js|react\.js|asp\.net|ci/cd|a/b|i/o|k8s|ts/sci"
_TOKEN_RE = re.compile(rf"(?:{_TECH})|[a-z0-9]+(?:['’][a-z]+)?", re.IGNORECASE)

# Multi-word phrases folded to one token before tokenizing, so "back end" meets "backend".
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{p}\b", re.IGNORECASE), r)
    for p, r in [
        (r"back[\s-]+end", "backend"),
        (r"front[\s-]+end", "frontend"),
        (r"full[\s-]+stack", "fullstack"),
        (r"new[\s-]+york\s+city", "nyc"),
        (r"new[\s-]+york", "newyork"),
        (r"san\s+francisco", "sf"),
        (r"bay\s+area", "sf"),
        (r"research\s+triangle(?:\s+park)?", "rtp"),
        (r"los\s+angeles", "la"),
        (r"machine\s+learning", "ml"),
        (r"co[\s-]+op", "coop"),
        (r"h-?1b", "h1b"),
        (r"work\s+authori[sz]ation", "workauth"),
        (r"security\s+clearance", "clearance"),
    ]
)

# Single-token synonyms: both sides map to one canonical form.
SYNONYMS: dict[str, str] = {
    "visa": "sponsor",
    "visas": "sponsor",
    "sponsorship": "sponsor",
    "sponsoring": "sponsor",
    "sponsored": "sponsor",
    "internship": "intern",
    "internships": "intern",
    "interns": "intern",
    "swe": "softwar",
    "sde": "softwar",
    "dev": "develop",
    "developer": "develop",
    "engineer": "engin",
    "engineering": "engin",
    "ny": "newyork",
    "nyc": "nyc",
    "js": "javascript",
    "ts": "typescript",
    "golang": "go",
    "postgres": "postgresql",
    "k8s": "kubernet",
    "ai": "ai",
    "remotely": "remot",
    "wfh": "remot",
    "salary": "pay",
    "compensation": "pay",
    "comp": "pay",
    "wage": "pay",
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


@lru_cache(maxsize=65536)
def _norm(word: str) -> str:
    if word in SYNONYMS:
        return SYNONYMS[word]
    if any(ch in word for ch in "+#./"):
        return word
    stem = _STEMMER.stemWord(word.replace("’", "'").split("'")[0])
    return SYNONYMS.get(stem, stem)


def fold_phrases(text: str) -> str:
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return text


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Index and query tokens. The same function must serve both sides."""
    text = fold_phrases(text.casefold())
    out: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        w = m.group(0)
        if not keep_stopwords and w in STOPWORDS:
            continue
        out.append(_norm(w))
    return out
