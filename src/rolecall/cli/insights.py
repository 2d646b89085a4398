"""`rolecall insights`: posting gaps from the stored questions, without Slack; reports and the purge too."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

import typer

from rolecall.cli.base import App, fail
from rolecall.cli.options import DatabaseOpt, JsonOpt, NowOpt, parse_now, services_for
from rolecall.errors import RolecallError


def _scope(services, posting: str | None, company: str | None, team: str | None):  # type: ignore[no-untyped-def]
    from rolecall.insights.query import ALL, Choices, NotFound, resolve

    if posting and company:
        raise fail("give --posting or --company, not both")
    if not (posting or company):
        return ALL
    found = resolve(services, f"company:{company}" if company else posting or "", team_id=team)
    if isinstance(found, NotFound):
        raise fail(f"no questions about a posting matching {found.query!r} (try a posting id or title words)")
    if isinstance(found, Choices):
        lines = "\n".join(f"  {s.posting_id}  {s.title} ({s.company})" for s in found.subjects)
        raise fail(f"{found.query!r} matches several postings; pass one id with --posting:\n{lines}")
    return found


def _print_tables(report, by: str, top: int) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    from rolecall.insights.aggregate import share
    from rolecall.insights.render import facet_label, period, summary_line

    console = Console(highlight=False)
    console.print(f"[bold]Insights: {report.scope}[/bold] — {period(report)}", markup=True)
    if report.empty:
        console.print("No questions about these postings in this period.")
        return
    console.print(summary_line(report), markup=False)

    def text_col(table: Table, name: str, ratio: int) -> None:
        table.add_column(name, ratio=ratio, no_wrap=True, overflow="ellipsis")

    def num_col(table: Table, name: str) -> None:
        table.add_column(name, justify="right", no_wrap=True)

    gaps = Table(title="Top gaps (fix these first)", title_justify="left", expand=True)
    num_col(gaps, "#")
    text_col(gaps, "facet", 2)
    text_col(gaps, "posting (company)", 3)
    for col in ("asked", "not stated", "👎"):
        num_col(gaps, col)
    text_col(gaps, "e.g.", 3)
    shown = [g for g in report.gaps if not g.fixed][:top] or report.gaps[:top]
    for i, g in enumerate(shown, 1):
        gaps.add_row(
            str(i),
            facet_label(g.facet) + (" (fixed since)" if g.fixed else ""),
            f"{g.title or g.posting_id} ({g.company})",
            str(g.asked),
            str(g.not_stated),
            str(g.not_helpful),
            " / ".join(g.examples[:2]),
        )
    if shown:
        console.print(gaps)
    else:
        console.print("Top gaps: none — every facet asked about was answered.")

    groups = report.by_posting if by == "posting" else report.by_company
    table = Table(
        title=f"By {'posting' if by == 'posting' else 'employer'}", title_justify="left", expand=True
    )
    text_col(table, "posting (company)" if by == "posting" else "employer (postings)", 4)
    for col in ("questions", "answered", "not stated", "👍", "👎"):
        num_col(table, col)
    text_col(table, "top gap", 2)
    for g in groups[:top]:
        name = f"{g.title or g.key} ({g.company})" if by == "posting" else f"{g.key} ({g.postings})"
        top_gap = next((facet_label(x.facet) for x in g.gaps if not x.fixed), "")
        table.add_row(
            name,
            str(g.questions),
            share(g.answered, g.facet_asks),
            str(g.not_stated),
            str(g.helpful),
            str(g.not_helpful),
            top_gap,
        )
    console.print(table)
    if len(groups) > top:
        console.print(f"…and {len(groups) - top} more (--top to show more)")

    facets = Table(title="By facet", title_justify="left")
    text_col(facets, "facet", 1)
    for col in ("asked", "answered", "not stated", "answered %"):
        num_col(facets, col)
    for s in report.facets:
        facets.add_row(
            facet_label(s.facet), str(s.asked), str(s.answered), str(s.not_stated), share(s.answered, s.asked)
        )
    console.print(facets)
    console.print("Aggregates only: who asked is never shown.", style="dim")


def register(cli: typer.Typer) -> None:
    insights = App(
        help="Posting gaps: what candidates ask that the postings don't say.", invoke_without_command=True
    )
    cli.add_typer(insights, name="insights")

    @insights.callback()
    def report_cmd(
        ctx: typer.Context,
        posting: Annotated[
            str | None, typer.Option("--posting", help="A posting id (or title words) to report on.")
        ] = None,
        company: Annotated[str | None, typer.Option("--company", help="An employer to report on.")] = None,
        since: Annotated[
            int | None, typer.Option("--since", min=1, help="Only questions from the last DAYS days.")
        ] = None,
        team: Annotated[str | None, typer.Option("--team", help="One Slack workspace (team id).")] = None,
        by: Annotated[
            str, typer.Option("--by", help="Group the table by 'posting' or 'company'.")
        ] = "posting",
        top: Annotated[int, typer.Option("--top", min=1, help="Rows per table.")] = 10,
        as_json: Annotated[bool, typer.Option("--json", help="The whole report as JSON.")] = False,
        as_csv: Annotated[
            bool, typer.Option("--csv", help="One row per posting/employer and facet.")
        ] = False,
        now: Annotated[
            str | None, typer.Option("--now", help="Report as of this instant (ISO-8601).")
        ] = None,
        database_url: DatabaseOpt = None,
    ) -> None:
        """Questions by facet, answered vs "the posting doesn't say", feedback, and the top gaps to fix."""
        if ctx.invoked_subcommand is not None:
            return
        from rolecall.insights.query import report_for
        from rolecall.insights.render import to_csv

        if as_json and as_csv:
            raise fail("choose one of --json and --csv")
        if by not in {"posting", "company"}:
            raise fail("--by takes 'posting' or 'company'")
        services = services_for(database_url=database_url, now=parse_now(now))
        try:
            scope = _scope(services, posting, company, team)
            at = services.now()
            start = at - timedelta(days=since) if since else None
            report = report_for(services, scope, team_id=team, since=start, until=at if start else None)
        except RolecallError as exc:
            raise fail(exc.user_message) from exc
        finally:
            services.close()
        if as_json:
            typer.echo(json.dumps(report.model_dump(mode="json"), indent=2))
        elif as_csv:
            typer.echo(to_csv(report), nl=False)
        else:
            _print_tables(report, by, top)

    @insights.command("purge")
    def purge_cmd(
        now: NowOpt = None,
        database_url: DatabaseOpt = None,
    ) -> None:
        """Delete questions older than ROLECALL_QUESTION_RETENTION_DAYS (what the scheduler does)."""
        from rolecall.insights.retention import purge

        services = services_for(database_url=database_url, now=parse_now(now))
        try:
            report = purge(services)
        finally:
            services.close()
        typer.echo(
            f"purged {report.questions} questions ({report.facets} facets, {report.feedback} feedback) "
            f"and {report.conversations} conversations older than "
            f"{services.settings.number('question_retention_days')} days"
        )

    @insights.command("subscribe")
    def subscribe_cmd(
        channel: Annotated[
            str, typer.Option("--channel", metavar="CHANNEL", help="Slack channel id, e.g. C0123ABCD.")
        ],
        team: Annotated[str, typer.Option("--team", metavar="TEAM", help="Slack team id.")],
        scope: Annotated[
            str, typer.Option("--scope", metavar="TEXT", help="A company, posting id or title words.")
        ] = "",
        cadence: Annotated[
            str, typer.Option("--cadence", metavar="CADENCE", help='Default "weekly mon 09:00".')
        ] = "",
        tz: Annotated[str | None, typer.Option("--tz", metavar="ZONE", help="IANA timezone.")] = None,
        user: Annotated[
            str, typer.Option("--user", metavar="USER", help="Slack user told if the report pauses.")
        ] = "",
        database_url: DatabaseOpt = None,
    ) -> None:
        """Subscribe a channel to the weekly gaps report (what `/roles subscribe insights` does)."""
        from rolecall.insights.subscriptions import describe_report, subscribe_report

        services = services_for(database_url=database_url)
        try:
            sub, _ = subscribe_report(
                services,
                team_id=team,
                channel_id=channel,
                user_id=user,
                text=f"{scope} {cadence}".strip(),
                default_tz=tz or services.settings.default_timezone,
            )
            line = describe_report(services, sub, services.now())
        except RolecallError as exc:
            raise fail(exc.user_message) from exc
        finally:
            services.close()
        typer.echo(line.replace("`", ""))

    @insights.command("reports")
    def reports_cmd(database_url: DatabaseOpt = None, as_json: JsonOpt = False) -> None:
        """List the gaps-report subscriptions."""
        from rolecall.insights.subscriptions import describe_report, list_reports

        services = services_for(database_url=database_url)
        try:
            subs = list_reports(services)
            now = services.now()
            if as_json:
                rows = [
                    {
                        "id": s.id,
                        "team_id": s.team_id,
                        "channel_id": s.channel_id,
                        "scope": s.filter_text,
                        "cadence": s.cadence,
                        "timezone": s.timezone,
                        "status": s.status,
                        "paused_reason": s.paused_reason,
                    }
                    for s in subs
                ]
                typer.echo(json.dumps(rows, indent=2))
            else:
                for s in subs:
                    typer.echo(describe_report(services, s, now).replace("`", ""))
                if not subs:
                    typer.echo("no gaps reports")
        finally:
            services.close()
