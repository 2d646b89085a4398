"""schema.org ``JobPosting`` in HTML pages: JSON-LD (incl. ``@graph`` and arrays) and Microdata.

Both are read into the same dict shape and mapped once; the page around the markup is ignored, which is
what keeps site chrome out.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from rolecall.errors import PostingLoadError
from rolecall.postings.extract import employment_type_value, pay_in
from rolecall.postings.model import EmploymentType, Location, Pay, Posting, Section, Source, Workplace
from rolecall.postings.sources.base import finish, locations_from, slug, stem, to_date
from rolecall.postings.text import one_line, sections_from_html, unescape_html


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type", [])
    return [str(x) for x in (t if isinstance(t, list) else [t])]


def find_job_postings(value: Any) -> list[dict[str, Any]]:
    """Every JobPosting node in a JSON-LD value: a node, a list, or a @graph, nested anywhere."""
    found: list[dict[str, Any]] = []
    if isinstance(value, list):
        for v in value:
            found.extend(find_job_postings(v))
    elif isinstance(value, dict):
        if any(t.split("/")[-1] == "JobPosting" for t in _types(value)):
            found.append(value)
        else:
            for key in ("@graph", "mainEntity", "itemListElement", "item"):
                if key in value:
                    found.extend(find_job_postings(value[key]))
    return found


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("value") or value.get("@value"))
    if isinstance(value, list):
        parts = [t for t in (_text(v) for v in value) if t]
        return ", ".join(parts) if parts else None
    s = one_line(str(value))
    return s or None


def _pay(value: Any) -> Pay | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str | int | float):
        return pay_in(str(value), require_context=False)
    if not isinstance(value, dict):
        return None
    currency = value.get("currency")
    inner = value.get("value", value)
    if isinstance(inner, dict):
        lo = inner.get("minValue", inner.get("value"))
        hi = inner.get("maxValue")
        unit = inner.get("unitText")
    else:
        lo, hi, unit = inner, None, value.get("unitText")

    def num(x: Any) -> float | None:
        try:
            return float(str(x).replace(",", "")) if x not in (None, "") else None
        except ValueError:
            return None

    lo_f, hi_f = num(lo), num(hi)
    if lo_f is None and hi_f is None:
        return None
    unit_s = str(unit).upper() if unit else None
    parts = [
        f"{currency or ''} {lo_f:,.2f}".strip() if lo_f is not None else "",
        f"{hi_f:,.2f}" if hi_f else "",
    ]
    text = " - ".join(p for p in parts if p) + (f" per {unit_s.lower()}" if unit_s else "")
    return Pay(min=lo_f, max=hi_f, currency=currency, unit=unit_s, text=text)


def _locations(node: dict[str, Any]) -> list[Location]:
    raw = node.get("jobLocation")
    items = raw if isinstance(raw, list) else [raw] if raw else []
    out: list[Location] = []
    for item in items:
        if isinstance(item, str):
            out += locations_from(item)
        elif isinstance(item, dict):
            addr = item.get("address", item)
            if isinstance(addr, str):
                out += locations_from(addr)
            elif isinstance(addr, dict):
                out += locations_from(
                    [{"address": addr, "name": item.get("name")}] if item.get("name") else [addr]
                )
    return out


def _remote_regions(node: dict[str, Any]) -> list[str]:
    req = node.get("applicantLocationRequirements")
    items = req if isinstance(req, list) else [req] if req else []
    out: list[str] = []
    for item in items:
        name = _text(item)
        if not name:
            continue
        from rolecall.postings.locations import regions_in

        out += [c for c in regions_in(name) or [name] if c not in out]
    return out


def _identifier(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("value") or value.get("name"))
    return _text(value)


def posting_from_node(node: dict[str, Any], *, pid: str, origin: str, fmt: str) -> Posting:
    title = _text(node.get("title") or node.get("name"))
    if not title:
        raise PostingLoadError(origin, "a JobPosting has no 'title'")
    org = node.get("hiringOrganization")
    company = _text(org) or "Unknown employer"
    description = unescape_html(str(node.get("description") or ""))
    sections = sections_from_html(description) if description else []
    for key, heading in (
        ("responsibilities", "Responsibilities"),
        ("qualifications", "Qualifications"),
        ("skills", "Skills"),
        ("educationRequirements", "Education"),
        ("experienceRequirements", "Experience"),
        ("jobBenefits", "Benefits"),
    ):
        val = node.get(key)
        if isinstance(val, dict):
            val = (
                val.get("description")
                or val.get("credentialCategory")
                or (
                    f"{val['monthsOfExperience']} months of experience"
                    if val.get("monthsOfExperience")
                    else None
                )
            )
        if isinstance(val, str) and val.strip():
            body = sections_from_html(unescape_html(val))
            passages = [p for s in body for p in s.passages]
            if passages:
                sections.append(Section(heading=heading, passages=passages))
    types_raw = node.get("employmentType")
    types: list[EmploymentType] = []
    for t in types_raw if isinstance(types_raw, list) else [types_raw] if types_raw else []:
        types += [x for x in employment_type_value(str(t)) if x not in types]
    loc_type = str(node.get("jobLocationType") or "").upper()
    workplace = Workplace.REMOTE if "TELECOMMUTE" in loc_type else Workplace.UNKNOWN
    locations = _locations(node)
    regions = _remote_regions(node)
    if workplace == Workplace.REMOTE and not any(loc.remote for loc in locations):
        label = f"Remote ({', '.join(regions)})" if regions else "Remote"
        locations.append(Location(text=label, remote=True, country=regions[0] if len(regions) == 1 else None))
    url = node.get("url")
    return finish(
        Posting(
            id=pid,
            title=title,
            company=company,
            locations=locations,
            workplace=workplace,
            remote_regions=regions,
            employment_type=types,
            job_id=_identifier(node.get("identifier")),
            url=url if isinstance(url, str) else (origin if origin.startswith("http") else None),
            apply_url=url if isinstance(url, str) else None,
            date_posted=to_date(node.get("datePosted")),
            valid_through=to_date(node.get("validThrough")),
            pay=_pay(node.get("baseSalary") or node.get("estimatedSalary")),
            department=_text(node.get("occupationalCategory"))
            if isinstance(node.get("occupationalCategory"), str)
            else None,
            sections=sections,
            source=Source(format=fmt, path=None if origin.startswith("http") else origin),
        )
    )


def _ids(nodes: list[dict[str, Any]], origin: str) -> list[str]:
    base = stem(origin)
    if len(nodes) == 1:
        return [base]
    ids: list[str] = []
    for n, node in enumerate(nodes, start=1):
        ident = _identifier(node.get("identifier"))
        candidate = f"{base}-{slug(ident, limit=30)}" if ident else f"{base}-{n}"
        ids.append(candidate if candidate not in ids else f"{candidate}-{n}")
    return ids


def _nodes_by_id(value: Any, found: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    found = {} if found is None else found
    if isinstance(value, list):
        for v in value:
            _nodes_by_id(v, found)
    elif isinstance(value, dict):
        if isinstance(value.get("@id"), str) and len(value) > 1:
            found.setdefault(value["@id"], value)
        for v in value.values():
            if isinstance(v, dict | list):
                _nodes_by_id(v, found)
    return found


def _resolve_refs(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`"hiringOrganization": {"@id": "#org"}` -> the #org node from elsewhere in the graph."""
    out = dict(node)
    for key, value in node.items():
        if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in by_id:
            out[key] = by_id[value["@id"]]
        elif isinstance(value, list):
            out[key] = [
                by_id[v["@id"]] if isinstance(v, dict) and set(v) == {"@id"} and v["@id"] in by_id else v
                for v in value
            ]
    return out


def _loads_lenient(raw: str) -> Any:
    raw = raw.strip()
    raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", raw)
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        # Pages leave raw newlines inside strings and trailing commas; JSON forbids them, browsers shrug.
        relaxed = re.sub(r",\s*([}\]])", r"\1", re.sub(r"[\n\r\t]+", " ", raw))
        return json.loads(relaxed)


def parse_jsonld(text: str, *, origin: str) -> list[Posting]:
    stripped = text.lstrip()
    values: list[Any] = []
    errors: list[str] = []
    if stripped[:1] in "{[":
        values.append(_loads_lenient(stripped))
    else:
        soup = BeautifulSoup(text, "lxml")
        for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
            try:
                values.append(_loads_lenient(script.string or script.get_text()))
            except json.JSONDecodeError as exc:
                # One broken block (a breadcrumb, say) must not hide the JobPosting in another.
                errors.append(f"invalid JSON-LD block: {exc.msg} at line {exc.lineno}")
    nodes = [n for v in values for n in find_job_postings(v)]
    if not nodes:
        reason = errors[0] if errors else "no schema.org JobPosting found in the JSON-LD"
        raise PostingLoadError(origin, reason)
    by_id = _nodes_by_id(values)
    nodes = [_resolve_refs(n, by_id) for n in nodes]
    if len(nodes) == 1 and not nodes[0].get("description") and stripped[:1] not in "{[":
        # No description in the markup: the job text is on the page itself.
        from rolecall.postings.sources.page import page_sections

        (posting,) = [posting_from_node(nodes[0], pid=stem(origin), origin=origin, fmt="jsonld")]
        return [finish(posting.model_copy(update={"sections": page_sections(text)}))]
    return [
        posting_from_node(n, pid=i, origin=origin, fmt="jsonld")
        for n, i in zip(nodes, _ids(nodes, origin), strict=True)
    ]


# ---------------------------------------------------------------------------------------------------------
# Microdata


def _item_value(el: Tag) -> Any:
    if el.has_attr("itemscope"):
        return microdata_item(el)
    for attr in ("content", "datetime"):
        if el.has_attr(attr):
            return str(el[attr])
    if el.name in ("a", "link") and el.has_attr("href"):
        return str(el["href"])
    if el.name in ("img", "meta") and el.has_attr("src"):
        return str(el["src"])
    if el.get("itemprop") == "description":
        return el.decode_contents()
    return one_line(el.get_text(" "))


def microdata_item(scope: Tag) -> dict[str, Any]:
    """The properties of one itemscope (not those of nested items)."""
    item: dict[str, Any] = {}
    itemtype = scope.get("itemtype")
    if itemtype:
        item["@type"] = str(itemtype).split("/")[-1]
    for el in scope.find_all(attrs={"itemprop": True}):
        owner = el.find_parent(attrs={"itemscope": True})
        if owner is not scope:
            continue
        for prop in str(el["itemprop"]).split():
            value = _item_value(el)
            if prop in item:
                existing = item[prop]
                item[prop] = [*existing, value] if isinstance(existing, list) else [existing, value]
            else:
                item[prop] = value
    return item


def parse_microdata(text: str, *, origin: str) -> list[Posting]:
    soup = BeautifulSoup(text, "lxml")
    scopes = soup.find_all(attrs={"itemtype": re.compile(r"schema\.org/JobPosting", re.I)})
    nodes = [microdata_item(s) for s in scopes]
    if not nodes:
        raise PostingLoadError(origin, "no schema.org JobPosting microdata found")
    return [
        posting_from_node(n, pid=i, origin=origin, fmt="microdata")
        for n, i in zip(nodes, _ids(nodes, origin), strict=True)
    ]
