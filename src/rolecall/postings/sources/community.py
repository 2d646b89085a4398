"""Community-maintained internship list rows (company_name, title, locations, sponsorship, active, ...).

The rows carry no description, so the posting's only passages are built from the row itself: a
candidate asking "does X sponsor?" gets the list's own label quoted back.
"""

from __future__ import annotations

import json
from typing import Any

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import terms_in
from rolecall.postings.model import (
    Eligibility,
    EmploymentType,
    Evidence,
    Posting,
    Section,
    Source,
    Sponsorship,
)
from rolecall.postings.sources.base import finish, locations_from, slug, stem, to_date


def sponsorship_label(label: str | None) -> tuple[Sponsorship, bool | None]:
    """The list's label -> (sponsorship, citizenship required). 'Other' and unknown labels say nothing."""
    text = (label or "").strip().lower()
    if not text or text == "other":
        return Sponsorship.NOT_STATED, None
    if "citizenship" in text and "required" in text:
        # The label states a citizenship requirement; it says nothing about visas, so sponsorship stays
        # "not stated" and the answer quotes the requirement instead of inventing a "no".
        return Sponsorship.NOT_STATED, True
    if "does not" in text or "doesn't" in text or "no sponsorship" in text or text.startswith("no "):
        return Sponsorship.NOT_OFFERED, None
    if "offers" in text or "sponsors" in text or text in ("yes", "offers sponsorship"):
        return Sponsorship.OFFERED, None
    return Sponsorship.NOT_STATED, None


def parse_community(text: str, *, origin: str) -> list[Posting]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PostingLoadError(origin, f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    rows = value if isinstance(value, list) else [value]
    base = stem(origin)
    out: list[Posting] = []
    used: set[str] = set()
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not row.get("company_name") or not row.get("title"):
            raise PostingLoadError(origin, f"row {n} has no 'company_name' or 'title'")
        pid = _row_id(base, row, n, used)
        used.add(pid)
        out.append(_row_posting(row, pid, origin))
    return out


def _row_id(base: str, row: dict[str, Any], n: int, used: set[str]) -> str:
    rid = str(row.get("id") or "")
    candidate = (
        f"{base}-{rid[:8]}" if rid else f"{base}-{slug(row['company_name'] + ' ' + row['title'], limit=50)}"
    )
    return candidate if candidate not in used else f"{candidate}-{n}"


def _row_posting(row: dict[str, Any], pid: str, origin: str) -> Posting:
    company, title = str(row["company_name"]), str(row["title"])
    locs_raw = [str(x) for x in row.get("locations") or []]
    terms = [str(t) for t in row.get("terms") or []] or terms_in(title)
    label = row.get("sponsorship")
    sponsorship, citizenship = sponsorship_label(label)
    elig = Eligibility(sponsorship=sponsorship, citizenship_required=citizenship)
    label_line = f"Sponsorship: {label}" if label else None
    if label_line and sponsorship != Sponsorship.NOT_STATED:
        elig.evidence.append(Evidence(fact="sponsorship", quote=label_line, value=sponsorship.value))
        if sponsorship == Sponsorship.NOT_OFFERED:
            elig.work_authorization_required = True
    if label_line and citizenship:
        elig.evidence.append(Evidence(fact="citizenship", quote=label_line, value="required"))
    active = row.get("active")
    passages = [f"{title} at {company}."]
    if locs_raw:
        passages.append(f"Locations: {'; '.join(locs_raw)}")
    if terms:
        passages.append(f"Terms: {', '.join(terms)}")
    if label_line:
        passages.append(label_line)
    if active is False:
        passages.append("Status: closed (no longer accepting applications)")
    if row.get("url"):
        passages.append(f"Apply: {row['url']}")
    return finish(
        Posting(
            id=pid,
            title=title,
            company=company,
            locations=locations_from(locs_raw),
            employment_type=[EmploymentType.INTERN],
            url=row.get("url") or None,
            apply_url=row.get("url") or None,
            date_posted=to_date(row.get("date_posted")),
            terms=terms,
            active=active is not False,
            eligibility=elig,
            sections=[Section(heading="Listing", passages=passages)],
            source=Source(format="community", path=origin),
        )
    )
