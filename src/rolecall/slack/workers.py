"""Where answers are worked out: bounded thread pools off the request threads, drained on shutdown.

Listeners acknowledge Slack at once and hand the answer here. Two pools, so that long questions (which
cost the engine most) can never hold every worker: they queue for their own few threads while short
questions keep the main pool. Bolt's own executor (which runs the tiny ack functions) is kept here too,
so a graceful shutdown can wait for everything an acknowledged request still owes the user.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from rolecall.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    # Answering is CPU-bound and threads share one interpreter lock: two overlap one answer's waits (a
    # database commit, a post to Slack) with another's work; more only slow the request threads down
    # (measured with benchmarks/load.py: ack p99 rose by a third with four).
    answer_workers: int = 2
    long_workers: int = 1  # long questions run here, one at a time, never on the two above
    ack_workers: int = 8  # Bolt's executor: ack functions only, each a few microseconds
    # Acks first: while requests wait to be acknowledged, an answer waits to start (at most this long),
    # since threads share one interpreter lock and Slack gives an ack 3 seconds, an answer much longer.
    yield_to_acks: float = 2.0

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkerOptions:
        """``ROLECALL_ANSWER_WORKERS`` (ConfigError naming it when it is not a whole number in range)."""
        return cls(answer_workers=settings.number("answer_workers"))


class AnswerWorkers:
    def __init__(self, options: WorkerOptions | None = None) -> None:
        o = options or WorkerOptions()
        self.bolt_executor = ThreadPoolExecutor(o.ack_workers, thread_name_prefix="rolecall-ack")
        self._short = ThreadPoolExecutor(o.answer_workers, thread_name_prefix="rolecall-answer")
        self._long = ThreadPoolExecutor(o.long_workers, thread_name_prefix="rolecall-answer-long")
        self._pending = 0
        self._idle = threading.Condition()
        self._yield = o.yield_to_acks
        self.acks_waiting: Callable[[], bool] = lambda: False  # set by the server

    @property
    def pending(self) -> int:
        """Answers queued or running."""
        with self._idle:
            return self._pending

    def submit(self, work: Callable[[], object], *, long: bool = False) -> None:
        """Run ``work`` on a worker; its exceptions are logged (listeners report failures themselves)."""
        with self._idle:
            self._pending += 1

        def run() -> None:
            deadline = time.monotonic() + self._yield
            while self.acks_waiting() and time.monotonic() < deadline:
                time.sleep(0.005)
            try:
                work()
            except Exception:
                log.exception("an answer worker failed")
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

        (self._long if long else self._short).submit(run)

    def drain(self, timeout: float) -> bool:
        """Wait until every acknowledged request has been answered (or ``timeout`` passes); then stop.
        True when nothing was left unfinished."""
        deadline = time.monotonic() + timeout
        # Ack functions still queued in Bolt's executor may yet submit answers: let them run first.
        self.bolt_executor.shutdown(wait=True)
        with self._idle:
            while self._pending and (left := deadline - time.monotonic()) > 0:
                self._idle.wait(left)
            unfinished = self._pending
        for pool in (self._short, self._long):
            pool.shutdown(wait=not unfinished, cancel_futures=bool(unfinished))
        if unfinished:
            log.warning("shutdown: %d answer(s) still unfinished after %.0f s", unfinished, timeout)
        return unfinished == 0
