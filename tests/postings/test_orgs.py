"""The organisation-name matcher: keys, forms, names from domains and from sentences."""

from __future__ import annotations

import pytest

from rolecall.orgs import (
    masthead_name,
    org_forms,
    org_from_addresses,
    org_from_domain,
    org_from_sentences,
    org_from_title,
    org_key,
    org_name_from_slug,
    plausible_org,
    spell_slug,
)
from rolecall.postings.sources.ats import company_from_slug


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Northwind Robotics, Inc.", "northwind robotics"),
        ("Globex GmbH", "globex"),
        ("Initech S.A.", "initech"),
        ("Umbrella Labs PBC", "umbrella labs"),
        ("Hooli Ltd", "hooli"),
        ("Vandelay Industries LLC", "vandelay industries"),
        ("Contoso Campus", "contoso"),
        ("Contoso Careers", "contoso"),
        ("Acme is hiring", "acme"),
        ("The Paper Company", "paper company"),  # "Company" is part of names: kept
        ("Wayne & Sons", "wayne and sons"),
        ("Zeta Labs (YC W21)", "zeta labs"),
        ("Café Crème AG", "cafe creme"),
        ("Resin.io", "resin"),
    ],
)
def test_org_key_drops_suffixes_case_and_punctuation(name: str, key: str) -> None:
    assert org_key(name) == key


def test_a_suffix_alone_is_a_name() -> None:
    # Nothing would be left: the word is the name.
    assert org_key("Careers") == "careers"
    assert org_key("Inc.") == "inc"


def test_forms_include_initials_of_long_names_only() -> None:
    assert "wfps" in org_forms("Western Forest Protection Service")
    assert "ngba" in org_forms("National Grain Board of Audits")
    # Joining words give no initial; two-word names give no initials at all (too ambiguous).
    assert "oma" in org_forms("Office of Marine Archives")
    assert not any(len(f) == 2 for f in org_forms("Blue Harbor"))


def test_forms_include_the_spaceless_label_and_a_parenthesised_acronym() -> None:
    forms = org_forms("Harbor Light Analytics (HLA), Inc.")
    assert {"harbor light analytics", "harborlightanalytics", "hla"} <= forms
    assert org_forms("Pinecone Systems") & org_forms("PineconeSystems")


def test_forms_drop_a_leading_country_qualifier() -> None:
    forms = org_forms("U.S. Bureau of Tide Records")
    assert "btr" in forms
    assert "bureau of tide records" in forms


def test_same_organisation_written_two_ways_shares_a_form() -> None:
    assert org_forms("Klaviyo Campus") & org_forms("Klaviyo")
    assert org_forms("Center for Ocean Mapping, Inc.") & org_forms("COM")
    assert not org_forms("Blue Harbor") & org_forms("Green Harbor")


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        ("https://www.harborlight.com/about/careers/engineer", "", "Harborlight"),
        (
            "https://www.harborlight.com/about/careers/engineer",
            "We at Harbor Light build maps.",
            "Harbor Light",
        ),
        ("https://jobs.pinecone-systems.io/", "", "Pinecone Systems"),
        ("https://northwind.bamboohr.com/careers/12", "", "Northwind"),
        ("boards.greenhouse.io/zetalabs/jobs/991", "ZetaLabs makes tools", "ZetaLabs"),
        ("https://jobs.ashbyhq.com/Quarry/abc-123", "", "Quarry"),
        ("https://acme.wd3.myworkdayjobs.com/en-US/External/job/9", "", "Acme"),
        ("https://www.ycombinator.com/companies/tidal-forge/jobs/1", "", "Tidal Forge"),
        ("hiring@tallowworks.co.uk", "", "Tallowworks"),
        ("https://shop.example-foods.com.au/x", "", "Example Foods"),
    ],
)
def test_org_from_domain(url: str, text: str, expected: str) -> None:
    assert org_from_domain(url, text) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/jobs/view/123",
        "https://github.com/someone/repo",
        "https://bit.ly/abc",
        "not a url",
    ],
)
def test_shared_hosts_name_no_employer(url: str) -> None:
    assert org_from_domain(url) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tallow Works is hiring engineers in Leeds.", "Tallow Works"),
        ("Quarry (YC S22) Is Hiring a Founding Engineer", "Quarry"),
        ("Hello! At Pinecone Systems, we build search for ships.", "Pinecone Systems"),
        ("We're Harbor Light, and we map the coast.", "Harbor Light"),
        ("Zeta Labs is one of Iceland's fastest-growing robotics companies.", "Zeta Labs"),
        ("Northwind is a small startup making drones.", "Northwind"),
        ("I'm an engineer at Quarry, a well-funded mining startup.", "Quarry"),
        ("Join Tidal Forge as our second designer.", "Tidal Forge"),
        ("Backed by Two Sigma, Quarry is the scheduling platform for mines.", "Quarry"),
        ("Harbor Light Labs (HLL) is looking for a cartographer.", "Harbor Light Labs"),
        ("The Office of Tides is an office within the agency.", "Office of Tides"),
        ("Tallow Works will soon be hiring two welders.", "Tallow Works"),
        # a passing mention, when no sentence introduces the organisation
        ("We're hiring a Lab Technician for Tidewater Labs this spring.", "Tidewater Labs"),
    ],
)
def test_org_from_sentences(text: str, expected: str) -> None:
    assert org_from_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Python is a plus. Rust is nice to have.",
        "This is a great company to work for.",
        "The role is a hybrid one.",
        "We build maps for ships and ports.",
        "Experience is a must for this startup role.",
    ],
)
def test_sentences_that_name_no_organisation(text: str) -> None:
    assert org_from_sentences(text) is None


def test_mentions_only_when_asked_and_roles_only_with_an_acronym() -> None:
    text = "We're hiring a Lab Technician for Tidewater Labs this spring."
    assert org_from_sentences(text, mentions=False) is None
    assert org_from_sentences("The Senior Engineer is a key hire for the company.") is None
    assert org_from_sentences("Harbor Fellows (HF) is a program of the agency.") == "Harbor Fellows"
    assert org_from_sentences("The focus is building the platform.") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Careers at Harbor Light", "Harbor Light"),
        ("Harbor Light Careers", "Harbor Light"),
        ("Jobs at Tidal Forge", "Tidal Forge"),
        ("Harbor Light - Jobs", "Harbor Light"),
        ("Join Tallow Works", "Tallow Works"),
        ("Join us", None),
        ("Careers", None),
        ("Senior Engineer", None),
    ],
)
def test_masthead_name(line: str, expected: str | None) -> None:
    assert masthead_name(line) == expected


def test_org_from_title_and_from_addresses() -> None:
    assert org_from_title("Harbor Office: Product Director") == "Harbor Office"
    assert org_from_title("Software Engineer: Payments") is None
    addresses = ["https://bit.ly/x1", "jobs@gmail.com", "https://careers.tallowworks.co.uk/7"]
    assert org_from_addresses(addresses, "Tallow Works makes candles.") == "Tallow Works"
    assert org_from_addresses(["https://www.indeed.com/viewjob?jk=1"]) is None


def test_spell_slug_follows_the_text() -> None:
    assert spell_slug("smarterdx", "Join SmarterDx today; smarterdx.com") == "SmarterDx"
    assert spell_slug("harborlight", "Harbor Light is here") == "Harbor Light"
    assert spell_slug("harborlight", "nothing here") is None
    # Part of a longer word or a domain is not a spelling of the name.
    assert spell_slug("light", "Harborlight and lightning") is None


def test_slug_as_name_without_text() -> None:
    assert org_name_from_slug("tidal-forge") == "Tidal Forge"
    assert org_name_from_slug("harborlight") == "Harborlight"


def test_company_from_slug_delegates_to_the_matcher() -> None:
    assert company_from_slug("zetalabs", "<p>Zeta Labs builds</p>") == "Zeta Labs"
    assert company_from_slug("zetalabs") == "Zetalabs"


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Harbor Light", True),
        ("Resin.io", True),
        ("Apple, Inc.", True),
        ("https://harborlight.com", False),
        ("jobs@harborlight.com", False),
        ("We are looking for engineers", False),
        ("", False),
    ],
)
def test_plausible_org(name: str, ok: bool) -> None:
    assert plausible_org(name) is ok
