"""Buttons and inputs: open a posting, apply (a link), feedback, pick a candidate, share, "Ask about this
role" (digests' and alerts' alike), and the App Home search and filters."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.web import WebClient

from rolecall.alerts.compose import ALERT_ASK
from rolecall.slack import blocks, delivery, handlers
from rolecall.slack.listeners import clicks
from rolecall.slack.listeners.deferred import Deferred
from rolecall.slack.listeners.home import publish_home


def _in_shared_message(body: dict[str, Any]) -> bool:
    """True for a click on a normal channel/DM message (not ephemeral, not a view)."""
    container = body.get("container") or {}
    return container.get("type") == "message" and not container.get("is_ephemeral") and "message" in body


def register(app: App, defer: Deferred) -> None:
    services = defer.services

    def on(action_id: str | re.Pattern[str], handler: clicks.Handler | None) -> None:
        clicks.on(app, action_id, handler)

    # -- open the full posting in a modal --------------------------------------------------------------
    def open_posting(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        tell = clicks.teller(body, client)

        def work() -> None:
            posting = services.engine.get(clicks.value(body))
            if posting is None:
                tell(blocks.notice("That role is no longer in my postings; it may have closed."))
                return
            client.views_open(trigger_id=body["trigger_id"], view=blocks.posting_modal(posting).to_dict())

        defer("open a posting", context, tell, work)

    on(blocks.OPEN_POSTING, open_posting)
    on(blocks.APPLY_LINK, None)  # a URL button: Slack still sends the click, which only needs an ack

    # -- feedback, stored with the question ------------------------------------------------------------
    def give_feedback(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        helpful = clicks.action(body).get("action_id") == blocks.FEEDBACK_HELPFUL
        tell = clicks.teller(body, client)
        value, user = clicks.value(body), clicks.user(body)
        work = lambda: tell(handlers.feedback(services, value, user, helpful=helpful))  # noqa: E731
        defer("record feedback", context, tell, work)

    on(re.compile(f"^({blocks.FEEDBACK_HELPFUL}|{blocks.FEEDBACK_NOT_HELPFUL})$"), give_feedback)

    # -- a candidate picked from an ambiguous answer ---------------------------------------------------
    def choose(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        tell = clicks.teller(body, client)

        def work() -> None:
            chosen = handlers.choose_reply(services, clicks.value(body), clicks.user(body))
            if chosen is None:
                tell(blocks.notice("I can't find that question or role any more. Please ask again."))
                return
            reply, where = chosen
            if _in_shared_message(body):
                channel = clicks.channel(body) or where.channel
                client.chat_postMessage(
                    channel=channel, thread_ts=where.thread_ts, **reply.message.as_kwargs()
                )
            else:
                delivery.respond(clicks.target(body, client), reply.message, replace_original=True)

        defer("answer for the chosen role", context, tell, work)

    on(re.compile(f"^{blocks.CHOOSE_POSTING}(_\\d+)?$"), choose)

    # -- share an ephemeral answer with the channel ----------------------------------------------------
    def share(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        tell = clicks.teller(body, client)

        def work() -> None:
            reply = handlers.share_reply(services, clicks.value(body), clicks.user(body))
            if reply is None:
                tell(
                    blocks.notice("I can't find that answer any more. Please ask again with `/roles share`.")
                )
                return
            delivery.respond(clicks.target(body, client), reply.message, public=True, delete_original=True)

        defer("share an answer", context, tell, work)

    on(blocks.SHARE_ANSWER, share)

    # -- "Ask about this role", on a digest or an alert: the role's card in the clicker's DM ------------
    def ask_about(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        tell = clicks.teller(body, client)
        user, team, value, clicked_in = (
            clicks.user(body),
            clicks.team(body),
            clicks.value(body),
            clicks.channel(body),
        )

        def work() -> None:
            dm = delivery.dm_channel(client, user, clicked_in)
            # thread "": the DM's own timeline, so the next message there ("what's the pay?") is about it
            where = handlers.Where(team_id=team, channel=dm, thread="", user_id=user)
            card, posting = handlers.role_card(services, value, where)
            if posting is None:
                tell(card)
                return
            client.chat_postMessage(channel=dm, **card.as_kwargs(), unfurl_links=False)
            if clicked_in != dm:  # clicked in a channel: say where the card went
                tell(handlers.sent_to_dm(posting))

        defer("summarise a role", context, tell, work)

    on(re.compile(f"^({blocks.ASK_ABOUT_ROLE}|{ALERT_ASK})$"), ask_about)

    # -- App Home search box and filters ---------------------------------------------------------------
    def search_home(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        query = clicks.value(body)
        query = "" if query == "*" else query.strip()
        team, user = clicks.team(body), clicks.user(body)
        work = lambda: publish_home(services, client, team_id=team, user_id=user, query=query)  # noqa: E731
        defer.quietly("search the App Home", context, work)

    on(blocks.HOME_SEARCH, search_home)
    on(re.compile(f"^{blocks.HOME_FILTER}_\\d+$"), search_home)

    # -- App Home: unsubscribe / resume a channel digest ------------------------------------------------
    def manage_digest(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        verb = "resume" if clicks.action(body).get("action_id") == blocks.DIGEST_RESUME else "unsubscribe"
        team, user = clicks.team(body), clicks.user(body)

        def work() -> None:
            reply = handlers.manage_digest(
                services, team_id=team, user_id=user, verb=verb, digest_id=clicks.value(body)
            )
            publish_home(services, client, team_id=team, user_id=user, query="")
            delivery.notify_user(client, user, blocks.notice(reply))

        defer("change a digest", context, lambda m: delivery.dm(client, user, m), work)

    on(re.compile(f"^({blocks.DIGEST_UNSUBSCRIBE}|{blocks.DIGEST_RESUME})$"), manage_digest)
