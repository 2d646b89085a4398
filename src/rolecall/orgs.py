"""Organisation names: one matcher shared by the loaders, the resolver and discovery.

The tables (legal and board suffixes, small joining words, job-board hosts, words that make a sentence
about an organisation) live in ``rolecall/data/orgs.yaml``; this module only applies them.

API
---
``org_key(name) -> str``
    The comparable form of a name: case, accents, punctuation, a leading "The", a parenthetical
    ("Zenysis (YC W16)"), legal suffixes ("Inc.", "GmbH", "S.A.") and board suffixes ("Careers",
    "Campus", "is hiring") removed; "&" read as "and"; a bare domain name loses its TLD ("Resin.io").
    ``org_key("Center for Internet Security, Inc.") == "center for internet security"``.
``org_forms(name) -> frozenset[str]``
    Every form a candidate may type, each in ``org_key`` form: the key, the key without spaces (a
    domain label: "researchaffiliates"), the whole name with its suffixes, the initials of a name of
    three or more significant words ("Missile Defense Agency" -> "mda"), and an acronym the name gives
    in parentheses ("... (CIS)"). Two names refer to the same organisation when their forms intersect.
``org_from_domain(url_or_host, text="") -> str | None``
    The employer a URL, host or e-mail address names: the tenant of a job-board host
    ("boards.greenhouse.io/klaviyo", "zivid.bamboohr.com"), else the registrable domain's label
    ("www.researchaffiliates.com" -> "researchaffiliates"), spelt as ``text`` spells it when it does
    ("Research Affiliates"), else the label capitalised. ``None`` for hosts shared by many employers
    (linkedin.com, github.com, bit.ly...).
``org_from_sentences(text) -> str | None``
    The organisation a text introduces itself as, from its opening sentences: "X is hiring",
    "X (YC W23) is hiring / is looking for / is building", "X (XL) will soon be hiring", "At X, we ...",
    "We're X, ...", "X is a/an/the/one of ... <company noun>", "at X, a ... startup", "Join X"; when no
    sentence introduces one, a passing mention ("We're hiring a Designer for X", "working at X").
    A name with a role word is no organisation ("The Senior Engineer is ...") unless an acronym in
    brackets follows it ("Presidential Innovation Fellows (PIF) is ..."). Returned as written.
``org_from_title(title) -> str | None``
    The organisation a title starts with: "18F: Product Director", "Login.gov - Engineer" (not
    "Software Engineer: Payments").
``spell_slug(slug, text) -> str | None``
    A slug or domain label ("smarterdx", "event-horizon-labs") spelt as the text spells it ("SmarterDx",
    "Event Horizon Labs"), or ``None`` when the text never writes it.
``has_legal_suffix(name) -> bool``
    Whether a name ends in a legal form ("..., Inc.", "GmbH"): a line that does is an employer's name.
``org_from_addresses(addresses, *texts) -> str | None``
    ``org_from_domain`` over several addresses (a company URL, the posting's URLs, contact e-mails):
    the first that names an employer.
``org_name_from_slug(slug) -> str``
    A slug as a name when no text spells it: "event-horizon-labs" -> "Event Horizon Labs",
    "researchaffiliates" -> "Researchaffiliates" (no word split is invented).
``masthead_name(line) -> str | None``
    The employer a careers site's masthead names: "Careers at Acme", "Acme Careers", "Jobs at Acme".
``plausible_org(name) -> bool``
    Whether a string can be an organisation's name at all: not empty, not a URL, not a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml
from publicsuffixlist import PublicSuffixList

__all__ = [
    "has_legal_suffix",
    "masthead_name",
    "org_forms",
    "org_from_addresses",
    "org_from_domain",
    "org_from_sentences",
    "org_from_title",
    "org_key",
    "org_name_from_slug",
    "plausible_org",
    "spell_slug",
]


@dataclass(frozen=True)
class _Tables:
    legal: tuple[tuple[str, ...], ...]
    board: tuple[tuple[str, ...], ...]
    joiners: frozenset[str]
    min_initials: int
    host_prefixes: frozenset[str]
    tenants: tuple[re.Pattern[str], ...]
    shared_hosts: frozenset[str]
    org_nouns: frozenset[str]
    not_names: frozenset[str]
    qualifiers: tuple[tuple[str, ...], ...]
    masthead: re.Pattern[str]
    role_words: frozenset[str]


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_fold(text).split())


@cache
def _tables() -> _Tables:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("rolecall").joinpath("data", "orgs.yaml").read_text("utf-8")
    )

    def suffixes(key: str) -> tuple[tuple[str, ...], ...]:
        # Longest first, so "gmbh & co kg" goes before "kg".
        return tuple(sorted({_tokens(s) for s in raw[key]} - {()}, key=len, reverse=True))

    tenants = []
    for pattern in raw["tenant_patterns"]:
        rx = re.escape(pattern).replace(re.escape("{org}"), r"(?P<org>[\w-]+)").replace(r"\*", r"[\w-]+")
        tenants.append(re.compile(rf"^(?:[\w-]+\.)*?{rx}(?:[/?#.]|$)", re.I))
    return _Tables(
        legal=suffixes("legal_suffixes"),
        board=suffixes("board_suffixes"),
        joiners=frozenset(_fold(j) for j in raw["joiners"]),
        min_initials=int(raw["min_initials"]),
        host_prefixes=frozenset(raw["host_prefixes"]),
        tenants=tuple(tenants),
        shared_hosts=frozenset(raw["shared_hosts"]),
        org_nouns=frozenset(raw["org_nouns"]),
        not_names=frozenset(_fold(n) for n in raw["not_names"]),
        qualifiers=suffixes("qualifier_prefixes"),
        masthead=_masthead_pattern(raw["masthead_prefixes"], raw["masthead_suffixes"]),
        role_words=frozenset(_fold(w) for w in raw["role_words"]),
    )


def _masthead_pattern(prefixes: list[str], suffixes: list[str]) -> re.Pattern[str]:
    def alt(words: list[str]) -> str:
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))

    return re.compile(
        rf"^(?:(?:{alt(prefixes)})\s+(?P<a>\S.{{0,60}}?)|(?P<b>\S.{{0,60}}?)(?:\s+[-|–—·]\s+|\s+)(?:{alt(suffixes)}))"
        r"\s*[!.]?$",
        re.I,
    )


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


# ---------------------------------------------------------------------------------------------------------
# Keys and forms


def _fold(text: str) -> str:
    """Lower case, accents off, '&' as 'and', dots and apostrophes dropped, other punctuation a space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"['’.]", "", text)
    return " ".join(re.sub(r"[^\w/]+|_", " ", text).replace("/", " / ").split()).replace(" / ", "/")


_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_DOMAIN_NAME = re.compile(r"^[a-z0-9][\w-]*(?:\.[a-z]{2,})+$", re.I)


def _strip_tail(words: list[str], table: tuple[tuple[str, ...], ...]) -> bool:
    for suffix in table:
        n = len(suffix)
        if len(words) > n and tuple(words[-n:]) == suffix:
            del words[-n:]
            return True
    return False


def _core_words(name: str) -> list[str]:
    name = name.strip()
    if _DOMAIN_NAME.match(name):  # "Resin.io", "NS8.com": the name is the domain's label
        name = _domain_label(name.lower()) or name
    words = _fold(_PARENS.sub(" ", name)).split()
    t = _tables()
    while _strip_tail(words, t.legal) or _strip_tail(words, t.board):
        pass
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return words


def has_legal_suffix(name: str) -> bool:
    """Whether the name ends in a legal form ("Center for Internet Security, Inc.", "Globex GmbH")."""
    words = _fold(_PARENS.sub(" ", name)).split()
    return _strip_tail(words, _tables().legal)


def masthead_name(line: str) -> str | None:
    """'Careers at Acme', 'Acme Careers', 'Jobs at Acme', 'Acme - Jobs': the employer a careers site's
    masthead names, as written; None for any other line."""
    m = _tables().masthead.match(line.strip())
    if not m:
        return None
    name = _clean_name((m.group("a") or m.group("b") or "").strip(" -|–—·"))
    return name if name and len(name.split()) <= 6 else None


def org_key(name: str) -> str:
    """The comparable form of an organisation's name (see the module docstring)."""
    return " ".join(_core_words(name))


def org_forms(name: str) -> frozenset[str]:
    """The forms a candidate may type for this organisation, each in ``org_key`` form."""
    words = _core_words(name)
    if not words:
        return frozenset()
    t = _tables()
    forms = {" ".join(words), "".join(words)}
    whole = _fold(_PARENS.sub(" ", name))
    if whole:
        forms.add(whole)
    variants = [words]
    for prefix in t.qualifiers:  # "U.S. Immigration and Customs Enforcement" is also "ICE"
        if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
            variants.append(words[len(prefix) :])
            forms.add(" ".join(words[len(prefix) :]))
    for variant in variants:
        significant = [w for w in variant if w not in t.joiners]
        if len(significant) >= t.min_initials:
            forms.add("".join(w[0] for w in significant))
    for inner in re.findall(r"[(\[]([^)\]]*)[)\]]", name):
        inner = inner.strip()
        if re.fullmatch(r"[A-Z][A-Za-z&.]{1,9}", inner) and sum(c.isupper() for c in inner) >= 2:
            forms.add(_fold(inner))  # "Center for Internet Security (CIS)"
    return frozenset(f for f in forms if f)


# ---------------------------------------------------------------------------------------------------------
# Domains


def _host_and_path(url_or_host: str) -> tuple[str, str]:
    s = url_or_host.strip().strip("<>()[]\"'")
    if "@" in s and "/" not in s.split("@", 1)[0]:
        s = s.split("@", 1)[1]  # an e-mail address: its domain
    if "://" not in s:
        s = "//" + s
    try:
        parts = urlsplit(s)
    except ValueError:
        return "", ""
    host = (parts.hostname or "").lower().rstrip(".")
    return host, parts.path or ""


def _domain_label(host: str) -> str | None:
    """'www.researchaffiliates.com' -> 'researchaffiliates'; 'x.notion.site' -> 'x'; 'co.uk' -> None."""
    private = _psl().privatesuffix(host)
    public = _psl().publicsuffix(host)
    if not private or not public or private == public:
        return None
    return private[: -len(public) - 1].split(".")[-1] or None


def _registrable(host: str) -> str:
    return _psl().privatesuffix(host) or host


def _tenant(host: str, path: str) -> str | None:
    where = host + path
    for rx in _tables().tenants:
        m = rx.match(where)
        if m:
            return m.group("org")
    return None


def org_from_domain(url_or_host: str, text: str = "") -> str | None:
    """The employer a URL, host or e-mail address names, spelt as ``text`` spells it (module docstring)."""
    host, path = _host_and_path(url_or_host)
    if not host or "." not in host or re.fullmatch(r"[\d.]+", host):
        return None
    t = _tables()
    slug = _tenant(host, path)
    if slug is None:
        registrable = _registrable(host)
        # A platform's own domain, or a tenant subdomain of one the PSL lists ("acme.github.io").
        base = _psl().publicsuffix(host) or ""
        if registrable in t.shared_hosts or base in t.shared_hosts or host in t.shared_hosts:
            return None
        slug = _domain_label(host)
        if slug is None or slug in t.host_prefixes:
            return None
    return spell_slug(slug, text) or org_name_from_slug(slug)


def org_from_addresses(addresses: Iterable[str], *texts: str) -> str | None:
    """The first address (URL, host or e-mail) that names an employer, spelt as the texts spell it."""
    text = "\n".join(t for t in texts if t)
    for address in addresses:
        name = org_from_domain(address, text)
        if name:
            return name
    return None


def org_name_from_slug(slug: str) -> str:
    """'event-horizon-labs' -> 'Event Horizon Labs'; 'smarterdx' -> 'Smarterdx' (when no text spells it)."""
    pieces = [p for p in re.split(r"[-_]+", slug) if p]
    if len(pieces) > 1:
        return " ".join(p.capitalize() for p in pieces)
    return slug.capitalize() if slug.islower() else slug


def spell_slug(slug: str, text: str) -> str | None:
    """A slug spelt as the text spells it ('smarterdx' -> 'SmarterDx'), or None when the text never does."""
    letters = re.sub(r"[^a-z0-9]", "", slug.lower())
    if not letters or not text:
        return None
    pattern = re.compile(
        r"(?<![\w.@/-])" + r"[ \-.]?".join(map(re.escape, letters)) + r"(?![\w@/-]|\.\w)", re.I
    )
    seen: Counter[str] = Counter()
    for m in pattern.finditer(text):
        seen[m.group(0)] += 1
    if not seen:
        return None
    # Prefer a spelling with capitals ("OpenEvidence", "Research Affiliates") over a lower-case mention.
    return max(seen, key=lambda s: (any(c.isupper() for c in s), seen[s], " " in s))


# ---------------------------------------------------------------------------------------------------------
# Sentences

_WORD = r"[A-Z0-9][\w&.'’+-]*"
_LINK_WORD = r"(?:of|for|and|the|&|de|la|du|des|von|van|y)"
_NAME = rf"(?P<name>{_WORD}(?:\s+(?:{_WORD}|{_LINK_WORD})){{0,5}})"
# A parenthesis after the name: a YC batch ("(YC W23)") or the organisation's acronym ("(PIF)").
_PAREN = r"(?:\s*\((?:YC|Y\s+Combinator)[^)]{0,30}\)|\s+\((?P<abbr>[A-Z][\w.&]{1,9})\))?"
_HIRING_VERB = (
    r"\s+(?:(?:is|are)\s+(?:now\s+|actively\s+|currently\s+)?(?:hiring|looking\s+for|seeking|building)\b"
    r"|will\s+soon\s+be\s+(?:accepting|hiring)\b)"
)
_HIRING_START_RX = re.compile(rf"^{_NAME}{_PAREN}{_HIRING_VERB}", re.I)  # "telli is hiring" opens a sentence
_HIRING_RX = re.compile(rf"(?<!\S){_NAME}{_PAREN}{_HIRING_VERB}")  # "... roles Distark is hiring": a capital
_AT_RX = re.compile(rf"\bAt\s+{_NAME}\s*,\s*(?:we|our|you|everyone|people)\b")
_WE_ARE_RX = re.compile(rf"\b[Ww]e(?:'re|’re|\s+are)\s+{_NAME}(?=\s*(?:[,;:.!(—–-]|$|\s+and\b))")
# "Acme is a ...", also after an opening clause: "Backed by Sequoia, Acme is the ... platform".
_IS_A_RX = re.compile(
    rf"^(?:[^,]{{3,60}},\s+)?{_NAME}{_PAREN}\s+is\s+(?:a|an|the|one\s+of)\b(?P<rest>.{{0,160}})"
)
_JOIN_RX = re.compile(rf"\b[Jj]oin\s+{_NAME}")
_APPOSITIVE_RX = re.compile(rf"\b(?:at|for|with|by)\s+{_NAME}\s*,\s+(?:a|an|the)\b(?P<rest>.{{0,160}})")
# Passing mentions, read only when no sentence introduces the organisation: "We're hiring a Designer
# for Acme", "working at Acme", "a career at Acme".
_MENTION_RX = re.compile(
    r"\b(?i:(?:we'?re|we’re|we\s+are)\s+hiring\s+(?!for\b)\S[^.]{0,80}?\s(?:for|at)|(?:working|work|career)\s+(?:at|for))"
    rf"\s+{_NAME}"
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n+")
_MAX_SENTENCES = 15
_NOUN_WINDOW = 14  # words after "is a" within which the organisation noun must come


def _clean_name(raw: str, *, acronym: bool = False) -> str | None:
    t = _tables()
    words = raw.strip().rstrip(".,;:'’").split()
    while words and _fold(words[-1]) in t.joiners:
        words.pop()
    if words and re.search(r"['’]s$", words[-1]):
        words[-1] = re.sub(r"['’]s$", "", words[-1])
    if len(words) > 1 and words[0] in ("The", "the"):
        words = words[1:]  # "The Centers of Excellence is ...": the name is "Centers of Excellence"
        if not re.match(r"[A-Z0-9]", words[0]):
            return None  # "The focus is building ...": no name
    name = " ".join(words).strip(" -")
    if not name:
        return None
    folded = _fold(name)
    if folded in t.not_names or folded.split()[0] in t.not_names:
        return None
    # A role word rules a name out ("The Senior Engineer is a key hire") unless an acronym in brackets
    # marks it as an organisation ("Presidential Innovation Fellows (PIF) is ...").
    if not acronym and set(folded.split()) & t.role_words:
        return None
    return name if plausible_org(name) else None


def _mentions_org_noun(rest: str) -> bool:
    words = [w.strip(",.;:()'’\"").lower() for w in rest.split()[:_NOUN_WINDOW]]
    return any(w in _tables().org_nouns for w in words)


def _introductions(sentence: str) -> list[re.Match[str]]:
    """Matches of the patterns by which a sentence introduces an organisation, strongest first."""
    found: list[re.Match[str] | None] = [_HIRING_START_RX.match(sentence) or _HIRING_RX.search(sentence)]
    found += [_AT_RX.search(sentence), _WE_ARE_RX.search(sentence)]
    m = _IS_A_RX.match(sentence)
    found.append(m if m and _mentions_org_noun(m.group("rest")) else None)
    m = _APPOSITIVE_RX.search(sentence)  # "an engineer at Falconer, a well-funded SF startup"
    found.append(m if m and _mentions_org_noun(m.group("rest")) else None)
    found.append(_JOIN_RX.search(sentence))
    return [m for m in found if m]


def org_from_sentences(text: str, *, mentions: bool = True) -> str | None:
    """The organisation a text introduces itself as (module docstring), or None. ``mentions=False``
    leaves out passing mentions (for readers that have a stronger cue next, such as a link's domain)."""
    sentences = [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()][:_MAX_SENTENCES]
    for sentence in sentences:
        for m in _introductions(sentence):
            name = _clean_name(m.group("name") or "", acronym=bool(m.groupdict().get("abbr")))
            if name:
                return name
    for sentence in sentences if mentions else []:  # none introduces one: a passing mention will do
        m = _MENTION_RX.search(sentence)
        name = _clean_name(m.group("name")) if m else None
        if name:
            return name
    return None


_ORG_PREFIX = re.compile(r"^(?P<org>[^:]{2,60}?)(?:\s*:\s+|\s+[-–—|]\s+)(?P<role>\S.*)$")


def org_from_title(title: str) -> str | None:
    """'18F: Product Director' / 'Login.gov - Engineer' -> the organisation before the separator, unless
    that part reads like a role ('Software Engineer: Payments', 'Upcoming Role - Data Lead')."""
    m = _ORG_PREFIX.match(title.strip())
    if not m:
        return None
    org = m.group("org").strip()
    words = {_fold(w) for w in re.findall(r"[\w-]+", org)}
    if not words or words & _tables().role_words or len(words) > 6:
        return None
    return org


# ---------------------------------------------------------------------------------------------------------
# Plausibility

_SENTENCE_WORDS = re.compile(
    r"\b(?:is|are|was|were|we|we're|our|you|your|i|i'm|my|looking|seeking|please|will|would|can|have|has)\b",
    re.I,
)


def plausible_org(name: str) -> bool:
    """Whether ``name`` can be an organisation's name: short, not a URL or e-mail, not a sentence."""
    s = name.strip()
    if not s or len(s) > 60 or len(s.split()) > 7:
        return False
    if re.search(r"://|www\.|@|\.\w+/", s):
        return False
    if _SENTENCE_WORDS.search(s) or s.endswith(("?", ":")):
        return False
    return bool(re.search(r"\w", s))
