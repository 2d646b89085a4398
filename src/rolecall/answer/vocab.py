"""The facet vocabularies, loaded from the package's data files: one table per facet.

``rolecall/data/facets/<facet>.yaml`` holds how candidates ask a facet (``asks``), the posting sentences
that answer it (``cues``), what to say when the posting is silent (``silent``), the intent the facet
belongs to and its ``rank`` (the first specific facet asked decides a question's intent), plus any tables
only that facet uses (``terms`` for pay, ``headings`` for duties and requirements...). Every pattern is a
regular expression matched case-insensitively (``(?-i:...)`` where capitals matter).
``rolecall/data/phrases.yaml`` holds the phrasings shared by all facets (negations, listing questions).

Adding a facet is adding a file; the code that answers it can start with the generic "quote the closest
cue sentences" and grow a handler in ``compose.py`` only when the facet has structured facts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from rolecall.answer.model import Intent
from rolecall.errors import ConfigError

_KNOWN_KEYS = frozenset({"intent", "rank", "silent", "asks", "cues", "cues_like"})


class VocabularyError(ConfigError):
    """A vocabulary file of the package is malformed: names the file and why."""


@dataclass(frozen=True)
class Facet:
    name: str
    intent: Intent
    rank: int
    silent: str | None
    asks: re.Pattern[str] | None  # None: never asked directly (a facet the engine adds itself)
    cues: re.Pattern[str] | None
    tables: Mapping[str, re.Pattern[str]] = field(default_factory=dict)

    def table(self, name: str) -> re.Pattern[str]:
        return self.tables[name]


def alternation(patterns: list[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _patterns(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"{where}: '{key}' must be a list of regular expressions")
    for v in value:
        try:
            re.compile(v)
        except re.error as e:
            raise VocabularyError(f"{where}: '{key}' has a bad pattern {v!r}: {e}") from None
    return value


def _compile(where: str, key: str, value: Any) -> re.Pattern[str] | None:
    pats = _patterns(where, key, value)
    return alternation(pats) if pats else None


def parse_facet(name: str, where: str, data: Any) -> tuple[Facet, str | None]:
    """One facet table; also the facet whose cues it shares (``cues_like``), if any."""
    if not isinstance(data, dict):
        raise VocabularyError(f"{where}: expected a mapping of intent, rank, asks, cues")
    try:
        intent = Intent(data.get("intent"))
    except ValueError:
        raise VocabularyError(
            f"{where}: 'intent' must be one of {', '.join(i.value for i in Intent)}"
        ) from None
    rank = data.get("rank")
    if not isinstance(rank, int):
        raise VocabularyError(f"{where}: 'rank' must be a whole number")
    silent = data.get("silent")
    if silent is not None and not isinstance(silent, str):
        raise VocabularyError(f"{where}: 'silent' must be a sentence")
    tables = {
        k: pat for k, v in data.items() if k not in _KNOWN_KEYS and (pat := _compile(where, k, v)) is not None
    }
    facet = Facet(
        name=name,
        intent=intent,
        rank=rank,
        silent=silent,
        asks=_compile(where, "asks", data.get("asks") or []),
        cues=_compile(where, "cues", data.get("cues") or []),
        tables=tables,
    )
    like = data.get("cues_like")
    if like is not None and not isinstance(like, str):
        raise VocabularyError(f"{where}: 'cues_like' must name another facet")
    return facet, like


@cache
def facets() -> dict[str, Facet]:
    """Every facet, in rank order."""
    root = resources.files("rolecall") / "data" / "facets"
    found: dict[str, Facet] = {}
    likes: dict[str, str] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        name = entry.name.removesuffix(".yaml")
        where = f"rolecall/data/facets/{entry.name}"
        try:
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            raise VocabularyError(f"{where}: not valid YAML ({e})") from None
        facet, like = parse_facet(name, where, data)
        found[name] = facet
        if like:
            likes[name] = like
    for name, like in likes.items():
        if like not in found or found[like].cues is None:
            raise VocabularyError(f"rolecall/data/facets/{name}.yaml: 'cues_like' names no facet with cues")
        f = found[name]
        found[name] = Facet(f.name, f.intent, f.rank, f.silent, f.asks, found[like].cues, f.tables)
    return dict(sorted(found.items(), key=lambda kv: (kv[1].rank, kv[0])))


@dataclass(frozen=True)
class Kind:
    """A kind of role a listing filters on: how questions ask it, how postings show it."""

    name: str
    asks: re.Pattern[str]
    cues: re.Pattern[str]
    words: str  # index words whose postings are checked with ``cues``
    hosts: tuple[str, ...] = ()  # web hosts publishing only this kind (".gov")
    type: str | None = None  # the structured employment type that also counts
    titles: bool = False  # every title is checked with the cues too
    excludes: tuple[str, ...] = ()  # a kind read as the absence of others ("experienced": no intern)


@cache
def kinds() -> dict[str, Kind]:
    """The kinds of ``rolecall/data/kinds.yaml`` (intern, new_grad, contract, federal...)."""
    where = "rolecall/data/kinds.yaml"
    text = (resources.files("rolecall") / "data" / "kinds.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise VocabularyError(f"{where}: not valid YAML ({e})") from None
    if not isinstance(data, dict):
        raise VocabularyError(f"{where}: expected a mapping of kinds")
    out: dict[str, Kind] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict):
            raise VocabularyError(f"{where}: kind '{name}' must be a mapping")
        asks = _compile(where, f"{name}.asks", spec.get("asks") or [])
        cues = _compile(where, f"{name}.cues", spec.get("cues") or [])
        if asks is None or cues is None or not isinstance(spec.get("words"), str):
            raise VocabularyError(f"{where}: kind '{name}' needs asks, cues and words")
        hosts = spec.get("hosts") or ""
        kind_type = spec.get("type")
        if not isinstance(hosts, str) or (kind_type is not None and not isinstance(kind_type, str)):
            raise VocabularyError(f"{where}: kind '{name}': hosts must be words, type a name")
        excludes = spec.get("excludes") or []
        if not isinstance(excludes, list) or not all(isinstance(x, str) for x in excludes):
            raise VocabularyError(f"{where}: kind '{name}': excludes must list other kinds")
        out[name] = Kind(
            name,
            asks,
            cues,
            spec["words"],
            tuple(hosts.split()),
            kind_type,
            bool(spec.get("titles")),
            tuple(excludes),
        )
    for name, kind in out.items():
        if any(x not in out for x in kind.excludes):
            raise VocabularyError(f"{where}: kind '{name}' excludes a kind that is not defined")
    return out


@dataclass(frozen=True)
class Family:
    """A kind of role named in a listing ("swe jobs"): any one of ``any_of`` in a posting makes it one."""

    name: str
    asks: re.Pattern[str]
    any_of: tuple[str, ...]


@cache
def families() -> dict[str, Family]:
    """The role families of ``rolecall/data/roles.yaml``."""
    where = "rolecall/data/roles.yaml"
    text = (resources.files("rolecall") / "data" / "roles.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise VocabularyError(f"{where}: not valid YAML ({e})") from None
    if not isinstance(data, dict):
        raise VocabularyError(f"{where}: expected a mapping of role families")
    out: dict[str, Family] = {}
    for name, spec in data.items():
        asks = _compile(where, f"{name}.asks", (spec or {}).get("asks") or [])
        any_of = (spec or {}).get("any_of")
        if asks is None or not isinstance(any_of, list) or not all(isinstance(a, str) for a in any_of):
            raise VocabularyError(f"{where}: family '{name}' needs asks and any_of (a list of words)")
        out[name] = Family(name, asks, tuple(any_of))
    return out


@cache
def words() -> dict[str, frozenset[str]]:
    """The word lists of ``rolecall/data/words.yaml`` (``generic_ask``, ``chatter``...), lower case."""
    where = "rolecall/data/words.yaml"
    text = (resources.files("rolecall") / "data" / "words.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise VocabularyError(f"{where}: not valid YAML ({e})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise VocabularyError(f"{where}: expected a mapping of names to space-separated words")
    return {k: frozenset(v.casefold().split()) for k, v in data.items()}


@cache
def phrases() -> dict[str, re.Pattern[str]]:
    """The shared phrasings (``negation``, ``listing``...), each as one pattern."""
    where = "rolecall/data/phrases.yaml"
    text = (resources.files("rolecall") / "data" / "phrases.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise VocabularyError(f"{where}: not valid YAML ({e})") from None
    if not isinstance(data, dict):
        raise VocabularyError(f"{where}: expected a mapping of named pattern lists")
    out: dict[str, re.Pattern[str]] = {}
    for key, value in data.items():
        pat = _compile(where, key, value)
        if pat is not None:
            out[key] = pat
    return out
