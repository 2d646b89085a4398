"""How well the place parser reads the structured location fields of the wild corpus.

    python -m benchmarks.places [WILD_DIR]        # default ../shared/data/wild (make bench-places)

For each source that carries a location field (Greenhouse ``location.name``, Lever
``categories.location``, Ashby ``location``, community ``locations``, JSON-LD ``jobLocation``) every
location string goes through ``parse_locations`` and the table reports the share that parse to a known
country ("+area": or name a wider area, "Europe", "North America"), to a region (state / province) and
to a city (any city: a town the gazetteer lacks counts when written with its state). Where the source
also carries a structured address (Ashby ``address.postalAddress``, JSON-LD ``address``) the locality
alone and "locality, region" are parsed too and compared with the address's own country and region:
agreement, not just presence.

It also times the first use (building the gazetteer's lookups) and the per-call cost over every string,
and the resident memory the first use adds.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import resource
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Address:
    locality: str | None
    region: str | None
    country: str | None


@dataclass
class Source:
    name: str
    strings: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)


def _jobs(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, list):
        return [j for j in payload if isinstance(j, dict)]
    if isinstance(payload, dict):
        jobs = payload.get("jobs")
        return [j for j in jobs if isinstance(j, dict)] if isinstance(jobs, list) else [payload]
    return []


def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _address(raw: Any) -> Address | None:
    if not isinstance(raw, dict):
        return None
    a = raw.get("postalAddress") or raw.get("address") or raw
    if not isinstance(a, dict):
        return None
    country = a.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    return Address(a.get("addressLocality"), a.get("addressRegion"), country)


def _json_ld(html: str) -> Iterator[dict[str, Any]]:
    for m in re.finditer(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", html, re.S):
        try:
            data = json.loads(m.group(1))
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for it in items:
            if isinstance(it, dict) and it.get("@type") == "JobPosting":
                yield it


def collect(wild: Path) -> list[Source]:
    gh, lv, ab, cm, ld = (Source(n) for n in ("greenhouse", "lever", "ashby", "community", "jsonld"))
    for f in sorted(glob.glob(str(wild / "greenhouse" / "*.json"))):
        for j in _jobs(_load(f)):
            name = (j.get("location") or {}).get("name")
            if name:
                gh.strings.append(name)
    for f in sorted(glob.glob(str(wild / "lever" / "*.json"))):
        for j in _jobs(_load(f)):
            name = (j.get("categories") or {}).get("location")
            if name:
                lv.strings.append(name)
    for f in sorted(glob.glob(str(wild / "ashby" / "*.json"))):
        for j in _jobs(_load(f)):
            if j.get("location"):
                ab.strings.append(j["location"])
            if (addr := _address(j.get("address"))) and addr.locality:
                ab.addresses.append(addr)
    for f in sorted(glob.glob(str(wild / "community" / "*.json"))):
        for row in _jobs(_load(f)):
            cm.strings.extend(x for x in row.get("locations") or [] if isinstance(x, str) and x)
    for f in sorted(glob.glob(str(wild / "jsonld" / "*.html"))):
        html = Path(f).read_text(encoding="utf-8", errors="replace")
        for it in _json_ld(html):
            places = it.get("jobLocation") or []
            for place in places if isinstance(places, list) else [places]:
                addr = _address(place.get("address") if isinstance(place, dict) else None)
                if addr and addr.locality:
                    ld.addresses.append(addr)
                    ld.strings.append(", ".join(x for x in (addr.locality, addr.region) if x))
    return [gh, lv, ab, cm, ld]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wild", nargs="?", default="../shared/data/wild")
    args = ap.parse_args(argv)
    wild = Path(args.wild)
    if not wild.is_dir():
        print(f"{wild}: not found; the places benchmark needs the wild corpus", file=sys.stderr)
        return 2
    sources = collect(wild)

    rss0 = _rss_mb()
    t0 = time.perf_counter()
    from rolecall.postings.locations import parse_location, parse_locations, regions_in

    parse_locations("Tucson, AZ")  # first use: whatever the parser builds lazily is built now
    first_use = time.perf_counter() - t0
    rss1 = _rss_mb()

    print(f"first use (import + lookups): {first_use * 1000:.0f} ms, +{rss1 - rss0:.1f} MB resident")
    print()
    print(f"{'source':<11} {'strings':>7} {'country':>8} {'+area':>7} {'region':>7} {'city':>7}   per call")
    total_calls = 0
    total_time = 0.0
    for src in sources:
        if not src.strings:
            continue
        n = len(src.strings)
        country = region = city = area = 0
        t = time.perf_counter()
        for s in src.strings:
            locs = parse_locations(s)
            has_country = any(loc.country for loc in locs)
            country += has_country
            area += has_country or bool(regions_in(s))
            region += any(loc.region for loc in locs)
            city += any(loc.city for loc in locs)
        dt = time.perf_counter() - t
        total_calls += n
        total_time += dt
        print(
            f"{src.name:<11} {n:>7} {country / n:>8.1%} {area / n:>7.1%} {region / n:>7.1%} {city / n:>7.1%}"
            f"   {dt / n * 1e6:>6.0f} µs"
        )
    print()
    print("Against the structured address (the locality alone, then 'locality, region'):")
    head = f"{'source':<11} {'addresses':>9} {'alone: country':>15} {'region':>7}"
    print(f"{head}   {'with region: country':>21}")
    for src in sources:
        if not src.addresses:
            continue
        n = len(src.addresses)
        alone_c = alone_r = full_c = 0
        for a in src.addresses:
            want_c = _country_code(a.country)
            loc = parse_location(a.locality or "")
            alone_c += bool(want_c) and loc.country == want_c
            alone_r += bool(a.region) and _same_region(loc.region, a.region)
            full = parse_location(", ".join(x for x in (a.locality, a.region) if x))
            full_c += bool(want_c) and full.country == want_c
        print(f"{src.name:<11} {n:>9} {alone_c / n:>15.1%} {alone_r / n:>7.1%}   {full_c / n:>21.1%}")
    print()
    print(f"all strings: {total_calls}, {total_time * 1e6 / max(total_calls, 1):.0f} µs per call")
    # Each distinct string once, with any parse cache emptied first: the cost of reading a new string.
    from rolecall.postings import locations

    cached = getattr(locations, "_parse", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
    unique = sorted({s for src in sources for s in src.strings})
    t = time.perf_counter()
    for s in unique:
        parse_locations(s)
    dt = time.perf_counter() - t
    print(f"distinct strings: {len(unique)}, {dt * 1e6 / max(len(unique), 1):.0f} µs per call uncached")
    return 0


def _country_code(name: str | None) -> str | None:
    """The address's country as ISO alpha-2, read with the parser's own country table."""
    if not name:
        return None
    from rolecall.postings import locations

    if len(name) == 2 and name.isupper():
        return name
    return locations.country_code(name)


def _same_region(parsed: str | None, given: str) -> bool:
    if not parsed:
        return False
    from rolecall.postings.locations import normalise_region

    full, _ = normalise_region(given)
    return _fold(parsed) in {_fold(given), _fold(full or "")}


if __name__ == "__main__":
    raise SystemExit(main())
