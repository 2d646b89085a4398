"""Answering after the ack: on an answer worker the delivery is claimed (a duplicate stops here), the work
done, failures told to the user, and a delivery whose answer reached nobody released so that Slack's
redelivery is answered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rolecall.services import Services
from rolecall.slack import blocks, dedupe, delivery
from rolecall.slack.workers import AnswerWorkers


class Deferred:
    def __init__(self, services: Services, workers: AnswerWorkers) -> None:
        self.services = services
        self.workers = workers

    def __call__(
        self,
        action: str,
        context: Any,
        tell: Callable[[blocks.Message], None],
        work: Callable[[], None],
        *,
        long: bool = False,
        only_if: Callable[[], bool] | None = None,
    ) -> None:
        """Run ``work`` on a worker; ``tell`` says what went wrong when it fails. ``only_if`` (a check that
        needs the database) decides on the worker whether there is anything to do at all."""

        def job() -> None:
            if only_if is not None and not only_if():
                return
            if not dedupe.claim(self.services, context):
                return  # a redelivery, or the same message under another event id: answered once
            if not delivery.guarded(action, tell, work):
                dedupe.release(self.services, context)

        self.workers.submit(job, long=long)

    def quietly(self, action: str, context: Any, work: Callable[[], None]) -> None:
        """Work with nobody to tell when it fails (App Home): logged, the claim released."""

        def tell(message: blocks.Message) -> None:
            raise delivery.Undelivered(f"nobody to tell that {action} failed")

        self(action, context, tell, work)
