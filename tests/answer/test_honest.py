"""Honest answers: the facet asked, from sentences that speak to it — never boilerplate, never a title
word read as a question, and a workplace shown with the condition it holds under."""

from __future__ import annotations

from datetime import date

from rolecall.answer.engine import Engine
from rolecall.answer.model import Status
from rolecall.postings.model import Location, Posting, Section, Workplace

TODAY = date(2026, 1, 10)


def _p(pid: str, title: str, company: str, *texts: str, **kw: object) -> Posting:
    return Posting(id=pid, title=title, company=company, sections=[Section(passages=list(texts))], **kw)


def _board() -> list[Posting]:
    return [
        _p(
            "eeo",
            "Research Co-op",
            "Lindqvist",
            "Analyse survey data in R.",
            "We do not discriminate on the basis of race, religion, citizenship or national origin.",
        ),
        _p(
            "grad",
            "Platform Engineer, New Grad - Public Sector",
            "Marlow",
            "Build the platform.",
            "You must be able to obtain a security clearance.",
        ),
        _p(
            "hub",
            "Billing Analyst",
            "Tessellate",
            "We are remote-first and love async work.",
            "Work from home allowance for your setup.",
            "Team members in this role must live within commuting distance of our Denver hub.",
            workplace=Workplace.REMOTE,
            locations=[Location(text="Remote (US)", remote=True)],
        ),
        _p(
            "cond",
            "Robotics Engineer",
            "Ferrowind",
            "Remote only for candidates with 5+ years of experience, otherwise Pittsburgh or Austin.",
            workplace=Workplace.REMOTE,
            locations=[Location(text="Pittsburgh, PA"), Location(text="Austin, TX")],
        ),
        _p(
            "sf",
            "Growth Lead",
            "Brightfold",
            "Grow the community.",
            workplace=Workplace.REMOTE,
            locations=[Location(text="San Francisco, CA", city="San Francisco")],
            remote_regions=["US"],
        ),
    ]


def test_equal_opportunity_boilerplate_is_no_evidence() -> None:
    a = Engine(_board()).ask("does the lindqvist research co-op need us citizenship?", today=TODAY)
    assert a.status is Status.NOT_STATED and "discriminate" not in a.text


def test_words_of_the_title_name_the_role_and_ask_nothing() -> None:
    a = Engine(_board()).ask("marlow platform engineer new grad — do i need a clearance?", today=TODAY)
    assert a.status is Status.ANSWERED and "clearance" in a.text
    assert "Student status" not in a.text and "graduat" not in a.text.split("\n", 1)[1].casefold()


def test_where_one_must_be_is_asked_in_many_ways() -> None:
    e = Engine(_board())
    a = e.ask("the brightfold growth lead says san francisco — do i actually need to be in SF?", today=TODAY)
    assert a.status is Status.ANSWERED and "Workplace: remote" in a.text


def test_the_condition_on_a_workplace_is_quoted_first() -> None:
    e = Engine(_board())
    a = e.ask("tessellate billing analyst — fully wfh or do i need to live near an office?", today=TODAY)
    quotes = [line for line in a.text.splitlines() if line.startswith(">")]
    assert "commuting distance" in quotes[0]


def test_a_conditional_workplace_is_shown_with_its_condition() -> None:
    a = Engine(_board()).ask("is the ferrowind robotics engineer remote?", today=TODAY)
    assert "under a condition" in a.text and "otherwise Pittsburgh or Austin" in a.text


def test_an_employers_roles_filtered_by_place_or_workplace_are_a_listing() -> None:
    board = [
        _p("r1", "Data Engineer", "Keelboat", "Pipelines.", workplace=Workplace.REMOTE,
           locations=[Location(text="Remote - USA", remote=True)]),
        _p("r2", "Designer", "Keelboat", "Figma.", workplace=Workplace.REMOTE,
           locations=[Location(text="Austin, TX")], remote_regions=["US"]),
        _p("o1", "Office Manager", "Keelboat", "Front desk.", workplace=Workplace.ONSITE,
           locations=[Location(text="Lisbon, Portugal")]),
    ]  # fmt: skip
    a = Engine(board).ask("remote keelboat roles i can do from the US?", today=TODAY)
    assert {p.id for p in a.postings} == {"r1", "r2"}


def _quals() -> list[Posting]:
    return [
        _p(
            "q",
            "Systems Intern",
            "Pellucid",
            "You will help run our lab.",
            "Basic Qualifications",
            "Be enrolled in an engineering degree.",
            "Preferred Qualifications:",
            "A cumulative GPA of 3.20/4.0 or higher.",
            "Comfortable in Google Sheets and Excel.",
            "Experience writing SQL queries is a plus.",
        )
    ]


def test_a_line_heading_what_follows_is_its_section_so_preferred_is_not_read_as_required() -> None:
    a = Engine(_quals()).ask("pellucid systems intern — min gpa?", today=TODAY)
    assert "3.20" in a.text and "(Preferred Qualifications)" in a.text


def test_asking_the_whole_list_and_one_thing_gets_both() -> None:
    a = Engine(_quals()).ask(
        "what skills do i need for the pellucid systems intern? do i need sql?", today=TODAY
    )
    assert "SQL" in a.text and "Google Sheets" in a.text and "engineering degree" in a.text


def _cis_like() -> list[Posting]:
    return [
        _p(
            "s",
            "Network Analyst Intern",
            "Harrow Trust",
            "A student in their junior year or above working towards a bachelor's degree.",
            "Overall GPA is 3.0 or higher.",
            "Three years of Python experience is required for the senior track.",
            "Apply online at https://harrow.example.org/jobs.",
        )
    ]


def test_who_may_apply_is_eligibility_not_how_to_apply() -> None:
    a = Engine(_cis_like()).ask("harrow network analyst intern — can a sophomore apply?", today=TODAY)
    assert "junior year" in a.text and "Apply online" not in a.text
    how = Engine(_cis_like()).ask("harrow network analyst intern — how can i apply?", today=TODAY)
    assert "harrow.example.org" in how.text


def test_an_amount_of_experience_asked_beside_another_facet_is_answered_too() -> None:
    a = Engine(_cis_like()).ask(
        "harrow network analyst intern — degree + how many yrs of python?", today=TODAY
    )
    assert "bachelor" in a.text and "Three years" in a.text


def test_pay_lines_are_not_picked_by_the_words_naming_the_role() -> None:
    board = [
        _p(
            "pm",
            "Product Manager",
            "Pinewood Digital",
            "Salary Range: Base salary GS-15 - $105,123 to $136,659",
            "Successful product managers at Pinewood pay attention to reusable tools.",
        )
    ]
    a = Engine(board).ask("what's the salary for the pinewood product manager?", today=TODAY)
    assert "$105,123" in a.text and "pay attention" not in a.text


def test_a_partly_remote_workplace_is_shown_with_its_condition() -> None:
    board = [
        _p("ia", "Build Engineer", "Quartzline", "Quartzline | Folsom, CA | ONSITE (partial remote possible)",
           workplace=Workplace.REMOTE)
    ]  # fmt: skip
    a = Engine(board).ask("quartzline build engineer - is it remote?", today=TODAY)
    assert "under a condition" in a.text and "partial remote possible" in a.text


def test_engagement_is_an_employment_type_only_when_it_says_which() -> None:
    board = [
        _p("t", "Account Lead", "Brambling", "Own partner engagement and pipeline management.",
           "We are open to a part-time engagement.")
    ]  # fmt: skip
    a = Engine(board).ask("brambling account lead — full time or part time?", today=TODAY)
    assert "part-time engagement" in a.text and "partner engagement" not in a.text


def _aggregator_page() -> list[Posting]:
    return [
        Posting(
            id="agg",
            title="Routing Engineer",
            company="Sallow Networks",
            sections=[
                Section(heading="Salary", passages=["Salary", "Not disclosed", "No"]),
                Section(
                    heading="Experience", passages=["Experience", "Pay is commensurate with experience."]
                ),
                Section(heading="About", passages=["Complete a disclosure report to verify your identity."]),
                Section(heading="Related AI Jobs", passages=["Routing Lead at Other Co", "$90K - $120K"]),
            ],
        )
    ]


def test_labels_other_jobs_and_sentences_about_something_else_are_no_evidence() -> None:
    e = Engine(_aggregator_page())
    for asked in ("what does it pay?", "how many years of experience?", "who does it report to?"):
        a = e.ask(f"sallow networks routing engineer — {asked}", today=TODAY)
        assert a.status is Status.NOT_STATED, asked
        assert "$90K" not in a.text and "commensurate" not in a.text and "verify" not in a.text


def test_words_in_another_sense_are_no_evidence() -> None:
    board = [
        _p(
            "ff",
            "Computer Vision Engineer",
            "Larchmont Imaging",
            "This position offers a high degree of freedom.",
            "Within your first month: ship your first major design project.",
            "Build tools that meet the Health Insurance Portability and Accountability Act.",
            "We classify medical referrals for hospitals.",
        )
    ]
    e = Engine(board)
    for asked in ("what degree do i need?", "what majors do they take?", "what benefits do they offer?"):
        a = e.ask(f"larchmont computer vision engineer — {asked}", today=TODAY)
        assert a.status is Status.NOT_STATED and ">" not in a.text, asked
    ok = Engine([_p("b", "Analyst", "Hazelmoor", "Medical, dental and vision insurance from day one.")])
    assert "dental" in ok.ask("hazelmoor analyst — what benefits?", today=TODAY).text


def test_a_place_naming_the_role_does_not_answer_a_workplace_or_pay_question() -> None:
    board = [
        _p("sea", "Founding Developer", "Tern Data", "Build the data platform.",
           locations=[Location(text="Seattle, WA", city="Seattle")]),
        _p("ldn", "Account Executive", "Tern Data", "Sell.", locations=[Location(text="London")]),
    ]  # fmt: skip
    e = Engine(board)
    a = e.ask("tern data founding developer in seattle — any remote option?", today=TODAY)
    assert a.status is Status.NOT_STATED and "remotely" in a.text
    b = e.ask("what's the base for the tern data account executive in london?", today=TODAY)
    assert b.status is Status.NOT_STATED and "does not state the pay" in b.text
    c = e.ask("is the tern data founding developer in seattle? remote?", today=TODAY)
    assert c.status is Status.ANSWERED


def test_relocation_is_asked_on_its_own() -> None:
    board = [_p("r", "Director", "Tern Data", "Fully remote role.", workplace=Workplace.REMOTE)]
    a = Engine(board).ask("does the tern data director role come with relocation assistance?", today=TODAY)
    assert a.status is Status.NOT_STATED and "relocation" in a.text
