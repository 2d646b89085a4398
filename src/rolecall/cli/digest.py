"""CLI commands for this area (to be filled in)."""

from __future__ import annotations

import typer


def register(cli: typer.Typer) -> None:
    """Add this area's commands to the root app."""
