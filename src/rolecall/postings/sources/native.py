"""Rolecall's own formats: Markdown with YAML front matter (hand-written or from a Jekyll job board), and
the model as YAML or JSON.

Field names are the model's (see docs/postings.md). Conveniences for people writing by hand:
``locations`` may be plain strings ("Tucson, AZ"), ``employment_type`` and ``terms`` may be a single
string, ``pay`` may be a string ("$34/hr"), and ``description`` (Markdown) may stand in for ``sections``.
Keys written for other tools are read through ``front_matter`` (aliases, ``extra``, never a refusal);
a missing company falls back to the text, the posting's addresses, then the folder's defaults.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from pydantic import ValidationError

from rolecall.errors import PostingLoadError
from rolecall.orgs import org_from_addresses, org_from_sentences, org_from_title
from rolecall.postings.model import Eligibility, Posting, Source
from rolecall.postings.sources import liquid
from rolecall.postings.sources.base import finish, locations_from, slug, stem, warn
from rolecall.postings.sources.front_matter import details_sections, map_front_matter, recover
from rolecall.postings.text import Block, blocks_from_text, sections_from_blocks, split_sentences

# Jekyll's rule: `---` opens the front matter, `---` or `...` closes it.
_FRONT_MATTER = re.compile(r"\A\s*---\s*\n(?P<fm>.*?)\n(?:---|\.\.\.)\s*(?:\n|\Z)(?P<body>.*)\Z", re.S)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(?P<t>.+?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+(?P<t>.+)$")


def markdown_blocks(body: str) -> list[Block]:
    """Markdown -> blocks: `#` headings, list items as bullets, blank-line-separated paragraphs."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", _inline(" ".join(para))))
            para.clear()

    for raw in body.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        h = _MD_HEADING.match(line)
        b = _MD_BULLET.match(line)
        if h:
            flush()
            blocks.append(Block("heading", _inline(h.group("t")).rstrip(":")))
        elif b:
            flush()
            blocks.append(Block("bullet", _inline(b.group("t"))))
        elif blocks and blocks[-1].kind == "bullet" and raw.startswith(("  ", "\t")) and not para:
            blocks[-1] = Block("bullet", f"{blocks[-1].text} {_inline(line.strip())}")
        else:
            para.append(line.strip())
    flush()
    return blocks


def _inline(text: str) -> str:
    """Strip Markdown emphasis and turn [text](url) into 'text (url)' so quotes keep the link."""
    text = re.sub(r"\[([^\]]+)\]\((\S+?)\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    return text.replace("`", "")


def _normalise(
    raw: dict[str, Any],
    *,
    origin: str,
    default_id: str,
    body: str | None,
    fmt: str,
    defaults: dict[str, Any] | None = None,
) -> Posting:
    if not isinstance(raw, dict):
        raise PostingLoadError(origin, f"expected a mapping of posting fields, got {type(raw).__name__}")
    mapped = map_front_matter(raw)
    if mapped.unknown:
        keys = ", ".join(mapped.unknown)
        warn(origin, f"keys not in the model, kept in 'extra' and shown under Details: {keys}")
    folder = map_front_matter(defaults) if defaults else None
    data = dict(mapped.data)
    if folder is not None:
        for key, value in folder.data.items():
            if key != "company":  # the company default comes last, after the posting's own cues
                data.setdefault(key, value)
    description = data.pop("description", None)
    if body and fmt == "markdown":
        body = liquid.render(body, raw)
    text = "\n\n".join(x for x in (str(description) if description else "", body or "") if x.strip())
    blocks = (markdown_blocks(text) if fmt != "text" else blocks_from_text(text)) if text else []
    if not data.get("title"):
        data["title"] = _title_fallback(blocks, origin)
    if not data.get("company"):
        data["company"] = _company_fallback(data, mapped, blocks, folder, origin)
    data.setdefault("id", default_id)
    data["id"] = str(data["id"])
    data["locations"] = locations_from(data.get("locations"))
    if isinstance(data.get("eligibility"), dict):
        data["eligibility"] = Eligibility.model_validate(data["eligibility"])
    if blocks and not data.get("sections"):
        data["sections"] = sections_from_blocks(blocks)
    details = details_sections(mapped, markdown=markdown_blocks)
    if details:
        data["sections"] = [*data.get("sections", []), *details]
    data["extra"] = mapped.extra
    data["source"] = Source(format=fmt, path=origin)
    return finish(_validate(data, mapped, origin))


def _validate(data: dict[str, Any], mapped: Any, origin: str) -> Posting:
    """Validate; a field with a value the model cannot take moves to ``extra`` (warned), not a refusal."""
    for _ in range(len(data)):
        try:
            return Posting.model_validate(data)
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            movable = bad - {"id", "title", "company", "source", "extra"}
            if not movable or movable != bad:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
                )
                raise PostingLoadError(origin, f"invalid posting fields: {problems}") from exc
            for key in sorted(movable):
                value = data.pop(key)
                mapped.keep(key, value if not hasattr(value, "model_dump") else value.model_dump(mode="json"))
                data["extra"] = mapped.extra
                msg = next(e["msg"] for e in exc.errors() if e["loc"] and str(e["loc"][0]) == key)
                warn(origin, f"field '{key}' kept in 'extra' as written: {msg}")
    raise PostingLoadError(origin, "invalid posting fields")


def _title_fallback(blocks: list[Block], origin: str) -> str:
    """No title key: the body's first heading, else the file name (warned)."""
    heading = next((b.text for b in blocks if b.kind == "heading" and len(b.text) <= 120), None)
    if heading:
        return heading
    name = re.sub(r"[-_]+", " ", stem(origin)).strip()
    if not name or name == "posting":
        raise PostingLoadError(origin, "missing required field 'title'")
    warn(origin, f"no title in the front matter or a heading; named after the file: {name!r}")
    return name[:1].upper() + name[1:]


def _company_fallback(
    data: dict[str, Any], mapped: Any, blocks: list[Block], folder: Any, origin: str
) -> str:
    """No company key: the posting's own text ('Company:' line, an 'Org: Role' title), then the domain
    of its addresses (company URL, URL, apply URL, contact e-mails), then the folder's default."""
    from rolecall.postings.sources.page import read_page

    facts, _ = read_page(blocks) if blocks else (None, None)
    prose = [b for b in blocks if b.kind != "heading" and not _FIELD_LINE.match(b.text)]
    opening = [p for b in prose for p in split_sentences(b.text)][:_OPENING_SENTENCES]
    company = (
        (facts.fields.get("company") if facts else None)
        or org_from_title(str(data["title"]))
        or org_from_sentences("\n".join(opening))
    )
    if company:
        return company
    text = " ".join(b.text for b in blocks)
    addresses = [
        str(v)
        for v in (
            mapped.virtual.get("company_url"),
            data.get("url"),
            data.get("apply_url"),
            *_emails_in(mapped.extra),
        )
        if v
    ]
    company = org_from_addresses(addresses, str(data["title"]), text)
    if company:
        return company
    if folder is not None and folder.data.get("company"):
        return str(folder.data["company"])
    warn(origin, "no company in the front matter, the text or its addresses, and no folder default")
    return "Unknown employer"


_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_OPENING_SENTENCES = 15  # an organisation introduces itself near the top; later text names partners
_FIELD_LINE = re.compile(r"^[\w .()/'#-]{2,40}:\s")  # "Travel requirement: ...": a field, not prose


def _emails_in(extra: dict[str, Any]) -> list[str]:
    """Contact e-mail values of other keys (`contact_email: jobs@acme.gov`); links in prose are not the
    employer's (event pages, glossaries)."""
    return [v.strip() for v in extra.values() if isinstance(v, str) and _EMAIL.match(v.strip())]


def _many(
    items: list[Any], *, origin: str, fmt: str, defaults: dict[str, Any] | None = None
) -> list[Posting]:
    base = stem(origin)
    out: list[Posting] = []
    used: set[str] = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise PostingLoadError(origin, f"item {n} is a {type(item).__name__}, not a posting mapping")
        default_id = f"{base}-{slug(str(item.get('title', n)), limit=40)}" if len(items) > 1 else base
        if default_id in used:
            default_id = f"{default_id}-{n}"  # two "Welder" postings in one file stay distinct
        used.add(default_id)
        try:
            out.append(
                _normalise(item, origin=origin, default_id=default_id, body=None, fmt=fmt, defaults=defaults)
            )
        except PostingLoadError as exc:
            raise PostingLoadError(origin, f"item {n}: {exc.reason}") from exc
    return out


def _from_value(value: Any, *, origin: str, fmt: str, defaults: dict[str, Any] | None) -> list[Posting]:
    if isinstance(value, dict) and isinstance(value.get("postings"), list):
        return _many(value["postings"], origin=origin, fmt=fmt, defaults=defaults)
    if isinstance(value, list):
        return _many(value, origin=origin, fmt=fmt, defaults=defaults)
    if isinstance(value, dict):
        return [
            _normalise(value, origin=origin, default_id=stem(origin), body=None, fmt=fmt, defaults=defaults)
        ]
    raise PostingLoadError(
        origin, f"expected a posting mapping or a list of them, got {type(value).__name__}"
    )


def parse_json(text: str, *, origin: str, defaults: dict[str, Any] | None = None) -> list[Posting]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PostingLoadError(origin, f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    return _from_value(value, origin=origin, fmt="json", defaults=defaults)


def parse_yaml(text: str, *, origin: str, defaults: dict[str, Any] | None = None) -> list[Posting]:
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as exc:
        raise PostingLoadError(origin, f"invalid YAML: {' '.join(str(exc).split())[:300]}") from exc
    if not docs:
        raise PostingLoadError(origin, "empty YAML document")
    value: Any = docs[0] if len(docs) == 1 else docs
    return _from_value(value, origin=origin, fmt="yaml", defaults=defaults)


# libyaml's loader when PyYAML was built with it: the same safe constructors, several times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _front_matter(text: str) -> Any:
    """JSON front matter (exports write it) through ``json``; YAML, or JSON that fails, through YAML."""
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass  # a YAML flow mapping ("{title: X}"): YAML decides
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)  # safe: SafeLoader or its C twin, never the full Loader
    except yaml.YAMLError:
        return yaml.safe_load(text)  # raises again, with the pure loader's message (it quotes the line)


# Front matter opened with `---` but never closed: its YAML-looking lines run up to the first line
# that is not a key, an indented continuation, a comment or blank.
_YAML_LINE = re.compile(r"^(?:\s*$|\s*#|\s+\S|[^\s#:][^:\n]{0,60}:(?:\s|$)|-\s)")


def _unclosed_front_matter(text: str) -> tuple[str, str] | None:
    lines = text.lstrip().splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    end = 1
    while end < len(lines) and _YAML_LINE.match(lines[end]):
        end += 1
    front = "\n".join(lines[1:end])
    if not re.search(r"(?m)^[^\s#:][^:\n]{0,60}:", front):
        return None
    rest = lines[end:]
    if rest and re.fullmatch(r"\s*[-.]{2,}\s*", rest[0]):
        rest = rest[1:]  # a mistyped closing line ("--")
    return front, "\n".join(rest)


def parse_markdown(text: str, *, origin: str, defaults: dict[str, Any] | None = None) -> list[Posting]:
    m = _FRONT_MATTER.match(text)
    if m is not None:
        front_text, body = m.group("fm"), m.group("body")
    elif (opened := _unclosed_front_matter(text)) is not None:
        front_text, body = opened
        warn(origin, "front matter opened with '---' is never closed; read up to the first non-YAML line")
    else:
        return _markdown_without_front_matter(text, origin=origin, defaults=defaults)
    try:
        front = _front_matter(front_text)
    except yaml.YAMLError as exc:
        # The error stays as clear as ever, reported on the file; the keys that parse on their own are read.
        error = f"invalid YAML front matter: {' '.join(str(exc).split())[:300]}"
        front, as_text = recover(front_text)
        if not front:
            raise PostingLoadError(origin, error) from exc
        kept = f"; kept as text: {', '.join(as_text)}" if as_text else ""
        warn(origin, f"{error} — read key by key instead{kept}")
    if front is None:
        front = {}
    if not isinstance(front, dict):
        raise PostingLoadError(origin, "front matter must be a mapping of posting fields")
    posting = _normalise(
        front, origin=origin, default_id=stem(origin), body=body, fmt="markdown", defaults=defaults
    )
    return [posting]


def _markdown_without_front_matter(
    text: str, *, origin: str, defaults: dict[str, Any] | None
) -> list[Posting]:
    """ "# Title" then "**Company:** X"-style lines, read like a page; the company falls back as usual."""
    from rolecall.postings.sources.page import read_page

    facts, sections = read_page(markdown_blocks(text))
    title = facts.fields.get("title") or facts.title
    if not title:
        raise PostingLoadError(origin, "Markdown without front matter and without a title line")
    data = {"title": title, "company": facts.fields.get("company") or facts.company}
    posting = _normalise(
        data, origin=origin, default_id=stem(origin), body=text, fmt="markdown", defaults=defaults
    )
    return [finish(posting.model_copy(update={"sections": sections}))]
