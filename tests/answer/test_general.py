"""Generalising mechanisms: technology vocabulary, hours, date posted, routing. Postings written here."""

from __future__ import annotations

from datetime import date

import pytest

from rolecall.answer.engine import Engine
from rolecall.answer.model import Intent, Status
from rolecall.answer.tech import density, names_in
from rolecall.postings.model import EmploymentType, Location, Posting, Section

TODAY = date(2025, 3, 1)


def _p(pid: str, title: str, company: str, *passages: str, **kw: object) -> Posting:
    return Posting(
        id=pid,
        title=title,
        company=company,
        url=f"https://jobs.example.org/{pid}",
        sections=[Section(heading="", passages=list(passages))],
        **kw,  # type: ignore[arg-type]
    )


def board() -> list[Posting]:
    return [
        _p(
            "kestrel-fs",
            "Senior Full Stack Engineer",
            "Kestrel Bio",
            "Kestrel Bio grows tissue to test medicines before they reach patients.",
            "You will build fast web applications using React with FastAPI on the backend and Postgres as a"
            " database.",
            "We value ownership and care.",
        ),
        _p(
            "tarn-be",
            "Backend Engineer",
            "Tarnwell",
            "Tarnwell scores logins in milliseconds.",
            "Stack: [python, typescript, rust], [redis, postgresql], [aws, terraform]",
            "Experience with distributed systems is a must.",
        ),
        _p(
            "moss-sim",
            "Simulation Engineer",
            "Mossgiel Science",
            "AI projects use Python.",
            "Technologies: Lots of C++23, Qt 6.9, CMake, and CUDA.",
            "You should enjoy hard problems.",
        ),
        _p(
            "quill-ops",
            "Operations Associate",
            "Quillon",
            "You will keep the office running.",
            "Our customers include Cloudflare.",
            "We care about kindness and clear writing.",
        ),
        _p(
            "fen-tech",
            "Field Technician",
            "Fenmore",
            "Fenmore repairs wind turbines.",
            "This is a part-time role, about 25 hours a week, Monday to Friday 1PM to 5PM.",
            "A driver's license is required.",
            employment_type=[EmploymentType.PART_TIME],
            date_posted=date(2025, 2, 23),
            locations=[Location(text="Palo Alto, CA", city="Palo Alto", region="California", country="US")],
        ),
        _p(
            "fen-desk",
            "Support Analyst",
            "Fenmore",
            "Answer customer tickets.",
            "2+ years of experience in customer support.",
        ),
        _p(
            "harrow-emb",
            "Embedded Software Intern",
            "Harrowgate",
            "Write embedded C for motor controllers.",
            employment_type=[EmploymentType.INTERN],
        ),
        _p(
            "pell-fw",
            "Firmware Intern",
            "Pellmoor",
            "Bring up firmware on new boards.",
            employment_type=[EmploymentType.INTERN],
        ),
        _p(
            "pell-web",
            "Web Intern",
            "Pellmoor",
            "Build our marketing site.",
            employment_type=[EmploymentType.INTERN],
        ),
    ]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(board())


def test_names_in_reads_versions_lowercase_and_skips_everyday_words() -> None:
    assert names_in("Lots of C++23, Qt 6.9, CMake") == ["C++23", "Qt 6.9", "CMake"]
    assert names_in("Stack: [python, rust]") == ["python", "rust"]
    # Everyday words and funding rounds are no technologies.
    assert names_in("We raised a Series C; go ahead and react; R&D; C-suite.") == []
    assert density("Stack: python, rust") == 4  # a labelled stack counts double
    assert density("python and rust") == 2


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("what stack does kestrel bio use for the senior full stack eng?", ["React", "FastAPI", "Postgres"]),
        ("tarnwell backend engineer - which languages", ["python", "rust"]),
        ("mossgiel science tech stack? c++?", ["C++23", "Qt 6.9", "CUDA"]),
    ],
)
def test_stack_questions_quote_the_passage_dense_in_technologies(
    engine: Engine, question: str, words: list[str]
) -> None:
    a = engine.ask(question, today=TODAY)
    assert a.status is Status.ANSWERED
    quotes = " ".join(c.quote for c in a.citations)
    for w in words:
        assert w in quotes


def test_a_posting_naming_no_technology_stays_not_stated(engine: Engine) -> None:
    # A customer named in passing ("customers include Cloudflare") is not the stack.
    a = engine.ask("what tech stack does quillon use for the operations associate?", today=TODAY)
    assert a.status is Status.NOT_STATED


def test_hours_questions_quote_the_sentence_giving_hours(engine: Engine) -> None:
    a = engine.ask("fenmore field technician - what hours / shift?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert any("25 hours" in c.quote for c in a.citations)
    b = engine.ask("is the fenmore field technician part time? hours?", today=TODAY)
    assert "25 hours" in b.text


def test_hours_a_posting_never_gives_stay_not_stated(engine: Engine) -> None:
    a = engine.ask("how many hours a week is the quillon operations associate?", today=TODAY)
    assert a.status is Status.NOT_STATED
    assert "working hours" in a.text


def test_when_did_they_post_asks_the_date_posted(engine: Engine) -> None:
    a = engine.ask("when did fenmore post the field technician job?", today=TODAY)
    assert a.status is Status.ANSWERED and "2025-02-23" in a.text


def test_abbreviated_experience_question_quotes_the_years(engine: Engine) -> None:
    a = engine.ask("fenmore support analyst - yrs of exp required?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert a.citations and "2+ years" in a.citations[0].quote


def test_a_place_and_a_workplace_question_answers_both(engine: Engine) -> None:
    a = engine.ask("is the fenmore field technician in palo alto? remote?", today=TODAY)
    assert "Palo Alto" in a.text
    assert "does not say whether the role can be done remotely" in a.text


def test_years_written_as_words_count_as_an_experience_amount() -> None:
    from rolecall.answer.evidence import YEARS_RE

    assert YEARS_RE.search("at least two years selling software")
    assert YEARS_RE.search("3-5 yrs in support")
    assert not YEARS_RE.search("two of our founders")


def test_a_requirement_asked_of_an_employers_roles_is_answered_from_the_posting(engine: Engine) -> None:
    silent = engine.ask("kubernetes needed for the tarnwell backend roles?", today=TODAY)
    assert silent.status is Status.NOT_STATED and "does not mention kubernetes" in silent.text
    named = engine.ask("redis needed for the tarnwell backend roles?", today=TODAY)
    assert named.status is Status.ANSWERED
    assert any("redis" in c.quote for c in named.citations)


def test_an_employers_jobs_with_a_relative_clause_is_a_filtered_listing(engine: Engine) -> None:
    a = engine.ask("fenmore jobs that are part-time", today=TODAY)
    assert a.intent is Intent.DISCOVERY and a.status is Status.ANSWERED
    assert [p.id for p in a.postings] == ["fen-tech"]


def test_a_slash_between_words_means_or_in_a_search(engine: Engine) -> None:
    a = engine.ask("embedded / firmware internships?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert {p.id for p in a.postings} == {"harrow-emb", "pell-fw"}
    # An alternative no posting uses does not outweigh one that is held in full.
    rare = engine.ask("embedded / haskell internships?", today=TODAY)
    assert [p.id for p in rare.postings] == ["harrow-emb"]
    # Without the slash both words must hold, and no posting has both.
    both = engine.ask("embedded firmware internships?", today=TODAY)
    assert both.status is Status.NO_MATCH


def test_or_between_role_words_means_either_in_a_search(engine: Engine) -> None:
    a = engine.ask("any embedded or firmware internships?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert {p.id for p in a.postings} == {"harrow-emb", "pell-fw"}


def test_or_alternatives_take_whole_phrases() -> None:
    from rolecall.answer.engine import _alternatives
    from rolecall.search.analyze import tokenize

    q = "any sales or account executive jobs"
    groups = _alternatives(q, tokenize("sales account executive"))
    assert groups == [[set(tokenize("sales")), set(tokenize("account executive"))]]
    # Filter words on either side ("remote or hybrid") leave no keyword alternatives.
    assert _alternatives("remote or hybrid roles", []) == []


def test_alternatives_take_whole_phrases_around_a_slash() -> None:
    from rolecall.answer.engine import _alternatives
    from rolecall.search.analyze import tokenize

    q = "developer relations / developer advocate"
    groups = _alternatives(q, tokenize(q))
    assert groups == [[set(tokenize("developer relations")), set(tokenize("developer advocate"))]]


def _alias_board() -> list[Posting]:
    return [
        _p(
            "hls-de",
            "Senior Data Engineer",
            "Harbor Light Systems",
            "Harbor Light Systems (HLS) | Senior Data Engineer | Remote (US)",
            "Experience with Spark and Airflow.",
        ),
        _p("ridge-de", "Senior Data Engineer", "Ridgeline", "Experience with dbt."),
        _p(
            "ka-pe",
            "Product Engineers on KA's own team",
            "Kestrel Assembly",
            "We build the software behind KA's programs. Rails/React stack.",
        ),
        _p("ka-other", "Operations Lead", "Boxwood", "You will run operations for KA startups."),
        _p(
            "tall-vr",
            "Vulnerability Researcher",
            "Tall Spruce",
            "An active TS/SCI clearance is required.",
        ),
    ]


def test_company_initials_and_bracketed_aliases_name_the_company() -> None:
    from rolecall.answer.employers import aliases

    board = _alias_board()
    assert aliases(board[0]) == {"hls"}
    assert aliases(board[2]) == {"ka"}  # from the title, where the company names itself
    assert aliases(board[4]) == set()  # "TS/SCI" is no name for Tall Spruce
    e = Engine(board)
    a = e.ask("what does HLS want for the senior data engineer?", today=TODAY)
    assert a.status is Status.ANSWERED and a.postings[0].id == "hls-de"
    b = e.ask("ka product engineer - what stack, rails?", today=TODAY)
    assert b.postings and b.postings[0].id == "ka-pe" and "React" in b.text


def test_without_an_alias_the_same_question_stays_ambiguous() -> None:
    e = Engine(_alias_board())
    a = e.ask("what does the senior data engineer need?", today=TODAY)
    assert a.status is Status.AMBIGUOUS


def _title_board() -> list[Posting]:
    return [
        _p("wren-sre", "Site Reliability Engineer", "Wrenfield", "Keep the fleet up.",
           locations=[Location(text="Toronto, ON", city="Toronto", country="CA")]),
        _p("wren-intern", "Robotics Software Intern", "Wrenfield Robotics", "Learn robotics."),
        _p("wren-rse", "Robotics Software Engineers (Senior, Staff)", "Wrenfield Robotics",
           "Email hn-jobs@wrenfield.example to apply."),
        _p("wren-data", "Data Engineer", "Wrenfield", "Build pipelines."),
    ]  # fmt: skip


def test_title_initials_stand_for_the_title() -> None:
    e = Engine(_title_board())
    a = e.ask("where is the wrenfield SRE role?", today=TODAY)
    assert a.status is Status.ANSWERED and a.postings[0].id == "wren-sre"


def test_a_question_spelling_out_the_whole_title_picks_that_role() -> None:
    e = Engine(_title_board())
    a = e.ask("how do i apply to the wrenfield robotics software engineers (hn post)?", today=TODAY)
    assert a.status is Status.ANSWERED and a.postings[0].id == "wren-rse"
    # Only part of a title is no such sign: both robotics software roles still fit.
    b = e.ask("how do i apply to the wrenfield robotics software role?", today=TODAY)
    assert b.status is Status.AMBIGUOUS


def test_a_long_run_together_page_is_quoted_where_it_speaks_to_the_question() -> None:
    nav = "Jobs Blog Companies Directory Launch Library Partners Resources Newsletter " * 8
    page = nav + "Job type Full-time Experience 1+ years Visa US citizen/visa only Connect with founders."
    e = Engine([_p("cw-fde", "Forward Deployed Engineer", "Cobaltwise", page)])
    a = e.ask("cobaltwise forward deployed engineer - visa ok?", today=TODAY)
    assert a.status is Status.ANSWERED
    assert "US citizen/visa only" in a.citations[0].quote
    # Cut to the part that speaks to visas, on a word boundary, not the page's navigation from the top.
    assert a.citations[0].quote.startswith("…") and not a.citations[0].quote.startswith("…Jobs Blog")


def test_a_requirement_asked_across_an_employers_many_roles_stays_a_listing(engine: Engine) -> None:
    a = engine.ask("wind turbines needed for the fenmore roles?", today=TODAY)
    assert a.intent is Intent.DISCOVERY
    assert [p.id for p in a.postings] == ["fen-tech"]


def test_an_empty_search_says_so_once_in_plain_words(engine: Engine) -> None:
    a = engine.ask("haskell jobs?", today=TODAY)
    assert a.status is Status.NO_MATCH
    # A word no posting uses, leading the question, is named as what was not found.
    assert a.text == "I have nothing from or about “haskell”."
    a = engine.ask("remote haskell jobs?", today=TODAY)
    assert a.status is Status.NO_MATCH and a.text.count("haskell") == 1


def _work_board() -> list[Posting]:
    from rolecall.postings.model import Workplace

    ldn = [Location(text="London, UK", city="London", country="GB")]
    return [
        _p("a-rem", "Analyst", "Alderbank", "Work from home.", workplace=Workplace.REMOTE, locations=ldn),
        _p("a-hyb", "Designer", "Alderbank", "Two days in.", workplace=Workplace.HYBRID, locations=ldn),
        _p("a-on", "Engineer", "Alderbank", "In the office.", workplace=Workplace.ONSITE, locations=ldn),
        _p("bc-pe", "Principal Engineer", "Bit Capital", "Stack: AWS, Databricks, Python."),
        _p("ctg-ml", "ML Engineer", "Capital Technology Group", "Experience with PyTorch."),
    ]


def test_two_ways_of_working_asked_together_are_alternatives() -> None:
    e = Engine(_work_board())
    a = e.ask("remote / hybrid roles in london?", today=TODAY)
    assert {p.id for p in a.postings} == {"a-rem", "a-hyb"}
    assert "remote or hybrid" in a.text
    one = e.ask("hybrid roles in london?", today=TODAY)
    assert [p.id for p in one.postings] == ["a-hyb"]


def test_a_company_name_inside_a_longer_one_spelt_out_does_not_count() -> None:
    e = Engine(_work_board())
    a = e.ask("what cloud does bit capital use?", today=TODAY)
    assert a.status is Status.ANSWERED and a.postings[0].id == "bc-pe"
    assert "AWS" in a.text
    b = e.ask("what frameworks does capital technology group use?", today=TODAY)
    assert b.postings[0].id == "ctg-ml" and "PyTorch" in b.text


def test_a_word_of_the_company_name_used_apart_still_describes_the_role() -> None:
    e = Engine(
        [
            _p("nw-rtt", "Robot Test Technician", "Norrow Robotics", "This role is 20 hours a week."),
            _p("nw-hti", "Hardware Test Intern", "Norrow Robotics", "Test boards."),
        ]
    )
    a = e.ask("how many hrs is the norrow robot test tech?", today=TODAY)
    assert a.status is Status.ANSWERED and a.postings[0].id == "nw-rtt"
    assert "20 hours" in a.text and "tech stack" not in a.text


def test_technologies_named_bare_ask_whether_the_posting_wants_them(engine: Engine) -> None:
    a = engine.ask("mossgiel simulation engineer - cuda or rust?", today=TODAY)
    assert a.status is Status.ANSWERED and "CUDA" in a.citations[0].quote
    b = engine.ask("mossgiel simulation engineer - haskell?", today=TODAY)
    assert b.status is Status.NOT_STATED and "does not mention haskell" in b.text
