"""Roles a post names only in its prose: "We're looking for a Senior Rust Developer", "Open roles:" and
the list under it, a run of lines that are each a role ("Platform Engineer SF", "Product Designer SF").

A role phrase is a few words whose head is a role noun (the ``role_words`` of ``data/page_cues.yaml``,
plural or not: "engineers", "Interaction Designers"), with no sentence word in it. Nothing here names a
company or a site.
"""

from __future__ import annotations

import re

from rolecall.postings.chrome import cues, has_role_word, label_field
from rolecall.postings.text import Block

_MAX_ROLES = 5
_MAX_ROLE_WORDS = 8
_SENTENCE_WORD = re.compile(
    r"\b(?:we|we're|you|you're|your|our|us|i|i'm|is|are|was|were|will|would|can|could|should|have|has|"
    r"please|if|this|that|who|which|join|apply|email|contact|visit|check|see)\b",
    re.I,
)
# Where a role phrase ends: a link, a place or note after a dash or a colon, a parenthesis' close.
_ROLE_END = re.compile(
    r"\s*\|\s*|\s+(?:[-–—]|https?://|@\s)\s*|\b[-–—]\s|:\s+|\s+(?:in|at|for|to|with|who|based)\s+|\s*https?://"
)
_QUANTIFIER = re.compile(
    r"^(?:(?:several|multiple|some|two|three|four|many|various|a\s+few|a\s+group\s+of|a\s+team\s+of|"
    r"along\s+with|for|from|and|or|with|an?)\s+)+",
    re.I,
)
_DECORATION = re.compile(r"^[=*#~_\s]+|[=*#~_\s]+$")
# Words that name a seniority or a team, not the role itself: a phrase does not end on them.
_NOT_HEAD = {"staff", "founding", "head", "senior", "junior", "lead-level"}
_LIST_INTRO = re.compile(
    r"(?:open\s+(?:roles|positions)|current\s+openings|openings|positions|roles|vacancies|we(?:'re|’re|\s+are)\s+"
    r"hiring(?:\s+for)?|hiring(?:\s+for)?|looking\s+for(?:\s+the\s+following)?|seeking|the\s+following|"
    r"we\s+need|including)\s*[:,;]?\s*$",
    re.I,
)
_HIRING_VERB = re.compile(
    r"\b(?:hiring|looking\s+for|seeking|searching\s+for|recruiting|seeks|to\s+hire)\s+"
    r"(?:(?:an?|our|the|two|three|four|several|multiple|some|more|additional|experienced|talented|great|"
    r"strong|passionate|exceptional|ambitious|motivated|skilled|first|\d+(?:st|nd|rd|th)?|new)\s+)*",
    re.I,
)
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–—*•+§]|\(\w\))\s*")


def role_phrase(text: str) -> str | None:
    """'Senior Backend Engineer - Remote (EU) https://...' -> 'Senior Backend Engineer'; None when the
    text is not a role (a sentence, a label, no role noun)."""
    s = _DECORATION.sub("", _NUMBERING.sub("", " ".join(text.split()))).strip(" *,;")
    # "San Francisco|Senior Full Stack Engineer": the first piece that names a role.
    pieces = [p.strip(" ,;:-–—(") for p in _ROLE_END.split(s) if p and p.strip(" ,;:-–—(")]
    s = next((p for p in pieces if has_role_word(p)), "")
    s = _balanced(_without_praise(_QUANTIFIER.sub("", s)))
    words = s.split()
    if not words or len(words) > _MAX_ROLE_WORDS or not has_role_word(s):
        return None
    if _SENTENCE_WORD.search(s) or label_field(s) is not None or s.endswith((".", "!", "?")):
        return None
    if re.search(r"\s(?:a|an|the)\s", s):
        return None  # "offers small businesses an HR manager": a sentence
    return s[:1].upper() + s[1:]


def _without_praise(text: str) -> str:
    """'extremely talented / passionate Rust developers' -> 'Rust developers' (``role_praise``)."""
    words = text.split()
    praise = cues().role_praise
    while len(words) > 1 and (words[0].lower().strip(",") in praise or words[0] in ("/", "&", "and", "or")):
        words = words[1:]
    return " ".join(words)


def _balanced(text: str) -> str:
    """'Engineering manager (reports to the Director' -> 'Engineering manager'."""
    if text.count("(") > text.count(")"):
        return text[: text.rfind("(")].strip()
    return text


def _is_role_noun(word: str) -> bool:
    """The last word of a role phrase: a role noun ('engineers'), not a seniority ('staff-level')."""
    w = word.strip(",.;:!?()").split("-")[-1]
    return has_role_word(w) and w.lower() not in _NOT_HEAD


def _head_phrase(rest: str) -> str | None:
    """The role phrase a hiring verb is followed by: words up to the role noun that ends it
    ('backend and frontend engineers to build ...' -> 'backend and frontend engineers')."""
    words = rest.split()
    best: str | None = None
    for n in range(1, min(len(words), _MAX_ROLE_WORDS) + 1):
        piece = " ".join(words[:n]).strip(",.;:!?()")
        if _SENTENCE_WORD.search(piece) or re.search(r"[.;:!?]", " ".join(words[: n - 1])):
            break
        if _is_role_noun(words[n - 1]):
            best = piece
    return best


def roles_in_prose(blocks: list[Block], *, limit: int = 40) -> list[str]:
    """Roles the post names (module docstring), in the order written; [] when it names none."""
    blocks = blocks[:limit]
    found = _listed_after_intro(blocks) or _hiring_sentences(blocks) or _role_lines(blocks)
    return list(dict.fromkeys(found))[:_MAX_ROLES]


def _listed_after_intro(blocks: list[Block]) -> list[str]:
    """'Open roles:' / 'We're looking for' (or any line ending in a colon that says it is hiring) then a
    list of roles: bullets or short lines, each a role phrase or a short name before a colon or a dash
    ('QA: We're looking for ...', 'Backend Engineer [rust, python] - low-latency ...')."""
    for i, b in enumerate(blocks):
        text = b.text.strip()
        if not (_LIST_INTRO.search(text) or (text.endswith(":") and _HIRING_CUE.search(text))):
            continue
        roles: list[str] = []
        for nxt in blocks[i + 1 :]:
            role = (_item_name(nxt.text) or role_phrase(nxt.text)) if len(nxt.text) <= 400 else None
            if role is None:
                break
            roles.append(role)
        if roles:
            return roles
    return []


_HIRING_CUE = re.compile(r"\b(?:hiring|looking\s+for|seeking|roles?|positions?|openings?|vacancies)\b", re.I)
_ITEM_NAME = re.compile(r"^(?P<name>[^\s:][^:]{0,60}?)\s*(?::\s|\s[-–—]\s|\s*\[)")


def _item_name(text: str) -> str | None:
    """A list item's name before its colon, dash or bracket ('QA: We're looking for ...'), when short."""
    s = _NUMBERING.sub("", " ".join(text.split()))
    m = _ITEM_NAME.match(s)
    if not m:
        return None
    name = m.group("name").strip(" *")
    if len(name.split()) > 6 or _SENTENCE_WORD.search(name) or label_field(name) is not None:
        return None
    return name[:1].upper() + name[1:] if name else None


def _hiring_sentences(blocks: list[Block]) -> list[str]:
    """'We're looking for a Senior Rust Developer and a Product Designer' -> both roles."""
    out: list[str] = []
    for b in blocks:
        for m in _HIRING_VERB.finditer(b.text):
            rest = b.text[m.end() :]
            for part in re.split(
                r",\s+(?:and\s+|or\s+)?(?:an?\s+)?|\s+(?:and|or|as\s+well\s+as)\s+an?\s+", rest
            )[:3]:
                role = _head_phrase(part)
                if role is None:
                    break
                role = _balanced(_without_praise(_QUANTIFIER.sub("", role)))
                if role:
                    out.extend(_split_pair(role[:1].upper() + role[1:]))
        if out:
            return out
    return out


def _split_pair(role: str) -> list[str]:
    """'Product Designer and Data Scientists' -> both; 'Backend and Frontend Engineers' stays one."""
    left, sep, right = role.partition(" and ")
    if sep and has_role_word(left.split()[-1]) and has_role_word(right):
        return [left, right[:1].upper() + right[1:]]
    return [role]


def _role_lines(blocks: list[Block]) -> list[str]:
    """Two or more short lines (or bullets) that are each a role: a list of openings without an intro."""
    roles = [r for b in blocks if len(b.text) <= 120 and (r := role_phrase(b.text))]
    return roles if len(roles) >= 2 else []
