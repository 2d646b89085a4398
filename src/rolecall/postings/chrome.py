"""Page cues by shape: which short lines of a scraped job page are the site's chrome, which are labels.

The vocabularies (labels per field, button verbs, status labels, count nouns, upsell and cookie
phrases, announcement prefixes) live in ``rolecall/data/page_cues.yaml``; this module applies them to
a line's shape: a short line that is a button caption ("Apply now", "Alle Veröffentlichungen
anzeigen"), a status stamp ("Promoted"), a count or an age ("143 applicants", "3 days ago"), a rating
("4.1 ★"), or an
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
# An employer rating a board prints beside its name: "4.1 ★", "3.9 out of 5 stars", "4.2/5".
_RATING = re.compile(r"\d(?:[.,]\d)?\s*(?:★+|☆+|stars?|/\s*5|out\s+of\s+5(?:\s+stars?)?)(?:\s*★+)?")
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
    type_filler: frozenset[str]
    section_headings: frozenset[str]
    department_words: frozenset[str]
    place_cue: re.Pattern[str]
    generic_cctlds: frozenset[str]
    role_praise: frozenset[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _lower_set(words: list[Any]) -> frozenset[str]:
    return frozenset(str(w).lower() for w in words)


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
        # An underscore joins words in some titles ("Sales Manager_Chinese Vertical"): not a letter here.
        role_words=re.compile(
            rf"(?<![^\W_])(?:{_alternation(raw['role_words'])})(?:in|innen|s)?(?![^\W_])", re.I
        ),
        status=frozenset(str(v).lower() for v in raw["status_labels"]),
        count=re.compile(
            rf"^(?:over\s+|more\s+than\s+|about\s+|posted\s+|reposted\s+|·\s*)?[\d,.]+\+?\s*(?:k\s+)?"
            rf"(?:(?:{count_nouns})\b|(?:{ages})\s+ago\b)",
            re.I,
        ),
        phrases=re.compile(rf"\b(?:{_alternation(raw['chrome_phrases'])})\b", re.I),
        job_words=re.compile(rf"\b(?:{_alternation(raw['job_words'])})\b", re.I),
        type_filler=_lower_set(raw["employment_type_filler"]),
        section_headings=frozenset(" ".join(str(h).lower().split()) for h in raw["section_headings"]),
        department_words=_lower_set(raw["department_words"]),
        place_cue=re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(raw['place_cue_words'])})\s+"
            r"(?P<p>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,2})",
            re.I,
        ),
        generic_cctlds=_lower_set(raw["generic_cctlds"]),
        role_praise=_lower_set(raw["role_praise"]),
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
    if c.count.match(s) or _RATING.fullmatch(s):
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
