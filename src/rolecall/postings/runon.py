"""Job-page text a scraper ran into one paragraph: label/value fields and site menus.

A job board renders its facts as a card ("$150K - $200K • 2% • Austin, TX, US", then "Job type
Full-time", "Experience 3+ years", "Visa Will sponsor") and wraps it in the site's menu. Copied as
text, the card's labels lose their colons and everything lands in one paragraph. This module finds such
runs and rewrites them as "Label: value" lines that the rest of the pipeline already reads (locations,
pay, experience, sponsorship), and drops menu runs that say nothing about the job.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rolecall.postings import locations as loc_mod
from rolecall.postings.extract import pay_in
from rolecall.postings.text import Block

# Labels as job cards print them: capitalised, without a colon. Only labels whose value is short.
_CARD_LABELS = (
    "Employment type",
    "Job type",
    "Location",
    "Locations",
    "Experience",
    "Visa",
    "Sponsorship",
    "Citizenship",
    "Salary",
    "Compensation",
    "Role",
    "Seniority",
    "Department",
    "Workplace",
    "Start date",
    "Seniority level",
    "Job function",
    "Industries",
)
# Longest label first, so "Seniority level" is not read as "Seniority" with the value "level ...".
_LABEL_RE = re.compile(
    r"(?<![\w/-])(?P<label>"
    + "|".join(re.escape(x) for x in sorted(_CARD_LABELS, key=len, reverse=True))
    + r")(?=\s+\S)"
)
_MAX_VALUE_WORDS = 8
_SUMMARY_LABELS = ("Salary", "Equity", "Location")


def is_card_label(name: str) -> bool:
    """Whether a name is one of the labels a job card prints ('Job type', 'Visa', 'Equity'...)."""
    key = name.strip().lower()
    return any(key == x.lower() for x in (*_CARD_LABELS, *_SUMMARY_LABELS))


_CARD_SEP = re.compile(r"\s+[•·]\s+")


@dataclass(frozen=True)
class Card:
    """A run of card fields inside a paragraph: text before and after, and the fields as written."""

    before: str
    fields: list[tuple[str, str]]
    after: str


# Words that make a run of text a sentence rather than a card value ("Location matters less than ...").
_SENTENCE_WORD = re.compile(
    r"\b(?:the|than|is|are|was|were|be|been|you|we|our|your|they|it|will|can|should|must|of|to|with|"
    r"matters?|counts?|means?|do|does|here|there)\b"
)


def _is_value(gap: str) -> bool:
    return (
        bool(gap)
        and len(gap.split()) <= _MAX_VALUE_WORDS
        and not re.search(r"[.!?](?:\s|$)", gap)
        and not _SENTENCE_WORD.search(gap)
    )


def _last_value_end(value: str) -> int:
    """Where the card's last value stops: where the next sentence starts ('US citizen/visa only Connect
    directly ...': a capitalised word after a lowercase one, or the capitalised word before the first
    sentence word), or after a few words."""
    words = list(re.finditer(r"\S+", value))[:_MAX_VALUE_WORDS]
    for i, w in enumerate(words):
        text = w.group(0)
        if i and text[:1].isupper() and words[i - 1].group(0)[:1].islower():
            return words[i - 1].end()
        if i and _SENTENCE_WORD.fullmatch(text.lower().strip(",;:")):
            j = i - 1
            while j > 0 and not words[j].group(0)[:1].isupper():
                j -= 1
            return words[j - 1].end() if j > 0 else 0
    return words[-1].end() if words else 0


def find_card(text: str) -> Card | None:
    """Two or more colon-less card labels in a row, each with a short value, -> a Card; else None."""
    hits = list(_LABEL_RE.finditer(text))
    if len(hits) < 2:
        return None
    # Longest chain of labels whose gaps (the values) read as values, not sentences.
    best: list[re.Match[str]] = []
    chain: list[re.Match[str]] = [hits[0]]
    for prev, cur in itertools.pairwise(hits):
        if _is_value(text[prev.end() : cur.start()].strip()):
            chain.append(cur)
        else:
            best = chain if len(chain) > len(best) else best
            chain = [cur]
    best = chain if len(chain) > len(best) else best
    if len(best) < 2:
        return None
    fields = [(m.group("label"), text[m.end() : nxt.start()].strip()) for m, nxt in itertools.pairwise(best)]
    last = best[-1]
    tail = text[last.end() :].lstrip()
    end = _last_value_end(tail)
    if _is_value(tail[:end].strip()):
        fields.append((last.group("label"), tail[:end].strip()))
        after = tail[end:].strip()
    else:  # the last label starts a sentence ("Experience with Rust is a plus"): the card ends before it
        if len(fields) < 2:
            return None
        after = text[last.start() :].strip()
    return Card(before=text[: best[0].start()].strip(), fields=fields, after=after)


def _summary_fields(before: str) -> tuple[str, list[tuple[str, str]]]:
    """The card's bullet line just above its labels ('... Engineer $240K - $300K • 0.1% - 1% • Austin, TX')
    -> (text left before it, [('Salary', ...), ('Equity', ...), ('Location', ...)])."""
    parts = _CARD_SEP.split(before)
    if len(parts) < 2:
        return before, []
    fields: list[tuple[str, str]] = []
    lead = parts[0]
    pay = pay_in(lead, require_context=False)
    if pay is not None:
        m = _TRAILING_RANGE.search(lead)  # the pay range ends the run-on text before the bullets
        if m:
            fields.append(("Salary", m.group(0).strip()))
            lead = lead[: m.start()].strip()
    for part in parts[1:]:
        part = part.strip()
        if re.fullmatch(r"[\d.]+%\s*(?:[-–]\s*[\d.]+%)?", part):
            fields.append(("Equity", part))
            continue
        locs = loc_mod.parse_locations(part)
        if locs and all(loc_mod.is_recognised_place(x) for x in locs):
            fields.append(("Location", part))
            continue
        if pay_in(part, require_context=False) is not None:
            fields.append(("Salary", part))
            continue
        return before, []  # not a card's summary line: leave the text as written
    return lead, fields


_TRAILING_RANGE = re.compile(r"[$€£]\s?\d[\d,.]*\s?[kKmM]?(?:\s*[-–]\s*[$€£]?\s?\d[\d,.]*\s?[kKmM]?)?\s*$")

# Menus: a long run of capitalised words with no sentence in it, naming the site's own pages.
_MENU_WORD = re.compile(
    r"^(?:menu|about|blog|faq|home|login|log|sign|careers|contact|companies|resources|partners|"
    r"newsletter|directory|library|people|jobs|apply|pricing|events|press|investors)$",
    re.I,
)
_MENU_MIN_WORDS = 12
_JOINERS = frozenset({"a", "at", "for", "in", "of", "to", "the", "&", "and"})


def strip_menu(text: str) -> str:
    """Drop runs of 12+ capitalised words (small joiners allowed) that name at least three site pages."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and (
            words[j][:1].isupper() or words[j] in _JOINERS or bool(_MENU_WORD.match(words[j]))
        ):
            if re.search(r"[.!](?:$|\s)", words[j]):
                break
            j += 1
        run = words[i:j]
        if len(run) >= _MENU_MIN_WORDS and sum(bool(_MENU_WORD.match(w.strip("?,"))) for w in run) >= 3:
            # A run that ends right before lowercase text ends with that sentence's first word.
            i = j - 1 if j < len(words) and words[j][:1].islower() else j
            continue
        out.append(words[i])
        i += 1
    return re.sub(r"\s*[|•·]\s*$", "", " ".join(out)).strip()


def expand_card_blocks(blocks: list[Block]) -> list[Block]:
    """Paragraphs holding a run-together job card -> text before, one 'Label: value' block per field,
    text after; menu runs dropped. Other blocks are kept as they are."""
    out: list[Block] = []
    for b in blocks:
        card = find_card(b.text) if b.kind == "para" else None
        if card is None:
            text = strip_menu(b.text) if b.kind == "para" else b.text
            if text:
                out.append(b if text == b.text else Block("para", text))
            continue
        before, summary = _summary_fields(card.before)
        before = strip_menu(before)
        if before:
            out.append(Block("para", before))
        out.extend(Block("para", f"{label}: {value}") for label, value in [*summary, *card.fields] if value)
        if card.after:
            out.append(Block("para", card.after))
    return out
