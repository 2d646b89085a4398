"""Options several commands share, spelled once so their names, metavars and help agree."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rolecall.config import Settings

KnowledgeOpt = Annotated[
    Path | None,
    typer.Option(
        "--knowledge", metavar="DIR", help="Knowledge dir (default: ROLECALL_KNOWLEDGE_DIR, else knowledge/)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output (JSON).")]
DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database-url", metavar="URL", help="Database URL (default: ROLECALL_DATABASE_URL)."),
]
SourcesOpt = Annotated[
    Path | None,
    typer.Option("--sources", metavar="FILE", help="ATS feeds file (default: ROLECALL_SOURCES_FILE)."),
]


def settings(
    knowledge: Path | None = None, database_url: str | None = None, sources: Path | None = None
) -> Settings:
    """The environment's settings with the command line's overrides on top."""
    overrides: dict[str, object] = {}
    if knowledge is not None:
        overrides["knowledge_dir"] = knowledge
    if database_url is not None:
        overrides["database_url"] = database_url
    if sources is not None:
        overrides["sources_file"] = sources
    return Settings(**overrides)  # type: ignore[arg-type]


def plural(count: int, noun: str) -> str:
    """ "1 posting", "3 postings"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
