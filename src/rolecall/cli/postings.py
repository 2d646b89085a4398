"""`rolecall check` (load a knowledge dir and report per file) and `rolecall show ID`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rolecall.cli.base import fail
from rolecall.cli.options import KnowledgeOpt, plural, settings
from rolecall.postings.model import Posting


def check(
    directory: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="Knowledge dir (default: --knowledge, else the configured one)."),
    ] = None,
    knowledge: KnowledgeOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: files and postings.")
    ] = False,
    max_failed: Annotated[
        float | None,
        typer.Option(
            "--max-failed",
            min=0.0,
            max=1.0,
            metavar="SHARE",
            help="Exit non-zero only when more than this share of files fail (e.g. 0.01); default: any.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only failures, skipped files and the summary.")
    ] = False,
) -> None:
    """Load a knowledge dir and report, per file, its format, postings and warnings."""
    from rolecall.postings.catalog import load_dir

    if directory is not None and knowledge is not None and directory != knowledge:
        raise fail(f"two knowledge dirs given ({directory} and --knowledge {knowledge}): give one")
    path = directory or knowledge or settings().knowledge_dir
    result = load_dir(path, progress=not as_json)
    if as_json:
        payload = {
            "files": [
                {
                    "path": f.path,
                    "format": f.format,
                    "postings": f.postings,
                    "error": f.error,
                    "warnings": f.warnings,
                }
                for f in result.files
            ],
            "skipped": [{"path": path, "reason": reason} for path, reason in result.skipped],
            "postings": [p.model_dump(mode="json") for p in result.postings],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for f in result.files:
            if f.error:
                typer.secho(f"ERROR  {f.path}: {f.error}", fg=typer.colors.RED, err=True)
                continue
            if quiet:
                continue
            typer.echo(f"ok     {f.path}  [{f.format}]  {plural(f.postings, 'posting')}")
            for w in f.warnings:
                typer.secho(f"       warning: {w}", fg=typer.colors.YELLOW)
        for skipped_path, reason in result.skipped:
            typer.secho(f"skip   {skipped_path}: {reason}", fg=typer.colors.YELLOW)
        failed = len(result.failed)
        summary = (
            f"{plural(len(result.postings), 'posting')} from {plural(len(result.files) - failed, 'file')}"
        )
        if failed:
            summary += f"; {plural(failed, 'file')} failed"
        if result.skipped:
            summary += f"; {plural(len(result.skipped), 'file')} skipped"
        typer.echo(summary)
    failed_share = len(result.failed) / len(result.files) if result.files else 0.0
    if max_failed is not None:
        if not as_json:
            verdict = "within" if failed_share <= max_failed else "above"
            typer.echo(f"failed share {failed_share:.2%}, {verdict} the allowed {max_failed:.2%}")
        if failed_share > max_failed:
            raise typer.Exit(code=1)
    elif result.failed:
        raise typer.Exit(code=1)


def render(p: Posting) -> str:
    """A plain-text view of one normalised posting."""
    e = p.eligibility
    lines = [f"{p.title} — {p.company}", f"id: {p.id}"]
    facts: list[tuple[str, object]] = [
        ("locations", p.location_summary() or None),
        ("workplace", p.workplace.value if p.workplace.value != "unknown" else None),
        ("remote from", ", ".join(p.remote_regions) or None),
        ("employment type", ", ".join(t.value for t in p.employment_type) or None),
        ("job id", p.job_id),
        ("pay", p.pay.text if p.pay and p.pay.text else None),
        ("posted", p.date_posted),
        ("valid through", p.valid_through),
        ("terms", ", ".join(p.terms) or None),
        ("status", None if p.active else "closed"),
        ("url", p.url),
        ("apply", p.apply_url or p.apply_instructions),
        ("sponsorship", e.sponsorship.value),
        ("work authorisation required", e.work_authorization_required),
        ("citizenship required", e.citizenship_required),
        ("clearance", e.clearance),
        ("student status", e.student_status),
        ("min experience (years)", e.min_experience_years),
        ("degree", e.degree),
    ]
    lines += [f"{name}: {value}" for name, value in facts if value is not None]
    for ev in e.evidence:
        lines.append(f'  evidence [{ev.fact}]: "{ev.quote}"')
    for s in p.sections:
        lines.append("")
        if s.heading:
            lines.append(f"## {s.heading}")
        lines += [f"- {x}" for x in s.passages]
    return "\n".join(lines)


def show(
    posting: Annotated[
        list[str],
        typer.Argument(
            metavar="ID_OR_TITLE",
            help="The posting's id (see `rolecall check`) or words of its title, as `/roles show` takes.",
        ),
    ],
    knowledge: KnowledgeOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the posting as the model's JSON.")] = False,
) -> None:
    """Print one normalised posting, found by id or by title words."""
    from datetime import date

    from rolecall.cli.answer import load_engine
    from rolecall.lookup import find_posting

    words = " ".join(posting)
    found = find_posting(load_engine(knowledge), words, today=date.today())
    if isinstance(found, list):
        if not found:
            typer.secho(f"No posting matches {words!r}. `rolecall check` lists every id.", fg="red", err=True)
        else:
            typer.secho(f"{plural(len(found), 'posting')} match {words!r}; say which:", fg="red", err=True)
            for p in found:
                typer.echo(f"  {p.id}  {p.title} — {p.company}", err=True)
        raise typer.Exit(code=1)
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
    else:
        typer.echo(render(found))


def register(cli: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    cli.command("check")(check)
    cli.command("show")(show)
