"""Job-board cards and site menus that a scraper ran into one paragraph (text written for these tests)."""

from __future__ import annotations

from rolecall.postings.model import EmploymentType, Sponsorship
from rolecall.postings.runon import expand_card_blocks, find_card, strip_menu
from rolecall.postings.sources import parse_payload
from rolecall.postings.text import Block

_MENU = (
    "Open menu About How It Works Apply Interview Guide FAQ People Blog Companies Startup Directory "
    "Founder Directory Library Partners Resources Newsletter For Investors Log in Apply"
)
_CARD = (
    "Kestrel Labs Building flight software for small drones Staff Firmware Engineer $150K - $190K • "
    "0.25% - 0.75% • Boulder, CO, US Job type Full-time Role Engineering, Embedded Experience "
    "Three+ years Visa US citizen/visa only Meet the founders before you apply."
)
_PAGE = f"""<!doctype html><html><body><p>Kestrel Labs (YC W25) Is Hiring

Staff Firmware Engineer at Kestrel Labs | Startup Board {_MENU} {_CARD} We write Rust and C for
flight controllers. You will own the autopilot's sensor fusion.</p></body></html>"""


def test_card_fields_are_split_out_with_their_values() -> None:
    card = find_card(_CARD)
    assert card is not None
    assert card.fields == [
        ("Job type", "Full-time"),
        ("Role", "Engineering, Embedded"),
        ("Experience", "Three+ years"),
        ("Visa", "US citizen/visa only"),
    ]
    assert card.after == "Meet the founders before you apply."


def test_card_summary_line_gives_pay_equity_and_place() -> None:
    lines = [b.text for b in expand_card_blocks([Block("para", _CARD)])]
    assert "Salary: $150K - $190K" in lines
    assert "Equity: 0.25% - 0.75%" in lines
    assert "Location: Boulder, CO, US" in lines
    assert lines[0] == "Kestrel Labs Building flight software for small drones Staff Firmware Engineer"


def test_prose_that_mentions_labels_is_not_a_card() -> None:
    # Capitalised label words inside sentences, or a label followed by a sentence, stay prose.
    assert find_card("Experience with Rust is a plus. Location is flexible within the EU.") is None
    assert find_card("Role overview. You will lead the team and report to the CTO.") is None
    text = "Location matters less than impact, and Experience counts more than titles do here."
    assert [b.text for b in expand_card_blocks([Block("para", text)])] == [text]


def test_menu_runs_are_dropped_but_title_lists_stay() -> None:
    assert "Newsletter" not in strip_menu(f"Jobs board {_MENU} Kestrel builds drones.")
    # The run ends with the first word of the sentence that follows it, which stays.
    assert strip_menu(f"{_MENU} Kestrel builds drones.") == "Kestrel builds drones."
    tech = "We use Python Go Rust React TypeScript Kubernetes AWS GCP Terraform Docker Postgres Redis daily."
    assert strip_menu(tech) == tech  # many capitals, but no site pages among them


def test_scraped_page_pasted_as_hn_post_reads_the_card() -> None:
    [p] = parse_payload(_PAGE, origin="hn-999.html", fmt="hn")
    assert [loc.city for loc in p.locations] == ["Boulder"]
    assert p.pay is not None and (p.pay.min, p.pay.max) == (150_000, 190_000)
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.eligibility.min_experience_years == 3
    # "US citizen/visa only": citizens and current visa holders; nobody new is sponsored.
    assert p.eligibility.sponsorship == Sponsorship.NOT_OFFERED
    assert p.eligibility.work_authorization_required is True
    assert p.eligibility.citizenship_required is None
    text = " ".join(s for _, s in p.passages())
    assert "Newsletter" not in text and "Founder Directory" not in text
    assert "sensor fusion" in text


def test_scraped_text_page_reads_the_card_as_fields() -> None:
    text = (
        f"Staff Firmware Engineer\nat Kestrel Labs\n{_MENU} {_CARD}\n\n"
        "About the role\n\nYou will own sensor fusion."
    )
    [p] = parse_payload(text, origin="kestrel.txt", fmt="text")
    assert p.title == "Staff Firmware Engineer"
    assert [loc.region for loc in p.locations] == ["Colorado"]
    assert p.employment_type == [EmploymentType.FULL_TIME]
    assert p.eligibility.sponsorship == Sponsorship.NOT_OFFERED


def test_menu_without_a_card_is_dropped_from_any_paragraph() -> None:
    blocks = [Block("para", f"Kestrel Labs | Startup Board {_MENU} Kestrel builds drones for farms.")]
    [b] = expand_card_blocks(blocks)
    assert b.text == "Kestrel Labs | Kestrel builds drones for farms."
    # Bullets and headings are never menus to drop; a sentence with few page words stays whole.
    keep = [Block("bullet", _MENU), Block("para", "Read About Our Team on the Blog before you Apply.")]
    assert expand_card_blocks(keep) == keep


def test_profile_style_card_with_two_word_labels() -> None:
    text = (
        "Seniority level Entry level Employment type Full-time Job function Engineering and Information "
        "Technology Industries Software Development Referrals increase your chances of interviewing."
    )
    card = find_card(text)
    assert card is not None
    assert card.fields[0] == ("Seniority level", "Entry level")
    assert card.fields[-1] == ("Industries", "Software Development")
    assert card.after.startswith("Referrals increase")


def test_visa_not_required_card_field_means_citizenship_not_required() -> None:
    page = (
        "<p>Loomwise (YC S24) Is Hiring<p>Loomwise Weaving tools Backend Engineer $90K - $120K • "
        "Remote (Canada) Job type Full-time Experience 3+ years Visa US citizenship/visa not required "
        "Talk to the team today.</p>"
    )
    [p] = parse_payload(page, origin="hn-1000.html", fmt="hn")
    assert p.eligibility.citizenship_required is False
    assert p.eligibility.sponsorship == Sponsorship.NOT_STATED
