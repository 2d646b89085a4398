"""The sources file: which ATS boards and JSON-LD pages to fetch, and from which base URLs.

```yaml
greenhouse: [acme]             # board tokens  -> {base}/{token}/jobs?content=true
lever: [acme]                  # sites         -> {base}/{site}?mode=json
ashby: [acme]                  # job boards    -> {base}/{board}?includeCompensation=true
jsonld: [https://acme.example/careers/123]   # pages with schema.org JobPosting JSON-LD
smartrecruiters: [AcmeInc]     # company ids   -> {base}/{id}/postings (paged: offset/limit)
workday: [acme.wd5/External]   # tenant.dc/site -> https://{tenant}.{dc}.myworkdayjobs.com/wday/cxs/
                               #   {tenant}/{site}/jobs (POST, paged: offset/limit; base_urls.workday
                               #   replaces the host)
personio: [acme]               # companies     -> https://{company}.jobs.personio.de/xml?language=en
workable: [acme]               # accounts      -> {base}/{account}?details=true
recruitee: [acme]              # companies     -> https://{company}.recruitee.com/api/offers/
teamtailor: [https://careers.acme.example]   # career sites -> {site}/jobs.json (JSON Feed)
usajobs: ["Keyword=hydrologist&LocationName=Denver"]   # search queries -> {base}?{query} (paged; needs
                               # ROLECALL_USAJOBS_API_KEY and ROLECALL_USAJOBS_EMAIL, sent as headers)
base_urls:                     # optional: staging or a local stand-in
  greenhouse: http://127.0.0.1:8080/greenhouse
```

A bad entry is reported and skipped; the rest of the file still counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from rolecall.errors import ConfigError

DEFAULT_BASE_URLS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards",
    "lever": "https://api.lever.co/v0/postings",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board",
    "smartrecruiters": "https://api.smartrecruiters.com/v1/companies",
    "workday": "https://{tenant}.{dc}.myworkdayjobs.com",
    "personio": "https://{name}.jobs.personio.de",
    "workable": "https://apply.workable.com/api/v1/widget/accounts",
    "recruitee": "https://{name}.recruitee.com",
    "usajobs": "https://data.usajobs.gov/api/search",
}
URL_KINDS = ("jsonld", "teamtailor")  # entries are page/site URLs, not names
KINDS = (
    "greenhouse",
    "lever",
    "ashby",
    "jsonld",
    "smartrecruiters",
    "workday",
    "personio",
    "workable",
    "recruitee",
    "teamtailor",
    "usajobs",
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_WORKDAY = re.compile(r"^(?P<tenant>[A-Za-z0-9_-]{1,63})\.(?P<dc>wd\d{1,3})/(?P<site>[A-Za-z0-9._-]{1,127})$")
_QUERY = re.compile(r"^[A-Za-z0-9_.,:;+%=&~ -]{1,500}$")


@dataclass(frozen=True)
class Feed:
    kind: str  # greenhouse | lever | ashby | jsonld
    name: str  # board token, site, board name, or the page URL
    url: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.name}"

    @property
    def fmt(self) -> str | None:
        """The parse_payload format: an ATS API's own; for a page, detected (JSON-LD, microdata, HTML)."""
        return None if self.kind == "jsonld" else self.kind

    @property
    def paged(self) -> bool:
        """APIs that return a page at a time (the fetcher follows them to the end)."""
        return self.kind in ("smartrecruiters", "workday", "usajobs")


@dataclass
class SourcesFile:
    feeds: list[Feed] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def feed_url(kind: str, name: str, base: str) -> str:
    base = base.rstrip("/")
    if kind == "greenhouse":
        return f"{base}/{quote(name)}/jobs?content=true"
    if kind == "lever":
        return f"{base}/{quote(name)}?mode=json"
    if kind == "ashby":
        return f"{base}/{quote(name)}?includeCompensation=true"
    if kind == "smartrecruiters":
        return f"{base}/{quote(name)}/postings"
    if kind == "workday":
        m = _WORKDAY.match(name)
        if m is None:
            raise ValueError(name)
        host = base.format(tenant=m["tenant"], dc=m["dc"])
        return f"{host}/wday/cxs/{m['tenant']}/{m['site']}/jobs"
    if kind == "personio":
        return f"{_host(base, name)}/xml?language=en"
    if kind == "workable":
        return f"{base}/{quote(name)}?details=true"
    if kind == "recruitee":
        return f"{_host(base, name)}/api/offers/"
    if kind == "teamtailor":
        return name.rstrip("/") + "/jobs.json"
    if kind == "usajobs":
        return f"{base}?{name.replace(' ', '+')}"
    raise ValueError(kind)


def _host(base: str, name: str) -> str:
    """A per-company host ('https://{name}.jobs.personio.de'), or a stand-in base + '/{name}'."""
    return base.format(name=quote(name)) if "{name}" in base else f"{base}/{quote(name)}"


def _valid(kind: str, name: str) -> bool:
    if kind in URL_KINDS:
        return name.startswith(("http://", "https://"))
    if kind == "workday":
        return _WORKDAY.match(name) is not None
    if kind == "usajobs":
        return _QUERY.match(name) is not None
    return _NAME.match(name) is not None


def parse_sources(data: Any, *, where: str = "sources file") -> SourcesFile:
    if data is None:
        return SourcesFile()
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping of feed lists ({', '.join(KINDS)})")
    out = SourcesFile()
    bases = dict(DEFAULT_BASE_URLS)
    raw_bases = data.get("base_urls") or {}
    if not isinstance(raw_bases, dict):
        out.errors.append(f"{where}: base_urls must be a mapping; using the defaults")
        raw_bases = {}
    for kind, base in raw_bases.items():
        if kind in bases and isinstance(base, str) and base.startswith(("http://", "https://")):
            bases[kind] = base
        else:
            out.errors.append(
                f"{where}: base_urls.{kind}: expected an http(s) URL for one of {', '.join(bases)}"
            )
    for key in data:
        if key not in (*KINDS, "base_urls"):
            out.errors.append(f"{where}: unknown key {key!r} (expected one of {', '.join(KINDS)}, base_urls)")
    seen: set[str] = set()
    for kind in KINDS:
        entries = data.get(kind) or []
        if isinstance(entries, str):
            entries = [entries]
        if not isinstance(entries, list):
            out.errors.append(f"{where}: {kind}: expected a list")
            continue
        for entry in entries:
            name = str(entry).strip() if isinstance(entry, str | int) else ""
            if not _valid(kind, name):
                what = {
                    "jsonld": "an http(s) URL",
                    "teamtailor": "an http(s) URL of a career site",
                    "workday": "a 'tenant.wdN/site' board",
                    "usajobs": "a search query ('Keyword=...&LocationName=...')",
                }.get(kind, "a board name")
                out.errors.append(f"{where}: {kind}: {entry!r} is not {what}")
                continue
            url = name if kind == "jsonld" else feed_url(kind, name, bases.get(kind, ""))
            feed = Feed(kind, name, url)
            if feed.key not in seen:
                seen.add(feed.key)
                out.feeds.append(feed)
    return out


def load_sources(path: Path | None) -> SourcesFile:
    """Read the sources file; no file configured means no feeds. Unreadable YAML is a ConfigError."""
    if path is None:
        return SourcesFile()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the sources file ({exc.strerror or exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    return parse_sources(data, where=str(path))
