"""The loaders' fast paths read exactly what the slow ones did: JSON front matter, libyaml, ftfy only
where it can change something, the extraction's early exits, and enrich's shallow copy."""

from __future__ import annotations

import json

import ftfy
import pytest
import yaml

from rolecall.postings import extract
from rolecall.postings.extract import enrich, extract_eligibility
from rolecall.postings.model import Eligibility, Posting, Section
from rolecall.postings.sources.native import parse_markdown
from rolecall.postings.text import clean

FIELDS = {
    "title": "Backend Engineer",
    "company": "Acme Widgets",
    "locations": ["Austin, TX", "Remote (US)"],
    "employment_type": "FULL_TIME",
    "date_posted": "2026-03-01",
    "pay": "$120,000 - $150,000 a year",
}
BODY = "## Requirements\n\n- 3+ years of Go.\n- Must be authorized to work in the US.\n"


def test_json_front_matter_reads_as_the_same_posting_as_yaml() -> None:
    as_json = parse_markdown(f"---\n{json.dumps(FIELDS)}\n---\n{BODY}", origin="k/a.md")
    as_yaml = parse_markdown(f"---\n{yaml.safe_dump(FIELDS)}---\n{BODY}", origin="k/a.md")
    assert [p.model_dump() for p in as_json] == [p.model_dump() for p in as_yaml]
    assert as_json[0].eligibility.min_experience_years == 3


def test_a_yaml_flow_mapping_that_is_not_json_still_reads() -> None:
    (p,) = parse_markdown("---\n{title: Welder, company: Acme}\n---\nWeld.\n", origin="k/w.md")
    assert (p.title, p.company) == ("Welder", "Acme")


def test_bad_front_matter_keeps_the_pure_loaders_message() -> None:
    from rolecall.postings.sources.base import collecting_warnings

    fm = "title: A: B\ncompany: Acme"
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(fm)
    with collecting_warnings() as warnings:
        parse_markdown(f"---\n{fm}\n---\nx\n", origin="k/bad.md")  # read key by key instead
    assert any(" ".join(str(pure.value).split())[:120] in w for w in warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII, nothing to fix.",
        "Fish &amp; chips",  # an entity: ftfy unescapes it
        "line one\r\nline two",  # CRLF
        "colour \x1b[31mred\x1b[0m",  # a terminal escape
        "The productâ€™s roadmap",  # mojibake
        "“Curly” quotes and ﬁ ligatures",
        "tab\there",
    ],
)
def test_clean_skips_ftfy_only_where_ftfy_would_change_nothing(text: str) -> None:
    expected = ftfy.fix_text(text).replace("\r\n", "\n")
    assert clean(text) == clean(expected)  # the same as always running ftfy
    assert "â€" not in clean(text) and "&amp;" not in clean(text) and "\x1b" not in clean(text)


SENTENCES = [
    "We are unable to sponsor visas for this role.",
    "Visa sponsorship is available.",
    "Applicants must be authorized to work in the United States.",
    "U.S. citizenship is required.",
    "U.S. cıtızenship is required.",  # dotless i: re.IGNORECASE matches it to 'i', so must the guard
    "Must be a U.S. person (ITAR).",
    "Active TS/SCI clearance required.",
    "Currently enrolled in a Bachelor's program, graduating in 2027.",
    "3+ years of professional experience with Python.",
    "We sponsor conferences and team sports.",
    "Build data pipelines in Spark.",
]


def test_the_early_exits_change_no_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    passages = [("Requirements", s) for s in SENTENCES]
    each = [extract_eligibility([p]).model_dump() for p in passages]
    whole = extract_eligibility(passages).model_dump()
    monkeypatch.setattr(extract, "_mentions", lambda folded, words: True)  # every guard open
    assert [extract_eligibility([p]).model_dump() for p in passages] == each
    assert extract_eligibility(passages).model_dump() == whole
    assert each[4]["citizenship_required"] is True and each[0]["sponsorship"] == "not_offered"


def test_enrich_leaves_the_posting_it_was_given_alone() -> None:
    original = Posting(
        id="p",
        title="Data Engineer Intern",
        company="Acme",
        eligibility=Eligibility(),
        sections=[Section(heading="About", passages=["We sponsor visas. Must have 2+ years of SQL."])],
    )
    before = original.model_dump()
    enriched = enrich(original)
    assert original.model_dump() == before
    assert enriched.eligibility.sponsorship == "offered" and enriched.employment_type
