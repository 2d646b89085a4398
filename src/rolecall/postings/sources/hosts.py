"""An employer's name from a web address or e-mail: `careers.acme.com`, `jobs@acme.co.uk` -> "acme".

Hosts that never name the employer (ATS, job boards, shorteners, form hosts, free mail) are listed in
``rolecall/data/hosts.yaml`` and give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import yaml

from rolecall.postings.sources.ats import company_from_slug

_EMAIL = re.compile(r"[\w.+-]+@(?P<host>[\w-]+(?:\.[\w-]+)+)")
_BARE_HOST = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?$", re.I)


@cache
def _tables() -> dict[str, Any]:
    data = yaml.safe_load((files("rolecall") / "data" / "hosts.yaml").read_text(encoding="utf-8"))
    return {
        "not_employers": tuple(str(h).lower() for h in data["not_employers"]),
        "section_labels": frozenset(str(x).lower() for x in data["section_labels"]),
        "second_level": frozenset(str(x).lower() for x in data["second_level"]),
    }


def host_of(address: str) -> str | None:
    """The host of a URL, a bare domain or an e-mail address, lower-case; None when there is none."""
    text = address.strip()
    m = _EMAIL.search(text)
    if m and "://" not in text:
        return m.group("host").lower()
    if "://" not in text:
        if not _BARE_HOST.match(text):
            return None
        text = "http://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return host.lower() if host and "." in host else None


def is_employer_host(host: str) -> bool:
    return not any(host == h or host.endswith("." + h) for h in _tables()["not_employers"])


def employer_label(address: str) -> str | None:
    """'https://careers.acme.co.uk/x' -> 'acme'; None for job boards, ATS and the like."""
    host = host_of(address)
    if host is None or not is_employer_host(host):
        return None
    labels = host.split(".")
    tables = _tables()
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in tables["second_level"] and len(labels[-2]) > 2:
        labels = labels[:-1]  # "acme.co.uk": "co" is not the name
    while len(labels) > 1 and labels[0] in tables["section_labels"]:
        labels = labels[1:]
    name = labels[-1] if labels else None
    return name if name and not name.isdigit() else None


def company_from_addresses(addresses: Iterable[str], *texts: str) -> str | None:
    """The first address that names an employer, spelt as the posting's text spells it when it does."""
    for address in addresses:
        label = employer_label(address)
        if label:
            return company_from_slug(label, *texts)
    return None
