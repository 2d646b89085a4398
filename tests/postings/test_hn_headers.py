"""'Who is hiring' posts in any header order (fixtures written for the project)."""

from __future__ import annotations

from rolecall.postings.model import Posting, Workplace
from rolecall.postings.sources.detect import parse_payload
from rolecall.postings.sources.hn import parse_header


def _post(body: str, origin: str = "hn-9001.html") -> list[Posting]:
    return parse_payload(
        f"<!doctype html>\n<html><body>\n<p>{body}</p>\n</body></html>\n", origin=origin, fmt="hn"
    )


def test_role_first_then_the_employer() -> None:
    (p,) = _post(
        "Senior Data Engineer | Harbor Light | Remote (US) | Full-time<p>We map coastlines for ports."
    )
    assert (p.title, p.company) == ("Senior Data Engineer", "Harbor Light")
    assert p.workplace == Workplace.REMOTE


def test_employer_only_in_the_links_domain() -> None:
    body = (
        "Staff Backend Engineer (Go) Portland, OR (hybrid) | Full Time<p>"
        '<a href="https://www.tallowworks.com/careers/backend" rel="nofollow">'
        "https://www.tallowworks.com/careers/back...</a><p>We build candle factories' software."
    )
    (p,) = _post(body)
    assert p.title == "Staff Backend Engineer (Go)"
    assert p.company.lower() == "tallowworks"
    assert any(loc.city == "Portland" for loc in p.locations)


def test_employer_from_the_first_sentence() -> None:
    body = (
        "Firmware Engineer -- Sensors | Bergen, Norway | Onsite<p>Quarrymind is one of Norway's youngest "
        "robotics companies, building eyes for mining robots.<p>- C++ and embedded Linux"
    )
    (p,) = _post(body)
    assert p.company == "Quarrymind"
    assert "Firmware Engineer" in p.title
    assert p.workplace == Workplace.ONSITE


def test_a_pasted_job_board_page_gives_role_and_employer_not_its_chrome() -> None:
    body = (
        "Tidal Forge (YC S25) Is Hiring - great pay for new grads\n\n"
        "Founding Engineer at Tidal Forge | Startup Board Open menu About Companies Jobs Blog FAQ Log in "
        "Apply Tidal Forge Ship software for shipyards Founding Engineer $150K - $250K • 0.50% - 1.00% • "
        "Boston, MA, US Job type Full-time Role Engineering, Full stack Experience Any (new grads ok) "
        "Visa Will sponsor About the role We build the planning tools shipyards use."
    )
    (p,) = _post(body)
    assert (p.title, p.company) == ("Founding Engineer", "Tidal Forge")
    assert "Salary" not in p.title and "Equity" not in p.title


def test_several_roles_in_one_header_make_one_posting_listing_them() -> None:
    (p,) = _post(
        "Harbor Light | Backend Engineer | Frontend Engineer | SRE | Oslo, Norway<p>We map coastlines."
    )
    assert p.company == "Harbor Light"
    assert p.title == "Backend Engineer, Frontend Engineer, SRE"
    assert p.id == "hn-9001"


def test_roles_with_commas_are_joined_by_semicolons() -> None:
    h = parse_header("Harbor Light | Engineer, Platform | Designer, Brand | Remote")
    assert h is not None and h.title == "Engineer, Platform; Designer, Brand"


def test_role_at_company_token_and_a_place_list_first() -> None:
    h = parse_header("Leeds, York, Hull | Data Scientist @ Tallow Works (tallowworks.com)")
    assert h is not None and (h.title, h.company) == ("Data Scientist", "Tallow Works")


def test_company_with_a_separator_in_the_first_token() -> None:
    h = parse_header("Tallow Works - Leeds, UK | Platform Engineer | Full-time")
    assert h is not None and (h.company, h.title) == ("Tallow Works", "Platform Engineer")
    h2 = parse_header("Tallow Works: Data Engineer | Leeds, UK | ONSITE")
    assert h2 is not None and (h2.company, h2.title) == ("Tallow Works", "Data Engineer")


def test_a_reply_in_the_thread_is_not_a_job_post() -> None:
    assert _post("Did anyone hear back from them? I sent my CV weeks ago.") == []


def test_apply_link_is_the_anchors_address_not_its_shortened_text() -> None:
    body = (
        "Harbor Light | Platform Engineer | Remote<p>We map coastlines.<p>Apply: "
        '<a href="https://jobs.ashbyhq.com/harborlight/0f3c2a9e-1111-4222-8333-944445555666?src=hn">'
        "https://jobs.ashbyhq.com/harborlight/0f3c2a9e-1111-4222-8333-9...</a>"
    )
    (p,) = _post(body)
    assert p.apply_url == "https://jobs.ashbyhq.com/harborlight/0f3c2a9e-1111-4222-8333-944445555666?src=hn"
    assert p.apply_instructions is not None and "..." not in p.apply_instructions


def test_a_sentence_with_a_link_is_not_a_slash_separated_header() -> None:
    body = (
        "I have a new role open on my team: Staff Engineer – Data. We build the platform other teams use. "
        '<a href="https://jobs.tallowworks.com/us/en/job/R-1/Staff-Engineer-Data">'
        "https://jobs.tallowworks.com/us/en/job/R-1/Staff-E...</a>"
    )
    (p,) = _post(body)
    assert p.title == "Staff Engineer – Data"
    assert p.company == "Tallowworks"
    assert parse_header("Tallow Works Inc/Frontend Engineer/Full Time/Leeds, UK") is not None


def test_roles_from_a_hiring_sentence_when_the_header_names_none() -> None:
    (p,) = _post(
        "Harbor Light | Portland, ME | Onsite<p>We're looking for a Senior Rust Developer and a Product "
        "Designer to build our tide maps.<p>We map coastlines for ports."
    )
    assert p.title == "Senior Rust Developer, Product Designer"


def test_roles_from_a_list_under_an_intro_line() -> None:
    (p,) = _post(
        "Harbor Light | Portland, ME | Onsite<p>We map coastlines for ports.<p>Open roles:"
        "<p>- Backend Engineer (Go)<p>- Data Scientist - Remote OK<p>Email jobs@harborlight.example"
    )
    assert p.title == "Backend Engineer (Go), Data Scientist"


def test_roles_from_a_run_of_role_lines() -> None:
    (p,) = _post(
        "Harbor Light | Portland, ME | Onsite<p>We map coastlines for ports.<p>"
        "Platform Engineer Portland- Go/Postgres<p>Product Designer Portland<p>See our site."
    )
    assert p.title.startswith("Platform Engineer")
    assert "Product Designer Portland" in p.title


def test_a_guessed_title_without_a_role_gives_way_to_the_prose() -> None:
    (p,) = _post(
        "Harbor Light | Portland, ME or willing to relocate<p>We are looking for a Product Designer "
        "in full time or part time."
    )
    assert p.title == "Product Designer"


def test_a_bare_domain_first_is_the_company_as_written() -> None:
    (p,) = _post("harborlight.io | Full time | Portland, ME | Backend Engineer<p>We map coastlines.")
    assert (p.company, p.title) == ("harborlight.io", "Backend Engineer")


def test_a_sentence_first_token_names_the_company_it_introduces() -> None:
    (p,) = _post(
        "Backed by Two Sigma, Quarry is the scheduling platform for mines | Denver, CO | Onsite"
        "<p>Backend Engineer (Go)<p>Data Scientist"
    )
    assert p.company == "Quarry"


def test_list_items_named_before_a_colon_and_the_header_token_becomes_the_department() -> None:
    (p,) = _post(
        "Harbor Light | Cartography, Machine Learning | Portland, ME<p>We map coastlines for ports."
        "<p>We are looking for exceptional engineers to join us:"
        "<p>- Tide Modeller: you will model tides for forty harbours."
        "<p>- Backend Engineer [go, postgres] - low-latency forecasts"
    )
    assert p.title == "Tide Modeller, Backend Engineer"
    assert p.department == "Cartography, Machine Learning"
