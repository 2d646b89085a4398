"""Small builders shared by the digest tests: postings, a settable clock, a knowledge-dir loader."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rolecall.postings.model import EmploymentType, Location, Posting, Section, Source, Workplace


def posting(
    pid: str,
    title: str = "Software Engineer",
    company: str = "Acme",
    *,
    where: str = "Phoenix, AZ",
    region: str | None = None,
    remote: bool = False,
    workplace: Workplace = Workplace.UNKNOWN,
    types: tuple[EmploymentType, ...] = (),
    posted: date | None = None,
    text: str = "Build things.",
    url: str | None = "https://jobs.example.com/1",
    origin: str = "knowledge/test.json",
    active: bool = True,
) -> Posting:
    return Posting(
        id=pid,
        title=title,
        company=company,
        locations=[Location(text=where, region=region, remote=remote)],
        workplace=workplace,
        employment_type=list(types),
        date_posted=posted,
        url=url,
        sections=[Section(heading="About", passages=[text])],
        source=Source(format="json", path=origin),
        active=active,
    )


class Clock:
    """A controlled clock: tests move it; Services reads it."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def set(self, value: str | datetime) -> datetime:
        self.at = value if isinstance(value, datetime) else datetime.fromisoformat(value).astimezone(UTC)
        return self.at


def write_postings(path: Path, postings: list[Posting]) -> Path:
    """A knowledge file in the tests' own format (a JSON list of Posting objects)."""
    path.write_text(json.dumps([p.model_dump(mode="json") for p in postings]), encoding="utf-8")
    return path


@dataclass
class FileReport:
    path: str
    format: str
    postings: int
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class LoadResult:
    postings: list[Posting]
    files: list[FileReport]


def json_loader(directory: Path) -> LoadResult:
    """Reads the tests' knowledge files, with the catalog's result shape; a bad file is reported."""
    postings: list[Posting] = []
    files: list[FileReport] = []
    for path in sorted(directory.glob("*.json")):
        try:
            rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
            found = [Posting.model_validate(r) for r in rows]
        except ValueError as exc:
            files.append(FileReport(str(path), "json", 0, error=str(exc)[:200]))
            continue
        postings += found
        files.append(FileReport(str(path), "json", len(found)))
    return LoadResult(postings, files)


def json_parser(data: bytes | str, *, origin: str, fmt: str | None = None) -> list[Posting]:
    """A feed body in the tests' own format, for sync tests independent of the real adapters."""
    from rolecall.errors import PostingLoadError

    try:
        rows = json.loads(data)
        return [Posting.model_validate(r) for r in rows]
    except ValueError as exc:
        raise PostingLoadError(origin, f"not a JSON list of postings ({exc})") from exc
