from __future__ import annotations

import json
from datetime import UTC, date, datetime

from rolecall.digest.compose import ASK_ACTION_ID, MAX_ROLES, compose, posted_ago
from rolecall.postings.model import Workplace
from tests.digest.helpers import posting

NOW = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)


def test_nothing_new_composes_nothing() -> None:
    assert compose([], now=NOW) is None


def test_each_role_has_title_link_company_place_age_and_ask_button() -> None:
    p = posting(
        "gh-1",
        "Backend Engineer",
        "Acme",
        where="Phoenix, AZ",
        workplace=Workplace.HYBRID,
        posted=date(2025, 3, 7),
    )
    msg = compose([p], now=NOW, tz="America/Phoenix")
    assert msg is not None
    section = msg.blocks[1]
    text = section["text"]["text"]
    assert "*<https://jobs.example.com/1|Backend Engineer>*" in text
    assert "Acme · Phoenix, AZ · Hybrid" in text
    assert "posted 3 days ago" in text
    button = section["accessory"]
    assert button["action_id"] == ASK_ACTION_ID and button["value"] == "gh-1"
    assert button["text"]["text"] == "Ask about this role"
    assert msg.text.startswith("1 new role: Backend Engineer at Acme")
    assert msg.posting_ids == ["gh-1"] and msg.total == 1


def test_untrusted_text_is_escaped_so_it_cannot_ping_or_break_links() -> None:
    p = posting("x", "<!channel> | Senior <Dev>", "A&B <@U123>", where="<http://evil|Remote>")
    msg = compose([p], now=NOW)
    assert msg is not None
    dumped = json.dumps(msg.blocks) + msg.text
    assert "<!channel>" not in dumped and "<@U123>" not in dumped and "<http://evil" not in dumped
    # A pipe would end the link's label early: the answers' link rule shows it as a broken bar.
    assert "&lt;!channel&gt; ¦ Senior &lt;Dev&gt;" in msg.blocks[1]["text"]["text"]
    assert "A&amp;B &lt;@U123&gt;" in msg.text


def test_non_http_urls_are_not_linked_and_a_pipe_cannot_end_a_link() -> None:
    msg = compose([posting("x", "Role", url="javascript:alert(1)")], now=NOW)
    assert msg is not None and "<javascript" not in json.dumps(msg.blocks)
    msg = compose([posting("y", "Role", url="https://a.example/x|y")], now=NOW)
    assert msg is not None and "*<https://a.example/x%7Cy|Role>*" in msg.blocks[1]["text"]["text"]


def test_a_link_too_long_for_its_section_is_left_out_never_cut() -> None:
    long_url = "https://jobs.example.com/apply?" + "&".join(f"utm_{i}=campaign" for i in range(300))
    assert len(long_url) > 3000
    msg = compose([posting("z", "Platform Engineer", "Acme", url=long_url)], now=NOW)
    assert msg is not None
    text = msg.blocks[1]["text"]["text"]
    assert "<" not in text and "*Platform Engineer*" in text  # the title kept, the link dropped whole
    assert "Acme" in text and "…" not in text  # nothing clipped: without the link, the section fits
    fits = compose([posting("w", "Platform Engineer", url="https://jobs.example.com/" + "a" * 800)], now=NOW)
    assert fits is not None and "*<https://jobs.example.com/aaa" in fits.blocks[1]["text"]["text"]


def test_many_roles_are_capped_with_and_n_more_within_slack_limits() -> None:
    roles = [
        posting(f"p{i}", f"Role {i} " + "x" * 400, "Acme " * 60, posted=date(2025, 3, 1)) for i in range(40)
    ]
    msg = compose(roles, now=NOW)
    assert msg is not None
    assert len(msg.posting_ids) == MAX_ROLES and msg.total == 40
    assert len(msg.blocks) <= 50
    assert f"and {40 - MAX_ROLES} more" in msg.blocks[-1]["elements"][0]["text"]
    for block in msg.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert len(msg.blocks[0]["text"]["text"]) <= 150
    assert "40 new roles" in msg.text and len(msg.text) <= 3000


def test_newest_roles_come_first() -> None:
    old = posting("old", "Old", posted=date(2025, 1, 1))
    new = posting("new", "New", posted=date(2025, 3, 9))
    unknown = posting("unk", "Unknown date")
    msg = compose([old, unknown, new], now=NOW)
    assert msg is not None and msg.posting_ids == ["new", "old", "unk"]


def test_posted_ago_wording() -> None:
    today = date(2025, 3, 10)
    assert posted_ago(date(2025, 3, 10), today) == "posted today"
    assert posted_ago(date(2025, 3, 9), today) == "posted yesterday"
    assert posted_ago(date(2025, 3, 1), today) == "posted 9 days ago"
    assert posted_ago(date(2024, 3, 1), today) == "posted Mar 1, 2024"
    assert posted_ago(None, today) == "posting date not stated"


def test_age_is_counted_in_the_subscription_timezone() -> None:
    # 02:00 UTC on the 10th is still the 9th in Phoenix: a role posted on the 9th is "today" there.
    at = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)
    p = posting("x", posted=date(2025, 3, 9))
    assert "posted today" in compose([p], now=at, tz="America/Phoenix").blocks[1]["text"]["text"]  # type: ignore[union-attr]
    assert "posted yesterday" in compose([p], now=at, tz="UTC").blocks[1]["text"]["text"]  # type: ignore[union-attr]
