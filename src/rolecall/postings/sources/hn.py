"""A Hacker News "Who is hiring" comment: one post, first line `Company | Role | Location | ...`.

Header tokens are classified one by one (place, workplace, employment type, pay, VISA, citizenship,
link), the company is the first token and the title the token that reads like a role. Posts without a
header fall back to prose cues ("We're Ontix", "role open on my team: Staff Engineer").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from rolecall.orgs import has_legal_suffix, org_from_domain, org_from_sentences, plausible_org
from rolecall.postings import locations as loc_mod
from rolecall.postings.chrome import label_field
from rolecall.postings.extract import employment_types_in, pay_in
from rolecall.postings.model import (
    Eligibility,
    EmploymentType,
    Evidence,
    Location,
    Pay,
    Posting,
    Section,
    Source,
    Sponsorship,
    Workplace,
)
from rolecall.postings.runon import expand_card_blocks, is_card_label
from rolecall.postings.sources.base import finish, stem
from rolecall.postings.sources.page import headline_role, title_at_company
from rolecall.postings.sources.roles import roles_in_prose
from rolecall.postings.text import Block, blocks_from_html, one_line, sections_from_blocks

_ROLE_WORDS = re.compile(
    r"\b(?:engineers?|developers?|scientists?|researchers?|designers?|managers?|leads?|directors?|architects?|"
    r"analysts?|advocates?|administrators?|sre|devops|staff|roles?|positions?|interns?|founding|cto|vp|head\s+of|"
    r"eng|product|recruiters?|consultants?|specialists?|technicians?|operators?|associates?|officers?|"
    r"programmers?|hackers?|writers?|marketers?|sales|support|member\s+of\s+technical\s+staff)\b",
    re.I,
)
_LINK = re.compile(
    r"^(?:https?://\S+|[\w.-]+\.(?:com|io|ai|co|dev|net|org|work|app|jobs|xyz|tech|so|cx|engineering)(?:/\S*)?)$",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_VISA_TOKEN = re.compile(
    r"^(?:visa|visas|visa\s+sponsorship(?:\s+(?:available|offered|provided))?|sponsorship)$", re.I
)
_PAY_TOKEN = re.compile(r"[$€£]\s?\d|\d\s?[kK]\b|\b(?:salary|equity|comp)\b", re.I)
_CITIZEN_TOKEN = re.compile(r"citizen|u\.?s\.?\s+persons?|clearance", re.I)
_WORKPLACE_TOKEN = re.compile(
    r"\b(?:remote|onsite|on-site|hybrid|in[- ]office|work\s+from\s+home|wfh)\b", re.I
)
_ALSO_RESIDENTS = re.compile(
    r"citizens?(?:hip)?\s*(?:/|or|and|&)\s*(?:current\s+|existing\s+)?(?:visa|green\s*card|gc|permanent\s+residen|"
    r"lawful\s+permanent|work\s+permit)",
    re.I,
)
_SEEKING = re.compile(r"^\s*seeking\s+(?:work|freelancer)\b", re.I)


@dataclass
class Header:
    line: str
    company: str | None = None
    title: str | None = None
    roles: list[str] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    workplace: Workplace = Workplace.UNKNOWN
    types: list[EmploymentType] = field(default_factory=list)
    pay: Pay | None = None
    visa: bool = False
    citizenship: str | None = None
    links: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    title_guessed: bool = False  # the title is an unclassified token after the company, no role noun
    department: str | None = None


def split_header(line: str) -> list[str]:
    for sep in ("|", " // ", "•", "·", ";", " — ", " – ", " / ", " - ", " -- "):
        parts = [p.strip() for p in line.split(sep)]
        if len([p for p in parts if p]) >= 3 or (sep in ("|", " // ") and len(parts) >= 2):
            return _presplit([p for p in parts if p])
    # "Acme Inc/Frontend Engineer/Full Time/Sunnyvale, CA": a slash without spaces, only with 4+ parts.
    if len(line) > _SLASH_HEADER_MAX or re.search(r"https?:|www\.|\w\.\w+/", line):
        return []
    parts = [p.strip() for p in re.split(r"\s*/\s*", line) if p.strip()]
    if (
        len(parts) >= 4
        and all(len(p.split()) <= 6 for p in parts)
        and any(_looks_like_place(p) or employment_types_in(p) for p in parts[2:])
    ):
        return parts
    return []


_SLASH_HEADER_MAX = 120
_COMPANY_SEP = re.compile(r"\s+(?:-+|—|–)\s+|:\s+")
_WE_ARE_PREFIX = re.compile(r"^(?:we(?:'re|’re|\s+are)|this\s+is)\s+", re.I)


def _presplit(tokens: list[str]) -> list[str]:
    """'Poki — http://jobs.poki.com', '40GRID - Full-time Remote', 'Operam: Data Scientist' as first token:
    the company, then what follows it as tokens of their own."""
    if not tokens:
        return tokens
    first = _WE_ARE_PREFIX.sub("", tokens[0])
    pieces = [p.strip() for p in _COMPANY_SEP.split(first, maxsplit=1) if p.strip()]
    if len(pieces) == 2 and not _ROLE_WORDS.search(pieces[0]) and len(pieces[0].split()) <= 5:
        return [pieces[0], pieces[1], *tokens[1:]]
    return [first, *tokens[1:]]


def parse_header(line: str) -> Header | None:
    tokens = split_header(line)
    if not tokens:
        return None
    h = Header(line=line)
    first = re.sub(r"\s*\([^)]*\)\s*", " ", tokens[0]).strip() or tokens[0]
    # The role first ("Senior Engineer | Acme | Remote"): the first token is a role and not a name.
    role_first = bool(_STRONG_ROLE.search(first)) and not has_legal_suffix(first)
    # A first token that is a place, a workplace or a link ("REMOTE | Acme | ...") is not the employer.
    # A bare domain first ("exe.dev | Full time | ..."), no scheme or path, is how the company writes
    # its name; a URL is a link.
    bare_domain = bool(re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", first, re.I)) and not first.startswith(
        "www."
    )
    fact_first = _looks_like_place(first) or (
        len(first.split()) <= 4
        and bool((_LINK.match(first) and not bare_domain) or loc_mod.workplace_in(first) != Workplace.UNKNOWN)
    )
    h.company = None if role_first or fact_first else first
    for raw in tokens[0 if h.company is None else 1 :]:
        tok = raw.strip().rstrip(".")
        if not tok:
            continue
        if _LINK.match(tok) or tok.startswith("http"):
            h.links.append(tok)
            continue
        if _EMAIL.fullmatch(tok):
            h.links.append(tok)
            continue
        if _VISA_TOKEN.match(tok):
            h.visa = True
            continue
        if _CITIZEN_TOKEN.search(tok):
            h.citizenship = tok
            continue
        types = employment_types_in(tok)
        if types and len(tok) <= 40 and not _ROLE_WORDS.search(re.sub(r"interns?\b", "", tok, flags=re.I)):
            h.types.extend(t for t in types if t not in h.types)
            continue
        if _PAY_TOKEN.search(tok):
            pay = pay_in(tok, require_context=False)
            if pay:
                h.pay = pay
                continue
        if _STRONG_ROLE.search(tok) and not _is_tagline(tok):
            # "Software Engineer @ Splunk", "Backend Engineer - ONSITE - Full-time": the role, and what
            # the token says besides it.
            at = _ROLE_AT.match(tok)
            if at and plausible_org(at.group("c")):
                tok = at.group("r").strip()
                if h.company is None or _names_a_place(h.company):
                    h.company = re.sub(r"\s*\([^)]*\)\s*", " ", at.group("c")).strip()
            tok, places = _split_role_place(tok)
            h.locations.extend(places)
            h.roles.append(tok)
            h.title = h.title or tok
            if _WORKPLACE_TOKEN.search(tok) and h.workplace == Workplace.UNKNOWN:
                h.workplace = loc_mod.workplace_in(tok)
            continue
        if _WORKPLACE_TOKEN.search(tok):
            wp = loc_mod.workplace_in(tok)
            if h.workplace in (Workplace.UNKNOWN, Workplace.ONSITE) or wp == Workplace.REMOTE:
                h.workplace = wp if wp != Workplace.UNKNOWN else h.workplace
            places = loc_mod.parse_locations(tok)
            h.locations.extend(p for p in places if p.remote or p.city or p.region or p.country)
            if re.search(r"visa\s+sponsorship\s+(?:possible|available|offered)", tok, re.I):
                h.visa = True
            continue
        if _ROLE_WORDS.search(tok) and not _looks_like_place(tok) and not _is_tagline(tok):
            h.roles.append(tok)
            h.title = h.title or tok
            continue
        if _looks_like_place(tok):
            h.locations.extend(loc_mod.parse_locations(tok))
            continue
        h.others.append(tok)
    # An unclassified token right after the company is the role ("Acme | Frontend Wizard | ..."); one at the
    # end of the line is usually a tagline ("... | e-commerce").
    if h.company is None and h.others:
        # Role first: the employer is the first unclassified token that reads as a name.
        name = next((o for o in h.others if plausible_org(o) and not _ROLE_WORDS.search(o)), None)
        if name:
            h.others.remove(name)
            h.company = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip() or name
    if h.company is None and fact_first and not role_first:
        h.company = first  # nothing else reads as a name: the first token after all ("Acme DC | ...")
    if h.title is None and h.others and len(tokens) > 1 and tokens[1].strip().rstrip(".") == h.others[0]:
        h.title = h.others.pop(0)
        h.roles.append(h.title)
        h.title_guessed = True
    if len(h.roles) > 1:
        # Several roles, one post: one posting listing them (they share the post's one description).
        h.title = _listing_title(h.roles)
    return h


# Role nouns strong enough to tell a role from a name in the first token ("Product Manager | Acme").
_STRONG_ROLE = re.compile(
    r"\b(?:engineers?|developers?|scientists?|researchers?|designers?|managers?|architects?|analysts?|"
    r"interns?|administrators?|recruiters?|programmers?|sre|devops|cto|vp|head\s+of|devs?|full[- ]?stack|"
    r"back[- ]?end|front[- ]?end|business\s+development)\b",
    re.I,
)


def _listing_title(roles: list[str]) -> str | None:
    """Several roles as one title: 'Backend Engineer, Frontend Engineer'; '; ' when a role has a comma."""
    if not roles:
        return None
    return ("; " if any("," in r for r in roles) else ", ").join(roles)


_ROLE_AT = re.compile(r"^(?P<r>.+?)\s+(?:@|at)\s+(?P<c>[A-Z][^@]{1,50})$")


_HIRING_WORDS = re.compile(
    r"\b(?:hiring|looking\s+for|seeking|join\s+us|apply|open\s+(?:roles?|positions?))\b", re.I
)
_JOB_LABEL = re.compile(r"^(?:job|role|position|opening)\s*:\s*", re.I)


def _role_line(line: str) -> str | None:
    """A first line that is only a role ('FPGA Product Development Engineer', 'Job: Data Engineer')."""
    text = _JOB_LABEL.sub("", line.strip()).strip()
    text = re.split(r"\s+(?:About|We|Our)\b|[.!?](?:\s|$)", text, maxsplit=1)[0].strip(" ,;:-")
    if 1 <= len(text.split()) <= 8 and _STRONG_ROLE.search(text):
        return text
    return None


_AFTER_ROLE = re.compile(r"^(?:\s*\([^)]*\))*")


def _split_role_place(tok: str) -> tuple[str, list[Location]]:
    """'Senior Engineer (Python) Newport Beach, CA' -> ('Senior Engineer (Python)', [Newport Beach, CA]):
    a place written after the role in the same token."""
    matches = list(_STRONG_ROLE.finditer(tok))
    if not matches:
        return tok, []
    last = matches[-1]
    end = last.end() + _AFTER_ROLE.match(tok[last.end() :]).end()  # type: ignore[union-attr]
    rest = tok[end:].strip(" ,-–—@")
    if not rest or rest[:1].islower():
        return tok, []
    locs = loc_mod.parse_locations(rest)
    if locs and all(loc_mod.is_recognised_place(x) for x in locs):
        return tok[:end].strip(), locs
    return tok, []


def _names_a_place(text: str) -> bool:
    return any(loc_mod.is_recognised_place(x) for x in loc_mod.parse_locations(text))


def _is_tagline(tok: str) -> bool:
    """'Making engineers happier since 2012': a sentence-like token, not a role."""
    return len(tok.split()) > 14 or bool(re.search(r"\b(?:we|our|is|are|since|helps?|makes?)\b", tok, re.I))


def _looks_like_place(tok: str) -> bool:
    locs = loc_mod.parse_locations(tok)
    return bool(locs) and all(loc_mod.is_recognised_place(x) for x in locs)


_WE_ARE = re.compile(r"\bwe(?:'re|’re|\s+are)\s+(?P<c>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})")
_IS_HIRING = re.compile(r"^(?P<c>.+?)\s+\((?:YC[^)]*)\)\s+is\s+hiring|^(?P<c2>.+?)\s+is\s+hiring", re.I)
_ROLE_OPEN = re.compile(r"\brole\s+open[^:]{0,40}:\s*(?P<t>[^.]{3,80})", re.I)
_HIRING_A = re.compile(
    r"\b(?:hiring|looking\s+for|seeking)\s+(?:an?\s+|our\s+(?:first\s+)?)?(?P<t>(?:[A-Z][\w+/-]*\s+){0,4}"
    r"(?:Engineer|Developer|Scientist|Researcher|Designer|Manager|Lead|SRE|Architect)s?)\b"
)


def _first_line_and_html(markup: str) -> tuple[str, BeautifulSoup]:
    soup = BeautifulSoup(markup, "lxml")
    first = soup.find("p")
    text = first.get_text() if first else soup.get_text()
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    return line, soup


def parse_hn(markup: str, *, origin: str) -> list[Posting]:
    first_line, soup = _first_line_and_html(markup)
    header = parse_header(first_line)
    blocks = blocks_from_html(str(soup.body or soup))
    if header and blocks and blocks[0].kind == "para":
        head = one_line(first_line)
        rest = blocks[0].text[len(head) :].strip() if blocks[0].text.startswith(head) else blocks[0].text
        blocks = ([Block("para", rest)] if rest and rest != blocks[0].text else []) + blocks[1:]
    blocks = expand_card_blocks(blocks)  # a job-board page pasted into the post: its card as fields
    sections = sections_from_blocks(blocks)
    if header:
        sections.insert(0, Section(heading="Header", passages=[one_line(first_line)]))
    all_text = " ".join(p for s in sections for p in s.passages)

    company = header.company if header and header.company and plausible_org(header.company) else None
    title = header.title if header else None
    # A job-board page pasted under the post's first line: its <title> ("Founding Engineer at Acme |
    # Site ...") names the role and the employer; the rest of that line is the board's chrome.
    pasted = next((pair for b in blocks[:3] if (pair := title_at_company(b.text))), None)
    if pasted:
        title = title or pasted[0]
        company = company or pasted[1]
    opening = "\n".join([first_line, *[p for s in sections for p in s.passages][:15]])
    company = company or org_from_sentences(opening, mentions=False)
    if company is None:
        hrefs = [html.unescape(u) for u in _URL.findall(str(soup))]
        emails = _EMAIL.findall(all_text)
        bare = _BARE_DOMAIN.findall(first_line)  # "Wayward (wayward.com) - we're rebuilding ..."
        for link in [*(header.links if header else []), *bare, *hrefs, *emails]:
            company = org_from_domain(link, all_text)
            if company:
                break
    if company is None:
        company = company_from_token(header.company) if header and header.company else None
    company = company or "Unknown employer"
    if title is None:
        title = headline_role(first_line) or _role_line(first_line)
    if title is None or (header and header.title_guessed and not _ROLE_WORDS.search(title)):
        # No role in the header (or only a guess without a role noun): the prose may name them ("We're
        # looking for a Senior Rust Developer", "Open roles:" and its list, a run of role lines).
        m3 = _ROLE_OPEN.search(all_text)
        prose = [m3.group("t").strip()] if m3 else roles_in_prose(blocks)
        if prose and title and header and header.department is None:
            header.department = title  # the header's token names the team or the field, not the role
        title = _listing_title(prose) or title
    if title is None:
        title = _roles_listed(sections)
        if title is None:
            at = re.search(rf"(?P<t>[A-Z][\w ,/&-]{{3,80}}?)\s+at\s+{re.escape(company)}\b", all_text)
            title = at.group("t").strip() if at and _ROLE_WORDS.search(at.group("t")) else "Open roles"

    seeking = bool(_SEEKING.match(first_line))
    if (
        header is None
        and company == "Unknown employer"
        and title == "Open roles"
        and not seeking
        and not (_STRONG_ROLE.search(all_text) and _HIRING_WORDS.search(all_text))
    ):
        # No header, no employer, no role: a reply or a remark in the thread, not a job post.
        return []
    elig = Eligibility()
    if header and header.visa:
        elig.sponsorship = Sponsorship.OFFERED
        elig.evidence.append(Evidence(fact="sponsorship", quote=one_line(first_line), value="offered"))
    if header and header.citizenship and _ALSO_RESIDENTS.search(header.citizenship):
        # "US citizen/visa only", "US citizens or green card holders": people already allowed to work
        # there, so no new sponsorship; citizenship itself is not required.
        elig.sponsorship = Sponsorship.NOT_OFFERED
        elig.work_authorization_required = True
        elig.evidence.append(Evidence(fact="sponsorship", quote=one_line(first_line), value="not_offered"))
    elif header and header.citizenship and re.search(r"citizen", header.citizenship, re.I):
        elig.citizenship_required = True
        elig.evidence.append(Evidence(fact="citizenship", quote=one_line(first_line), value="required"))
    apply_instructions = None
    for link in header.links if header else []:
        if _EMAIL.fullmatch(link):
            apply_instructions = f"Email {link}"
    posting = Posting(
        id=stem(origin),
        title="SEEKING WORK: " + title if seeking else title,
        company=company,
        locations=header.locations if header else [],
        workplace=header.workplace if header else Workplace.UNKNOWN,
        employment_type=header.types if header else [],
        pay=header.pay if header else None,
        apply_instructions=apply_instructions,
        # A "SEEKING WORK" post is a candidate looking for a job, not an opening: never list it as open.
        active=not seeking,
        eligibility=elig,
        sections=sections,
        source=Source(format="hn", path=origin),
    )
    if header and header.department:
        posting.department = header.department
    if header and header.others and posting.department is None:
        posting.department = next((o for o in header.others if len(o) <= 60), None)
    # The anchors' addresses first: HN shows long links shortened ("…/jobs/589..."), so the header's
    # visible text is only a fallback, and never a shortened or run-on one.
    links = [html.unescape(u) for u in _URL.findall(str(soup))] + (header.links if header else [])
    posting.url = next((u for u in links if _JOB_BOARD.search(u) and _WHOLE_URL.fullmatch(u)), None)
    if posting.url and _ATS.search(posting.url):
        posting.apply_url = posting.url  # a link straight to the job's ATS page is where one applies
    p = finish(posting)
    if not p.locations:
        p.locations = _prose_locations([x for sec in sections for x in sec.passages])
        p = finish(p)
    return [p]


def company_from_token(token: str) -> str | None:
    """The header's first token when nothing else named the employer: the name it introduces ("Backed by
    Sequoia, Acme is the ... platform"), else the token itself when it reads as a name."""
    named = org_from_sentences(token, mentions=False)
    if named:
        return named
    return token if plausible_org(token) else None


_URL = re.compile(r"href=\"(https?://[^\"]+)\"")
_BARE_DOMAIN = re.compile(
    r"(?<![@\w.])[a-z0-9][\w-]*\.(?:com|io|ai|co|dev|net|org|app|xyz|tech|so)(?![\w.])", re.I
)
_WHOLE_URL = re.compile(r"https?://\S+(?<!\.\.\.)(?<!…)")
# Applicant tracking systems: a link to one is where the candidate applies.
_ATS_HOSTS = (
    r"greenhouse\.io|grnh\.se|lever\.co|ashbyhq\.com|workable\.com|applytojob\.com|personio\.|smartrecruiters|"
    r"myworkdayjobs|recruitee|bamboohr"
)
_ATS = re.compile(_ATS_HOSTS, re.I)
# Any job page: an ATS, a careers/jobs path, or a startup board.
_JOB_BOARD = re.compile(rf"{_ATS_HOSTS}|/careers?\b|/jobs?\b|workatastartup", re.I)
_LOCATION_LINE = re.compile(r"^\s*location\s*:\s*(?P<l>.{3,120})$", re.I)
_ROLE_ITEM = re.compile(r"^(?P<name>[A-Z][^:.]{1,50}?)\s*(?::|\s[-–]\s)")


def _roles_listed(sections: list[Section]) -> str | None:
    """Role bullets ('+ QA: ...', '1. Staff Software Engineer - Frontend - €85.000') -> 'QA, Staff ...'.
    Labels ('Apply here:', 'Salary:', 'Job type:') are fields, not roles."""
    names: list[str] = []
    for sec in sections:
        for passage in sec.passages:
            m = _ROLE_ITEM.match(passage)
            # "Salary: $200K", "Job type: Full-time": a pasted job card's fields, not roles.
            name = m.group("name") if m else ""
            if m and len(passage) > len(name) + 3 and not is_card_label(name) and label_field(name) is None:
                names.append(m.group("name").strip())
    if len(names) >= 2 and any(_ROLE_WORDS.search(n) for n in names):
        return ", ".join(names[:5])
    return None


def _prose_locations(passages: list[str]) -> list[Location]:
    for passage in passages:
        m = _LOCATION_LINE.match(passage)
        if m:
            place = re.split(r"\s+with\s+a\s+preference|\s*\(", m.group("l"))[0]
            return [x for x in loc_mod.parse_locations(place) if loc_mod.is_recognised_place(x)]
    # No field names the place: a sentence may ("onsite employees in San Diego"). Only the post's opening
    # sentences, where a company says where it works; later ones drift to customers and history.
    return loc_mod.dedupe(
        [x for passage in passages[:_PROSE_PLACE_SENTENCES] for x in loc_mod.places_in_prose(passage)]
    )


_PROSE_PLACE_SENTENCES = 12
