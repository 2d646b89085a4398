"""Page cues by shape: which short lines of a scraped job page are the site's chrome, which are labels.

The vocabularies (labels per field, button verbs, status labels, count nouns, upsell and cookie
phrases, announcement prefixes) live in ``rolecall/data/page_cues.yaml``; this module applies them to
a line's shape: a short line that is a button caption ("Apply now", "Alle Veröffentlichungen
anzeigen"), a status stamp ("Promoted"), a count or an age ("143 applicants", "3 days ago"), or an
upsell/cookie/sign-up line is chrome; a line with a role word ("Open Source Engineer") never is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_CAPTION_MAX_WORDS = 7
_CHROME_MAX_CHARS = 90


@dataclass(frozen=True)
class Cues:
    labels: dict[str, str]  # normalised label -> field name
    announcement: re.Pattern[str]
    ui_verbs: frozenset[str]
    role_words: re.Pattern[str]
    status: frozenset[str]
    count: re.Pattern[str]
    phrases: re.Pattern[str]
    job_words: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def cues() -> Cues:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("rolecall").joinpath("data", "page_cues.yaml").read_text("utf-8")
    )
    labels = {str(label).lower(): field for field, group in raw["labels"].items() for label in group}
    count_nouns = _alternation(raw["count_nouns"])
    ages = _alternation(raw["age_units"])
    return Cues(
        labels=labels,
        announcement=re.compile(rf"^(?:{_alternation(raw['announcement_prefixes'])})\s*[:\-–—|]?\s+", re.I),
        ui_verbs=frozenset(str(v).lower() for v in raw["ui_verbs"]),
        role_words=re.compile(rf"\b(?:{_alternation(raw['role_words'])})(?:in|innen|s)?\b", re.I),
        status=frozenset(str(v).lower() for v in raw["status_labels"]),
        count=re.compile(
            rf"^(?:over\s+|more\s+than\s+|about\s+|posted\s+|reposted\s+|·\s*)?[\d,.]+\+?\s*(?:k\s+)?"
            rf"(?:(?:{count_nouns})\b|(?:{ages})\s+ago\b)",
            re.I,
        ),
        phrases=re.compile(rf"\b(?:{_alternation(raw['chrome_phrases'])})\b", re.I),
        job_words=re.compile(rf"\b(?:{_alternation(raw['job_words'])})\b", re.I),
    )


def label_field(label: str) -> str | None:
    """'Job ID' -> 'job_id'; 'Ende der Bewerbungsfrist' -> 'valid_through'; unknown labels -> None."""
    return cues().labels.get(" ".join(label.lower().split()).rstrip(":"))


def has_role_word(text: str) -> bool:
    return bool(cues().role_words.search(text))


def is_caption(line: str) -> bool:
    """A button or link caption: a few words with a UI verb first or last, and no role word."""
    words = line.strip().rstrip(".!›»>→").split()
    if not words or len(words) > _CAPTION_MAX_WORDS or has_role_word(line):
        return False
    first, last = words[0].lower().strip("›»<>→"), words[-1].lower().strip("›»<>→")
    return first in cues().ui_verbs or last in cues().ui_verbs


def is_chrome_line(line: str) -> bool:
    """A short line that is site chrome by its shape: caption, status stamp, count/age, upsell/cookie."""
    s = " ".join(line.split())
    if not s or len(s) > _CHROME_MAX_CHARS or re.search(r"[.!?]\s+\S", s):
        return False  # long lines and sentences are content
    c = cues()
    if s.lower().strip(" ·•|") in c.status:
        return True
    if c.count.match(s):
        return True
    if has_role_word(s):
        return False
    return is_caption(s) or bool(c.phrases.search(s))


def strip_announcement(title: str) -> str:
    """'Stellenausschreibung: Redakteur:in' -> 'Redakteur:in'; other titles unchanged."""
    stripped = cues().announcement.sub("", title.strip(), count=1)
    return stripped or title


def is_job_text(text: str) -> bool:
    """Whether a text speaks of a job at all (one job or role word is enough)."""
    return bool(cues().job_words.search(text)) or has_role_word(text)
