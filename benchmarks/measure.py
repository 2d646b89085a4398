"""Measuring helpers: peak memory of a block, work in a forked child, latency percentiles.

Each system is built and queried in its own forked child, so one system's freed memory cannot be reused
by the next and flatter its peak, and a slow or crashing system cannot take the whole run down.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_STATUS = Path("/proc/self/status")


def _status_kb(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class PeakMemory:
    """Peak resident memory added while the block runs, in MB.

    Linux: reset the high-water mark (``/proc/self/clear_refs`` 5), compare VmHWM with the RSS before.
    Elsewhere: tracemalloc's peak (Python allocations only, and it slows the block down).
    """

    def __init__(self) -> None:
        self.mb = 0.0
        self.method = ""
        self._before = 0
        self._tracing = False

    def __enter__(self) -> PeakMemory:
        try:
            Path("/proc/self/clear_refs").write_text("5")
            before = _status_kb("VmRSS")
            if before is None:
                raise OSError("no VmRSS")
            self._before = before
            self.method = "rss"
        except OSError:
            tracemalloc.start()
            self._tracing = True
            self.method = "tracemalloc"
        return self

    def __exit__(self, *exc: object) -> None:
        if self._tracing:
            self.mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        else:
            self.mb = ((_status_kb("VmHWM") or 0) - self._before) / 1024


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(fn: Callable[[], dict[str, Any]], *, timeout: float) -> dict[str, Any]:
    """Run ``fn`` in a forked child and return its result dict, or ``{"error": why}``."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def target() -> None:
        try:
            child.send(fn())
        except BaseException as exc:  # report anything, the parent decides
            child.send({"error": f"{type(exc).__name__}: {exc}"})
        finally:
            child.close()

    proc = ctx.Process(target=target)
    proc.start()
    child.close()
    result: dict[str, Any]
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = {"error": f"child exited with code {proc.exitcode}"}
    else:
        result = {"error": f"timed out after {timeout:.0f} s"}
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    return result


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p99_ms: float
    mean_ms: float
    n: int


def latency(samples_s: list[float]) -> Latency:
    ms = sorted(s * 1000 for s in samples_s)
    if not ms:
        return Latency(float("nan"), float("nan"), float("nan"), 0)
    p99 = ms[min(len(ms) - 1, max(0, round(0.99 * len(ms)) - 1))]
    return Latency(statistics.median(ms), p99, statistics.fmean(ms), len(ms))


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t
