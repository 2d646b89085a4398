"""Reading a question once: the employers, places and facets every later stage relies on."""

from __future__ import annotations

from rolecall.answer.engine import Engine
from rolecall.postings.model import Location, Posting, Section


def _board() -> list[Posting]:
    return [
        # An employer whose name is an everyday title word of another employer's role.
        Posting(id="intern-co", title="Founding Engineer", company="Strategy"),
        Posting(
            id="fjord-coop",
            title="Brand Strategy Co-op (Fall 2026)",
            company="Fjordline Campus",
            locations=[Location(text="Bergen, Norway")],
            sections=[Section(heading="Pay", passages=["This co-op pays $28/hour."])],
        ),
        Posting(id="fjord-pm", title="Product Manager", company="Fjordline Campus"),
        # An official name people shorten to an inner part.
        Posting(
            id="pole",
            title="GEOPHYSICIST",
            company="U.S. Southern Polar Survey",
            locations=[Location(text="McMurdo Station, Antarctica")],
        ),
        Posting(id="other-geo", title="GEOPHYSICIST", company="Coastal Mapping Office"),
        Posting(id="dash", title="Data Analyst", company="Co-Lab Works"),
    ]  # fmt: skip


def test_a_named_employer_outranks_a_title_word_that_is_another_employers_name() -> None:
    e = Engine(_board())
    q = e.read("how much does the fjordline brand strategy co-op pay?")
    assert {e.postings[i].id for i in q.companies} == {"fjord-coop", "fjord-pm"}
    a = e.ask("how much does the fjordline brand strategy co-op pay?")
    assert a.postings[0].id == "fjord-coop" and "$28" in a.text


def test_an_employer_named_alone_is_still_that_employer() -> None:
    e = Engine(_board())
    assert {e.postings[i].id for i in e.read("does strategy sponsor visas?").companies} == {"intern-co"}


def test_an_official_name_is_found_by_an_inner_part() -> None:
    e = Engine(_board())
    a = e.ask("southern polar survey geophysicist — where is it?")
    assert a.status.value == "answered" and a.postings[0].id == "pole" and "McMurdo" in a.text


def test_a_name_typed_with_a_break_is_found_and_masked() -> None:
    e = Engine(_board())
    q = e.read("is the colab works data analyst remote?")
    assert {e.postings[i].id for i in q.companies} == {"dash"}
    q = e.read("does co-lab works pay for the data analyst?")
    assert q.company_spans and q.text[slice(*q.company_spans[0])].casefold().startswith("co-lab")


def test_an_official_name_is_found_by_its_initials() -> None:
    board = [
        Posting(id="tidal", title="HYDROLOGIST", company="Office of Tidal Energy Research"),
        Posting(id="river", title="HYDROLOGIST", company="River Basin Commission"),
        Posting(id="delta", title="HYDROLOGIST", company="Delta Freight"),
    ]
    e = Engine(board)
    for asked in ("where is the OTER hydrologist job?", "where is the oter hydrologist job?"):
        assert {e.postings[i].id for i in e.read(asked).companies} == {"tidal"}
    assert {e.postings[i].id for i in e.read("is the RBC hydrologist remote?").companies} == {"river"}
    # Two letters are too often something else ("DF" is no name for Delta Freight).
    assert not e.read("is the DF hydrologist remote?").companies


def _twins() -> list[Posting]:
    def twin(pid: str, company: str, text: str) -> Posting:
        return Posting(
            id=pid,
            title="STATISTICIAN",
            company=company,
            locations=[Location(text="Dover, Delaware, US")],
            sections=[Section(heading="Duties", passages=[text])],
        )

    filler = [Posting(id=f"f{i}", title=f"Clerk {i}", company=f"Filler {i}") for i in range(40)]
    return [
        twin(
            "geo",
            "Bureau of Soil Records",
            "Work on the LANDTRAC survey program; a Secret clearance is needed.",
        ),
        twin("sea", "Bureau of Tide Records", "Support the harbor census team."),
        *filler,
    ]


def test_near_duplicates_are_told_apart_by_a_fact_the_question_names() -> None:
    a = Engine(_twins()).ask("the bureau statistician in dover (the landtrac one) — where is it?")
    assert a.status.value == "answered" and a.postings[0].id == "geo"


def test_the_facet_asked_is_no_fact_that_tells_roles_apart() -> None:
    # Only one of the twins mentions a clearance, but asking about it does not pick that one.
    a = Engine(_twins()).ask("the bureau statistician in dover — what clearance do they need?")
    assert a.status.value == "ambiguous"


def test_an_everyday_word_employer_in_lower_case_can_hold_the_other_name_in_its_title() -> None:
    board = [
        Posting(id="ins", title="Customer Engineer - Harbor Cloud", company="Insight"),
        *[Posting(id=f"h{i}", title=f"Customer Engineer {i}, Cloud", company="Harbor") for i in range(3)],
        # "insight" is an everyday word on this board: three other employers' postings use it.
        *[
            Posting(
                id=f"o{i}",
                title="Analyst",
                company=f"Other {i}",
                sections=[Section(passages=["An insight."])],
            )
            for i in range(3)
        ],
    ]
    a = Engine(board).ask("insight customer engineer harbor cloud — what does it pay?")
    assert a.postings[0].id == "ins"


def test_a_word_mistyped_when_asking_is_read_as_meant_a_real_word_is_left_alone() -> None:
    board = [
        Posting(
            id="h",
            title="Field Engineer",
            company="Tarnwick",
            sections=[
                Section(passages=["Hybrid: two days a week in Leeds.", "We sponsor Skilled Worker visas."])
            ],
        )
    ]
    e = Engine(board)
    assert "remote" in e.read("tarnwick field engineer — hybird or full office?").facets
    assert "sponsorship" in e.read("does tarnwick sponser?").facets
    assert "requirements" in e.read("requirments for the tarnwick field engineer?").facets
    a = e.ask("tarnwick field engineer — is it hybird?")
    assert "two days a week" in a.text
    # Another form of a word ("salaried", "experienced") is no typo of "salaries" or "experience".
    assert e.read("salaried roles for experienced hires?").text == "salaried roles for experienced hires?"


def test_an_employer_named_like_a_word_questions_are_made_of_needs_a_capital_mid_sentence() -> None:
    board = [
        Posting(id="jobs", title="Recruiter", company="Jobs"),
        Posting(id="intech", title="Engineer", company="In-Tech"),
        Posting(id="other", title="Analyst", company="Marrow", locations=[Location(text="Boston, MA")]),
    ]
    e = Engine(board)
    for asked in ("jobs in boston?", "Jobs in Boston?", "any openings in boston"):
        q = e.read(asked)
        assert not q.companies and not q.filters.company_names, asked
    assert {e.postings[i].id for i in e.read("does In-Tech sponsor?").companies} == {"intech"}
