"""The shipped knowledge/ dir, and the evaluation postings beside the checkout (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolecall.postings.catalog import load_dir
from rolecall.postings.model import EmploymentType, Sponsorship, Workplace
from rolecall.postings.sources import parse_payload

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def test_shipped_knowledge_loads_cleanly_and_covers_every_format() -> None:
    result = load_dir(KNOWLEDGE)
    assert not result.failed, [(f.path, f.error) for f in result.failed]
    assert len(result.files) >= 12 and len(result.postings) >= 12
    assert {f.format for f in result.files} >= {
        "markdown", "yaml", "json", "jsonld", "microdata", "html", "text",
        "greenhouse", "lever", "ashby", "community", "hn",
    }  # fmt: skip
    ps = result.postings
    assert {Workplace.ONSITE, Workplace.HYBRID, Workplace.REMOTE} <= {p.workplace for p in ps}
    assert any(EmploymentType.INTERN in p.employment_type for p in ps)
    assert any("New Grad" in p.title for p in ps)
    assert {Sponsorship.OFFERED, Sponsorship.NOT_OFFERED, Sponsorship.NOT_STATED} <= {
        p.eligibility.sponsorship for p in ps
    }
    assert any(len(p.locations) > 1 for p in ps)
    assert len({p.id for p in ps}) == len(ps)


@pytest.mark.shared
def test_shared_knowledge_loads_all_147(shared_data: Path) -> None:
    result = load_dir(shared_data / "dev" / "knowledge")
    assert not result.failed, [(f.path, f.error) for f in result.failed]
    assert len(result.postings) == 147
    assert len({p.id for p in result.postings}) == 147


@pytest.mark.shared
def test_seed_page(shared_data: Path) -> None:
    path = shared_data / "dev" / "knowledge" / "ibm-back-end-developer-intern-2025.txt"
    (p,) = parse_payload(path.read_bytes(), origin=str(path))
    assert p.title in ("Back End Developer Intern: 2025", "Back End Developer Intern")
    assert p.company == "IBM"
    assert p.job_id == "IBM-20939608"
    assert p.employment_type == [EmploymentType.INTERN]
    places = [(loc.city, loc.region) for loc in p.locations]
    assert len(places) == 5
    assert ("Tucson", "Arizona") in places and ("Austin", "Texas") in places
    assert ("Rochester", "Minnesota") in places and ("Poughkeepsie", "New York") in places
    assert any("Research Triangle Park" in (c or "") and r == "North Carolina" for c, r in places)
    headings = [s.heading for s in p.sections]
    assert "Required Technical and Professional Expertise" in headings
    assert "Preferred Technical and Professional Expertise" in headings
    required = next(s for s in p.sections if s.heading.startswith("Required"))
    assert any("C++, C, Java, Ruby, Python, Perl, SQL" in x for x in required.passages)
    text = p.text
    for chrome in (
        "Skip to main content", "the muse", "Want more jobs like this", "Get jobs delivered",
        "Select a location", "By signing up", "Company Videos", "Hear directly from employees",
    ):  # fmt: skip
        assert chrome not in text
    assert p.eligibility.sponsorship == Sponsorship.NOT_STATED
    assert p.workplace == Workplace.UNKNOWN
    assert p.pay is None
