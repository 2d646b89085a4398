"""The sources file: which ATS boards and JSON-LD pages to fetch, and from which base URLs.

```yaml
greenhouse: [acme]             # board tokens  -> {base}/{token}/jobs?content=true
lever: [acme]                  # sites         -> {base}/{site}?mode=json
ashby: [acme]                  # job boards    -> {base}/{board}?includeCompensation=true
jsonld: [https://acme.example/careers/123]   # pages with schema.org JobPosting JSON-LD
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
}
KINDS = ("greenhouse", "lever", "ashby", "jsonld")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


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
    raise ValueError(kind)


def parse_sources(data: Any, *, where: str = "sources file") -> SourcesFile:
    if data is None:
        return SourcesFile()
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping of greenhouse/lever/ashby/jsonld lists")
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
                f"{where}: base_urls.{kind}: expected an http(s) URL for greenhouse/lever/ashby"
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
            if kind == "jsonld":
                if not name.startswith(("http://", "https://")):
                    out.errors.append(f"{where}: jsonld: {entry!r} is not an http(s) URL")
                    continue
                feed = Feed(kind, name, name)
            else:
                if not _NAME.match(name):
                    out.errors.append(f"{where}: {kind}: {entry!r} is not a board name")
                    continue
                feed = Feed(kind, name, feed_url(kind, name, bases[kind]))
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
