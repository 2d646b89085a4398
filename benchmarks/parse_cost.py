"""Per-file parse cost by format: this checkout against a baseline revision, in one run.

    python -m benchmarks.parse_cost DIR [DIR ...]               # this checkout only
    python -m benchmarks.parse_cost DIR --baseline main         # and `main`, side by side
    python -m benchmarks.parse_cost --synthetic 10000 --baseline main

Each file goes through ``catalog.load_file`` (read, decode, detect the format, parse, extract facts) in a
fresh interpreter per revision, files in sorted order, each timed on its own; a file's time is credited
to the format it was read as (``error`` when it failed), and a hash of its postings and report shows
whether both revisions read it the same. The baseline is the ``src/`` of another git
revision (``git archive``), run with the same interpreter and the same files, so the ratio compares code
and nothing else. Timings on a shared machine wobble; the revisions run one after the other, alternating
per directory, to spread that wobble over both.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# Runs inside the interpreter under test: only the catalog's public functions, which every revision has.
_CHILD = """
import hashlib, json, sys, time
from pathlib import Path
from rolecall.postings.catalog import candidate_files, load_file
root = Path(sys.argv[1])
limit = int(sys.argv[2])
files = candidate_files(root)[: limit or None]
out = []
for f in files:
    t = time.perf_counter()
    postings, report = load_file(f, display=str(f))
    took = time.perf_counter() - t
    dump = json.dumps([p.model_dump(mode="json") for p in postings], sort_keys=True) + repr(report)
    digest = hashlib.sha256(dump.encode()).hexdigest()[:16]
    out.append([str(f.relative_to(root)), report.format or "error", len(postings), took, digest])
print(json.dumps(out))
"""


def _export(ref: str) -> Path:
    """``src/`` of a git revision in a temp dir (for PYTHONPATH)."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", ref, "src"], cwd=REPO, capture_output=True, check=True
    ).stdout
    dest = Path(tempfile.mkdtemp(prefix=f"rolecall-{ref.replace('/', '-')}-"))
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"


def _run(src: Path, root: Path, limit: int) -> list[list[Any]]:
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), str(limit)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"parse run failed for {src}: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _by_format(rows: list[list[Any]]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(list)
    for _path, fmt, _n, seconds, *_ in rows:
        out[fmt].append(seconds)
    return out


def _synthetic(n: int, front_matter: str) -> Path:
    from benchmarks.corpus import generate, write_markdown

    root = Path(tempfile.mkdtemp(prefix=f"rolecall-md-{front_matter}-"))
    write_markdown(generate(n, seed=0), root, front_matter=front_matter)
    return root


def render(results: dict[str, dict[str, list[list[Any]]]], labels: list[str]) -> str:
    head = "| corpus | format | files | " + " | ".join(f"ms/file {lab} (mean / p50)" for lab in labels)
    head += " | speed-up (mean) |" if len(labels) == 2 else " |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for corpus, by_rev in results.items():
        per = {lab: _by_format(by_rev[lab]) for lab in labels}
        formats = sorted(set().union(*per.values()), key=lambda f: -len(per[labels[0]].get(f, [])))
        totals = {lab: [r[3] for r in by_rev[lab]] for lab in labels}
        rows = [(f, {lab: per[lab].get(f, []) for lab in labels}) for f in formats]
        for fmt, times in [*rows, ("all", totals)]:
            cells = []
            for lab in labels:
                ts = times[lab]
                cells.append(
                    f"{1000 * statistics.fmean(ts):.2f} / {1000 * statistics.median(ts):.2f}" if ts else "–"
                )
            row = f"| {corpus} | {fmt} | {len(times[labels[0]])} | " + " | ".join(cells)
            if len(labels) == 2:
                a, b = times[labels[0]], times[labels[1]]
                ratio = statistics.fmean(a) / statistics.fmean(b) if a and b else float("nan")
                row += f" | {ratio:.2f}× |"
            else:
                row += " |"
            lines.append(row)
    if len(labels) == 2:
        for corpus, by_rev in results.items():
            a, b = by_rev[labels[0]], by_rev[labels[1]]
            same = sum(x[4] == y[4] for x, y in zip(a, b, strict=True))
            differ = [x[0] for x, y in zip(a, b, strict=True) if x[4] != y[4]]
            lines.append(
                f"\n{corpus}: postings and file reports identical in {same} of {len(a)} files"
                + (f"; differ: {', '.join(differ[:10])}" if differ else "")
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.parse_cost", description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="knowledge dirs to read")
    ap.add_argument("--baseline", help="git revision to compare against (e.g. main)")
    ap.add_argument("--synthetic", type=int, default=0, help="also N synthetic Markdown postings")
    ap.add_argument("--front-matter", choices=["json", "yaml"], default="json")
    ap.add_argument("--limit", type=int, default=0, help="at most this many files per dir")
    ap.add_argument("--json", type=Path, help="also write per-file timings here")
    args = ap.parse_args(argv)
    corpora: dict[str, Path] = {str(d): d for d in args.dirs}
    if args.synthetic:
        corpora[f"synthetic {args.synthetic:,} md ({args.front_matter} front matter)"] = _synthetic(
            args.synthetic, args.front_matter
        )
    if not corpora:
        ap.error("give a directory or --synthetic N")
    revisions = {"this checkout": REPO / "src"}
    if args.baseline:
        revisions = {args.baseline: _export(args.baseline), **revisions}
    labels = list(revisions)
    results: dict[str, dict[str, list[list[Any]]]] = {}
    t0 = time.perf_counter()
    for i, (name, root) in enumerate(corpora.items()):
        order = labels if i % 2 == 0 else labels[::-1]
        results[name] = {}
        for lab in order:
            print(f"{time.perf_counter() - t0:7.1f}s {name}: {lab}", file=sys.stderr, flush=True)
            results[name][lab] = _run(revisions[lab], root, args.limit)
    print(render(results, labels))
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
