"""The pure Block Kit builders: escaping and Slack's limits, whatever the input."""

from __future__ import annotations

import json
from typing import Any

from rolecall.answer.model import Answer, Citation, PostingRef, Status
from rolecall.postings.model import Posting, Section
from rolecall.slack import blocks
from tests.slack.conftest import make_postings

HOSTILE = ("<!channel>", "<!here>", "<!everyone>", "<@U999>", "<https://evil.example|bank>", "<Dev>")


def all_text(payload: Any) -> str:
    return json.dumps(payload)


def section_texts(payload: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section" and "text" in b]


def assert_within_limits(payload: dict[str, Any]) -> None:
    assert payload["text"].strip()
    assert len(payload["blocks"]) <= 50
    for text in section_texts(payload):
        assert len(text) <= 3000


def _without_initial_value(view: dict[str, Any]) -> dict[str, Any]:
    for block in view["blocks"]:
        if block["type"] == "input":
            assert block["element"]["initial_value"] == "<!here>"
            block["element"].pop("initial_value")
    return view


def test_escape_neutralises_slack_control_sequences() -> None:
    assert blocks.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_clip_never_splits_an_entity() -> None:
    text = blocks.escape("a" * 2995 + "<<<<")
    clipped = blocks.clip(text, 3000)
    assert len(clipped) <= 3000 and clipped.endswith("…")
    assert not clipped.removesuffix("…").endswith(("&", "&l", "&lt"))


def test_links_only_for_web_urls_and_labels_cannot_break_out() -> None:
    assert blocks.link("javascript:alert(1)", "x") == "x"
    made = blocks.link("https://a.example/p?q=1&r=2", "Evil | <label>")
    assert made.startswith("<https://a.example/p?q=1&amp;r=2|") and "<label>" not in made
    assert made.count("|") == 1


def test_every_builder_escapes_a_hostile_posting() -> None:
    evil = next(p for p in make_postings() if p.id == "evil-senior-dev")
    answer = Answer(
        status=Status.ANSWERED,
        text=f"{evil.title} is in <!here> Austin",
        postings=[PostingRef(id=evil.id, title=evil.title, company=evil.company, url=evil.url)],
        citations=[Citation(posting_id=evil.id, quote="Ping <!everyone>", section="<b>Duties</b>")],
    )
    payloads = [
        blocks.posting_message(evil).as_kwargs(),
        blocks.posting_summary(evil).as_kwargs(),
        blocks.posting_list([evil], query="<!channel>").as_kwargs(),
        blocks.answer_message(
            answer, question="<!channel>?", question_id=1, postings={evil.id: evil}, asked_by="U1"
        ).as_kwargs(),
        blocks.posting_modal(evil).to_dict(),
        # the search box's own initial_value is the user's input shown back to them in an editable field
        # (never rendered as a message), so the view is checked without it
        _without_initial_value(blocks.home_view([evil], query="<!here>", total=1, digest_lines=[]).to_dict()),
        blocks.help_message(problem="<!channel>").as_kwargs(),
    ]
    for payload in payloads:
        raw = all_text(payload)
        for dangerous in HOSTILE:
            assert dangerous not in raw, (dangerous, raw[:300])


def test_a_huge_posting_stays_within_slacks_limits() -> None:
    huge = Posting(
        id="huge",
        title="T" * 400,
        company="C",
        sections=[Section(heading=f"H{i}", passages=["word " * 400] * 10) for i in range(80)],
    )
    for payload in (blocks.posting_message(huge).as_kwargs(), blocks.posting_summary(huge).as_kwargs()):
        assert_within_limits(payload)
    modal = blocks.posting_modal(huge).to_dict()
    assert len(modal["blocks"]) <= 50 and len(modal["title"]["text"]) <= 24
    header = next(b for b in modal["blocks"] if b["type"] == "header")
    assert len(header["text"]["text"]) <= 150


def test_long_lists_say_how_many_more() -> None:
    many = [Posting(id=f"p{i}", title=f"Role {i}", company="Co") for i in range(40)]
    payload = blocks.posting_list(many, query="", total=40).as_kwargs()
    assert_within_limits(payload)
    assert "and 25 more" in all_text(payload)
    home = blocks.home_view(
        many * 3, query="", total=120, digest_lines=["• weekly digest in #jobs"]
    ).to_dict()
    assert len(home["blocks"]) <= 50
    assert "weekly digest" in all_text(home)


def test_ambiguous_answer_offers_each_candidate_as_a_button() -> None:
    refs = [PostingRef(id=f"p{i}", title=f"Engineer {i}", company="Co") for i in range(7)]
    payload = blocks.answer_message(
        Answer(status=Status.AMBIGUOUS, text="Which one?", postings=refs),
        question="q",
        question_id=42,
        postings={},
    ).as_kwargs()
    buttons = [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["value"] for b in buttons] == [f"42|p{i}" for i in range(7)]
    action_ids = [b["action_id"] for b in buttons]
    assert len(set(action_ids)) == len(action_ids)  # unique, as Slack requires
    assert all(len(b["elements"]) <= 5 for b in payload["blocks"] if b["type"] == "actions")


def test_a_list_answer_shows_each_role_once_as_a_card() -> None:
    refs = [PostingRef(id=f"p{i}", title=f"Engineer {i}", company="Co") for i in range(2)]
    text = "2 roles remote:\n• Engineer 0 at Co\n• Engineer 1 at Co"
    payload = blocks.answer_message(
        Answer(status=Status.ANSWERED, text=text, postings=refs), question="q", question_id=7, postings={}
    ).as_kwargs()
    sections = section_texts(payload)
    assert sections[0] == "2 roles remote:"  # the engine's bullets are not repeated above the cards
    assert sum("Engineer 0" in t for t in sections) == 1 and sum("Engineer 1" in t for t in sections) == 1
    assert "Engineer 1" in payload["text"]  # the notification text still names them


def test_answer_offers_apply_and_feedback() -> None:
    p = make_postings()[0]
    answer = Answer(
        status=Status.ANSWERED, text="Yes.", postings=[PostingRef(id=p.id, title=p.title, company=p.company)]
    )
    payload = blocks.answer_message(answer, question="q", question_id=3, postings={p.id: p}, shareable=True)
    raw = all_text(payload.as_kwargs())
    assert p.apply_url in raw  # type: ignore[operator]
    for action in (
        blocks.FEEDBACK_HELPFUL,
        blocks.FEEDBACK_NOT_HELPFUL,
        blocks.SHARE_ANSWER,
        blocks.OPEN_POSTING,
    ):
        assert action in raw


def test_text_from_slack_is_read_as_the_user_typed_it() -> None:
    from rolecall.slack.handlers import from_slack

    wire = "<@UBOT> is the AT&amp;T role &lt;remote&gt;? see <https://x.example/j|the posting> in <#C1|jobs>"
    assert from_slack(wire) == "is the AT&T role <remote>? see the posting in jobs"
    assert from_slack("<https://x.example/j>") == "https://x.example/j"
