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
from rolecall.orgs import has_legal_suffix, org_from_domain, org_from_sentences, plausible_org
from rolecall.postings import locations as loc_mod
from rolecall.postings.chrome import (
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


_AT_COMPANY = re.compile(r"^(?:at|@)\s+(?P<c>[^\s].{0,60})$", re.I)
_TITLE_AT = re.compile(r"^(?P<t>.{3,90}?)\s+(?:at|@)\s+(?P<c>[A-Z][\w&.' -]{1,50})$")


def _is_short_line(text: str) -> bool:
    return len(text) <= 90 and len(text.split()) <= 12 and not text.endswith((".", "!", "?"))


def _header_end(blocks: list[Block]) -> int:
    """Index of the first block of the body: a heading followed by prose, or a long paragraph."""
    for i, b in enumerate(blocks):
        if b.kind == "para" and len(b.text) >= 100:
            return i
        if b.kind == "heading" and i + 1 < len(blocks):
            nxt = blocks[i + 1]
            if (nxt.kind == "para" and len(nxt.text) >= 80) or nxt.kind == "bullet":
                return i
    return len(blocks)


def _title_candidate(header: list[Block]) -> str | None:
    """Job pages repeat the title (page heading, then card heading) and put it just above "at Company";
    either cue beats "first short line", which is often the site's own name."""
    texts = [b.text.strip() for b in header if _is_short_line(b.text.strip())]
    lowered = [t.lower() for t in texts]
    for t in texts:
        if lowered.count(t.lower()) > 1 and not _AT_COMPANY.match(t):
            return t
    for i, t in enumerate(texts):
        if _AT_COMPANY.match(t) and i > 0:
            return texts[i - 1]
    return None


# "Founding Engineer at Proliferate | Y Combinator ...": a page's <title> (often the first thing a page
# flattened to text says) names the role and the employer, then the site after a separator.
_TITLE_AT_SITE = re.compile(
    r"^(?P<t>[^|•·]{2,100}?)\s+(?:at|@)\s+(?P<c>[^|•·]{2,60}?)\s*(?:(?:\||•|·|–|—|-+>?)\s|$)"
)
_BOARD_WORDS = re.compile(r"^(?:jobs?|careers?|open\s+(?:roles|positions)|openings|work|working|life)$", re.I)
_TOP_BLOCKS = 3
_TITLE_SEPARATORS = (re.compile(r"\s+\|\s+"), re.compile(r"\s+[–—]\s+"), re.compile(r"\s+-\s+"))
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


def _split_title_place(title: str, facts: PageFacts) -> str:
    """'Security Intern - Remote' -> 'Security Intern', the place kept as a location."""
    m = _TITLE_PLACE.match(title)
    if not m:
        return title
    part = m.group("p").strip()
    locs = loc_mod.parse_locations(part)
    wp = loc_mod.workplace_in(part)
    if locs and all(loc_mod.is_recognised_place(x) for x in locs):
        facts.header_locations.extend(locs)
    elif wp == Workplace.UNKNOWN:
        return title
    if wp != Workplace.UNKNOWN:
        facts.fields.setdefault("workplace", part)
    return m.group("t").strip()


def _is_workplace_line(text: str) -> bool:
    """'Remote', 'Hybrid', 'On-site (3 days)': a header line that is only a workplace."""
    return (
        len(text.split()) <= 4 and loc_mod.workplace_in(text) != Workplace.UNKNOWN and not has_role_word(text)
    )


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
    header, rest = body[:end], body[end:]
    for b in body[:_TOP_BLOCKS]:
        pair = title_at_company(b.text)
        if pair:
            facts.title, facts.company = pair
            break
    if doc_title and not facts.title:
        facts.title = doc_title
    facts.title = facts.title or _title_candidate(header)
    titles_at = [
        i for i, b in enumerate(header) if facts.title and b.text.strip().lower() == facts.title.lower()
    ]
    # Lines above the title's first appearance are the site's masthead ("Acme Careers"), not the job;
    # the page's headline (its first line) is kept aside: it may name the employer and the role.
    first = body[0] if body else None
    headline = first.text.strip() if first and first.kind != "bullet" and _is_short_line(first.text) else ""
    header = header[titles_at[0] :] if titles_at else header
    for b in header:
        text = b.text.strip()
        at = _AT_COMPANY.match(text)
        if at:
            facts.company = facts.company or at.group("c").strip()
            continue
        if facts.title is None and _is_short_line(text) and not has_legal_suffix(text):
            facts.title = text
            continue
        if facts.title and text.lower() == facts.title.lower():
            continue  # pages repeat the title
        if facts.company and text.lower() == facts.company.lower():
            continue
        if len(text) <= 90 and len(text.split()) <= 8 and has_legal_suffix(text):
            facts.company = facts.company or text  # "Northwind Robotics, Inc." under the title
            continue
        if _is_short_line(text) and len(text) <= 60:
            locs = loc_mod.parse_locations(text)
            if locs and all(loc_mod.is_recognised_place(x) for x in locs):
                facts.header_locations.extend(locs)
                if loc_mod.workplace_in(text) != Workplace.UNKNOWN:
                    facts.fields.setdefault("workplace", text)
                continue
            if _is_workplace_line(text):
                facts.fields.setdefault("workplace", text)
                continue
        if _byline(text, facts):
            continue
        facts.intro.append(text)

    if facts.company is None and facts.title:
        m = _TITLE_AT.match(facts.title)
        if m:
            facts.title, facts.company = m.group("t").strip(), m.group("c").strip()
    title = facts.fields.get("title") or facts.title
    if facts.company is None and doc_title:
        facts.company = _company_from_title_line(doc_title, title)
    if headline and (facts.title is None or facts.title == headline):
        facts.title = headline_role(headline) or facts.title or headline
    if facts.title:
        facts.title = _split_title_place(strip_announcement(facts.title), facts)
    facts.headline = headline
    sections: list[Section] = []
    if facts.intro:
        sections.append(Section(heading="", passages=facts.intro))
    sections.extend(sections_from_blocks(rest))
    if facts.field_lines:
        sections.append(Section(heading="Job details", passages=facts.field_lines))
    return facts, sections


_BYLINE_SEP = re.compile(r"\s+[·•|]\s+")
_POSTED = re.compile(r"^(?:posted|reposted|\d+\s+applicants?|over\s+\d+|be\s+an\s+early)", re.I)


def _byline(text: str, facts: PageFacts) -> bool:
    """'Globex Corporation · Chicago, IL (Hybrid)': company, place and workplace on one line."""
    parts = _BYLINE_SEP.split(text)
    if len(parts) < 2 or len(text) > 160:
        return False
    used = False
    for part in parts:
        part = part.strip()
        locs = loc_mod.parse_locations(part)
        if locs and all(loc_mod.is_recognised_place(x) for x in locs):
            facts.header_locations.extend(locs)
            wp = loc_mod.workplace_in(part)
            if wp != Workplace.UNKNOWN:
                facts.fields.setdefault("workplace", part)
            used = True
        elif _POSTED.match(part):
            used = True
        elif facts.company is None and not used and len(part.split()) <= 6:
            facts.company = part
            used = True
    return used


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
            and label_field(nxt.text.strip()) is None
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
    if not is_job_text(" ".join([title, facts.headline, *passages[:60]])):
        raise PostingLoadError(origin, "not a job page: no role, hiring or application words in its text")
    opening = "\n".join([facts.headline, *facts.intro, *passages[:_OPENING_SENTENCES]])
    company = (
        facts.fields.get("company")
        or facts.company
        or org_from_sentences(opening)
        or company_hint
        or _company_from_links(origin, facts, passages)
    )
    fields = facts.fields
    locations = loc_mod.parse_locations(fields["locations"]) if "locations" in fields else []
    locations += facts.header_locations
    if not locations and facts.headline:  # "Acme Is Hiring in Boston and Oslo", "... Engineer (NYC, Onsite)"
        locations = _headline_places(facts.headline, fields)
    if not locations:  # no field or header line names the place: the opening sentences may
        opening = [x for sec in sections for x in sec.passages][:12]
        locations = loc_mod.dedupe([x for sentence in opening for x in loc_mod.places_in_prose(sentence)])
    types: list[EmploymentType] = (
        employment_type_value(fields["employment_type"]) if "employment_type" in fields else []
    )
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
