"""Buttons and inputs: open a posting, apply (a link), feedback, pick a candidate, share, digests'
"Ask about this role", and the App Home search and filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.web import WebClient

from rolecall.services import Services
from rolecall.slack import blocks, delivery, handlers
from rolecall.slack.listeners.home import publish_home


def _action(body: dict[str, Any]) -> dict[str, Any]:
    return (body.get("actions") or [{}])[0]


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id", "") or (body.get("user") or {}).get("team_id", ""))


def _in_shared_message(body: dict[str, Any]) -> bool:
    """True for a click on a normal channel/DM message (not ephemeral, not a view)."""
    container = body.get("container") or {}
    return container.get("type") == "message" and not container.get("is_ephemeral") and "message" in body


def _teller(body: dict[str, Any], respond: Respond, client: WebClient) -> Callable[[blocks.Message], None]:
    """Reply privately to whoever clicked: through the response_url when there is one, else by DM."""

    def tell(message: blocks.Message) -> None:
        if body.get("response_url"):
            respond(**message.as_kwargs(), response_type="ephemeral", replace_original=False)
        else:
            delivery.notify_user(client, _user(body), message)

    return tell


def register(app: App, services: Services) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    # -- open the full posting in a modal --------------------------------------------------------------
    def open_posting(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        tell = _teller(body, respond, client)

        def work() -> None:
            posting = services.engine.get(_action(body).get("value", ""))
            if posting is None:
                tell(blocks.notice("That role is no longer in my postings; it may have closed."))
                return
            client.views_open(trigger_id=body["trigger_id"], view=blocks.posting_modal(posting).to_dict())

        delivery.guarded("open a posting", tell, work)

    app.action(blocks.OPEN_POSTING)(ack=ack_now, lazy=[open_posting])

    # -- a URL button: Slack still sends the click, which only needs an ack ----------------------------
    app.action(blocks.APPLY_LINK)(ack_now)

    # -- feedback, stored with the question ------------------------------------------------------------
    def give_feedback(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        action = _action(body)
        helpful = action.get("action_id") == blocks.FEEDBACK_HELPFUL
        tell = _teller(body, respond, client)
        delivery.guarded(
            "record feedback",
            tell,
            lambda: tell(handlers.feedback(services, action.get("value", ""), _user(body), helpful=helpful)),
        )

    app.action(re.compile(f"^({blocks.FEEDBACK_HELPFUL}|{blocks.FEEDBACK_NOT_HELPFUL})$"))(
        ack=ack_now, lazy=[give_feedback]
    )

    # -- a candidate picked from an ambiguous answer ---------------------------------------------------
    def choose(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        tell = _teller(body, respond, client)

        def work() -> None:
            chosen = handlers.choose_reply(services, _action(body).get("value", ""), _user(body))
            if chosen is None:
                tell(blocks.notice("I can't find that question or role any more. Please ask again."))
                return
            reply, where = chosen
            if _in_shared_message(body):
                channel = (body.get("channel") or {}).get("id") or where.channel
                client.chat_postMessage(
                    channel=channel, thread_ts=where.thread_ts, **reply.message.as_kwargs()
                )
            else:
                respond(**reply.message.as_kwargs(), response_type="ephemeral", replace_original=True)

        delivery.guarded("answer for the chosen role", tell, work)

    app.action(re.compile(f"^{blocks.CHOOSE_POSTING}(_\\d+)?$"))(ack=ack_now, lazy=[choose])

    # -- share an ephemeral answer with the channel ----------------------------------------------------
    def share(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        tell = _teller(body, respond, client)

        def work() -> None:
            reply = handlers.share_reply(services, _action(body).get("value", ""), _user(body))
            if reply is None:
                tell(
                    blocks.notice("I can't find that answer any more. Please ask again with `/roles share`.")
                )
                return
            respond(**reply.message.as_kwargs(), response_type="in_channel", delete_original=True)

        delivery.guarded("share an answer", tell, work)

    app.action(blocks.SHARE_ANSWER)(ack=ack_now, lazy=[share])

    # -- "Ask about this role" from a digest -----------------------------------------------------------
    def ask_about(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        tell = _teller(body, respond, client)
        user = _user(body)
        channel = (body.get("channel") or {}).get("id", "")
        where = handlers.Where(
            team_id=_team(body), channel=channel or user, thread=f"user:{user}", user_id=user
        )
        delivery.guarded(
            "summarise a role",
            tell,
            lambda: tell(handlers.summary_reply(services, _action(body).get("value", ""), where)),
        )

    app.action(blocks.ASK_ABOUT_ROLE)(ack=ack_now, lazy=[ask_about])

    # -- App Home search box and filters ---------------------------------------------------------------
    def search_home(body: dict[str, Any], client: WebClient) -> None:
        action = _action(body)
        query = action.get("value") or ""
        if query == "*":
            query = ""
        try:
            publish_home(services, client, team_id=_team(body), user_id=_user(body), query=query.strip())
        except Exception as exc:
            delivery.failure_message(exc, action="search the App Home")

    app.action(blocks.HOME_SEARCH)(ack=ack_now, lazy=[search_home])
    app.action(re.compile(f"^{blocks.HOME_FILTER}_\\d+$"))(ack=ack_now, lazy=[search_home])

    # -- App Home: unsubscribe / resume a channel digest ------------------------------------------------
    def manage_digest(body: dict[str, Any], client: WebClient) -> None:
        action = _action(body)
        verb = "resume" if action.get("action_id") == blocks.DIGEST_RESUME else "unsubscribe"
        team, user = _team(body), _user(body)

        def work() -> None:
            reply = handlers.manage_digest(
                services, team_id=team, user_id=user, verb=verb, digest_id=str(action.get("value", ""))
            )
            publish_home(services, client, team_id=team, user_id=user, query="")
            delivery.notify_user(client, user, blocks.notice(reply))

        delivery.guarded("change a digest", lambda m: delivery.notify_user(client, user, m), work)

    app.action(re.compile(f"^({blocks.DIGEST_UNSUBSCRIBE}|{blocks.DIGEST_RESUME})$"))(
        ack=ack_now, lazy=[manage_digest]
    )
