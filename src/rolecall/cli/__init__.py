"""The ``rolecall`` command line. Each area registers its own commands from its own module."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from rolecall.cli import answer as _answer
from rolecall.cli import app as _app
from rolecall.cli import digest as _digest
from rolecall.cli import insights as _insights
from rolecall.cli import postings as _postings
from rolecall.cli.base import App

cli = App(
    name="rolecall",
    help="Answers candidates' questions about open roles, inside Slack.",
    no_args_is_help=True,
)


def _print_version(value: bool) -> None:
    if value:
        from rolecall import __version__

        typer.echo(f"rolecall {__version__}")
        raise typer.Exit()


@cli.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print Rolecall's version and exit."
        ),
    ] = False,
) -> None:
    """Answers candidates' questions about open roles, inside Slack."""


@cli.command()
def version() -> None:
    """Print Rolecall's version."""
    from rolecall import __version__

    typer.echo(__version__)


for _module in (_postings, _answer, _app, _digest, _insights):
    _module.register(cli)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    cli()
