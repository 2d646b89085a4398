"""Teamtailor career sites: the public JSON Feed 1.1 (``https://{site}/jobs.json``) whose items each carry
a schema.org ``JobPosting`` in ``_jobposting`` (read by the JSON-LD mapper), and the Teamtailor API's
JSON:API list (``{data: [{type: "jobs", attributes: {title, body, remote-status, ...}, links}]}``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from rolecall.errors import PostingLoadError
from rolecall.postings.model import Posting, Workplace
from rolecall.postings.sources.ats import _load, company_from_slug, workplace_value
from rolecall.postings.sources.base import finish, slug, stem, to_date
from rolecall.postings.sources.schema_org import posting_from_node
from rolecall.postings.sources.structured import remote_place, source_of, text_of, titled_sections


def parse_teamtailor(text: str, *, origin: str) -> list[Posting]:
    value = _load(text, origin)
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        return _feed(value, origin)
    if isinstance(value, dict) and isinstance(value.get("data"), list | dict):
        data = value["data"] if isinstance(value["data"], list) else [value["data"]]
        return [_api_job(item, origin, n) for n, item in enumerate(data, start=1)]
    raise PostingLoadError(
        origin, "Teamtailor payload is neither a JSON Feed ('items') nor JSON:API ('data')"
    )


def _site_company(value: dict[str, Any], origin: str) -> str:
    home = value.get("home_page_url") or value.get("feed_url") or ""
    host = urlsplit(str(home)).hostname or ""
    label = host.split(".")[0] if host else stem(origin)
    if label in ("career", "careers", "jobs", "www") and host.count(".") >= 2:
        label = host.split(".")[1]
    return text_of(value.get("title")) or company_from_slug(label)


def _feed(value: dict[str, Any], origin: str) -> list[Posting]:
    company = _site_company(value, origin)
    out: list[Posting] = []
    for n, item in enumerate(value["items"], start=1):
        if not isinstance(item, dict):
            raise PostingLoadError(origin, f"Teamtailor feed item {n} is not an object")
        node = dict(item.get("_jobposting") or {})
        node.setdefault("title", item.get("title"))
        node.setdefault("url", item.get("url"))
        node.setdefault("datePosted", item.get("date_published"))
        node.setdefault("description", item.get("content_html") or item.get("content_text"))
        if not node.get("hiringOrganization"):
            node["hiringOrganization"] = {"name": company}
        ident = node.get("identifier")
        ident_value = ident.get("value") if isinstance(ident, dict) else ident
        pid = f"teamtailor-{ident_value or item.get('id') or slug(str(node.get('title') or n))}"
        posting = posting_from_node(node, pid=pid, origin=origin, fmt="teamtailor")
        posting.source = source_of("teamtailor", origin)
        out.append(posting)
    return out


def _api_job(item: Any, origin: str, n: int) -> Posting:
    attrs = item.get("attributes") if isinstance(item, dict) else None
    if not isinstance(attrs, dict) or not attrs.get("title"):
        raise PostingLoadError(origin, f"Teamtailor job {n} has no 'attributes.title'")
    workplace = workplace_value(attrs.get("remote-status"))
    if workplace == Workplace.UNKNOWN and str(attrs.get("remote-status") or "").lower() in (
        "fully",
        "temporary",
    ):
        workplace = Workplace.REMOTE
    links = item.get("links") or {}
    url = links.get("careersite-job-url") or None
    return finish(
        Posting(
            id=f"teamtailor-{item.get('id') or n}",
            title=str(attrs["title"]),
            company=company_from_slug(stem(origin)),
            locations=[remote_place()] if workplace == Workplace.REMOTE else [],
            workplace=workplace,
            url=url,
            apply_url=links.get("careersite-job-apply-url") or url,
            date_posted=to_date(attrs.get("created-at")),
            valid_through=to_date(attrs.get("end-date")),
            active=str(attrs.get("status") or "open").lower() not in ("archived", "unlisted", "closed"),
            sections=titled_sections([(None, attrs.get("body"))]),
            source=source_of("teamtailor", origin),
        )
    )
