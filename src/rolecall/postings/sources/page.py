"""A job page as text: scraped plain text (chrome and all) or plain HTML with no structured markup.

Both reduce to blocks (headings, paragraphs, bullets), and one reader turns blocks into a posting:
the title is the page's first short line, the company comes from an "at X" line or a "Company:" field,
"Label: value" lines (Job ID, Location(s), Employment Type, Salary...) become fields, place-like lines
in the page header become locations, and the rest becomes sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from rolecall.errors import PostingLoadError
from rolecall.geo.gazetteer import gazetteer
from rolecall.orgs import (
    has_legal_suffix,
    masthead_name,
    org_from_domain,
    org_from_sentences,
    org_key,
    plausible_org,
)
from rolecall.postings import locations as loc_mod
from rolecall.postings.chrome import (
    cues,
    has_role_word,
    is_chrome_line,
    is_job_text,
    label_field,
    strip_announcement,
)
from rolecall.postings.extract import employment_type_value, pay_in
from rolecall.postings.model import EmploymentType, Location, Posting, Section, Source, Workplace
from rolecall.postings.runon import expand_card_blocks
from rolecall.postings.sources.base import finish, is_url, stem, to_date
from rolecall.postings.sources.header_lines import _firm_plural as _firm_plural_name
from rolecall.postings.sources.header_lines import (
    is_section_heading,
    name_like,
    place_like,
    places_in,
    read_line,
    title_score,
)
from rolecall.postings.text import Block, blocks_from_html, blocks_from_text, one_line, sections_from_blocks

_FIELD = re.compile(r"^(?P<label>[^\W\d_][\w .()/'#-]{0,40}?)\s*:\s*(?P<value>\S.*)$")


def field_of(line: str) -> tuple[str, str, str] | None:
    """'Job ID: IBM-20939608' -> ('job_id', 'Job ID', 'IBM-20939608') for labels we know (page_cues.yaml)."""
    m = _FIELD.match(line.strip())
    if not m:
        return None
    label = m.group("label").strip()
    name = label_field(label)
    return (name, label, m.group("value").strip()) if name else None


@dataclass
class PageFacts:
    title: str | None = None
    company: str | None = None
    header_locations: list[Location] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    headline: str = ""
    types: list[EmploymentType] = field(default_factory=list)
    workplace_stated: bool = False


_AT_COMPANY = re.compile(r"^(?:at|@)\s+(?P<c>[^\s].{0,60})$", re.I)
_TITLE_AT = re.compile(r"^(?P<t>.{3,90}?)\s+(?:at|@)\s+(?P<c>[A-Z][\w&.' -]{1,50})$")


def _is_short_line(text: str) -> bool:
    return len(text) <= 90 and len(text.split()) <= 12 and not text.endswith((".", "!", "?"))


def _title_sized(text: str) -> bool:
    """A line as long as job titles get ("Software Engineer for Cloud Platforms – New College Graduate
    2024 - Deep Learning Applications"), and no sentence."""
    return (
        len(text) <= _TITLE_MAX_CHARS
        and len(text.split()) <= _TITLE_MAX_WORDS
        and not text.endswith(("!", "?"))
        and not re.search(r"[a-z]{2}[.!?]\s+[A-Z]|[a-z]{2}\.$", text)
    )


def _header_end(blocks: list[Block]) -> int:
    """Index of the first block of the body: a heading followed by prose, or a long paragraph. A short
    header line that states a fact ("Internship", "Remote", "Acme Corp") is still header even when the
    description's first paragraph follows it."""
    role_seen = False
    for i, b in enumerate(blocks):
        # (A long list of places, a long first line that is no sentence: still the header.)
        long_para = b.kind == "para" and len(b.text) >= 100
        if long_para and not places_in(b.text) and not (i == 0 and _title_sized(b.text)):
            return i
        if b.kind == "heading" and i + 1 < len(blocks):
            nxt = blocks[i + 1]
            if (nxt.kind == "para" and len(nxt.text) >= 80) or nxt.kind == "bullet":
                if i == 0 or _states_header_fact(b.text, i, role_seen):
                    role_seen = role_seen or has_role_word(b.text)
                    continue
                return i
        role_seen = role_seen or has_role_word(b.text)
    return len(blocks)


def _states_header_fact(text: str, index: int, role_seen: bool) -> bool:
    """A short line near the top that is a header fact, the employer's name, or the first line naming
    a role (the title, when every other header line was a labelled field)."""
    if is_section_heading(text):
        return False
    if read_line(text).is_fact:
        return True
    return index <= _TOP_BLOCKS and (name_like(text) or (not role_seen and has_role_word(text)))


def _title_candidate(header: list[str]) -> int | None:
    """Job pages repeat the title (page heading, then card heading) and put it just above "at Company";
    either cue beats "first short line", which is often the site's own name."""
    lowered = [t.lower() if _title_sized(t) else None for t in header]
    for i, t in enumerate(lowered[:_REPEAT_WITHIN]):
        if t and lowered.count(t) > 1 and not _AT_COMPANY.match(t) and not read_line(header[i]).is_fact:
            return i
    for i, t in enumerate(header):
        if i > 0 and _AT_COMPANY.match(t) and lowered[i - 1]:
            return i - 1
    return None


# "Founding Engineer at Proliferate | Y Combinator ...": a page's <title> (often the first thing a page
# flattened to text says) names the role and the employer, then the site after a separator.
_TITLE_AT_SITE = re.compile(
    r"^(?P<t>[^|•·]{2,100}?)\s+(?:at|@)\s+(?P<c>[^|•·]{2,60}?)\s*(?:(?:\||•|·|–|—|-+>?)\s|$)"
)
_BOARD_WORDS = re.compile(r"^(?:jobs?|careers?|open\s+(?:roles|positions)|openings|work|working|life)$", re.I)
_TOP_BLOCKS = 3
_PAGE_TITLE_BLOCKS = 2
_TITLE_MAX_CHARS = 160
_TITLE_MAX_WORDS = 24
_REPEAT_WITHIN = 5  # a title the page repeats is first printed among its top lines
_PLACE_LINE_WITHIN = 3  # a bare name below the title is its place only among the first lines
_TITLE_SEPARATORS = (re.compile(r"\s+\|\s+"), re.compile(r"\s+[–—]\s+"), re.compile(r"\s+-\s+"))
_PAIR_SEPARATORS = (" | ", " – ", " — ", " - ", " @ ", " at ")
_TRAILING_ID = re.compile(r"\s*\((?=[^)]*\d)[^)]{1,20}\)\s*$|\s+\d{1,2}\.\d{1,2}\.\d{2,4}$")
_HIRING_ROLE = re.compile(
    r"\b(?:is|are)\s+(?:now\s+)?hiring\s*(?:[:\-–—]\s*)?(?:an?\s+|our\s+(?:first\s+)?|the\s+best\s+|two\s+|several\s+)?"
    r"(?P<r>[^.!?]{3,80}?)(?=\s+(?:in|to|for|who|with|at|on|and\s+more)\b|\s*[(–—|,:]|\s+-\s|$)",
    re.I,
)
_COLON_ROLE = re.compile(r"^[^:]{2,60}\)\s*:\s*(?P<r>[^–—|$]{3,80}?)(?:\s+[–—|-]\s|\s*$)")


def title_at_company(line: str) -> tuple[str | None, str] | None:
    """'Founding Engineer at Proliferate | Y Combinator ...' -> ('Founding Engineer', 'Proliferate');
    'Jobs at Reflex | ...' -> (None, 'Reflex'). Only when a separator or the end follows the employer."""
    m = _TITLE_AT_SITE.match(line.strip())
    if not m:
        return None
    title, company = m.group("t").strip(), m.group("c").strip()
    if not plausible_org(company) or len(company.split()) > 6:
        return None
    if _BOARD_WORDS.match(title):
        return None, company
    return (title if len(title.split()) <= 14 else None), company


_AFTER_ROLE = re.compile(r"^\s+(?:at|@|[-–—|])\s+(?P<c>[^|–—]+?)(?:\s+[|–—-]\s+.*)?$", re.I)
_BEFORE_ROLE = re.compile(r"^(?P<c>[^|–—]+?)\s+[-–—|:@]\s*$")


def _page_name(name: str) -> bool:
    """The employer's part of a page's <title>: a name (lower case allowed: 'minware'; one the place
    reader takes for a town too: 'Snowflake', 'Boeing Canada'), no role, no other fact."""
    s = name.strip()
    kind = read_line(s).kind
    return (
        plausible_org(s)
        and len(s.split()) <= 6
        and (not has_role_word(s) or _firm_plural_name(s))
        and kind not in ("types", "workplace", "pay", "chrome", "byline")
        and not (kind == "place" and re.search(r"[,;()/]", s))
        and not _BOARD_WORDS.match(s)
    )


def _page_title_pair(line: str, later: list[str]) -> tuple[str | None, str] | None:
    """The page's own <title> at the top: 'Role at Company | Site', 'Role @ Company', 'Company - Role'.
    Trusted when the role recurs as a line of its own below it (the page's heading), or, for "at", when
    the part before it names a role and what follows the employer is no header fact ('Semester at
    Palantir – Internship' is one title)."""
    lowered = {x.lower() for x in later}
    for role in later:  # the heading below, printed whole inside the title ("A | B at Acme | Site")
        if not _title_sized(role) or len(role) >= len(line) or read_line(role).is_fact:
            continue
        low = line.lower()
        if low.startswith(role.lower()):
            m = _AFTER_ROLE.match(line[len(role) :])
        elif low.endswith(role.lower()):
            m = _BEFORE_ROLE.match(line[: len(line) - len(role)])
        else:
            continue
        if m and _page_name(m.group("c")):
            return role, m.group("c").strip()
    pair = title_at_company(line)
    if pair:
        title = pair[0]
        m = _TITLE_AT_SITE.match(line.strip())
        tail = line.strip()[m.end() :].strip() if m else ""
        if title is None or title.lower() in lowered:
            return pair
        if has_role_word(title) and not (tail and read_line(tail).is_fact) and not places_in(pair[1]):
            return pair  # ("... Internship - University of Texas at El Paso" names a place, not an employer)
    for sep in _PAIR_SEPARATORS:
        if sep not in line:
            continue
        for a, b in (line.split(sep, 1), line.rsplit(sep, 1)):
            a, b = a.strip(), b.strip()
            for role, name in ((b, a), (a, b)):
                if role.lower() in lowered and not read_line(role).is_fact and _page_name(name):
                    return role, name
    return None


def headline_role(line: str) -> str | None:
    """A page or story headline naming the role: 'Acme (YC W21) is hiring a Founding Engineer (NYC)',
    'Acme (YC W23): Founding Reliability Engineer – $200K' -> the role; None when it names none."""
    for rx in (_HIRING_ROLE, _COLON_ROLE):
        m = rx.search(line)
        if m and has_role_word(m.group("r")):
            return m.group("r").strip()
    return None


def _company_from_title_line(line: str, title: str | None) -> str | None:
    """'Globex Radio (71451a) | Job posting Archive Editor 23.09.2025' with the title 'Archive Editor'
    -> 'Globex Radio': the piece that is not the title, when one piece holds the title."""
    if not title:
        return None
    pieces: list[str] = []
    for sep in _TITLE_SEPARATORS:  # the strongest separator that leaves the title whole
        pieces = [p.strip() for p in sep.split(line) if p.strip()]
        if len(pieces) >= 2 and any(title.lower() in p.lower() for p in pieces):
            break
    else:
        return None
    for piece in pieces:
        if title.lower() in piece.lower():
            continue
        name = _TRAILING_ID.sub("", piece).strip()
        if plausible_org(name) and not has_role_word(name) and not _BOARD_WORDS.match(name):
            return name
    return None


_TITLE_PLACE = re.compile(r"^(?P<t>.{3,}?)\s+(?:[-–—|]\s+|\()(?P<p>[^-–—|()]{2,60})\)?$")


def _title_place(title: str, facts: PageFacts) -> None:
    """'Security Intern - Remote', 'Analyst (Berlin)': the title stays as written (the page's and the
    structured sources' title), and the place or workplace it ends with is read as well."""
    m = _TITLE_PLACE.match(title)
    if not m:
        return
    part = m.group("p").strip()
    locs = loc_mod.parse_locations(part)
    wp = loc_mod.workplace_in(part)
    if locs and all(loc_mod.is_recognised_place(x) for x in locs):
        facts.header_locations.extend(locs)
    if wp != Workplace.UNKNOWN:
        facts.fields.setdefault("workplace", part)


def _company_first(texts: list[str], body_text: str, place_field: bool = False) -> bool:
    """'Acme' above 'Data Analyst' (the employer's name over the title, as some boards print it, or a
    careers site's masthead 'Acme Careers'): the first line names the employer, the second the role."""
    if len(texts) < 2 or read_line(texts[1]).is_fact or _AT_COMPANY.match(texts[1]):
        return False
    first, second = texts[0], texts[1]
    if masthead_name(first):
        return True
    if not _title_sized(second) or has_legal_suffix(second):
        return False
    if not name_like(first):
        # "Rocket Lab USA" or "Snowflake" over "Flight Software Engineer": a name the place reader takes
        # for a place, under which a role is named, with the place (a line or a labelled field) below;
        # or a brand written in lower case ("minware").
        below = _name_taken_for_place(first, texts[2:5]) or (place_field and _one_name(first))
        mistaken = bool(places_in(first)) and below
        brand = bool(re.fullmatch(r"[a-z][a-z0-9.-]{2,20}", first)) and plausible_org(first)
        if not ((mistaken or brand) and has_role_word(second)):
            return False
    # The description introduces the employer ("At Acme, we ...", "Acme is a ..."): whichever line
    # it names is the employer.
    named = org_from_sentences(body_text, mentions=False) if body_text else None
    if named:
        key = org_key(named)
        if key and key in (org_key(first), org_key(second)):
            return key == org_key(first)
    if first.lower() != second.lower() and re.search(rf"\b{re.escape(first)}\b", second, re.I):
        return True  # the title naming the employer ("Palantir" over "Semester at Palantir")
    return title_score(second) > title_score(first)


def _find_title(
    body: list[Block], header: list[str], facts: PageFacts, doc_title: str | None, body_text: str
) -> int | None:
    """Sets the title (and the employer when the title's line names it); returns the title's index in
    ``header`` (lines above it are the site's masthead), or None when it is not a header line."""
    # The page's <title> is its first line, or the second under a story headline; a line below the
    # header ("VP-level sales position at Acme", a description's first words) is not one.
    for i, b in enumerate(body[:_PAGE_TITLE_BLOCKS]):
        later = [x.text.strip() for x in body[i + 1 : i + 1 + 8]]
        pair = _page_title_pair(b.text.strip(), later)
        if pair:
            facts.title, facts.company = pair
            break
    if doc_title and not facts.title:
        facts.title = doc_title
    if facts.title:
        lowered = [t.lower() for t in header]
        return lowered.index(facts.title.lower()) if facts.title.lower() in lowered else None
    index = _title_candidate(header)
    if index is None and _company_first(header, body_text, "locations" in facts.fields):
        facts.company = masthead_name(header[0]) or header[0]
        index = 1
    if index is None:
        index = next(
            (
                i
                for i, t in enumerate(header)
                if _title_sized(t) and not has_legal_suffix(t) and read_line(t).kind == "other"
            ),
            None,
        )
    if index is not None:
        facts.title = header[index]
    return index


def read_page(blocks: list[Block], *, doc_title: str | None = None) -> tuple[PageFacts, list[Section]]:
    facts = PageFacts()
    body: list[Block] = []
    blocks = _join_label_lines(expand_card_blocks(blocks))
    for b in blocks:
        f = field_of(b.text) if b.kind != "heading" or ":" in b.text else None
        if f is not None and not (f[0] == "locations" and len(f[2]) > 200):
            name, label, value = f
            facts.fields.setdefault(name, value)
            facts.field_lines.append(f"{label}: {value}")
        elif b.kind != "bullet" and is_chrome_line(b.text):
            continue  # a button, a status stamp, a count, an upsell: the site's, not the job's
        else:
            body.append(b)

    end = _header_end(body)
    header_blocks, rest = body[:end], body[end:]
    header = [b.text.strip() for b in header_blocks]
    # The page's headline (its first line) is kept aside: it may name the employer and the role.
    first = body[0] if body else None
    headline = first.text.strip() if first and first.kind != "bullet" and _is_short_line(first.text) else ""
    body_text = "\n".join(b.text for b in rest[:_OPENING_SENTENCES])
    index = _find_title(body, header, facts, doc_title, body_text)
    below = header[index + 1 :] if index is not None else header
    _read_header_lines(below, facts)
    if index and facts.company is None:
        # The line above the title: the employer's name or a careers masthead ("Acme Careers"), when
        # the lines below name none ("at Acme Widgets" under the title says more than "Acme Careers").
        above = header[index - 1]
        facts.company = masthead_name(above) or (above if name_like(above) else None)

    if facts.company is None and facts.title:
        m = _TITLE_AT.match(facts.title)
        if m and has_role_word(m.group("t")):
            facts.title, facts.company = m.group("t").strip(), m.group("c").strip()
    title = facts.fields.get("title") or facts.title
    if facts.company is None and doc_title:
        facts.company = _company_from_title_line(doc_title, title)
    if headline and (facts.title is None or facts.title == headline):
        facts.title = headline_role(headline) or facts.title or headline
    if facts.title:
        facts.title = strip_announcement(facts.title)
        _title_place(facts.title, facts)
    if facts.company and facts.company.isupper():
        facts.company = _respelt(facts.company, [*header, *(b.text for b in rest[:40])])
    facts.headline = headline
    sections: list[Section] = []
    if facts.intro:
        sections.append(Section(heading="", passages=facts.intro))
    sections.extend(sections_from_blocks(rest))
    if facts.field_lines:
        sections.append(Section(heading="Job details", passages=facts.field_lines))
    if facts.company is None:
        facts.company = _about_heading(sections)
    return facts, sections


def _read_header_lines(lines: list[str], facts: PageFacts) -> None:
    """The lines below the title: employer, places, workplace, employment types, pay, bylines; the
    first line that is none of these and reads as a name, before any other text, is the employer."""
    seen_text = False
    labelled_workplace = "workplace" in facts.fields
    for i, text in enumerate(lines):
        rest = lines[i + 1 : i + 4]
        if facts.title and text.lower() == facts.title.lower():
            continue  # pages repeat the title
        if facts.company and text.lower() == facts.company.lower():
            continue
        lf = read_line(text)
        if lf.kind == "chrome":
            continue
        if lf.kind in ("at", "legal"):
            facts.company = facts.company or lf.company
            continue
        if (
            lf.kind == "place"
            and facts.company is None
            and not seen_text
            and _name_taken_for_place(text, rest)
        ):
            facts.company = text  # "Snowflake" over "San Mateo, CA": the employer, though a town is named so
            continue
        if lf.is_fact:
            facts.header_locations.extend(lf.locations)
            if lf.kind == "workplace" and not facts.workplace_stated:
                # A line that is only a workplace ("Hybrid") says more than one found among places
                # ("New York; Remote (Canada)"); a labelled "Workplace:" field says more still.
                facts.workplace_stated = True
                if not labelled_workplace:
                    facts.fields["workplace"] = lf.workplace or text
            elif lf.workplace:
                facts.fields.setdefault("workplace", lf.workplace)
            facts.types.extend(t for t in lf.types if t not in facts.types)
            if lf.pay:
                facts.fields.setdefault("pay", lf.pay)
            if lf.company and facts.company is None:
                facts.company = lf.company
            continue
        if facts.company is None and not seen_text and name_like(text):
            facts.company = masthead_name(text) or text
            continue
        if (
            facts.company
            and not seen_text
            and i < _PLACE_LINE_WITHIN
            and not facts.header_locations
            and "locations" not in facts.fields
            and place_like(text)
        ):
            # Under the title and the employer, a bare name is where the job is ("Strasbourg",
            # "Casablanca; Morocco"), even when the place reader does not know it.
            facts.header_locations.extend(loc_mod.parse_locations(text))
            continue
        if facts.title is None and _is_short_line(text) and not has_legal_suffix(text):
            facts.title = text
            continue
        seen_text = True
        facts.intro.append(text)


def _one_name(text: str) -> bool:
    """One name on a line: no list or qualifier punctuation, a few words, no workplace, no role."""
    if re.search(r"[,;()/]", text) or len(text.split()) > 4:
        return False
    if loc_mod.workplace_in(text) != Workplace.UNKNOWN:
        return False
    return plausible_org(text) and not has_role_word(text)


def _name_taken_for_place(text: str, below: list[str]) -> bool:
    """A one-name line the place reader takes for a town ("Snowflake", "Santander", "Google") right
    under the title, with a place line below it: the employer's line, as the header's order says."""
    if not _one_name(text):
        return False
    return any(read_line(x).kind in ("place", "byline") and read_line(x).locations for x in below)


def _respelt(name: str, texts: list[str]) -> str:
    """'AT GLOBEX CORP' printed in capitals: the spelling the page uses elsewhere, when it has one."""
    rx = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)
    for text in texts:
        for m in rx.finditer(text):
            if not m.group(0).isupper():
                return m.group(0)
    return name


_ABOUT = re.compile(r"^about\s+(?P<n>.+)$", re.I)


def _about_heading(sections: list[Section]) -> str | None:
    """A description's 'About Acme' heading names the employer ('About the role' and the like do not)."""
    for sec in sections:
        m = _ABOUT.match(sec.heading.strip())
        if m and not is_section_heading(sec.heading) and name_like(m.group("n")):
            return m.group("n").strip()
    return None


_FACT_KINDS = {"types", "place", "pay", "workplace"}
_KIND_OF_FIELD = {
    "employment_type": {"types"},
    "locations": {"place", "workplace"},
    "pay": {"pay"},
    "workplace": {"workplace", "place"},
}


def _value_for(label: str, value: str) -> bool:
    """Whether the line under a label is its value: not a fact of another kind ("Remote" over
    "Full-time" are two facts), and a label word itself ("Remote" under "Location Type") only when it
    is the kind of value the label asks for."""
    name = label_field(label)
    kind = read_line(value).kind
    expected = _KIND_OF_FIELD.get(name or "", set())
    if label_field(value) is not None:
        return kind in expected
    return kind not in _FACT_KINDS or not expected or kind in expected


def _join_label_lines(blocks: list[Block]) -> list[Block]:
    """Job boards that print a label on one line and its value on the next ('job requisition id' / 'R-1')."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        label = b.text.strip().rstrip(":").lower()
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            label_field(label) is not None
            and nxt is not None
            and nxt.kind != "bullet"
            and len(nxt.text) <= 120
            and not field_of(nxt.text)
            and _value_for(label, nxt.text.strip())
        ):
            out.append(Block("para", f"{b.text.strip().rstrip(':')}: {nxt.text.strip()}"))
            i += 2
            continue
        out.append(b)
        i += 1
    return out


def _posting_from_facts(
    facts: PageFacts, sections: list[Section], *, origin: str, fmt: str, company_hint: str | None = None
) -> Posting:
    title = facts.fields.get("title") or facts.title
    passages = [x for sec in sections for x in sec.passages]
    if not title:
        title = _best_candidate_line(facts, passages)
    if not title:
        raise PostingLoadError(origin, "no text: the page is empty once its site chrome is removed")
    # A header that states job facts (a type, a place with its workplace, a labelled field) is a job
    # page even when its description is missing.
    stated = bool(facts.types or facts.fields or (facts.company and facts.header_locations))
    if not stated and not is_job_text(" ".join([title, facts.headline, *passages[:60]])):
        raise PostingLoadError(origin, "not a job page: no role, hiring or application words in its text")
    opening = "\n".join([facts.headline, *facts.intro, *passages[:_OPENING_SENTENCES]])
    company = (
        facts.fields.get("company")
        or facts.company
        or org_from_sentences(opening, mentions=False)
        or company_hint
        or _company_from_links(origin, facts, passages)
    )
    fields = facts.fields
    locations = loc_mod.parse_locations(fields["locations"]) if "locations" in fields else []
    locations += facts.header_locations
    if not locations and "workplace" in fields:  # "Remote: United States; Remote: Canada"
        locations = [
            x for x in loc_mod.parse_locations(fields["workplace"]) if loc_mod.is_recognised_place(x)
        ]
    if not locations and facts.headline:  # "Acme Is Hiring in Boston and Oslo", "... Engineer (NYC, Onsite)"
        locations = _headline_places(facts.headline, fields)
    if not locations:  # no field or header line names the place: the opening sentences may
        opening = [x for sec in sections for x in sec.passages][:12]
        locations = loc_mod.dedupe([x for sentence in opening for x in loc_mod.places_in_prose(sentence)])
        locations = locations or _cued_places(opening, "\n".join([origin, *passages[:_OPENING_SENTENCES]]))
    types: list[EmploymentType] = (
        employment_type_value(fields["employment_type"]) if "employment_type" in fields else []
    ) or list(facts.types)
    workplace = loc_mod.workplace_in(fields["workplace"]) if "workplace" in fields else Workplace.UNKNOWN
    apply_url = None
    if "apply" in fields:
        m = re.search(r"https?://\S+", fields["apply"])
        apply_url = m.group(0).rstrip(".,;") if m else None
    return finish(
        Posting(
            id=stem(origin),
            title=title,
            company=company or "Unknown employer",
            locations=locations,
            workplace=workplace,
            employment_type=types,
            job_id=fields.get("job_id"),
            url=origin if is_url(origin) else None,
            apply_url=apply_url,
            apply_instructions=fields.get("apply"),
            date_posted=to_date(fields.get("date_posted")),
            valid_through=to_date(fields.get("valid_through")),
            start_date=fields.get("start_date"),
            pay=pay_in(fields["pay"], require_context=False) if "pay" in fields else None,
            department=fields.get("department"),
            sections=sections,
            source=Source(
                format=fmt, path=None if is_url(origin) else origin, url=origin if is_url(origin) else None
            ),
        )
    )


_OPENING_SENTENCES = 15
_URL_IN_TEXT = re.compile(r"https?://[^\s)\]>\"']+")


_HEADLINE_PLACE = re.compile(r"\(([^)]{2,60})\)|\s+in\s+([A-Z][^()|–—]{1,60}?)(?=\s*(?:[(|–—]|$))")


def _cued_places(sentences: list[str], text: str) -> list[Location]:
    """'für die Landesdirektion Steiermark', 'Dienstort Graz': the place after a cue word
    (``place_cue_words``), a known place or a region of the country the page's links name."""
    country: str | None = None
    for sentence in sentences:
        for m in cues().place_cue.finditer(sentence):
            words = m.group("p").split()
            # The capitalised words after the cue, as many as read as a place ("Steiermark, D-St." -> 1).
            for n in range(len(words), 0, -1):
                name = " ".join(words[:n]).strip(".,;:")
                if not name[:1].isupper():
                    continue
                known = [x for x in loc_mod.parse_locations(name) if loc_mod.is_recognised_place(x)]
                if known:
                    return known
                country = country or _country_of_links(text)
                division = gazetteer().division(name, country) if country else None
                if division:
                    return [Location(text=name, region=division.name, country=country)]
    return []


def _country_of_links(text: str) -> str | None:
    """The country a page's links' country domain names ('jobs.orf.at' -> 'AT'); generic ones name none."""
    for m in re.finditer(r"(?:https?://|www\.|@)([\w.-]+\.([a-z]{2}))\b", text, re.I):
        tld = m.group(2).lower()
        if tld in cues().generic_cctlds:
            continue
        code = "GB" if tld == "uk" else tld.upper()
        if gazetteer().country_name(code) != code:
            return code
    return None


def _headline_places(headline: str, fields: dict[str, str]) -> list[Location]:
    """Places a headline names after 'in' or in parentheses; a workplace word there fills the workplace."""
    out: list[Location] = []
    for m in _HEADLINE_PLACE.finditer(headline):
        part = (m.group(1) or m.group(2) or "").strip()
        if re.match(r"(?i)yc\b|y combinator", part):
            continue
        if loc_mod.workplace_in(part) != Workplace.UNKNOWN:
            fields.setdefault("workplace", part)
        out.extend(x for x in loc_mod.parse_locations(part) if loc_mod.is_recognised_place(x))
    return loc_mod.dedupe(out)


def _best_candidate_line(facts: PageFacts, passages: list[str]) -> str | None:
    """No line reads as a title: the page's headline, else its first short line, else its first words."""
    if facts.headline and _is_short_line(facts.headline):
        return facts.headline
    for p in [*facts.intro, *passages]:
        if _is_short_line(p) and len(p.split()) >= 2:
            return p
    first = next(iter([*facts.intro, *passages]), "")
    return " ".join(first.split()[:10]) or None


def _company_from_links(origin: str, facts: PageFacts, passages: list[str]) -> str | None:
    """The page's own address, else the first link it prints, read as the employer's domain."""
    text = "\n".join([facts.headline, *facts.intro, *passages[:_OPENING_SENTENCES]])
    urls = [origin] if is_url(origin) else []
    urls += [facts.fields["apply"]] if "apply" in facts.fields else []
    urls += _URL_IN_TEXT.findall(text)
    for url in urls:
        name = org_from_domain(url, text)
        if name:
            return name
    return None


def parse_text_page(text: str, *, origin: str) -> list[Posting]:
    facts, sections = read_page(blocks_from_text(text))
    return [_posting_from_facts(facts, sections, origin=origin, fmt="text")]


_CHROME_ATTR = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|newsletter|subscribe|share|social|breadcrumbs?|menu|navbar|modal)(?:$|[\s_-])",
    re.I,
)


def strip_page_chrome(soup: BeautifulSoup) -> BeautifulSoup:
    """Remove a page's frame: header, footer, asides, navigation and cookie/newsletter/share widgets."""
    for tag in soup.find_all(["header", "footer", "aside", "nav", "form"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": re.compile(r"navigation|banner|contentinfo|dialog", re.I)}):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        marks = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
        if marks.strip() and _CHROME_ATTR.search(marks):
            tag.decompose()
    return soup


def page_sections(markup: str) -> list[Section]:
    """Sections of an HTML page's main content, frame and chrome removed."""
    soup = strip_page_chrome(BeautifulSoup(markup, "lxml"))
    root = soup.find("main") or soup.find("article") or soup.body or soup
    h1 = root.find("h1")
    if h1:
        h1.decompose()
    return sections_from_blocks(blocks_from_html(str(root)))


def parse_html_page(markup: str, *, origin: str) -> list[Posting]:
    soup = BeautifulSoup(markup, "lxml")
    h1 = soup.find("h1")  # before the frame goes: some pages put the job title in <header>
    doc_title = one_line(h1.get_text(" ")) if h1 else None
    soup = strip_page_chrome(soup)
    site = soup.find("meta", attrs={"property": "og:site_name"})
    company_hint = str(site.get("content")) if site and site.get("content") else None
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks = [
        b
        for b in blocks_from_html(str(root))
        if not (doc_title and b.kind == "heading" and b.text == doc_title)
    ]
    if doc_title is None and soup.title and soup.title.string:
        doc_title = one_line(soup.title.string).split(" | ")[0].split(" - ")[0]
    facts, sections = read_page(blocks, doc_title=doc_title)
    return [_posting_from_facts(facts, sections, origin=origin, fmt="html", company_hint=company_hint)]
