"""`rolecall digest ...` and `rolecall sync`: subscriptions, previews and the tick, without Slack's UI."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from rolecall.cli.base import App, fail
from rolecall.cli.options import (
    DatabaseOpt,
    JsonOpt,
    KnowledgeOpt,
    NowOpt,
    SourcesOpt,
    parse_now,
    plural,
    services_for,
)
from rolecall.errors import RolecallError

if TYPE_CHECKING:
    from rolecall.services import Services

ChannelOpt = Annotated[
    str, typer.Option("--channel", metavar="CHANNEL", help="Slack channel id, e.g. C0123ABCD.")
]
SubIdArg = Annotated[int, typer.Argument(metavar="ID", help="The subscription's id (see `digest list`).")]


def _team(services: Services, team: str | None) -> str:
    """--team, else the bot token's workspace (auth.test), else "local"."""
    if team:
        return team
    if services.settings.slack_bot_token is None:
        return "local"
    from slack_sdk.errors import SlackApiError

    from rolecall.digest.deliver import make_client

    try:
        return str(make_client(services).auth_test()["team_id"])
    except (SlackApiError, OSError):
        return "local"


def register(cli: typer.Typer) -> None:
    digest = App(help="Scheduled digests of new roles.", no_args_is_help=True)
    cli.add_typer(digest, name="digest")

    @digest.command("subscribe")
    def subscribe_cmd(
        channel: ChannelOpt,
        team: Annotated[
            str | None,
            typer.Option(
                "--team", metavar="TEAM", help="Slack team id (default: the bot token's workspace)."
            ),
        ] = None,
        cadence: Annotated[
            str,
            typer.Option(
                "--cadence",
                metavar="WHEN",
                help='When to post: "weekly mon 09:00", "daily 08:30", "weekdays".',
            ),
        ] = "weekly mon 09:00",
        tz: Annotated[
            str | None,
            typer.Option(
                "--tz",
                metavar="ZONE",
                help="IANA timezone, e.g. America/Phoenix (default: ROLECALL_DEFAULT_TZ).",
            ),
        ] = None,
        filter_: Annotated[
            list[str] | None,
            typer.Option(
                "--filter", metavar="FILTER", help="Repeatable: intern, remote, AZ, company:Acme, keywords."
            ),
        ] = None,
        user: Annotated[
            str, typer.Option("--user", metavar="USER", help="Slack user id told if the digest pauses.")
        ] = "",
        knowledge: KnowledgeOpt = None,
        database_url: DatabaseOpt = None,
        sources: SourcesOpt = None,
    ) -> None:
        """Subscribe a channel. Roles present now count as seen: the first digest holds only later ones."""
        from rolecall.digest.cadence import parse_cadence
        from rolecall.digest.filters import parse_filters, split_words
        from rolecall.digest.subscriptions import AlreadySubscribed, SubscribeRequest, subscribe
        from rolecall.digest.sync import sync

        if not channel.strip():
            raise fail("--channel is empty: give a Slack channel id such as C0123ABCD")
        services = services_for(knowledge, database_url, sources)
        try:
            sync(services, fetch_feeds=False, record=False)
            words = [w for f in filter_ or [] for w in split_words(f)]
            request = SubscribeRequest(
                cadence=parse_cadence(cadence, tz or services.settings.default_timezone),
                filters=parse_filters(words, companies={p.company for p in services.postings}),
                filter_text=" ".join(words),
            )
            sub = subscribe(
                services, team_id=_team(services, team), channel_id=channel, user_id=user, request=request
            )
        except AlreadySubscribed as exc:
            old = exc.existing
            state = "" if old.status == "active" else f" ({old.status}: `rolecall digest resume {old.id}`)"
            typer.echo(f"#{old.id} already posts that digest to {channel}{state}; nothing changed.")
            return
        except RolecallError as exc:
            raise fail(exc.user_message) from exc
        typer.echo(
            f"#{sub.id}: {channel} {request.cadence.describe()}, {request.filters.describe()}. "
            "The first digest holds only roles that appear after now."
        )

    @digest.command("list")
    def list_cmd(
        database_url: DatabaseOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """List every subscription."""
        from rolecall.digest.cadence import next_slot
        from rolecall.digest.subscriptions import cadence_of, filters_of
        from rolecall.store import digests as store

        services = services_for(database_url=database_url)
        now = services.now()
        with services.sessions() as session:
            subs = store.list_subscriptions(session)
        rows = [
            {
                "id": s.id,
                "team": s.team_id,
                "channel": s.channel_id,
                "cadence": s.cadence,
                "timezone": s.timezone,
                "filters": filters_of(s).describe(),
                "status": s.status if s.status == "active" else f"{s.status} ({s.paused_reason})",
                "next": next_slot(cadence_of(s), now).isoformat(),
            }
            for s in subs
        ]
        if as_json:
            typer.echo(json.dumps(rows, indent=2))
            return
        if not rows:
            typer.echo("No subscriptions.")
        for r in rows:
            typer.echo(
                f"#{r['id']} {r['team']}/{r['channel']}  {r['cadence']} {r['timezone']}  "
                f"{r['filters']}  {r['status']}  next {r['next']}"
            )

    @digest.command("preview")
    def preview_cmd(
        channel: ChannelOpt,
        now: NowOpt = None,
        database_url: DatabaseOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the Block Kit payload.")] = False,
    ) -> None:
        """What each of the channel's digests would post now, without posting or recording anything."""
        from rolecall.digest.compose import compose
        from rolecall.digest.deliver import new_postings_for
        from rolecall.store import digests as store

        services = services_for(database_url=database_url, now=parse_now(now))
        at = services.now()
        with services.sessions() as session:
            subs = store.list_subscriptions(session, channel_id=channel)
        if not subs:
            typer.echo(f"No subscription posts to {channel}.")
            raise typer.Exit(1)
        for sub in subs:
            message = compose(new_postings_for(services, sub, at), now=at, tz=sub.timezone)
            if as_json:
                typer.echo(
                    json.dumps({"subscription": sub.id, "message": message and message.__dict__}, indent=2)
                )
            elif message is None:
                typer.echo(f"#{sub.id}: nothing new since {sub.cutoff.isoformat()}: nothing would be posted.")
            else:
                typer.echo(f"#{sub.id}: {message.text}")

    @digest.command("run-due")
    def run_due_cmd(
        now: NowOpt = None,
        database_url: DatabaseOpt = None,
    ) -> None:
        """Run every slot due at that instant: exactly what the scheduler's tick does."""
        from rolecall.digest.deliver import run_due

        services = services_for(database_url=database_url, now=parse_now(now))
        try:
            report = run_due(services, services.now())
        except RolecallError as exc:
            raise fail(exc.user_message) from exc
        for o in report.outcomes:
            typer.echo(f"#{o.subscription_id} {o.slot.isoformat()} {o.status} {o.detail}".rstrip())
        typer.echo(f"posted {report.posted}")

    @digest.command("unsubscribe")
    def unsubscribe_cmd(sub_id: SubIdArg, database_url: DatabaseOpt = None) -> None:
        """Delete a subscription (and its run history)."""
        from rolecall.store import digests as store

        services = services_for(database_url=database_url)
        with services.sessions() as session:
            gone = store.delete_subscription(session, sub_id)
            session.commit()
        if not gone:
            typer.echo(f"error: no subscription #{sub_id}", err=True)
            raise typer.Exit(1)
        typer.echo(f"Unsubscribed #{sub_id}.")

    @digest.command("resume")
    def resume_cmd(sub_id: SubIdArg, database_url: DatabaseOpt = None) -> None:
        """Re-activate a paused subscription (after inviting the bot back, say)."""
        from rolecall.store import digests as store

        services = services_for(database_url=database_url)
        with services.sessions() as session:
            sub = store.get_subscription(session, sub_id)
            if sub is None:
                typer.echo(f"error: no subscription #{sub_id}", err=True)
                raise typer.Exit(1)
            sub.status, sub.paused_reason = "active", None
            session.commit()
        typer.echo(f"#{sub_id} is active again.")

    @digest.command("feeds")
    def feeds_cmd(database_url: DatabaseOpt = None) -> None:
        """Each feed's health: last success, consecutive failures, last error."""
        from rolecall.store import digests as store

        services = services_for(database_url=database_url)
        with services.sessions() as session:
            states = store.all_feed_states(session)
        if not states:
            typer.echo("No feed fetched yet (see ROLECALL_SOURCES_FILE and `rolecall sync`).")
        for st in states:
            ok = st.last_ok_at.isoformat() if st.last_ok_at else "never"
            line = f"{st.key}  last ok {ok}  failures {st.failures}"
            if st.failures and st.last_error:
                line += f"  last error: {st.last_error}"
            typer.echo(line)

    @digest.command("scheduler")
    def scheduler_cmd(
        knowledge: KnowledgeOpt = None, database_url: DatabaseOpt = None, sources: SourcesOpt = None
    ) -> None:
        """Run the tick and the sync in the foreground (a digest worker without the Slack listeners)."""
        import threading

        from rolecall.digest.scheduler import start_scheduler

        services = services_for(knowledge, database_url, sources)
        scheduler = start_scheduler(services)
        typer.echo("digest scheduler running; Ctrl-C to stop")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            scheduler.shutdown(wait=False)

    @cli.command("sync")
    def sync_cmd(
        knowledge: KnowledgeOpt = None,
        database_url: DatabaseOpt = None,
        sources: SourcesOpt = None,
        offline: Annotated[
            bool, typer.Option("--offline", help="Fetch nothing: serve each feed's last good payload.")
        ] = False,
    ) -> None:
        """Load the knowledge dir and the feeds; record new and closed roles."""
        from rolecall.digest.sync import sync

        services = services_for(knowledge, database_url, sources)
        try:
            report = sync(services, fetch_feeds=not offline)
        except RolecallError as exc:
            raise fail(exc.user_message) from exc
        for err in report.file_errors + report.source_errors:
            typer.echo(f"warning: {err}", err=True)
        for skipped in report.skipped_files:
            typer.echo(f"skipped {skipped}", err=True)
        for feed in report.feeds:
            if not feed.ok:
                state = f"FAILED ({feed.error})"
            elif feed.never_fetched:
                typer.echo(f"feed {feed.key}: never fetched (run `rolecall sync` without --offline)")
                continue
            else:
                state = "ok"
            extra = " (last good payload)" if feed.from_last_good else ""
            typer.echo(f"feed {feed.key}: {state}, {plural(feed.postings, 'posting')}{extra}")
        new, closed = (report.seen.new, report.seen.closed) if report.seen else (0, 0)
        typer.echo(f"{plural(report.total, 'posting')} live; {new} new, {closed} closed")
        if report.failed_feeds:
            raise typer.Exit(1)
