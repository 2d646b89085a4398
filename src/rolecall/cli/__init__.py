"""The ``rolecall`` command line. Each area registers its own commands from its own module."""

from __future__ import annotations

import logging

import typer

from rolecall.cli import answer as _answer
from rolecall.cli import app as _app
from rolecall.cli import digest as _digest
from rolecall.cli import insights as _insights
from rolecall.cli import postings as _postings

cli = typer.Typer(
    name="rolecall",
    help="Answers candidates' questions about open roles, inside Slack.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@cli.callback()
def _root() -> None:
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
