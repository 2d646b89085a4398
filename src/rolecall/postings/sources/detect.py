"""Decode a payload, recognise its format from the content, and hand it to that format's adapter.

The extension is only a hint: a `.txt` holding JSON-LD HTML is read as HTML, a `.json` of Lever rows as
Lever, `{"jobPostingInfo": ...}` as Workday, `<workzag-jobs>` XML as Personio.
Anything unreadable raises ``PostingLoadError`` with the reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import ftfy
import yaml

from rolecall.errors import PostingLoadError
from rolecall.postings.model import Posting

FORMATS = (
    "text",
    "markdown",
    "yaml",
    "json",
    "html",
    "jsonld",
    "microdata",
    "greenhouse",
    "lever",
    "ashby",
    "community",
    "hn",
    "workday",
    "smartrecruiters",
    "personio",
    "workable",
    "recruitee",
    "teamtailor",
    "usajobs",
)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r


def decode(data: bytes | str, origin: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else cp1252; mojibake repaired; binary refused."""
    if isinstance(data, str):
        text = data
    else:
        if b"\x00" in data[:4096]:
            raise PostingLoadError(origin, "binary file (contains NUL bytes), not a posting")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    sample = text[:4096]
    controls = len(_CONTROL.findall(sample))  # a regex, not a per-character Python loop
    if sample and controls / len(sample) > 0.05:
        raise PostingLoadError(origin, "binary file (control characters), not a posting")
    text = ftfy.fix_encoding(text.lstrip("\ufeff"))
    if not text.strip():
        raise PostingLoadError(origin, "empty file")
    return text


def _ats_shape(value: dict[str, Any]) -> str | None:
    """The ATS APIs recognised by their own envelope or field names."""
    if isinstance(value.get("jobPostingInfo"), dict) or (
        isinstance(value.get("jobPostings"), list) and "total" in value
    ):
        return "workday"
    if isinstance(value.get("SearchResult"), dict) or isinstance(value.get("MatchedObjectDescriptor"), dict):
        return "usajobs"
    if isinstance(value.get("content"), list) and "totalFound" in value:
        return "smartrecruiters"
    if isinstance(value.get("jobAd"), dict) or {"refNumber", "typeOfEmployment"} <= set(value):
        return "smartrecruiters"
    if isinstance(value.get("offers"), list) or (isinstance(value.get("offer"), dict)):
        return "recruitee"
    if "careers_url" in value and "title" in value:
        return "recruitee"
    items = value.get("items")
    if isinstance(items, list) and (
        "jsonfeed.org" in str(value.get("version", ""))
        or any(isinstance(i, dict) and "_jobposting" in i for i in items)
    ):
        return "teamtailor"
    data = value.get("data")
    sample = data[0] if isinstance(data, list) and data else data
    if (
        isinstance(sample, dict)
        and sample.get("type") == "jobs"
        and isinstance(sample.get("attributes"), dict)
    ):
        return "teamtailor"
    jobs = value.get("jobs")
    if isinstance(jobs, list) and "name" in value:
        job = next((j for j in jobs if isinstance(j, dict)), None)
        if job is None or "shortcode" in job or "telecommuting" in job:
            return "workable"
    return None


def _json_shape(value: Any) -> str | None:
    """Which JSON format a parsed document is, or None when unknown."""
    items: list[Any]
    if isinstance(value, dict):
        if "@context" in value or "@graph" in value or "@type" in value:
            return "jsonld"
        ats = _ats_shape(value)
        if ats:
            return ats
        if isinstance(value.get("jobs"), list):
            jobs = value["jobs"]
            sample = next((j for j in jobs if isinstance(j, dict)), {})
            if not sample:
                return "greenhouse" if "meta" in value else "ashby" if "apiVersion" in value else None
            if {"jobUrl", "applyUrl"} & set(sample) or "descriptionHtml" in sample or "isRemote" in sample:
                return "ashby"
            if {"absolute_url", "first_published", "requisition_id", "internal_job_id"} & set(sample):
                return "greenhouse"
            return None
        if "absolute_url" in value and "title" in value:
            return "greenhouse"
        if "hostedUrl" in value or ("categories" in value and "text" in value):
            return "lever"
        if "jobUrl" in value and "title" in value:
            return "ashby"
        if "company_name" in value and "title" in value:
            return "community"
        if isinstance(value.get("postings"), list) or ("title" in value and "company" in value):
            return "json"
        return None
    if isinstance(value, list):
        items = [v for v in value if isinstance(v, dict)]
        if not items:
            return "json" if value == [] else None
        sample = items[0]
        if "hostedUrl" in sample or ("categories" in sample and "text" in sample):
            return "lever"
        if "company_name" in sample and "title" in sample:
            return "community"
        if "@type" in sample or "@context" in sample:
            return "jsonld"
        if "absolute_url" in sample:
            return "greenhouse"
        if "jobUrl" in sample:
            return "ashby"
        if "title" in sample and "company" in sample:
            return "json"
    return None


_HTML_START = re.compile(
    r"^\s*(?:<!doctype\s+html|<html|<head|<body|<p>|<div|<article|<main|<section|<h1|<!--)", re.I
)
_HN_TAGS = {"html", "body", "p", "a", "i", "pre", "code", "head", "meta"}


def _html_kind(text: str) -> str:
    lowered = text.lower()
    if "application/ld+json" in lowered and "jobposting" in lowered:
        return "jsonld"
    if re.search(r"itemtype\s*=\s*[\"']https?://schema\.org/jobposting", lowered):
        return "microdata"
    tags = {t.lower() for t in re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", text)}
    # A "Who is hiring" comment uses only HN's tiny markup subset: paragraphs, links, italics, code.
    if tags and tags <= _HN_TAGS and "p" in tags:
        return "hn"
    return "html"


_PERSONIO = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<workzag-jobs\b", re.S)


def detect_format(text: str, *, origin: str = "") -> str:
    stripped = text.lstrip()
    if _PERSONIO.match(stripped[:2000]):
        return "personio"
    if stripped.startswith("---\n") or stripped.startswith("---\r\n"):
        return "markdown"
    if stripped[:1] in "{[":
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            if origin.lower().endswith((".json", ".jsonld")) or _mostly_json(stripped):
                raise PostingLoadError(
                    origin, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
                ) from exc
            return "text"  # "[Remote] Senior Engineer ...": a text page that happens to start with a bracket
        shape = _json_shape(value)
        if shape is None:
            keys = sorted(value)[:8] if isinstance(value, dict) else f"a list of {type(value[0]).__name__}"
            raise PostingLoadError(
                origin, f"JSON of an unknown shape (top level: {keys}); see docs/postings.md"
            )
        return shape
    if _HTML_START.match(stripped) or re.search(r"</(?:p|div|html|body)>", stripped[:20000], re.I):
        return _html_kind(stripped)
    yaml_name = origin.lower().endswith((".yaml", ".yml"))
    looks_yaml = re.match(r"^(?:#[^\n]*\n)*\s*[A-Za-z_][\w ]*:\s", stripped) is not None
    if yaml_name or (looks_yaml and _yaml_mapping_with_title(stripped)):
        return "yaml"
    if origin.lower().endswith((".md", ".markdown")) or re.match(r"^#\s+\S", stripped):
        return "markdown"
    return "text"


def _mostly_json(text: str) -> bool:
    """Looks like JSON gone wrong (quoted keys, braces) rather than prose starting with a bracket."""
    head = text[:400]
    return bool(re.match(r"^\s*[\[{]\s*(?:[\[{\]}]|\"[^\"\n]*\"\s*[:,\]])", head))


def _yaml_mapping_with_title(text: str) -> bool:
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    if isinstance(value, dict):
        return "title" in value or isinstance(value.get("postings"), list)
    return False


Adapter = Callable[[str, str], list[Posting]]


def _adapters(defaults: dict[str, Any] | None = None) -> dict[str, Adapter]:
    from rolecall.postings.sources import (
        ats,
        community,
        hn,
        native,
        page,
        personio,
        recruitee,
        schema_org,
        smartrecruiters,
        teamtailor,
        usajobs,
        workable,
        workday,
    )

    d = defaults
    return {
        "text": lambda t, o: page.parse_text_page(t, origin=o),
        "html": lambda t, o: page.parse_html_page(t, origin=o),
        "markdown": lambda t, o: native.parse_markdown(t, origin=o, defaults=d),
        "yaml": lambda t, o: native.parse_yaml(t, origin=o, defaults=d),
        "json": lambda t, o: native.parse_json(t, origin=o, defaults=d),
        "jsonld": lambda t, o: schema_org.parse_jsonld(t, origin=o),
        "microdata": lambda t, o: schema_org.parse_microdata(t, origin=o),
        "greenhouse": lambda t, o: ats.parse_greenhouse(t, origin=o),
        "lever": lambda t, o: ats.parse_lever(t, origin=o),
        "ashby": lambda t, o: ats.parse_ashby(t, origin=o),
        "community": lambda t, o: community.parse_community(t, origin=o),
        "hn": lambda t, o: hn.parse_hn(t, origin=o),
        "workday": lambda t, o: workday.parse_workday(t, origin=o),
        "smartrecruiters": lambda t, o: smartrecruiters.parse_smartrecruiters(t, origin=o),
        "personio": lambda t, o: personio.parse_personio(t, origin=o),
        "workable": lambda t, o: workable.parse_workable(t, origin=o),
        "recruitee": lambda t, o: recruitee.parse_recruitee(t, origin=o),
        "teamtailor": lambda t, o: teamtailor.parse_teamtailor(t, origin=o),
        "usajobs": lambda t, o: usajobs.parse_usajobs(t, origin=o),
    }


def parse_payload(
    data: bytes | str, *, origin: str, fmt: str | None = None, defaults: dict[str, Any] | None = None
) -> list[Posting]:
    """Detect the format (or use ``fmt``) and parse. Raises ``PostingLoadError`` on bad input.

    ``defaults`` (a folder's ``.rolecall.yaml``) fill what a hand-written posting leaves out."""
    return parse_text(decode(data, origin), origin=origin, fmt=fmt, defaults=defaults)


def parse_text(
    text: str, *, origin: str, fmt: str | None = None, defaults: dict[str, Any] | None = None
) -> list[Posting]:
    """``parse_payload`` for text already through :func:`decode` (the catalog decodes once, not twice)."""
    kind = fmt or detect_format(text, origin=origin)
    adapters = _adapters(defaults)
    if kind not in adapters:
        raise PostingLoadError(origin, f"unknown format {kind!r} (known: {', '.join(FORMATS)})")
    try:
        return adapters[kind](text, origin)
    except PostingLoadError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        # pydantic's ValidationError is a ValueError: report which field, not a traceback.
        reason = " ".join(str(exc).split())[:400]
        raise PostingLoadError(origin, f"could not read as {kind}: {reason}") from exc


def format_of(data: bytes | str, *, origin: str) -> str:
    return detect_format(decode(data, origin), origin=origin)
