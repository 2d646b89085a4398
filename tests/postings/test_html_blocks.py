"""HTML -> blocks: shortened link text and definition lists."""

from __future__ import annotations

from rolecall.postings.text import blocks_from_html, sections_from_html


def test_a_link_shortened_for_display_reads_as_its_address() -> None:
    markup = (
        '<p>Apply: <a href="https://jobs.example.org/openings/1234567890123?src=hn">'
        "https://jobs.example.org/openings/12345...</a></p>"
    )
    text = " ".join(p for s in sections_from_html(markup) for p in s.passages)
    assert "https://jobs.example.org/openings/1234567890123?src=hn" in text
    assert "12345..." not in text


def test_link_text_that_is_not_a_shortened_address_is_kept() -> None:
    markup = '<p>See <a href="https://example.org/a/very/long/path">our careers page...</a> today.</p>'
    text = " ".join(p for s in sections_from_html(markup) for p in s.passages)
    assert "our careers page..." in text
    assert "very/long/path" not in text


def test_a_shortened_text_that_is_not_the_href_prefix_is_kept() -> None:
    markup = '<p><a href="https://tracker.example.net/r/9">https://jobs.example.org/x...</a></p>'
    text = " ".join(p for s in sections_from_html(markup) for p in s.passages)
    assert "tracker.example.net" not in text


def test_definition_list_pairs_become_label_lines() -> None:
    markup = (
        "<dl><dt>Advertised position:</dt><dd>Archive Editor</dd>"
        "<dt>Apply to:</dt><dd><dl><dt>Organisation:</dt><dd>Harbor Radio, HR</dd>"
        '<dt>Web</dt><dd><a href="https://jobs.example.org/12">https://jobs.example.org/12</a></dd></dl></dd></dl>'
    )
    texts = [b.text for b in blocks_from_html(markup)]
    assert "Advertised position: Archive Editor" in texts
    apply_line = next(t for t in texts if t.startswith("Apply to:"))
    assert "Harbor Radio, HR" in apply_line and "https://jobs.example.org/12" in apply_line


def test_a_long_definition_keeps_its_blocks_under_the_term() -> None:
    long_text = "We build maps of the sea floor for ports and harbours. " * 8
    blocks = blocks_from_html(f"<dl><dt>About us</dt><dd><p>{long_text}</p></dd></dl>")
    assert blocks[0].kind == "heading" and blocks[0].text == "About us"
    assert blocks[1].kind == "para"
