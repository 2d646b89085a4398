"""``rolecall run | chat | serve``: the Slack app (Socket Mode or HTTP) or the local console.

Every setting the chosen mode needs is checked before anything starts (no scheduler, no database write),
and every problem is reported in one message (rolecall.config.require).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Annotated

import typer

from rolecall.cli.options import KnowledgeOpt, settings
from rolecall.config import Settings, explain_partial, require
from rolecall.errors import ConfigError
from rolecall.services import Services

log = logging.getLogger("rolecall")

PortOpt = Annotated[
    int, typer.Option("--port", envvar="PORT", metavar="PORT", help="HTTP port (HTTP mode only).")
]
HostOpt = Annotated[
    str, typer.Option("--host", envvar="HOST", metavar="ADDRESS", help="HTTP bind address (HTTP mode only).")
]


def _setup_logging(level: str) -> None:
    from rolecall.slack.delivery import install_log_redaction

    logging.getLogger().setLevel(level.upper())
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_redaction()


def _start(settings: Settings, *, serving: bool, background: bool = False) -> Services:
    """Database, knowledge (bad files reported on stderr); when serving, the reload watcher and the digest
    scheduler (when the digest module is installed). Settings must already be validated. ``background``
    loads the knowledge in a thread and returns at once: ``services.ready`` is set when it is loaded, and
    ``services.status`` says how far it got (``/healthz`` shows it, docs/knowledge.md)."""
    _setup_logging(settings.log_level)
    services = Services(settings)
    if background:
        threading.Thread(
            target=_load_behind, args=(services, serving), name="rolecall-start", daemon=True
        ).start()
    else:
        _load(services, serving)
    return services


def _load_behind(services: Services, serving: bool) -> None:
    try:
        _load(services, serving)
    except Exception as exc:  # never silently: /healthz keeps saying why
        log.exception("loading the knowledge dir failed")
        services.set_status(f"failed to load the knowledge dir ({type(exc).__name__}: {exc})")


def _load(services: Services, serving: bool) -> None:
    from rolecall.knowledge import load_knowledge, watch_knowledge

    report = load_knowledge(services)
    for line in report.lines():
        typer.echo(line, err=True)
    if serving:
        watch_knowledge(services, reload=_start_digests(services))


def _start_digests(services: Services) -> Callable[[], object] | None:
    """Start the digest scheduler; its sync (knowledge dir + ATS feeds, first-seen times) then owns the
    posting set, so the knowledge watcher reloads through it rather than replacing feeds' postings."""
    try:
        from rolecall.digest.scheduler import start_scheduler
        from rolecall.digest.sync import sync
    except ImportError:
        return None
    start_scheduler(services)
    typer.echo("Digest scheduler started.", err=True)
    return lambda: sync(services)


def _prune_deliveries(services: Services, stop: threading.Event) -> None:
    from rolecall.slack.app import forget_old_deliveries

    while not stop.wait(3600):
        try:
            forget_old_deliveries(services)
        except Exception:
            log.exception("pruning processed events failed")


def _serve(start: Callable[[bool], Services], *, http: bool, host: str, port: int) -> None:
    """``start(background)`` builds the services (loads the knowledge); HTTP mode listens before calling
    it and loads in the background, so ``/healthz`` can say "starting" with the load's progress meanwhile
    (``rolecall.slack.server``)."""
    from rolecall.slack.app import connect_app, start_socket_mode

    def started() -> Services:
        services = start(http)
        threading.Thread(target=_prune_deliveries, args=(services, threading.Event()), daemon=True).start()
        return services

    if http:
        from rolecall.slack.server import run_http

        raise typer.Exit(run_http(started, host=host, port=port))
    services = started()
    try:
        app = connect_app(services, mode="socket", say=lambda line: typer.echo(line, err=True))
    except ConfigError as exc:
        typer.echo(f"error: {exc.user_message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo("Rolecall connecting to Slack over Socket Mode", err=True)
    start_socket_mode(app, services)  # type: ignore[arg-type]


def register(cli: typer.Typer) -> None:
    @cli.command()
    def run(port: PortOpt = 3000, host: HostOpt = "0.0.0.0", knowledge: KnowledgeOpt = None) -> None:
        """Start Rolecall: Socket Mode with bot+app tokens, HTTP with a signing secret, else a console."""
        s = settings(knowledge)
        mode = s.slack_mode()
        if mode is None:
            raise ConfigError(explain_partial(s))
        require(s, mode)
        if mode == "console":
            typer.echo("No Slack settings: starting the local console (see docs/slack.md).", err=True)
            _chat(_start(s, serving=False))
        else:
            _serve(
                lambda bg: _start(s, serving=True, background=bg), http=mode == "http", host=host, port=port
            )

    @cli.command()
    def serve(
        http: Annotated[
            bool, typer.Option("--http", help="HTTP mode (signing secret) instead of Socket Mode.")
        ] = False,
        port: PortOpt = 3000,
        host: HostOpt = "0.0.0.0",
        knowledge: KnowledgeOpt = None,
    ) -> None:
        """Run the Slack app: Socket Mode by default, or HTTP on --port with --http."""
        s = settings(knowledge)
        require(s, "http" if http else "socket")
        _serve(lambda bg: _start(s, serving=True, background=bg), http=http, host=host, port=port)

    @cli.command()
    def chat(knowledge: KnowledgeOpt = None) -> None:
        """Ask questions on the terminal (or piped on stdin), answered exactly as in Slack."""
        s = settings(knowledge)
        require(s, "console")
        _chat(_start(s, serving=False))


def _chat(services: Services) -> None:
    from rolecall.slack.console import history_path, prompt_lines, run_console

    if sys.stdin.isatty() and sys.stdout.isatty():
        run_console(services, prompt_lines(history_path()), sys.stdout, banner=True)
    else:  # piped: one question per line, answers as plain text
        run_console(services, sys.stdin, sys.stdout)
