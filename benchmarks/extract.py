"""Extraction agreement: how much of what a structured source states can be read back from plain text.

    python -m benchmarks.extract                     # ../shared/data/wild (make bench-extract)
    python -m benchmarks.extract --wild DIR --json   # another folder; machine-readable output

For every wild posting whose source carries structured fields (JSON-LD pages, Greenhouse, Lever, Ashby,
community rows, and the ATS formats of issue 8), the posting is

1. read by its own adapter with prose enrichment switched off, so each field holds only what the
   source's structured fields say (the *truth*);
2. rendered to the plain text a scraped job page gives: the title line, the company line, the location
   line (with "(Remote)"/"(Hybrid)"/"(On-site)" when the source states the workplace), the employment
   type ("Full-time"), "Job ID: …" and the pay as the source words it, each on its own line as job sites
   print them, then the description as the source has it (headings and passages; the adapters' own
   summary sections are left out);
3. parsed back with the plain-text page reader (``parse_payload(..., fmt="text")``, i.e. ``sources/page.py``
   and the shared extractor) — the benchmark imports the reader, it never copies it;
4. compared field by field. Agreement: company and title compare case- and punctuation-insensitively,
   company legal suffixes (Inc., LLC, GmbH...) ignored; places compare at the level the truth gives (its
   city, region and country are three separate rows, each over the postings whose truth has that part);
   workplace and employment type (the truth's first type among those read) and job id compare as values;
   pay agrees when the minimum (and the maximum, when given) match within 1%.

A field counts only for the formats whose sources state it (``TRUTH_FIELDS``): Lever and Ashby carry no
employer field, so their company is not measured. No timing here: this measures reading, not speed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
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


def norm(text: str | None) -> str:
    t = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


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


_TYPE_WORDS = {
    "FULL_TIME": "Full-time",
    "PART_TIME": "Part-time",
    "CONTRACTOR": "Contract",
    "TEMPORARY": "Temporary",
    "INTERN": "Internship",
    "VOLUNTEER": "Volunteer",
    "PER_DIEM": "Per diem",
    "OTHER": "Other",
}
_WORKPLACE_WORDS = {Workplace.REMOTE: "Remote", Workplace.HYBRID: "Hybrid", Workplace.ONSITE: "On-site"}


def render(p: Posting) -> str:
    """The posting as a scraped job page reads: the header a job site shows (title, company, place with
    its workplace, employment type, job id, pay, each on its own line as the site prints it), then the
    description as the source has it."""
    lines = [p.title, p.company]
    places = list(dict.fromkeys(loc.text for loc in p.locations if loc.text))
    place = " · ".join(places)
    workplace = _WORKPLACE_WORDS.get(p.workplace)
    if workplace and workplace.lower() not in place.lower():
        place = f"{place} ({workplace})" if place else workplace
    if place:
        lines.append(place)
    if p.employment_type:
        lines.append(", ".join(_TYPE_WORDS[t.value] for t in p.employment_type))
    if p.job_id:
        lines.append(f"Job ID: {p.job_id}")
    if p.pay and p.pay.text:
        lines.append(p.pay.text)
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
    if field in ("city", "region", "country"):
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
            try:
                (got,) = parse_payload(render(truth), origin="scraped-page.txt", fmt="text")
            except Exception:
                got = None  # the page reader refused the text: every stated field disagrees
            for field, value in truth_values(truth).items():
                if field not in fields or value in (None, ""):
                    continue
                cell = counts[fmt][field]
                cell[0] += 1
                cell[1] += agrees(field, value, got)
    return {"postings": postings, "by_format": {k: dict(v) for k, v in sorted(counts.items())}}


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
    lines += ["", "| format | " + " | ".join(FIELDS) + " |", "| --- |" + " ---: |" * len(FIELDS)]
    for fmt, cells in result["by_format"].items():
        row = [f"{ok / n:.0%} ({n})" if n else "–" for n, ok in (cells[f] for f in FIELDS)]
        lines.append(f"| {fmt} | " + " | ".join(row) + " |")
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
