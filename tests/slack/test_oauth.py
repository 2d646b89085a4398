"""OAuth multi-workspace mode: install page, redirect, installation stored in our database, then used."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from rolecall.config import Settings
from rolecall.postings.model import Posting
from rolecall.services import Services
from rolecall.store.events import oauth_stores
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import SIGNING_SECRET, SlackClient, texts


@pytest.fixture
def oauth_slack(tmp_path: Path, slack_api: FakeSlackAPI, postings: list[Posting]) -> Iterator[SlackClient]:
    from rolecall.slack.server import serve_app

    settings = Settings(
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_API_URL=slack_api.url,
        database_url=f"sqlite:///{tmp_path / 'oauth.db'}",
        _env_file=None,
    )
    services = Services(settings)
    services.set_postings(postings)
    server = serve_app(services, host="127.0.0.1", port=0)
    client = SlackClient(server.url, slack_api)
    client.services = services  # type: ignore[attr-defined]
    try:
        yield client
    finally:
        server.stop()
        services.close()


def test_install_then_answer_in_the_new_workspace(oauth_slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    page = oauth_slack.get("/slack/install")
    assert page.status == 200
    authorize = unescape(re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page.body).group(1))  # type: ignore[union-attr]
    query = parse_qs(urlsplit(authorize).query)
    assert query["client_id"] == ["111.222"] and "chat:write" in query["scope"][0]
    state = query["state"][0]

    slack_api.queue(
        "oauth.v2.access",
        {
            "ok": True,
            "app_id": "A1",
            "access_token": "xoxb-installed-9",
            "token_type": "bot",
            "scope": "chat:write,commands",
            "bot_user_id": "UBOT9",
            "team": {"id": "T9", "name": "Nine"},
            "enterprise": None,
            "authed_user": {"id": "U1"},
        },
    )
    done = oauth_slack.get(
        f"/slack/oauth_redirect?code=the-code&state={state}",
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    )
    assert done.status == 200, done.body
    [exchange] = slack_api.calls_to("oauth.v2.access")
    assert exchange.args["code"] == "the-code"

    installations, _ = oauth_stores(oauth_slack.services.db, "111.222")  # type: ignore[attr-defined]
    installed = installations.find_bot(enterprise_id=None, team_id="T9")
    assert installed is not None and installed.bot_token == "xoxb-installed-9"

    # A DM in the new workspace is answered with that workspace's token.
    event = {"type": "message", "channel_type": "im", "channel": "D9", "user": "U1", "ts": "1.1"}
    oauth_slack.event({**event, "text": "tell me about the data engineer job"}, event_id="EvT9", team="T9")
    [post] = slack_api.wait_for("chat.postMessage", 1)
    assert post.headers.get("Authorization") == "Bearer xoxb-installed-9"
    assert "Data Engineer" in texts([post])


def test_a_forged_state_is_refused(oauth_slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    resp = oauth_slack.get(
        "/slack/oauth_redirect?code=x&state=forged", headers={"Cookie": "slack-app-oauth-state=forged"}
    )
    assert resp.status >= 400
    assert not slack_api.calls_to("oauth.v2.access")


def test_an_unknown_workspace_is_not_answered(oauth_slack: SlackClient, slack_api: FakeSlackAPI) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D9",
        "user": "U1",
        "ts": "2.1",
        "text": "hi",
    }
    oauth_slack.event(event, event_id="EvUnknown", team="T404")
    assert not slack_api.calls_to("chat.postMessage")


def test_a_command_or_click_from_a_workspace_without_rolecall_is_told_privately(
    oauth_slack: SlackClient, slack_api: FakeSlackAPI
) -> None:
    """Acknowledged at once (acks first), then Bolt's authorization finds no installation: the user hears
    why, ephemeral through the request's response_url, in Rolecall's words; nothing is answered."""
    assert (
        oauth_slack.command("is the data engineer role remote?", team="T404", hook="uninstalled").status
        == 200
    )
    [told] = slack_api.wait_for("uninstalled", 1)
    assert "isn't installed in this workspace" in told.args["text"] and "admin" in told.args["text"]
    assert told.args.get("response_type", "ephemeral") == "ephemeral"
    body = {
        "type": "block_actions",
        "team": {"id": "T404"},
        "user": {"id": "U1", "team_id": "T404"},
        "trigger_id": "t-404",
        "response_url": oauth_slack.response_url + "uninstalled-click",
        "actions": [{"action_id": "feedback_helpful", "block_id": "b", "value": "1", "type": "button"}],
    }
    oauth_slack.post(urlencode({"payload": json.dumps(body)}), "application/x-www-form-urlencoded")
    [clicked] = slack_api.wait_for("uninstalled-click", 1)
    assert "isn't installed in this workspace" in clicked.args["text"]
    assert not slack_api.calls_to("chat.postMessage") and not slack_api.calls_to("chat.postEphemeral")
