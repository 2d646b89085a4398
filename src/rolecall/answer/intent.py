"""What a question asks: the intent (location, requirements, eligibility, details, discovery) and facets.

A facet is one specific thing asked ("pay", "sponsorship", "job_id"); a question may ask several ("is it
part time and what does it pay?"). Facets are recognised from the candidate's words with the phrasings of
each facet's table (``rolecall/data/facets/*.yaml``), written for how people ask, not for any posting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rolecall.answer import vocab
from rolecall.answer.model import Intent

# facet -> (intent it belongs to, question pattern), in rank order (the data files in rolecall/data/facets).
FACETS: dict[str, tuple[Intent, re.Pattern[str]]] = {
    name: (f.intent, f.asks) for name, f in vocab.facets().items() if f.asks is not None
}

# How people ask for a list of roles rather than about one posting.
_DISCOVERY = vocab.phrases()["listing"]
# Duties asked in so many words, not only by "what ... do?".
_STRONG_DUTIES = vocab.facets()["duties"].table("strong_asks")


@dataclass(frozen=True)
class Parsed:
    question: str
    intent: Intent
    facets: tuple[str, ...] = field(default=())
    listing: bool = False  # phrased as "which roles ...?", a discovery question


# A facet's ``unless`` table: phrasings that look like asking it but ask something else.
_UNLESS = {name: f.tables["unless"] for name, f in vocab.facets().items() if "unless" in f.tables}


def facets_of(question: str) -> list[str]:
    # "fully in office?" asks how the role is worked, not where: the workplace words are not read again
    # as a question about the location.
    unworkplace = FACETS["remote"][1].sub(" ", question)
    return [
        name
        for name, (_, pattern) in FACETS.items()
        if pattern.search(unworkplace if name == "location" else question)
        and not (name in _UNLESS and _UNLESS[name].search(question) and not _HOW_TO_APPLY.search(question))
    ]


_HOW_TO_APPLY = re.compile(r"\bhow\b.{0,30}\bapply\b|\bwhere\b.{0,20}\bapply\b", re.IGNORECASE)


def read(masked: str) -> tuple[tuple[str, ...], Intent]:
    """The facets a question asks and the intent they belong to; ``masked`` is the question with the
    employers' names replaced by a neutral word."""
    facets = facets_of(masked)
    # "what do they do for visas?" asks the other facet; a bare "what would I do?" asks the duties.
    others = [f for f in facets if f not in ("duties", "requirements", "location")]
    if "duties" in facets and others and not _STRONG_DUTIES.search(masked):
        facets.remove("duties")
    # "requirements" and "experience" are catch-alls; a more specific facet beside them decides the intent.
    specific = [f for f in facets if f not in ("requirements", "location")]
    if "experience" in specific and len(specific) > 1:
        specific = [f for f in specific if f != "experience"]
    primary = specific[0] if specific else (facets[0] if facets else "requirements")
    return tuple(facets), FACETS[primary][0]


def is_listing(question: str) -> bool:
    """Phrased as a search for roles ("which internships are in Seattle?", "jobs in berlin?")."""
    return bool(_DISCOVERY.search(question))


def parse(question: str, *, mask: list[tuple[int, int]] | None = None) -> Parsed:
    """``mask``: spans of the question (company names) that facet patterns must not read."""
    masked = question
    for s, e in sorted(mask or [], reverse=True):
        # A neutral word keeps the sentence's shape ("is the org intern open?") for the patterns.
        masked = masked[:s] + "org" + masked[e:]
    facets, intent = read(masked)
    return Parsed(question=question, intent=intent, facets=facets, listing=is_listing(question))
