"""Conversation context and message kinds: switching roles, small talk, counts, nonsense, unknown names."""

from __future__ import annotations

from rolecall.answer.engine import Engine
from rolecall.answer.model import Context, Intent, Status
from rolecall.postings.model import Posting, Section

from .conftest import TODAY, board


def _interns() -> list[Posting]:
    # Several same-titled roles: naming the title alone fits them all.
    roles = [
        Posting(
            id=f"swi-{c}",
            title="Software Engineering Intern",
            company=c,
            sections=[Section(heading="", passages=["We sponsor CPT for interns."] if c == "Aldan" else [])],
        )
        for c in ("Aldan", "Brisk", "Corvo")
    ]
    return [*roles, Posting(id="pm", title="Product Manager", company="Dunmore")]


def test_naming_another_role_in_a_thread_switches_to_it(engine: Engine) -> None:
    a = engine.ask(
        "does the machine learning engineer offer relocation?", context=Context(posting_id="lumen-fe")
    )
    assert a.postings[0].id == "berg-ml"


def test_naming_roles_that_exclude_the_threads_role_asks_which() -> None:
    e = Engine(_interns())
    a = e.ask("does the software engineering intern role sponsor CPT?", context=Context(posting_id="pm"))
    assert a.status is Status.AMBIGUOUS
    assert "pm" not in [p.id for p in a.postings]


def test_a_follow_up_naming_no_role_stays_on_the_threads_role(engine: Engine) -> None:
    a = engine.ask("does it need python?", context=Context(posting_id="orbit-intern"), today=TODAY)
    assert a.postings[0].id == "orbit-intern"
    # The thread's own title named again keeps it, even when other roles share the words.
    e = Engine(_interns())
    a = e.ask("does the software engineering intern sponsor CPT?", context=Context(posting_id="swi-Brisk"))
    assert a.postings[0].id == "swi-Brisk"


def test_a_greeting_or_thanks_is_not_a_search(engine: Engine) -> None:
    for said in ("hello", "hey there!", "thanks!", "ok thx"):
        a = engine.ask(said, today=TODAY)
        assert a.status is Status.NO_MATCH and not a.postings, said


def test_how_many_jobs_is_a_count(engine: Engine) -> None:
    a = engine.ask("how many jobs are open?", today=TODAY)
    assert a.status is Status.ANSWERED and a.intent is Intent.DISCOVERY
    assert a.text.startswith(f"There are {len(board())} roles here")
    a = engine.ask("how many internships are there?", today=TODAY)
    assert a.text.startswith("There are 3 roles that fit (internships)")


def test_nonsense_in_a_thread_is_not_the_roles_overview(engine: Engine) -> None:
    for said in ("zxqv blorptang", "?? ..."):
        a = engine.ask(said, context=Context(posting_id="lumen-be"), today=TODAY)
        assert a.status is Status.NO_MATCH and not a.citations and not a.postings, said
        assert "Backend Engineer" not in a.text or "didn't catch" in a.text


def test_an_employer_not_on_the_board_is_named_as_not_found_never_another_role(engine: Engine) -> None:
    a = engine.ask("zephyrcorp machine learning engineer — do they sponsor?", today=TODAY)
    assert a.status is Status.NO_MATCH and "zephyrcorp" in a.text
    assert "berg-ml" not in [p.id for p in a.postings]


def test_what_one_employer_has_open_is_a_listing_of_its_roles() -> None:
    board = [
        Posting(id=f"h{i}", title=t, company="Heronry", sections=[Section(passages=["Posted today."])])
        for i, t in enumerate(["Account Executive", "Field Marketer", "Support Lead"])
    ] + [Posting(id="o", title="Analyst", company="Other Co")]
    e = Engine(board)
    for asked in (
        "does heronry have anything posted?",
        "what's open at heronry?",
        "what is heronry hiring for",
    ):
        a = e.ask(asked, today=TODAY)
        assert a.status is Status.ANSWERED and a.intent is Intent.DISCOVERY, asked
        assert {p.id for p in a.postings} == {"h0", "h1", "h2"} and "matching" not in a.text, asked


def test_a_gazetteer_holds_no_title_words_a_loader_put_where_a_place_goes() -> None:
    from rolecall.postings.model import Location

    board = [
        Posting(
            id=f"m{i}",
            title=f"Marketing Manager {i}",
            company=f"Co {i}",
            locations=[Location(text="Marketing")],
        )
        for i in range(4)
    ] + [Posting(id="s", title="Marketing Lead", company="Sellwell", locations=[Location(text="Denver, CO")])]
    a = Engine(board).ask("sellwell marketing lead — can i do it from toronto?", today=TODAY)
    assert "Marketing is not among" not in a.text
