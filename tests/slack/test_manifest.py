"""manifest.yml is one Slack accepts as is: it validates against Slack's own manifest schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from rolecall.slack.app import BOT_SCOPES

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"


@pytest.fixture
def manifest() -> dict[str, Any]:
    return yaml.safe_load((REPO / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema(manifest: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"needs Slack's manifest schema at {SCHEMA} (not present on this machine)")
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(manifest, schema)


def test_schema_check_would_catch_a_bad_manifest(manifest: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"needs Slack's manifest schema at {SCHEMA} (not present on this machine)")
    import jsonschema

    broken = {**manifest, "features": {**manifest["features"], "slash_command": []}}  # a typo'd key
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json.loads(SCHEMA.read_text()))


def test_manifest_declares_what_the_app_listens_for(manifest: dict[str, Any]) -> None:
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == ["/roles"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.channels",
        "message.groups",
        "message.im",
        "app_home_opened",
    }
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"] is True
    # the OAuth flow asks for exactly the scopes the manifest grants
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
