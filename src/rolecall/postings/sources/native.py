"""Rolecall's own formats: Markdown with YAML front matter (hand-written), and the model as YAML or JSON.

Field names are the model's (see docs/postings.md). Conveniences for people writing by hand:
``locations`` may be plain strings ("Tucson, AZ"), ``employment_type`` and ``terms`` may be a single
string, ``pay`` may be a string ("$34/hr"), and ``description`` (Markdown) may stand in for ``sections``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from pydantic import ValidationError

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import employment_type_value, pay_in
from rolecall.postings.model import Eligibility, Posting, Source
from rolecall.postings.sources.base import finish, locations_from, slug, stem
from rolecall.postings.text import Block, blocks_from_text, sections_from_blocks

_FRONT_MATTER = re.compile(r"\A\s*---\s*\n(?P<fm>.*?)\n---\s*(?:\n|\Z)(?P<body>.*)\Z", re.S)
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


def _normalise(raw: dict[str, Any], *, origin: str, default_id: str, body: str | None, fmt: str) -> Posting:
    if not isinstance(raw, dict):
        raise PostingLoadError(origin, f"expected a mapping of posting fields, got {type(raw).__name__}")
    data = dict(raw)
    description = data.pop("description", None)
    for key in ("title", "company"):
        if not data.get(key):
            raise PostingLoadError(origin, f"missing required field '{key}'")
    data.setdefault("id", default_id)
    data["id"] = str(data["id"])
    if "location" in data and "locations" not in data:
        data["locations"] = data.pop("location")
    data["locations"] = locations_from(data.get("locations"))
    if isinstance(data.get("employment_type"), str):
        data["employment_type"] = employment_type_value(data["employment_type"])
    elif isinstance(data.get("employment_type"), list):
        data["employment_type"] = [t for v in data["employment_type"] for t in employment_type_value(str(v))]
    if isinstance(data.get("terms"), str):
        data["terms"] = [data["terms"]]
    if isinstance(data.get("remote_regions"), str):
        data["remote_regions"] = [data["remote_regions"]]
    if isinstance(data.get("pay"), str | int | float):
        data["pay"] = pay_in(str(data["pay"]), require_context=False)
    elig = data.get("eligibility")
    if isinstance(elig, dict):
        data["eligibility"] = Eligibility.model_validate(elig)
    text = "\n\n".join(x for x in (str(description) if description else "", body or "") if x.strip())
    if text and not data.get("sections"):
        data["sections"] = sections_from_blocks(
            markdown_blocks(text) if fmt != "text" else blocks_from_text(text)
        )
    data["source"] = Source(format=fmt, path=origin)
    try:
        posting = Posting.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        raise PostingLoadError(origin, f"invalid posting fields: {problems}") from exc
    return finish(posting)


def _many(items: list[Any], *, origin: str, fmt: str) -> list[Posting]:
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
            out.append(_normalise(item, origin=origin, default_id=default_id, body=None, fmt=fmt))
        except PostingLoadError as exc:
            raise PostingLoadError(origin, f"item {n}: {exc.reason}") from exc
    return out


def _from_value(value: Any, *, origin: str, fmt: str) -> list[Posting]:
    if isinstance(value, dict) and isinstance(value.get("postings"), list):
        return _many(value["postings"], origin=origin, fmt=fmt)
    if isinstance(value, list):
        return _many(value, origin=origin, fmt=fmt)
    if isinstance(value, dict):
        return [_normalise(value, origin=origin, default_id=stem(origin), body=None, fmt=fmt)]
    raise PostingLoadError(
        origin, f"expected a posting mapping or a list of them, got {type(value).__name__}"
    )


def parse_json(text: str, *, origin: str) -> list[Posting]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PostingLoadError(origin, f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    return _from_value(value, origin=origin, fmt="json")


def parse_yaml(text: str, *, origin: str) -> list[Posting]:
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as exc:
        raise PostingLoadError(origin, f"invalid YAML: {' '.join(str(exc).split())[:300]}") from exc
    if not docs:
        raise PostingLoadError(origin, "empty YAML document")
    value: Any = docs[0] if len(docs) == 1 else docs
    return _from_value(value, origin=origin, fmt="yaml")


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


def parse_markdown(text: str, *, origin: str) -> list[Posting]:
    m = _FRONT_MATTER.match(text)
    if m is None:
        # Markdown without front matter: "# Title" then "**Company:** X"-style lines are read like a page.
        from rolecall.postings.sources.page import read_page

        blocks = markdown_blocks(text)
        facts, sections = read_page(blocks)
        if not (facts.fields.get("company") or facts.company):
            raise PostingLoadError(origin, "Markdown without front matter needs a 'Company:' line (see docs)")
        data = {
            "title": facts.fields.get("title") or facts.title,
            "company": facts.fields.get("company") or facts.company,
        }
        posting = _normalise(data, origin=origin, default_id=stem(origin), body=None, fmt="markdown")
        return [finish(posting.model_copy(update={"sections": sections}))]
    try:
        front = _front_matter(m.group("fm"))
    except yaml.YAMLError as exc:
        raise PostingLoadError(
            origin, f"invalid YAML front matter: {' '.join(str(exc).split())[:300]}"
        ) from exc
    if not isinstance(front, dict):
        raise PostingLoadError(origin, "front matter must be a mapping of posting fields")
    return [_normalise(front, origin=origin, default_id=stem(origin), body=m.group("body"), fmt="markdown")]
