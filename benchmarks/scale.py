"""Scale benchmark: a cold start from stored postings vs from scratch, re-syncs, memory, answers during a
sync. Synthetic postings written as Markdown files (JSON front matter), as a large employer's export.

    python -m benchmarks.scale                          # 10k postings (make bench-scale)
    python -m benchmarks.scale --sizes 10000,100000     # 100k takes ~15 minutes on 2 cores
    python -m benchmarks.scale --sizes 300 --baseline none --questions 20   # a smoke run

Every figure is measured in a fresh interpreter (wall clock, imports included unless a row says
otherwise), in one run, so the ratios compare like with like:

- **today**: ``rolecall ask`` of the baseline revision (``--baseline``, default ``main``): parse every
  file, build the engine, answer one question;
- **from scratch**: this checkout's ``rolecall ask`` with an empty database: the same, plus storing each
  file's postings;
- **stored**: this checkout's ``rolecall ask`` again: postings decoded from the database, no file read.

Then, in one process of this checkout holding the stored postings (``Services`` + the digest ``sync``
with no feeds, as the Slack app runs it): the first sync of a process, a sync that finds nothing changed,
one file added, changed, removed; answer latency with and without a sync running; resident memory.
The corpus is cached under ``benchmarks/.cache`` (generating 100k files takes a minute).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.parse_cost import _export

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "benchmarks" / ".cache"

# `rolecall ask` in a fresh interpreter, reporting its wall time and peak RSS as the last stderr line.
_CLI = """
import json, resource, sys, time
t0 = time.perf_counter()
sys.argv = ["rolecall", *sys.argv[1:]]
from rolecall.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({"wall_s": time.perf_counter() - t0, "code": code,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), file=sys.stderr)
"""

# One long-running process of this checkout: phases of a start, re-syncs, answers during a sync.
_PROCESS = r"""
import json, os, statistics, sys, threading, time
from pathlib import Path

def rss():
    out = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out

knowledge, db_url, questions_file = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
qs = json.loads(Path(questions_file).read_text())
t0 = time.perf_counter()
from rolecall.config import Settings
from rolecall.services import Services
from rolecall.digest.sync import sync
from rolecall.answer.engine import Engine
from benchmarks.corpus import generate, markdown_file
out = {"import_s": time.perf_counter() - t0}

services = Services(Settings(knowledge_dir=knowledge, database_url=db_url, _env_file=None))
engine_s = []
real_set = services.set_postings
def timed_set(postings):
    t = time.perf_counter()
    try:
        return real_set(postings)
    finally:
        engine_s.append(time.perf_counter() - t)
services.set_postings = timed_set

# The stored postings alone, then the engine over them (what a cold start pays, phase by phase).
t = time.perf_counter()
result = services.knowledge(knowledge).load()
out["load_stored_s"] = time.perf_counter() - t
out["load_stats"] = services.knowledge(knowledge).last.summary()
out["postings"] = len(result.postings)
out["rss_after_postings_mb"] = rss()["VmRSS"]
t = time.perf_counter()
services.publish(result.postings)
out["engine_build_s"] = time.perf_counter() - t
out["rss_after_engine_mb"] = rss()["VmRSS"]
t = time.perf_counter()
services.engine.ask(qs[0])
out["first_answer_s"] = time.perf_counter() - t

def timed_sync(label):
    before = len(engine_s)
    t = time.perf_counter()
    report = sync(services, fetch_feeds=False)
    total = time.perf_counter() - t
    eng = sum(engine_s[before:])
    k = services.knowledge(knowledge).last
    out[label] = {"total_s": total, "engine_s": eng, "without_engine_s": total - eng,
                  "load_s": k.seconds, "parsed": k.parsed, "seen": str(report.seen), "live": report.total}

timed_sync("sync_first")  # a process's first sync: full record of what is live
timed_sync("sync_unchanged")
extra = knowledge / "zz-bench-added.md"
rng_posting = generate(1, seed=12345)[0].model_copy(update={"id": "zz-bench-added"})
try:
    extra.write_text(markdown_file(rng_posting), encoding="utf-8")
    timed_sync("sync_one_added")
    changed = rng_posting.model_copy(update={"title": rng_posting.title + " II"})
    extra.write_text(markdown_file(changed), encoding="utf-8")
    timed_sync("sync_one_changed")
finally:
    extra.unlink(missing_ok=True)
timed_sync("sync_one_removed")

def asks(n):
    lat = []
    for i in range(n):
        t = time.perf_counter()
        services.engine.ask(qs[i % len(qs)])
        lat.append(time.perf_counter() - t)
    return lat

def pct(lat):
    ms = sorted(x * 1000 for x in lat)
    p99 = ms[min(len(ms) - 1, round(0.99 * len(ms)) - 1)]
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p99_ms": p99, "max_ms": ms[-1]}

asks(20)
out["answers_idle"] = pct(asks(len(qs)))
# Answers while a sync rebuilds the engine (one file added): the old engine keeps answering meanwhile.
lat, done = [], threading.Event()
def background():
    try:
        extra.write_text(markdown_file(rng_posting), encoding="utf-8")
        timed_sync("sync_during_answers")
    finally:
        extra.unlink(missing_ok=True)
        done.set()
th = threading.Thread(target=background)
th.start()
i = 0
while not done.is_set():
    t = time.perf_counter()
    services.engine.ask(qs[i % len(qs)])
    lat.append(time.perf_counter() - t)
    i += 1
th.join()
out["answers_during_sync"] = pct(lat)
timed_sync("sync_cleanup")
out["rss_end_mb"] = rss()["VmRSS"]
out["peak_rss_mb"] = rss()["VmHWM"]
print(json.dumps(out))
"""


def corpus(n: int, seed: int) -> tuple[Path, list[str]]:
    """The cached Markdown corpus of ``n`` postings, and questions about it."""
    from benchmarks.corpus import generate, questions, write_markdown

    root = CACHE / f"md-{n}-seed{seed}"
    marker = root / ".complete"
    postings = generate(n, seed=seed)
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        write_markdown(postings, root)
        marker.write_text("ok")
    return root, questions(postings, 300, seed=seed + 1)


def _child(
    src: Path, code: str, args: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> tuple[dict[str, Any], str]:
    """Run ``code`` in a fresh interpreter on ``src``; its result is the last JSON line it printed
    (stderr for the CLI wrapper, whose stdout is the answer; stdout otherwise)."""
    full_env = {"PYTHONPATH": f"{src}:{REPO}", "PATH": "/usr/bin:/bin", "HOME": str(cwd), **(env or {})}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=full_env,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}, ""
    stream = done.stderr if code is _CLI else done.stdout
    found = [ln for ln in stream.strip().splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not found:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:300]}, done.stdout
    return json.loads(found[-1]), done.stdout


def ask(src: Path, knowledge: Path, db: Path, question: str, cwd: Path, timeout: float) -> dict[str, Any]:
    env = {"ROLECALL_DATABASE_URL": f"sqlite:///{db}"}
    result, stdout = _child(src, _CLI, ["ask", question, "--knowledge", str(knowledge)], cwd, timeout, env)
    result["answered"] = bool(stdout.strip())
    return result


def bench_size(n: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    log(f"[{n:,}] corpus")
    root, qs = corpus(n, args.seed)
    work = Path(tempfile.mkdtemp(prefix="rolecall-scale-"))
    qfile = work / "questions.json"
    qfile.write_text(json.dumps(qs[: args.questions]))
    question = qs[1]  # "What's the pay for the <title> position at <company>?"
    src = REPO / "src"
    out: dict[str, Any] = {"n": n, "files": n, "question": question}
    try:
        if args.baseline_src is not None:
            log(f"[{n:,}] today ({args.baseline}): rolecall ask, every file parsed")
            out["today"] = ask(args.baseline_src, root, work / "base.db", question, work, args.timeout)
        db = work / "rolecall.db"
        log(f"[{n:,}] this checkout, empty database: rolecall ask")
        out["scratch"] = ask(src, root, db, question, work, args.timeout)
        log(f"[{n:,}] this checkout, stored postings: rolecall ask")
        out["stored"] = ask(src, root, db, question, work, args.timeout)
        out["db_mb"] = db.stat().st_size / 2**20 if db.exists() else None
        log(f"[{n:,}] one process: phases, re-syncs, answers during a sync")
        out["process"], _ = _child(
            src, _PROCESS, [str(root), f"sqlite:///{db}", str(qfile)], REPO, args.timeout
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _s(x: Any, digits: int = 2) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def _ratio(a: Any, b: Any) -> str:
    return f"{a / b:,.1f}×" if a and b else "–"


def render(results: list[dict[str, Any]], baseline: str | None) -> str:
    rows = ["| postings | measure (what it includes) | figure | vs today |", "|---:|---|---:|---:|"]
    notes: list[str] = []
    for r in results:
        size = f"{r['n']:,}"
        today, scratch, stored, p = r.get("today") or {}, r["scratch"], r["stored"], r["process"]

        def row(measure: str, figure: str, ratio: str = "") -> None:
            nonlocal size
            rows.append(f"| {size} | {measure} | {figure} | {ratio} |")
            size = ""

        if baseline:
            row(
                f"cold `rolecall ask`, today ({baseline}): start, parse every file, engine, 1 answer (s)",
                _s(today.get("wall_s")),
                "1.0×",
            )
        row(
            "cold `rolecall ask`, empty database: the same + storing each file's postings (s)",
            _s(scratch.get("wall_s")),
            _ratio(today.get("wall_s"), scratch.get("wall_s")),
        )
        row(
            "cold `rolecall ask`, stored postings: start, decode from SQLite, engine, 1 answer (s)",
            _s(stored.get("wall_s")),
            _ratio(today.get("wall_s"), stored.get("wall_s")),
        )
        row(
            "  of which: decode the stored postings, no file opened (s, in-process)",
            _s(p.get("load_stored_s")),
        )
        row("  of which: Engine(postings) build (s, in-process)", _s(p.get("engine_build_s")))
        row("  of which: imports (s)", _s(p.get("import_s")))
        row(
            "peak resident memory of that `rolecall ask` (MB): today / empty db / stored",
            f"{_s(today.get('maxrss_mb'), 0)} / {_s(scratch.get('maxrss_mb'), 0)} / "
            f"{_s(stored.get('maxrss_mb'), 0)}",
        )
        row(
            "resident memory: postings decoded / + engine / end of run (MB)",
            f"{_s(p.get('rss_after_postings_mb'), 0)} / {_s(p.get('rss_after_engine_mb'), 0)} / "
            f"{_s(p.get('rss_end_mb'), 0)}",
        )
        row("stored postings in SQLite (MB on disk)", _s(r.get("db_mb"), 1))
        for key, label in (
            ("sync_first", "first sync of a process (stat all, full seen-postings record; engine kept)"),
            ("sync_unchanged", "sync, nothing changed (stat every file; no parse, rebuild or write)"),
            ("sync_one_added", "sync, one file added: stat all, parse 1, store, record 1"),
            ("sync_one_changed", "sync, one file changed: the same"),
            ("sync_one_removed", "sync, one file removed: stat all, forget 1, close 1"),
        ):
            s = p.get(key) or {}
            row(
                f"{label} (s) [+ engine rebuild off to the side (s)]",
                f"{_s(s.get('without_engine_s'), 3)} [+ {_s(s.get('engine_s'))}]",
            )
        idle, during = p.get("answers_idle") or {}, p.get("answers_during_sync") or {}
        row(
            f"answer p50 / p99 / max, idle, {idle.get('n', 0)} asks (ms)",
            f"{_s(idle.get('p50_ms'))} / {_s(idle.get('p99_ms'))} / {_s(idle.get('max_ms'))}",
        )
        row(
            f"answer p50 / p99 / max while a sync rebuilds the engine, {during.get('n', 0)} asks (ms)",
            f"{_s(during.get('p50_ms'))} / {_s(during.get('p99_ms'))} / {_s(during.get('max_ms'))}",
        )
        for name, d in (("today", today), ("empty db", scratch), ("stored", stored), ("process", p)):
            if "error" in d:
                notes.append(f"{r['n']:,}: {name} failed: {d['error']}")
            elif name != "process" and d and not d.get("answered"):
                notes.append(f"{r['n']:,}: {name} printed no answer")
    out = "\n".join(rows)
    return out + ("\n\n" + "\n".join(f"- {n}" for n in notes) if notes else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated numbers of postings (files)")
    ap.add_argument("--baseline", default="main", help="git revision for 'today' ('none' to skip)")
    ap.add_argument("--questions", type=int, default=300, help="questions for the latency rows")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds allowed per stage")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    t0 = time.perf_counter()

    def log(msg: str) -> None:
        print(f"{time.perf_counter() - t0:7.1f}s {msg}", file=sys.stderr, flush=True)

    baseline = None if args.baseline == "none" else args.baseline
    args.baseline_src = _export(baseline) if baseline else None
    results = [bench_size(n, args, log) for n in sizes]
    print(render(results, baseline))
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
