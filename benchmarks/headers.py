"""How well the loaders read a folder's headers: employer and title per posting, load failures, time.

    python -m benchmarks.headers ../shared/data/wild/hn ../shared/data/wild/text

Per folder: files, files that failed, files that gave no posting (with the report's reason), postings, the
share whose employer is a plausible organisation name (``orgs.plausible_org``: not empty, not "Unknown
employer" or the file's stem, not a URL or e-mail, not a sentence, no role word), the share with a
title other than the "Open roles" fallback, and the load time. Unlabelled data: this says a header
was read, not that it was read right; spot-check the samples printed with ``--samples N``.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from rolecall.orgs import plausible_org
from rolecall.postings.catalog import load_dir
from rolecall.postings.chrome import has_role_word

_FALLBACK_TITLES = {"Open roles"}
_NO_EMPLOYER = {"Unknown employer"}


def _names_employer(company: str, posting_id: str) -> bool:
    """A plausible organisation name, not a fallback (the file's stem), not a role ("Senior Engineer")."""
    return (
        company not in _NO_EMPLOYER
        and company != posting_id
        and plausible_org(company)
        and not has_role_word(company)
    )


def measure(folder: Path, samples: int) -> None:
    start = time.perf_counter()
    result = load_dir(folder)
    seconds = time.perf_counter() - start
    posts = result.postings
    failed = [f for f in result.files if f.error]
    empty = [f for f in result.files if not f.error and f.postings == 0]
    named = [p for p in posts if _names_employer(p.company, p.id)]
    titled = [p for p in posts if p.title and p.title not in _FALLBACK_TITLES]
    n = max(len(posts), 1)
    print(f"{folder}: {len(result.files)} files, {len(failed)} failed, {len(empty)} with no posting")
    print(f"  postings {len(posts)}; plausible employer {len(named)} ({len(named) / n:.1%});")
    print(f"  title {len(titled)} ({len(titled) / n:.1%}); load {seconds:.1f} s")
    for f in failed[:10]:
        print(f"  FAILED {f.path}: {f.error}")
    rng = random.Random(0)
    bad = [p for p in posts if p not in named or p not in titled]
    for p in rng.sample(bad, min(samples, len(bad))):
        print(f"  check {p.id}: {p.company!r} | {p.title!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--samples", type=int, default=0, help="print N postings whose header was not read")
    args = parser.parse_args()
    for folder in args.folders:
        measure(folder, args.samples)


if __name__ == "__main__":
    main()
