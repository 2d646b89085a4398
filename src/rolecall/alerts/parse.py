"""Reading an alert request: `/roles alert <filters> [schedule]`, or a DM such as "tell me when a remote
data internship opens". The filters and schedule are read by the digests' own parser
(:func:`rolecall.digest.subscriptions.parse_subscribe`), so an alert means exactly what a digest with the
same words would; only the DM's lead-in ("alert me about") and ending ("opens") are taken off here, from
the phrase lists in ``rolecall/data/alert_phrases.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from rolecall.digest.subscriptions import SubscribeRequest, parse_subscribe

DEFAULT_SCHEDULE = "daily"  # at most once a day unless the request names another schedule
_EDGE_PUNCT = " \t\n.!?,;:…"


@dataclass(frozen=True)
class Phrases:
    leads: re.Pattern[str]
    maybe_leads: re.Pattern[str]
    endings: re.Pattern[str]
    new_words: frozenset[str]


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({" ".join(w.casefold().split()) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    data = yaml.safe_load(files("rolecall.data").joinpath("alert_phrases.yaml").read_text(encoding="utf-8"))
    return Phrases(
        leads=re.compile(rf"^(?:{_alternation(data['leads'])})\b", re.IGNORECASE),
        maybe_leads=re.compile(rf"^(?:{_alternation(data['maybe_leads'])})\b", re.IGNORECASE),
        endings=re.compile(rf"(?:\s+(?:{_alternation(data['endings'])}))+$", re.IGNORECASE),
        new_words=frozenset(w.casefold() for w in data["new_words"]),
    )


def alert_words(message: str) -> str | None:
    """The words of a DM that asks for an alert, lead-in and ending taken off ("" = every new role);
    None when the message is not an alert request (then it is a question, answered as usual)."""
    text = " ".join(message.split()).strip(_EDGE_PUNCT)
    p = phrases()
    lead = p.leads.match(text)
    if lead is None:
        lead = p.maybe_leads.match(text)
        words = {w.casefold().strip(_EDGE_PUNCT) for w in text.split()}
        if lead is None or not (words & p.new_words or p.endings.search(text)):
            return None
    rest = text[lead.end() :].strip(_EDGE_PUNCT)
    return p.endings.sub("", rest).strip(_EDGE_PUNCT)


def parse_alert(text: str, *, default_tz: str, companies: Iterable[str] = ()) -> SubscribeRequest:
    """`<filters> [daily|weekdays|weekly <day>] [at HH:MM] [timezone]`; daily at 09:00 by default.

    The default schedule goes first, so a schedule the user names overrides it (the last one wins)."""
    return parse_subscribe(f"{DEFAULT_SCHEDULE} {text}", default_tz=default_tz, companies=companies)
