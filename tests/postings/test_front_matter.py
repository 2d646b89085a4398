"""Front matter written for other tools: aliases, kept extras, Liquid bodies, company fallbacks, defaults."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from rolecall.errors import PostingLoadError
from rolecall.orgs import org_from_sentences, org_from_title
from rolecall.postings.catalog import load_dir
from rolecall.postings.model import EmploymentType
from rolecall.postings.sources import parse_payload
from rolecall.postings.sources.base import collecting_warnings


def _one(text: str, origin: str = "post.md") -> tuple[object, list[str]]:
    with collecting_warnings() as warnings:
        (posting,) = parse_payload(text, origin=origin)
    return posting, warnings


JEKYLL = """---
layout: job
title: "Harbor Office: Field Data Analyst"
org: Harbor Office of Tides
type: full-time
location: Norfolk, VA
apply_url: https://apply.example-tides.gov/r/991
salary_min: '82,000'
salary_max: '101,500'
gs_level: 12
opens: 2026-03-02
closes: 2026-03-20
job_announcement_number: HOT-26-114
state: closed
travel_requirement: Up to 25% travel to coastal stations.
key_objectives:
  - title: Measure the tides
    items:
      - Calibrate gauges at four stations
      - Publish weekly summaries
---
{% comment %}Editors: keep the status line below.{% endcomment %}
{% if page.state == 'open' %}Applications are open now.{% else %}This posting has closed.{% endif %}

We are hiring a {{ page.title }} at grade GS-{{ page.gs_level }}. {% include job/apply_button.html %}
Read about [pay]({% link pages/pay.md %}) before you apply.
"""


def test_aliases_fill_the_model_and_unknown_keys_are_kept() -> None:
    p, warnings = _one(JEKYLL)
    assert p.company == "Harbor Office of Tides"
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert [(loc.city, loc.region) for loc in p.locations] == [("Norfolk", "Virginia")]
    assert p.apply_url == "https://apply.example-tides.gov/r/991"
    assert (p.date_posted, p.valid_through) == (date(2026, 3, 2), date(2026, 3, 20))
    assert p.job_id == "HOT-26-114"
    assert p.active is False  # state: closed
    assert p.pay is not None and (p.pay.min, p.pay.max, p.pay.unit) == (82000, 101500, "YEAR")
    assert "GS-12" in (p.pay.text or "")
    assert p.extra["travel_requirement"] == "Up to 25% travel to coastal stations."
    assert p.extra["layout"] == "job"  # a site key: kept, but neither shown nor warned about
    (warning,) = warnings
    assert "travel_requirement" in warning and "key_objectives" in warning and "layout" not in warning
    passages = [x for _, x in p.passages()]
    assert "Travel requirement: Up to 25% travel to coastal stations." in passages
    assert "Calibrate gauges at four stations" in passages
    assert not any("layout" in x.lower() for x in passages)
    json.dumps(p.model_dump(mode="json"))  # extra stays JSON-safe


def test_liquid_is_rendered_with_the_page_values_and_no_tag_survives() -> None:
    p, _ = _one(JEKYLL)
    text = p.text
    assert "This posting has closed." in text and "Applications are open now." not in text
    assert "We are hiring a Harbor Office: Field Data Analyst at grade GS-12." in text
    assert "Read about pay before you apply." in text
    assert not re.search(r"\{[{%]|%\}|\}\}", text)
    assert "Editors" not in text


def test_a_field_value_the_model_cannot_take_is_kept_as_written() -> None:
    p, _ = _one("---\ntitle: Welder\ncompany: Ironside\ncloses: TBD\nworkplace: sometimes\n---\nWeld.\n")
    assert p.valid_through is None
    assert p.extra["closes"] == "TBD"
    assert p.extra["workplace"] == "sometimes"


def test_invalid_yaml_keeps_its_error_and_the_keys_that_parse() -> None:
    text = "---\ntitle: Welder\ncompany: Ironside Works\nopens: 'TBD\ncloses: 2026-05-01\n---\nWeld things.\n"
    p, warnings = _one(text)
    assert (p.title, p.company, p.valid_through) == ("Welder", "Ironside Works", date(2026, 5, 1))
    assert any(w.startswith("invalid YAML front matter") and "opens" in w for w in warnings)


def test_front_matter_with_no_readable_key_is_still_an_error() -> None:
    with pytest.raises(PostingLoadError, match="invalid YAML front matter"):
        parse_payload("---\n[unclosed, list\n---\nBody\n", origin="bad.md")


def test_unclosed_front_matter_is_read_up_to_the_body() -> None:
    text = "---\ntitle: Baker\ncompany: Crumb & Co\n--\n\nWe bake bread every morning.\n"
    p, warnings = _one(text)
    assert (p.title, p.company) == ("Baker", "Crumb & Co")
    assert "We bake bread every morning." in p.text
    assert any("never closed" in w for w in warnings)


@pytest.mark.parametrize(
    ("front", "body", "company"),
    [
        ("title: Baker", "Company: Crumb & Co\n\nWe bake.", "Crumb & Co"),
        ("title: 'Tidewater Labs: Lab Technician'", "You will run assays.", "Tidewater Labs"),
        (
            "title: Lab Technician",
            "Tidewater Labs is a small assay lab in Ohio. You will run assays.",
            "Tidewater Labs",
        ),
        (
            "title: Lab Technician",
            "We're hiring a Lab Technician for Tidewater Labs this spring.",
            "Tidewater Labs",
        ),
        (
            "title: Lab Technician\napply_url: https://careers.tidewaterlabs.com/jobs/7",
            "Join TidewaterLabs in Ohio.",
            "TidewaterLabs",
        ),
    ],
)
def test_missing_company_comes_from_the_text_then_the_address(front: str, body: str, company: str) -> None:
    p, warnings = _one(f"---\n{front}\n---\n{body}\n")
    assert p.company == company
    assert not any("no company" in w for w in warnings)


def test_shared_hosts_never_name_the_employer_but_a_boards_tenant_does() -> None:
    # One host table for every loader (orgs.yaml): job boards, shorteners and free mail name nobody...
    for url in ("https://www.indeed.com/viewjob?jk=1", "https://bit.ly/x1", "mailto:jobs@gmail.com"):
        text = f"---\ntitle: Lab Technician\napply_url: {url}\n---\nRun assays.\n"
        p, warnings = _one(text)
        assert p.company == "Unknown employer", url
        assert any("no company" in w for w in warnings)
    # ...while an ATS board's tenant is the employer, spelt as the text spells it.
    text = (
        "---\ntitle: Lab Technician\napply_url: https://boards.greenhouse.io/tidewaterlabs/jobs/1\n---\n"
        "Run assays for Tidewater Labs.\n"
    )
    p, _ = _one(text)
    assert p.company == "Tidewater Labs"


def test_role_like_prefixes_and_pronouns_are_not_organisations() -> None:
    assert org_from_title("Software Engineer: Payments") is None
    assert org_from_title("Upcoming Role - Data Lead") is None
    assert org_from_title("Tidewater Labs: Lab Technician") == "Tidewater Labs"
    assert org_from_sentences("This role is a great fit for builders.") is None
    assert org_from_sentences("The Senior Engineer is a key hire.") is None
    assert org_from_sentences("Presidential Innovation Fellows (PIF) is a program of the agency.") == (
        "Presidential Innovation Fellows"
    )


def test_folder_defaults_fill_what_files_leave_out(tmp_path: Path) -> None:
    team = tmp_path / "harbor"
    team.mkdir()
    (team / ".rolecall.yaml").write_text(
        "defaults:\n  company: Harbor Office of Tides\n  locations: [Norfolk, VA]\n"
    )
    (team / "a.md").write_text("---\ntitle: Tide Analyst\n---\nMeasure tides.\n")
    (team / "b.md").write_text("---\ntitle: Gauge Tech\ncompany: Other Org\n---\nFix gauges.\n")
    (tmp_path / "c.md").write_text("---\ntitle: Outside\ncompany: Elsewhere\n---\nNot in the folder.\n")
    result = load_dir(tmp_path)
    by_title = {p.title: p for p in result.postings}
    assert by_title["Tide Analyst"].company == "Harbor Office of Tides"
    assert by_title["Tide Analyst"].locations[0].city == "Norfolk"
    assert by_title["Gauge Tech"].company == "Other Org"  # the file's own value wins
    assert by_title["Outside"].company == "Elsewhere"
    assert not result.failed


def test_a_broken_defaults_file_is_reported_by_path(tmp_path: Path) -> None:
    (tmp_path / ".rolecall.yaml").write_text("defaults: [not, a, mapping]\n")
    (tmp_path / "a.md").write_text("---\ntitle: Tide Analyst\ncompany: Harbor\n---\nMeasure tides.\n")
    result = load_dir(tmp_path)
    assert [p.title for p in result.postings] == ["Tide Analyst"]
    (bad,) = result.failed
    assert bad.path.endswith(".rolecall.yaml") and "defaults" in (bad.error or "")


def test_no_title_anywhere_names_the_posting_after_the_file() -> None:
    p, warnings = _one("---\ncompany: Harbor\ntitle: ''\n---\n\n", origin="knowledge/deputy-harbor-master.md")
    assert p.title == "Deputy harbor master"
    assert any("named after the file" in w for w in warnings)
