"""Options several commands share, spelled once so their names, metavars and help agree."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rolecall.config import Settings

if TYPE_CHECKING:
    from rolecall.services import Services

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
NowOpt = Annotated[
    str | None,
    typer.Option("--now", metavar="INSTANT", help="Act as if it were this ISO-8601 instant (default: now)."),
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


def parse_now(text: str | None) -> datetime | None:
    """``--now``: an ISO-8601 instant (UTC when it names no offset), or None for the real clock."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r} is not an ISO-8601 instant (e.g. 2025-03-10T13:00:00Z)") from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def services_for(
    knowledge: Path | None = None,
    database_url: str | None = None,
    sources: Path | None = None,
    now: datetime | None = None,
) -> Services:
    """The services a command runs on: the settings with its overrides, the clock stopped at ``now``."""
    from rolecall.services import Services, utcnow

    s = settings(knowledge, database_url, sources)
    return Services(s, now=(lambda: now) if now is not None else utcnow)


def plural(count: int, noun: str) -> str:
    """ "1 posting", "3 postings"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
