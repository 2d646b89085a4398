from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.slack_api import FakeSlackAPI


def test_fake_records_calls_and_replays_queued_errors(slack_api: FakeSlackAPI) -> None:
    client = WebClient(token="xoxb-test", base_url=slack_api.url)
    resp = client.chat_postMessage(channel="C1", text="hello")
    assert resp["ok"] and resp["channel"] == "C1"
    slack_api.queue("chat.postMessage", {"ok": False, "error": "not_in_channel"})
    try:
        client.chat_postMessage(channel="C2", text="x")
    except SlackApiError as e:
        assert e.response["error"] == "not_in_channel"
    else:  # pragma: no cover
        raise AssertionError("expected SlackApiError")
    assert [c.args["channel"] for c in slack_api.calls_to("chat.postMessage")] == ["C1", "C2"]
