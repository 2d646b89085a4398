"""Extraction agreement: how much of what a structured source states can be read back from plain text.

    python -m benchmarks.extract                     # ../shared/data/wild (make bench-extract)
    python -m benchmarks.extract --wild DIR --json   # another folder; machine-readable output

For every wild posting whose source carries structured fields (JSON-LD pages, Greenhouse, Lever, Ashby,
community rows, and the ATS formats of issue 8), the posting is

1. read by its own adapter with prose enrichment switched off, so each field holds only what the
   source's structured fields say (the *truth*);
2. rendered to the plain text a scraped job page gives: a header block in one of ten layouts of real
   job sites (``LAYOUTS``: an ATS page, Greenhouse's "at Company", The Muse, LinkedIn's byline, Indeed,
   a startup board's "Role at Company | Site" card, Workday's and Ashby's label-over-value lines,
   Lever's "Company - Role" with its "Place / Type / Workplace" line, Glassdoor's employer over the
   title), chosen by the posting's id so a run is repeatable and every format meets every layout;
   each layout shows every field the source states, only the wording and order differ; then the
   description as the source has it (headings and passages; the adapters' own summary sections are
   left out);
3. parsed back with the plain-text page reader (``parse_payload(..., fmt="text")``, i.e. ``sources/page.py``
   and the shared extractor) — the benchmark imports the reader, it never copies it;
4. compared field by field. Agreement: company and title compare case- and punctuation-insensitively
   (typographic quotes as plain ones), company legal suffixes (Inc., LLC, GmbH...) ignored; places
   compare at the level the truth gives (its city, region and country are three separate rows, each
   over the postings whose truth has that part; a city's trailing "City" is ignored, as the place
   reader writes "New York City" for "New York, NY" and "New York" for an address's locality);
   workplace and employment type (the truth's first type among those read) and job id compare as values;
   pay agrees when the minimum (and the maximum, when given) match within 1%.

A field counts only for the formats whose sources state it (``TRUTH_FIELDS``): Lever and Ashby carry no
employer field, so their company is not measured. The table is given per field, per format and per
layout. No timing here: this measures reading, not speed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rolecall.postings.catalog import candidate_files
from rolecall.postings.model import Posting, Workplace
from rolecall.postings.sources import base as base_mod
from rolecall.postings.sources import parse_payload
from rolecall.postings.sources.detect import decode, detect_format

FIELDS = ("company", "title", "city", "region", "country", "workplace", "employment_type", "job_id", "pay")
_ALL = set(FIELDS)
# Which fields each format states in structured fields (not prose).
TRUTH_FIELDS: dict[str, set[str]] = {
    "jsonld": _ALL,
    "microdata": _ALL,
    "greenhouse": _ALL - {"pay"},
    "lever": _ALL - {"company", "job_id"},
    "ashby": _ALL - {"company", "job_id"},
    "community": {"company", "title", "city", "region", "country"},
    "workday": _ALL - {"pay"},
    "smartrecruiters": _ALL - {"pay"},
    "personio": _ALL - {"workplace", "pay"},
    "workable": _ALL - {"pay"},
    "recruitee": _ALL - {"job_id"},
    "teamtailor": _ALL,
    "usajobs": _ALL,
}
# Legal-form suffixes that do not change which employer is meant (a measurement rule, not a reader rule).
_LEGAL = re.compile(
    r"\b(?:inc|incorporated|llc|l\.l\.c|ltd|limited|gmbh|ag|se|sa|s\.a|bv|b\.v|nv|plc|corp|corporation|co|"
    r"company|pbc|lp|llp|oy|ab|as|spa|srl|pty)\b\.?",
    re.I,
)


_QUOTES = str.maketrans("’‘“”", "''\"\"")


def norm(text: str | None) -> str:
    # Typographic quotes count as plain ones: a page reader may straighten them (ftfy does).
    t = (
        unicodedata.normalize("NFKD", (text or "").translate(_QUOTES))
        .encode("ascii", "ignore")
        .decode()
        .casefold()
    )
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


def _city(text: str | None) -> str:
    return re.sub(r"\s+city$", "", norm(text))


def norm_company(text: str | None) -> str:
    return norm(_LEGAL.sub(" ", text or ""))


@contextmanager
def structured_only() -> Iterator[None]:
    """Adapters finish with prose enrichment; switch it off so the truth holds structured fields only."""
    saved = base_mod.enrich
    base_mod.enrich = lambda p: p  # type: ignore[assignment]
    try:
        yield
    finally:
        base_mod.enrich = saved  # type: ignore[assignment]


# How job sites word an employment type and a workplace: "Full-time" on most boards, "Full time" on
# Workday and Ashby, "Internship" / "Intern".
_TYPE_WORDS = {
    "FULL_TIME": ("Full-time", "Full time"),
    "PART_TIME": ("Part-time", "Part time"),
    "CONTRACTOR": ("Contract", "Contract"),
    "TEMPORARY": ("Temporary", "Temporary"),
    "INTERN": ("Internship", "Intern"),
    "VOLUNTEER": ("Volunteer", "Volunteer"),
    "PER_DIEM": ("Per diem", "Per diem"),
    "OTHER": ("Other", "Other"),
}
_WORKPLACE_WORDS = {Workplace.REMOTE: "Remote", Workplace.HYBRID: "Hybrid", Workplace.ONSITE: "On-site"}


@dataclass(frozen=True)
class Header:
    """What a job page's header states, in the words a site prints (empty when the source does not say)."""

    title: str
    company: str
    places: list[str]
    workplace: str
    types: list[str]  # employment types, "Full-time" style
    types_alt: list[str]  # the same, "Full time" style
    job_id: str
    pay: str

    @property
    def place(self) -> str:
        return "; ".join(self.places)

    def type_text(self, alt: bool = False) -> str:
        return ", ".join(self.types_alt if alt else self.types)

    def place_with_workplace(self) -> str:
        """'Chicago, IL (Hybrid)' as LinkedIn and most boards print it; 'Remote' alone when no place."""
        if self.workplace and self.workplace.lower() not in self.place.lower():
            return f"{self.place} ({self.workplace})" if self.place else self.workplace
        return self.place


def _header(p: Posting) -> Header:
    return Header(
        title=p.title,
        company=p.company if p.company != "Unknown employer" else "",
        places=list(dict.fromkeys(loc.text for loc in p.locations if loc.text)),
        workplace=_WORKPLACE_WORDS.get(p.workplace, ""),
        types=[_TYPE_WORDS[t.value][0] for t in p.employment_type],
        types_alt=[_TYPE_WORDS[t.value][1] for t in p.employment_type],
        job_id=p.job_id or "",
        pay=(p.pay.text or "") if p.pay else "",
    )


def _lines(*items: str | None) -> list[str]:
    return [x for x in items if x]


# Each layout is the header block of a kind of job page as it reads once scraped to text, modelled on
# real pages: ``dev2/knowledge/cis-*.txt`` (an ATS page: title, employer, place, "ID:"),
# ``dev/knowledge/ibm-*.txt`` (The Muse: "AT IBM", the title again, the place), ``wild/text/`` (Y
# Combinator job pages: "Role at Company | Y Combinator", a "$pay • place" line, colon-less "Job type
# Full-time"), and the public job pages of Greenhouse ("at Company" under the title), Lever (<title>
# "Company - Role", "Place / Team / Full-time / Hybrid"), Ashby and Workday (a label on one line, its
# value on the next), LinkedIn ("Company · Place (Hybrid) · 3 days ago · 48 applicants") and Indeed
# ("$X - $Y a year - Full-time"). Every layout shows every field the source states: the layouts vary
# how a header says things, never whether it does.


def _ats(h: Header) -> list[str]:
    place = h.place or h.workplace
    extra = h.workplace if h.workplace and h.place and h.workplace.lower() not in h.place.lower() else ""
    return _lines(h.title, h.company, place, extra, h.type_text(), h.job_id and f"ID: {h.job_id}", h.pay)


def _greenhouse(h: Header) -> list[str]:
    return _lines(
        h.title,
        h.company and f"at {h.company}",
        h.place_with_workplace(),
        "Apply",
        "",
        h.type_text() and f"Employment type: {h.type_text()}",
        h.job_id and f"Req ID: {h.job_id}",
        h.pay and f"Pay range: {h.pay}",
    )


def _muse(h: Header) -> list[str]:
    return _lines(
        "Skip to main content",
        h.title,
        h.company and f"AT {h.company.upper()}",
        h.company,
        h.title,
        h.place_with_workplace(),
        h.type_text(),
        h.job_id and f"Job ID: {h.job_id}",
        h.pay,
    )


def _linkedin(h: Header) -> list[str]:
    byline = " · ".join(_lines(h.company, h.place_with_workplace(), "3 days ago", "48 applicants"))
    chips = " · ".join(_lines(h.workplace, h.type_text()))
    return _lines(
        "Promoted",
        h.title,
        byline,
        chips,
        h.pay,
        "Easy Apply",
        "Save",
        "",
        "About the job",
        h.job_id and f"Job ID: {h.job_id}",
    )


def _indeed(h: Header) -> list[str]:
    place = h.place
    if h.workplace == "Remote":
        place = f"Remote in {place}" if place and "remote" not in place.lower() else place or "Remote"
    elif h.workplace == "Hybrid":
        place = f"Hybrid work in {place}" if place else "Hybrid work"
    elif h.workplace:
        place = f"{place} ({h.workplace})" if place else h.workplace
    return _lines(
        h.title,
        h.company,
        place,
        " - ".join(_lines(h.pay, h.type_text())),
        "Apply now",
        "",
        h.job_id and f"Job ID: {h.job_id}",
    )


def _startup_board(h: Header) -> list[str]:
    card = " • ".join(_lines(h.pay, h.place_with_workplace()))
    return _lines(
        h.company and f"{h.title} at {h.company} | Startup Jobs",
        h.company,
        h.title,
        card,
        h.type_text() and f"Job type {h.type_text()}",
        h.job_id and f"Job ID: {h.job_id}",
        "Apply to role ›",
    )


def _workday(h: Header) -> list[str]:
    out = _lines(h.company and f"{h.company} Careers", h.title, "Apply")
    for label, value in (
        ("locations", h.place),
        ("remote type", h.workplace),
        ("time type", h.type_text(alt=True)),
        ("posted on", "Posted 3 Days Ago"),
        ("job requisition id", h.job_id),
        ("pay range", h.pay),
    ):
        if value:
            out += [label, value]
    return out


def _ashby(h: Header) -> list[str]:
    out = _lines(h.company, h.title)
    for label, value in (
        ("Location", h.place),
        ("Employment Type", h.type_text(alt=True)),
        ("Location Type", h.workplace),
        ("Compensation", h.pay),
        ("Job ID", h.job_id),
    ):
        if value:
            out += [label, value]
    return [*out, "Apply for this Job"]


def _lever(h: Header) -> list[str]:
    categories = " / ".join(_lines(h.place, h.type_text(), h.workplace))
    return _lines(
        h.company and f"{h.company} - {h.title}",
        h.title,
        categories,
        "Apply for this job",
        "",
        h.pay and f"Salary: {h.pay}",
        h.job_id and f"Job ID: {h.job_id}",
    )


def _glassdoor(h: Header) -> list[str]:
    return _lines(
        h.company,
        "4.1 ★",
        h.title,
        h.place_with_workplace(),
        h.pay and f"{h.pay} (Employer est.)",
        "Easy Apply",
        "",
        h.type_text() and f"Job type: {h.type_text()}",
        h.job_id and f"Job ID: {h.job_id}",
    )


LAYOUTS: dict[str, Any] = {
    "ats": _ats,
    "greenhouse": _greenhouse,
    "muse": _muse,
    "linkedin": _linkedin,
    "indeed": _indeed,
    "startup-board": _startup_board,
    "workday": _workday,
    "ashby": _ashby,
    "lever": _lever,
    "glassdoor": _glassdoor,
}


def layout_of(p: Posting) -> str:
    """The layout a posting is rendered in: chosen by its id, so a run is repeatable and the formats mix."""
    names = sorted(LAYOUTS)
    return names[zlib.crc32(p.id.encode()) % len(names)]


def render(p: Posting, layout: str | None = None) -> str:
    """The posting as a scraped job page reads: a header block as one kind of job site prints it (its
    layout, ``layout_of``), then the description as the source has it."""
    lines = LAYOUTS[layout or layout_of(p)](_header(p))
    lines.append("")
    for section in p.sections:
        if section.heading in ("Job details", "Overview", "Listing", "Details"):
            continue  # the adapters' own field summaries would hand the answers over
        if section.heading:
            lines += ["", section.heading]
        lines += section.passages
    return "\n".join(lines) + "\n"


def truth_values(p: Posting) -> dict[str, Any]:
    first = p.locations[0] if p.locations else None
    return {
        "company": p.company if p.company != "Unknown employer" else None,
        "title": p.title,
        "city": first.city if first else None,
        "region": first.region if first else None,
        "country": first.country if first else None,
        "workplace": p.workplace if p.workplace != Workplace.UNKNOWN else None,
        "employment_type": p.employment_type[0] if p.employment_type else None,
        "job_id": p.job_id,
        "pay": (p.pay.min, p.pay.max) if p.pay and p.pay.min is not None else None,
    }


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1.0)


def agrees(field: str, truth: Any, got: Posting | None) -> bool:
    if got is None:
        return False
    if field == "company":
        return norm_company(truth) == norm_company(got.company)
    if field == "title":
        return norm(truth) == norm(got.title)
    if field == "city":
        # "New York" and "New York City" are one city, as the place reader spells it one way from an
        # address and the other from "New York, NY".
        return any(_city(loc.city) == _city(truth) for loc in got.locations)
    if field in ("region", "country"):
        return any(norm(getattr(loc, field)) == norm(truth) for loc in got.locations)
    if field == "workplace":
        return got.workplace == truth
    if field == "employment_type":
        return truth in got.employment_type
    if field == "job_id":
        return norm(got.job_id) == norm(truth)
    if field == "pay":
        lo, hi = truth
        return bool(got.pay) and _close(got.pay.min, lo) and (hi is None or _close(got.pay.max, hi))  # type: ignore[union-attr]
    raise ValueError(field)


def measure(wild: Path) -> dict[str, Any]:
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: {f: [0, 0] for f in FIELDS})
    by_layout: dict[str, dict[str, list[int]]] = defaultdict(lambda: {f: [0, 0] for f in FIELDS})
    postings = 0
    for path in candidate_files(wild):
        try:
            text = decode(path.read_bytes(), str(path))
            fmt = detect_format(text, origin=str(path))
        except Exception:
            continue
        fields = TRUTH_FIELDS.get(fmt)
        if not fields:
            continue
        try:
            with structured_only():
                truths = parse_payload(text, origin=str(path), fmt=fmt)
        except Exception:
            continue
        for truth in truths:
            postings += 1
            layout = layout_of(truth)
            try:
                (got,) = parse_payload(render(truth, layout), origin="scraped-page.txt", fmt="text")
            except Exception:
                got = None  # the page reader refused the text: every stated field disagrees
            for field, value in truth_values(truth).items():
                if field not in fields or value in (None, ""):
                    continue
                ok = agrees(field, value, got)
                for cell in (counts[fmt][field], by_layout[layout][field]):
                    cell[0] += 1
                    cell[1] += ok
    return {
        "postings": postings,
        "by_format": {k: dict(v) for k, v in sorted(counts.items())},
        "by_layout": {k: dict(v) for k, v in sorted(by_layout.items())},
    }


def table(result: dict[str, Any]) -> str:
    totals = {f: [0, 0] for f in FIELDS}
    for cells in result["by_format"].values():
        for f, (n, ok) in cells.items():
            totals[f][0] += n
            totals[f][1] += ok
    lines = [
        f"{result['postings']} postings with structured fields, rendered as text and read back",
        "",
        "| field | postings | agree | share |",
        "| --- | ---: | ---: | ---: |",
    ]
    for f in FIELDS:
        n, ok = totals[f]
        lines.append(f"| {f} | {n} | {ok} | {ok / n:.1%} |" if n else f"| {f} | 0 | 0 | – |")
    for key, name in (("by_format", "format"), ("by_layout", "layout")):
        lines += ["", f"| {name} | " + " | ".join(FIELDS) + " |", "| --- |" + " ---: |" * len(FIELDS)]
        for group, cells in result.get(key, {}).items():
            row = [f"{ok / n:.0%} ({n})" if n else "–" for n, ok in (cells[f] for f in FIELDS)]
            lines.append(f"| {group} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wild", type=Path, default=Path("../shared/data/wild"))
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    if not args.wild.is_dir():
        print(f"{args.wild}: not found; the benchmark needs the wild postings beside the checkout")
        return 0
    result = measure(args.wild)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
