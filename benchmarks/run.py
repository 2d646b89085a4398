"""Benchmark: our inverted-list BM25 against rank-bm25's naive use, and end-to-end answers, in one run.

    python -m benchmarks.run                 # 1k, 10k and 100k postings (make bench)
    python -m benchmarks.run --quick         # 1k only
    python -m benchmarks.run --sizes 200 --questions 20

Per size: a seeded synthetic corpus (benchmarks/corpus.py) is tokenized once with our analyzer; then each
system is built and queried in its own forked child (benchmarks/measure.py):

- ours: ``BM25Index`` (inverted lists, numpy, Lucene idf), ``top_k`` with argpartition;
- baseline: rank-bm25 ``BM25Okapi`` over the same tokens, ``get_scores`` then a full sort — the naive use.

Both use k1=1.5, b=0.75 (rank-bm25's defaults). "From disk" loads the BM25 index arrays alone (no
postings, no answer engine); a whole cold start is measured by ``benchmarks/scale.py``. Retrieval
latency is from query tokens to the top 10, so the question's tokenization (the same for both) is
reported once on its own row. The baseline is slow per
query at 100k, so it answers a fixed sample (the first ``--baseline-queries`` questions) and the speed
ratio compares both systems on that same sample. "Same scoring" overlap swaps the baseline's idf for
Lucene's, which is the only formula difference, so the top 10s should agree up to float ties.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import pickle
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from rank_bm25 import BM25Okapi

from benchmarks.corpus import generate, questions
from benchmarks.measure import PeakMemory, in_child, latency, max_rss_mb, timed
from rolecall.postings.model import Posting
from rolecall.search.analyze import tokenize
from rolecall.search.fields import posting_text
from rolecall.search.index import BM25Index

K1, B, TOP = 1.5, 0.75, 10
REPO = Path(__file__).resolve().parent.parent


class Okapi(BM25Okapi):
    """Stock BM25Okapi that also keeps the document frequencies, for the same-scoring comparison."""

    nd: dict[str, int]

    def _calc_idf(self, nd: dict[str, int]) -> None:
        self.nd = nd
        super()._calc_idf(nd)


def _nbytes(idx: BM25Index) -> int:
    arrays = (idx.offsets, idx.doc_ids, idx.impacts, idx.doc_len, idx.idf_array, idx.dense, idx.df_array)
    return sum(a.nbytes for a in arrays)


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def run_ours(tokens: list[list[str]], queries: list[list[str]], sample: int, out: Path) -> dict[str, Any]:
    with PeakMemory() as mem:
        idx, build_s = timed(lambda: BM25Index(tokens, k1=K1, b=B))
    for q in queries[:10]:  # warm caches, as a running service would be
        idx.top_k(q, TOP)
    lat, tops = [], []
    for i, q in enumerate(queries):
        t = time.perf_counter()
        hits = idx.top_k(q, TOP)
        lat.append(time.perf_counter() - t)
        if i < sample:
            tops.append([d for d, _ in hits])
    idx.save(out)
    return {
        "build_s": build_s,
        "mem_mb": mem.mb,
        "mem_method": mem.method,
        "index_mb": _nbytes(idx) / 2**20,
        "lat": lat,
        "tops": tops,
        "disk_mb": _dir_mb(out),
        "terms": idx.n_terms,
        "postings": idx.n_postings,
    }


def run_baseline(tokens: list[list[str]], queries: list[list[str]], sample: int, out: Path) -> dict[str, Any]:
    with PeakMemory() as mem:
        bm, build_s = timed(lambda: Okapi(tokens, k1=K1, b=B))
    nd = bm.nd
    del bm.nd
    for q in queries[:2]:
        bm.get_scores(q)
    lat, tops = [], []
    for q in queries[:sample]:
        t = time.perf_counter()
        scores = bm.get_scores(q)
        order = np.argsort(-scores, kind="stable")[:TOP]
        lat.append(time.perf_counter() - t)
        tops.append([int(d) for d in order if scores[d] > 0])
    stock_idf = bm.idf
    n = bm.corpus_size
    bm.idf = {w: math.log1p((n - df + 0.5) / (df + 0.5)) for w, df in nd.items()}
    same = []
    for q in queries[:sample]:
        scores = bm.get_scores(q)
        same.append([int(d) for d in np.argsort(-scores, kind="stable")[:TOP] if scores[d] > 0])
    bm.idf = stock_idf
    bm.__class__ = BM25Okapi  # persist the stock object, loadable without this module
    out.mkdir(parents=True, exist_ok=True)
    with (out / "bm25okapi.pkl").open("wb") as fh:
        pickle.dump(bm, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "build_s": build_s,
        "mem_mb": mem.mb,
        "lat": lat,
        "tops": tops,
        "same_tops": same,
        "disk_mb": _dir_mb(out),
    }


_LOAD_OURS = """
import json, sys, time
t0 = time.perf_counter()
from rolecall.search.index import BM25Index
idx = BM25Index.load(sys.argv[1])
idx.top_k(["python"], 10)
print(json.dumps({"start_s": time.perf_counter() - t0, "n": len(idx)}))
"""
_LOAD_BASELINE = """
import json, pickle, sys, time
t0 = time.perf_counter()
with open(sys.argv[1] + "/bm25okapi.pkl", "rb") as fh:
    bm = pickle.load(fh)
bm.get_scores(["python"])
print(json.dumps({"start_s": time.perf_counter() - t0, "n": bm.corpus_size}))
"""


def start_from_disk(code: str, path: Path, timeout: float) -> dict[str, Any]:
    """Time a fresh interpreter loading the persisted index and answering one query (imports included)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def engine_available() -> str | None:
    """None when the answer engine can be imported, else why not."""
    try:
        if importlib.util.find_spec("rolecall.answer.engine") is None:
            return "rolecall.answer.engine is not in this checkout yet"
    except ModuleNotFoundError as exc:
        return str(exc)
    return None


def run_e2e(postings: list[Posting], qs: list[str], budget_s: float) -> dict[str, Any]:
    from rolecall.answer.engine import Engine  # lazily: built in parallel by another part of the project

    with PeakMemory() as mem:
        engine, build_s = timed(lambda: Engine(postings))
    for q in qs[:5]:
        engine.ask(q)
    lat, statuses = [], Counter()
    # Questions cycle through the templates, so stopping at the budget still samples every kind.
    deadline = time.perf_counter() + budget_s
    for q in qs:
        t = time.perf_counter()
        answer = engine.ask(q)
        lat.append(time.perf_counter() - t)
        statuses[str(getattr(answer, "status", "?"))] += 1
        if time.perf_counter() > deadline:
            break
    return {"build_s": build_s, "mem_mb": mem.mb, "lat": lat, "statuses": dict(statuses), "asked": len(qs)}


def overlap(a: list[list[int]], b: list[list[int]]) -> float:
    """Mean share of b's top list found in a's (1.0 when both are empty)."""
    shares = [len(set(x) & set(y)) / len(y) if y else float(not x) for x, y in zip(a, b, strict=True)]
    return sum(shares) / len(shares) if shares else float("nan")


def bench_size(n: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    log(f"[{n:,}] generating corpus")
    postings, gen_s = timed(lambda: generate(n, seed=args.seed))
    qs = questions(postings, args.questions, seed=args.seed + 1)
    texts = [posting_text(p) for p in postings]
    log(f"[{n:,}] tokenizing ({gen_s:.1f} s to generate)")
    with PeakMemory() as tok_mem:
        tokens, tok_s = timed(lambda: [tokenize(t) for t in texts])
    q_lat, q_tokens = [], []
    for q in qs:
        toks, s = timed(lambda q=q: tokenize(q))
        q_tokens.append(toks)
        q_lat.append(s)
    sample = min(len(qs), args.baseline_queries or (300 if n <= 20_000 else 30))
    gc.collect()
    gc.freeze()  # forked children share the corpus without the collector touching (copying) its pages
    work = Path(tempfile.mkdtemp(prefix="rolecall-bench-"))
    log(f"[{n:,}] ours: build + {len(qs)} queries")
    ours = in_child(lambda: run_ours(tokens, q_tokens, sample, work / "ours"), timeout=args.timeout)
    log(f"[{n:,}] baseline: build + {sample} queries")
    base = in_child(lambda: run_baseline(tokens, q_tokens, sample, work / "baseline"), timeout=args.timeout)
    log(f"[{n:,}] start from persisted")
    ours_start = start_from_disk(_LOAD_OURS, work / "ours", args.timeout) if "error" not in ours else ours
    base_start = (
        start_from_disk(_LOAD_BASELINE, work / "baseline", args.timeout) if "error" not in base else base
    )
    why_not = engine_available()
    if why_not:
        e2e: dict[str, Any] = {"skipped": why_not}
    else:
        log(f"[{n:,}] end to end: Engine(postings) + {len(qs)} asks")
        e2e = in_child(lambda: run_e2e(postings, qs, args.e2e_budget), timeout=args.timeout)
    gc.unfreeze()
    result = {
        "n": n,
        "generate_s": gen_s,
        "tokenize_s": tok_s,
        "tokens_mb": tok_mem.mb,
        "avg_tokens": sum(map(len, tokens)) / max(1, n),
        "question_tokenize": latency(q_lat).__dict__,
        "questions": len(qs),
        "sample": sample,
        "ours": ours,
        "baseline": base,
        "ours_start": ours_start,
        "baseline_start": base_start,
        "e2e": e2e,
    }
    _summarise(result)
    return result


def _summarise(r: dict[str, Any]) -> None:
    """Replace raw per-query lists with percentiles and overlaps (keeps the JSON small)."""
    ours, base, e2e, s = r["ours"], r["baseline"], r["e2e"], r["sample"]
    if "lat" in ours:
        ours["latency"] = latency(ours["lat"]).__dict__
        ours["latency_sample"] = latency(ours["lat"][:s]).__dict__
    if "lat" in base:
        base["latency"] = latency(base["lat"]).__dict__
    if "tops" in ours and "tops" in base:
        r["overlap_same_scoring"] = overlap(ours["tops"], base["same_tops"])
        r["overlap_stock"] = overlap(ours["tops"], base["tops"])
    if "lat" in e2e:
        e2e["latency"] = latency(e2e["lat"]).__dict__
    for d in (ours, base, e2e):
        for key in ("lat", "tops", "same_tops"):
            d.pop(key, None)


def _f(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def _ratio(base: float | None, ours: float | None) -> str:
    if not base or not ours or math.isnan(base) or math.isnan(ours):
        return "–"
    return f"{base / ours:,.1f}×"


def render(results: list[dict[str, Any]]) -> str:
    rows = [
        "| postings | measure | ours | baseline (rank-bm25) | baseline / ours |",
        "|---:|---|---:|---:|---:|",
    ]
    notes: list[str] = []
    for r in results:
        o, b = r["ours"], r["baseline"]
        ol, bl = o.get("latency", {}), b.get("latency", {})
        osl = o.get("latency_sample", {})
        os_, bs = r["ours_start"], r["baseline_start"]
        size = f"{r['n']:,}"

        def row(measure: str, ours: str, base: str, ratio: str = "", size: str = size) -> None:
            rows.append(f"| {size} | {measure} | {ours} | {base} | {ratio} |")

        row(
            "tokenize corpus, shared (s)",
            _f(r["tokenize_s"]),
            "same tokens",
            "",
        )
        size = ""
        row(
            "index build from tokens (s)",
            _f(o.get("build_s")),
            _f(b.get("build_s")),
            _ratio(b.get("build_s"), o.get("build_s")),
            size,
        )
        row(
            "build total incl. tokenize (s)",
            _f(_add(o.get("build_s"), r["tokenize_s"])),
            _f(_add(b.get("build_s"), r["tokenize_s"])),
            "",
            size,
        )
        row(
            f"retrieval p50 / p99, same {r['sample']} queries (ms)",
            f"{_f(osl.get('p50_ms'), 3)} / {_f(osl.get('p99_ms'), 3)}",
            f"{_f(bl.get('p50_ms'), 1)} / {_f(bl.get('p99_ms'), 1)}",
            f"{_ratio(bl.get('p50_ms'), osl.get('p50_ms'))} / {_ratio(bl.get('p99_ms'), osl.get('p99_ms'))}",
            size,
        )
        row(
            f"retrieval p50 / p99, all {r['questions']} questions (ms)",
            f"{_f(ol.get('p50_ms'), 3)} / {_f(ol.get('p99_ms'), 3)}",
            "",
            "",
            size,
        )
        q = r["question_tokenize"]
        row("tokenize a question p50 (ms, shared)", _f(q["p50_ms"], 3), "same", "", size)
        row(
            "peak memory of the build (MB)",
            _f(o.get("mem_mb"), 0),
            _f(b.get("mem_mb"), 0),
            _ratio(b.get("mem_mb"), o.get("mem_mb")),
            size,
        )
        row("tokenized corpus in memory (MB, shared)", _f(r["tokens_mb"], 0), "same", "", size)
        row("index arrays (MB)", _f(o.get("index_mb"), 0), "", "", size)
        row(
            "BM25 index arrays alone from disk (s, fresh process; no postings, no engine)",
            _f(os_.get("start_s")),
            _f(bs.get("start_s")),
            _ratio(bs.get("start_s"), os_.get("start_s")),
            size,
        )
        row("persisted size (MB)", _f(o.get("disk_mb"), 0), _f(b.get("disk_mb"), 0), "", size)
        if "overlap_same_scoring" in r:
            row("top-10 overlap, same scoring (Lucene idf)", f"{r['overlap_same_scoring']:.1%}", "", "", size)
            row(
                "top-10 overlap with stock BM25Okapi (floored idf)", f"{r['overlap_stock']:.1%}", "", "", size
            )
        e = r["e2e"]
        if "latency" in e:
            el = e["latency"]
            row(
                f"end-to-end ask p50 / p99, {el['n']} of {e['asked']} questions (ms)",
                f"{_f(el['p50_ms'], 2)} / {_f(el['p99_ms'], 2)}",
                "",
                "",
                size,
            )
            row(
                "Engine(postings) build (s) / peak (MB)",
                f"{_f(e['build_s'])} / {_f(e['mem_mb'], 0)}",
                "",
                "",
                size,
            )
        else:
            row("end-to-end ask p50 / p99 (ms)", "skipped", "", "", size)
            notes.append(f"{r['n']:,}: end-to-end skipped: {e.get('skipped') or e.get('error')}")
        for name, d in (("ours", o), ("baseline", b), ("ours start", os_), ("baseline start", bs)):
            if "error" in d:
                notes.append(f"{r['n']:,}: {name} failed: {d['error']}")
    out = "\n".join(rows)
    if notes:
        out += "\n\n" + "\n".join(f"- {n}" for n in notes)
    return out + "\n\n" + _targets(results)


def _add(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _targets(results: list[dict[str, Any]]) -> str:
    big = max(results, key=lambda r: r["n"])
    o, b = big["ours"], big["baseline"]
    osl, bl = o.get("latency_sample", {}), b.get("latency", {})
    checks: list[tuple[str, bool | None, str]] = []
    speed = (bl.get("p50_ms") or 0) / osl["p50_ms"] if osl.get("p50_ms") else None
    checks.append(
        (
            "retrieval ≥ 50× faster than the baseline (p50)",
            None if speed is None else speed >= 50,
            f"{speed:,.0f}×" if speed else "–",
        )
    )
    total = _add(o.get("build_s"), big["tokenize_s"])
    checks.append(
        ("index build < 60 s (incl. tokenize)", None if total is None else total < 60, f"{_f(total)} s")
    )
    mem = _add(o.get("mem_mb"), big["tokens_mb"])
    checks.append(
        (
            "index build < 1.5 GB (tokens + build peak)",
            None if mem is None else mem < 1536,
            f"{_f(mem, 0)} MB",
        )
    )
    start = big["ours_start"].get("start_s")
    checks.append(
        (
            "BM25 index arrays from disk < 2 s (the index alone; a whole start: benchmarks/scale.py)",
            None if start is None else start < 2,
            f"{_f(start)} s",
        )
    )
    e = big["e2e"].get("latency")
    if e:
        checks.append(("end-to-end p50 < 5 ms", e["p50_ms"] < 5, f"{_f(e['p50_ms'])} ms"))
        checks.append(("end-to-end p99 < 25 ms", e["p99_ms"] < 25, f"{_f(e['p99_ms'])} ms"))
        build_s, build_mb = big["e2e"]["build_s"], big["e2e"]["mem_mb"]
        checks.append(("Engine(postings) build < 60 s", build_s < 60, f"{_f(build_s)} s"))
        checks.append(
            ("Engine(postings) build < 1.5 GB (build peak)", build_mb < 1536, f"{_f(build_mb, 0)} MB")
        )
    lines = [f"Targets at {big['n']:,} postings (the brief's targets are for 100,000):"]
    for name, ok, value in checks:
        mark = "n/a" if ok is None else "met" if ok else "MISSED"
        lines.append(f"- {name}: {value} — {mark}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--quick", action="store_true", help="1,000 postings only")
    ap.add_argument("--questions", type=int, default=300, help="questions per size")
    ap.add_argument(
        "--baseline-queries",
        type=int,
        default=0,
        help="baseline sample (default: all up to 20k postings, 30 above)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed per measured stage")
    ap.add_argument(
        "--e2e-budget", type=float, default=120, help="seconds of end-to-end asks per size (stops early)"
    )
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    try:
        args.size_list = [1000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes must be comma-separated integers, got {args.sizes!r}")
    if not args.size_list or min(args.size_list) < 2 or args.questions < 1:
        ap.error("sizes must be at least 2 and --questions at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t0 = time.perf_counter()

    def log(msg: str) -> None:
        print(f"{time.perf_counter() - t0:7.1f}s {msg}", file=sys.stderr, flush=True)

    results = [bench_size(n, args, log) for n in args.size_list]
    print(render(results))
    print(f"\n(total {time.perf_counter() - t0:.0f} s; parent max RSS {max_rss_mb():,.0f} MB)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
