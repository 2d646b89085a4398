"""Finding one posting from what a person typed: its id, or words of its title.

Shared by ``/roles show`` (Slack and the console) and ``rolecall show``, so both accept the same input.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rolecall.postings.model import Posting

if TYPE_CHECKING:
    from rolecall.answer.engine import Engine


MIN_ID_FRAGMENT = 3  # shorter fragments of an id match too many ids to help


def find_posting(engine: Engine, words: str, *, today: date, limit: int = 5) -> Posting | list[Posting]:
    """The posting ``words`` names: an id (bare or in backticks), else the only posting the words find,
    else the only one among them whose title is exactly the words. Otherwise the candidates, best first;
    when the words find nothing, the postings whose id contains them (a mistyped or partial id)."""
    words = words.strip()
    posting = engine.get(words) or engine.get(words.strip("`"))
    if posting is not None:
        return posting
    matches = engine.find(words, limit=limit, today=today)
    if not matches and len(words) >= MIN_ID_FRAGMENT:
        fragment = words.strip("`").casefold()
        matches = [p for p in engine.postings if fragment in p.id.casefold()][:limit]
        return matches
    if len(matches) == 1:
        return matches[0]
    lowered = words.casefold()
    exact = [p for p in matches if p.title.casefold() == lowered]
    return exact[0] if len(exact) == 1 else matches
