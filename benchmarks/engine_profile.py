"""Where an engine build spends its time and memory, and how the per-posting caches grow with questions.

    python -m benchmarks.engine_profile --knowledge DIR [--database-url URL] [--distinct 2000]

The postings come from the stored knowledge (``docs/knowledge.md``) so only the engine is measured:
``Engine(postings)`` under cProfile (the calls made directly by ``Engine.__init__``, with their
cumulative time), then rebuilt under tracemalloc (allocations alive after the build, by file), then
questions naming ``--distinct`` different postings, with resident memory and the size of the engine's
per-posting caches after each batch. Input for the persisted-engine work (issue 11, phase 2).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _direct_callees(stats: pstats.Stats, name: str) -> list[tuple[float, str]]:
    """(cumulative seconds, function) for each function ``name`` called, largest first."""
    out: list[tuple[float, str]] = []
    for func, (_cc, _nc, _tt, _ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        for caller, (_c, _n, _t, cum) in callers.items():
            if caller[2] == name and caller[0].endswith("engine.py"):
                out.append((cum, f"{Path(func[0]).name}:{func[1]} {func[2]}"))
    return sorted(out, reverse=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.engine_profile", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--knowledge", type=Path, required=True)
    ap.add_argument("--database-url", default=None, help="stored postings (default: parse the files)")
    ap.add_argument("--distinct", type=int, default=2000, help="questions about this many postings")
    args = ap.parse_args(argv)

    from rolecall.answer.engine import Engine
    from rolecall.gcpause import paused_gc
    from rolecall.knowledge import load_postings

    t = time.perf_counter()
    postings = load_postings(args.knowledge, args.database_url, progress=False).postings
    print(f"{len(postings):,} postings loaded in {time.perf_counter() - t:.1f} s; RSS {_rss_mb():.0f} MB")

    prof = cProfile.Profile()
    with paused_gc():
        t = time.perf_counter()
        prof.enable()
        engine = Engine(postings)
        prof.disable()
    print(f"\nEngine(postings): {time.perf_counter() - t:.2f} s under cProfile; RSS {_rss_mb():.0f} MB")
    stats = pstats.Stats(prof)
    total = sum(cum for cum, _ in _direct_callees(stats, "__init__")) or 1.0
    for cum, func in _direct_callees(stats, "__init__")[:12]:
        print(f"  {cum:7.2f} s {100 * cum / total:5.1f}%  {func}")
    print("  top functions by own time:")
    stats.sort_stats("tottime")
    width = 0
    for func, (_cc, _nc, tt, _ct, _callers) in sorted(
        stats.stats.items(),  # type: ignore[attr-defined]
        key=lambda kv: -kv[1][2],
    )[:10]:
        width = max(width, 1)
        print(f"  {tt:7.2f} s  {Path(func[0]).name}:{func[1]} {func[2]}")
    del engine

    tracemalloc.start(1)
    base = tracemalloc.take_snapshot()
    with paused_gc():
        engine = Engine(postings)
    after = tracemalloc.take_snapshot()
    diff = after.compare_to(base, "filename")
    held = sum(d.size_diff for d in diff)
    print(f"\nmemory held by the engine (tracemalloc, Python allocations): {held / 2**20:.0f} MB")
    for d in diff[:10]:
        print(f"  {d.size_diff / 2**20:7.1f} MB  {d.traceback[0].filename.split('site-packages/')[-1]}")
    tracemalloc.stop()

    seen: dict[str, Any] = {}
    for p in postings:
        seen.setdefault(f"{p.title}|{p.company}", p)
    distinct = list(seen.values())[: args.distinct]
    print(f"\nquestions about {len(distinct):,} distinct postings (RSS, engine cache sizes):")
    caches = [a for a in ("_texts",) if hasattr(engine, a)]
    start = _rss_mb()
    step = max(1, len(distinct) // 5)
    t = time.perf_counter()
    for i, p in enumerate(distinct, start=1):
        engine.ask(f"What's the pay for the {p.title} position at {p.company}?")
        if i % step == 0 or i == len(distinct):
            sizes = ", ".join(f"{c} {len(getattr(engine, c)):,}" for c in caches)
            print(f"  after {i:6,}: RSS {_rss_mb():.0f} MB (+{_rss_mb() - start:.0f}); {sizes}")
    print(f"  {1000 * (time.perf_counter() - t) / max(1, len(distinct)):.2f} ms a question")
    return 0


if __name__ == "__main__":
    sys.exit(main())
