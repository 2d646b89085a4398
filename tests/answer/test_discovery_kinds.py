"""Discovery by kinds of role, sectors, role families and places, on postings written for these tests."""

from __future__ import annotations

from datetime import date

from rolecall.answer.engine import Engine
from rolecall.postings.model import EmploymentType, Location, Posting, Section, Workplace

TODAY = date(2026, 1, 10)


def _p(pid: str, title: str, company: str, *texts: str, **kw: object) -> Posting:
    return Posting(id=pid, title=title, company=company, sections=[Section(passages=list(texts))], **kw)


def _board() -> list[Posting]:
    md = [Location(text="Silver Spring, MD", city="Silver Spring", region="Maryland", country="US")]
    return [
        _p("lvl1", "Software Engineer I", "Tallow Systems", "Build internal tools.", locations=md),
        _p("lvl1b", "Data Analyst 1", "Brine Labs", "Dashboards.", locations=md),
        _p("lvl2", "Software Engineer II", "Tallow Systems", "Own services.", locations=md),
        _p("ug", "Backend Developer - University Graduate 2026", "Quarry", "Go services.", locations=md),
        _p("ng", "Platform Engineer, New Grad", "Quarry", "Kubernetes.", locations=md),
        _p("senior", "Senior Platform Engineer", "Quarry", "Lead the platform.", locations=md),
        _p(
            "gov",
            "HYDROLOGIST",
            "Bureau of River Surveys",
            "Salary range for GS-12: $90,000 - $117,000.",
            url="https://www.jobs.example.gov/announcement/123",
            locations=md,
        ),
        _p("gov2", "GEOGRAPHER", "Land Records Office", "Pay grade GS-9.", locations=md),
        _p("vendor", "Account Executive", "Sellwell", "Sell to federal government customers.", locations=md),
        _p(
            "temp",
            "Warehouse Associate (Seasonal)",
            "Cratewise",
            "A seasonal role for the winter rush.",
            employment_type=[EmploymentType.TEMPORARY],
        ),
        _p(
            "den",
            "Field Engineer",
            "Orebody",
            "Must be based in the Denver, CO area.",
            locations=[Location(text="Remote (US)", remote=True, country="US")],
            workplace=Workplace.REMOTE,
            remote_regions=["US"],
        ),
        _p("den-pass", "Support Engineer", "Graywing", "Our customers in Denver love us."),
        _p("den-site", "Technician", "Orebody", "Shop floor.", locations=[Location(text="Denver, CO")]),
        _p(
            "dc",
            "Policy Analyst",
            "Civic Forge",
            "Research.",
            locations=[Location(text="Washington, District of Columbia", region="District of Columbia")],
        ),
    ]


def _ids(engine: Engine, question: str) -> set[str]:
    return {p.id for p in engine.ask(question, today=TODAY).postings}


def test_entry_level_includes_a_titles_first_level_and_graduate_programs_not_level_two() -> None:
    got = _ids(Engine(_board()), "entry level roles in maryland?")
    assert {"lvl1", "lvl1b", "ug", "ng"} <= got
    assert not got & {"lvl2", "senior", "gov"}


def test_a_role_family_is_any_of_its_titles() -> None:
    got = _ids(Engine(_board()), "new grad swe jobs?")
    assert {"lvl1", "ug", "ng"} <= got and "lvl1b" not in got


def test_the_public_sector_by_host_or_federal_grade_never_by_a_customer() -> None:
    got = _ids(Engine(_board()), "federal govt jobs in maryland")
    assert got == {"gov", "gov2"}


def test_every_employment_type_is_a_filter() -> None:
    assert _ids(Engine(_board()), "any temporary or seasonal work?") == {"temp"}


def test_a_statement_of_where_one_must_be_based_places_a_role_a_passing_mention_does_not() -> None:
    got = _ids(Engine(_board()), "jobs in denver?")
    assert {"den", "den-site"} <= got and "den-pass" not in got


def test_a_country_holds_its_states_and_a_name_means_every_place_it_names() -> None:
    e = Engine(_board())
    assert "lvl1" in _ids(e, "software engineer jobs in the US?")
    assert "dc" in _ids(e, "policy jobs in DC?")


def test_experienced_hires_and_a_kind_asked_in_the_negative_leave_those_roles_out() -> None:
    board = [
        _p("sr", "Senior Data Engineer", "Oakum", "New grads OK too. We sponsor visas."),
        _p("ng", "Data Engineer, New Grad", "Oakum", "We sponsor visas."),
        _p("in", "Data Engineering Intern", "Oakum", "We sponsor visas."),
    ]
    e = Engine(board)
    assert _ids(e, "which data jobs sponsor visas for experienced hires?") == {"sr"}
    assert _ids(e, "data engineering roles that sponsor visas (not the new grad list)") == {"sr", "in"}


def test_a_pay_basis_filters_by_how_the_pay_is_stated() -> None:
    from rolecall.postings.model import Pay

    board = [
        _p("h", "Lab Assistant", "Fennel", "Help.", pay=Pay(min=22, max=26, currency="USD", unit="HOUR")),
        _p(
            "y", "Lab Manager", "Fennel", "Lead.", pay=Pay(min=90000, max=110000, currency="USD", unit="YEAR")
        ),
        _p("d", "Lab Consultant", "Fennel", "Advise.", pay=Pay(min=600, currency="USD", unit="DAY")),
        _p("n", "Lab Intern", "Fennel", "Learn."),
    ]
    e = Engine(board)
    assert _ids(e, "any hourly lab jobs?") == {"h"}
    assert _ids(e, "day rate lab roles?") == {"d"}
    assert _ids(e, "salaried lab roles?") == {"y"}
    assert _ids(e, "paid lab jobs?") == {"h", "y", "d"}


def test_remote_from_a_country_includes_roles_remote_from_anywhere() -> None:
    board = [
        _p("ww", "Writer", "Quillon", "Write docs.", workplace=Workplace.REMOTE, remote_regions=["Worldwide"],
           locations=[Location(text="Remote (Worldwide)", remote=True)]),
        _p("us", "Editor", "Quillon", "Edit docs.", workplace=Workplace.REMOTE, remote_regions=["US"],
           locations=[Location(text="Remote (US only)", remote=True)]),
        _p("ca", "Translator", "Quillon", "Translate.", workplace=Workplace.REMOTE,
           locations=[Location(text="Remote (Canada)", remote=True)]),
        _p("tor", "Designer", "Quillon", "Design.", locations=[Location(text="Toronto, Canada")]),
    ]  # fmt: skip
    assert _ids(Engine(board), "remote jobs i can do from canada?") == {"ww", "ca"}


def test_a_role_family_is_read_from_the_title_not_a_passing_mention() -> None:
    board = [
        _p("ds", "Senior Data Scientist", "Tamarack", "Model churn."),
        _p(
            "de",
            "Data Engineer",
            "Tamarack",
            "You will partner with our data scientists and the science team.",
        ),
        _p("da", "Data Analyst", "Tamarack", "Dashboards."),
    ]
    e = Engine(board)
    assert _ids(e, "any data science jobs?") == {"ds"}
    # One side of alternatives stays a keyword like the other.
    assert _ids(e, "data scientist / data analyst roles?") >= {"ds", "da"}


def test_one_role_from_several_sources_is_listed_once_two_openings_of_one_source_twice() -> None:
    from rolecall.postings.model import Source

    def copy(pid: str, path: str, title: str = "VP of Sales") -> Posting:
        return _p(pid, title, "Corvid Freight", "Sell.", source=Source(format="jsonld", path=path),
                  locations=[Location(text="Remote (US)", remote=True)])  # fmt: skip

    board = [copy("a", "site-a.html"), copy("b", "site-b.html"), copy("c", "site-c.html")]
    board += [copy("d", "board.json", "Lead Analyst, Ohio"), copy("e", "board.json", "Lead Analyst - Ohio")]
    a = Engine(board).ask("any sales roles?", today=TODAY)
    assert len([p for p in a.postings if p.title == "VP of Sales"]) == 1 and a.text.startswith("1 role")
    assert _ids(Engine(board), "lead analyst jobs?") == {"d", "e"}


def test_a_role_placed_there_by_name_ranks_before_one_only_in_a_wider_area() -> None:
    board = [
        _p(f"eu{i}", f"Advocate {i}", f"Wide {i}", "Anywhere in Europe.", locations=[Location(text="Europe")])
        for i in range(12)
    ] + [
        _p("lux", "Fund Controller", "Narrow", "Office.", locations=[Location(text="Luxembourg, Luxembourg")])
    ]
    a = Engine(board).ask("anything in luxembourg?", today=TODAY)
    assert a.postings and a.postings[0].id == "lux"
