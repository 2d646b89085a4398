"""`rolecall check` (load a knowledge dir and report per file) and `rolecall show ID`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from rolecall.postings.model import Posting


def _default_dir() -> Path:
    from rolecall.config import Settings

    return Settings().knowledge_dir


def check(
    directory: Path | None = typer.Argument(None, help="Knowledge dir (default: the configured one)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: files and postings."),
    max_failed: float | None = typer.Option(
        None,
        "--max-failed",
        min=0.0,
        max=1.0,
        help="Exit non-zero only when more than this share of files fail (e.g. 0.01); default: any.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures and the summary."),
) -> None:
    """Load a knowledge dir and report, per file, its format, postings and warnings."""
    from rolecall.postings.catalog import load_dir

    path = directory or _default_dir()
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
            typer.echo(f"ok     {f.path}  [{f.format}]  {f.postings} posting{'s' if f.postings != 1 else ''}")
            for w in f.warnings:
                typer.secho(f"       warning: {w}", fg=typer.colors.YELLOW)
        failed = len(result.failed)
        typer.echo(
            f"{len(result.postings)} postings from {len(result.files) - failed} files"
            + (f"; {failed} file{'s' if failed != 1 else ''} failed" if failed else "")
        )
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
    posting_id: str = typer.Argument(..., help="The posting's id (see `rolecall check`)."),
    knowledge: Path | None = typer.Option(
        None, "--knowledge", help="Knowledge dir (default: the configured one)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the posting as the model's JSON."),
) -> None:
    """Print one normalised posting."""
    from rolecall.postings.catalog import load_dir

    result = load_dir(knowledge or _default_dir())
    posting = result.get(posting_id)
    if posting is None:
        close = [p.id for p in result.postings if posting_id.lower() in p.id.lower()][:5]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        typer.secho(f"No posting with id {posting_id!r}.{hint}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)
    if as_json:
        typer.echo(posting.model_dump_json(indent=2))
    else:
        typer.echo(render(posting))


def register(cli: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    cli.command("check")(check)
    cli.command("show")(show)
