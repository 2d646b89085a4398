from __future__ import annotations

import pytest

from rolecall.search.analyze import SYNONYMS, fold_phrases, tokenize


def test_stemming_meets_inflections() -> None:
    assert tokenize("designing scalable systems") == tokenize("design scalable system")
    assert tokenize("engineers") == tokenize("engineering")


@pytest.mark.parametrize("tech", ["c++", "c#", ".net", "node.js", "asp.net", "f#"])
def test_tech_tokens_kept_whole(tech: str) -> None:
    assert tech in tokenize(f"Experience with {tech.upper()} and {tech} required")


def test_tech_tokens_not_invented_inside_other_words() -> None:
    toks = tokenize("see example.net and abc#def")
    assert ".net" not in toks and "c#" not in toks


def test_c_and_cpp_are_different_terms() -> None:
    assert tokenize("C") != tokenize("C++")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("back end", "backend"),
        ("back-end engineer", "Backend engineer"),
        ("Front End", "frontend"),
        ("visa", "sponsorship"),
        ("NYC", "New York City"),
        ("SF", "San Francisco"),
        ("RTP", "Research Triangle Park"),
        ("WFH", "remote"),
        ("work from home", "remotely"),
        ("on-site", "onsite"),
        ("telecommuting", "remote"),
        ("in-person", "on site"),
        ("C sharp", "C#"),
        ("nodejs", "Node.js"),
        ("USA", "United States"),
        ("U.S.", "US"),
        ("new grad", "new graduates"),
    ],
)
def test_synonyms_meet(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b)


def test_state_abbreviation_in_capitals_meets_name() -> None:
    assert tokenize("AZ") == tokenize("Arizona")
    assert tokenize("Austin, TX") == tokenize("Austin, Texas")
    assert tokenize("NC") == tokenize("North Carolina")


def test_lowercase_code_folds_only_after_a_comma() -> None:
    assert tokenize("austin, tx") == tokenize("Austin Texas")
    assert "texa" not in tokenize("tx power")


@pytest.mark.parametrize("code", ["IN", "OR", "ME", "OK", "ID"])
def test_english_word_codes_fold_only_in_address_position(code: str) -> None:
    names = {"IN": "Indiana", "OR": "Oregon", "ME": "Maine", "OK": "Oklahoma", "ID": "Idaho"}
    name_tokens = tokenize(names[code])
    assert tokenize(f"Springfield, {code}") == ["springfield", *name_tokens]
    assert tokenize(f"roles in {code}?") == ["role", *name_tokens]
    # Mid-sentence capitals are words or acronyms, not places.
    assert not set(name_tokens) & set(tokenize(f"Python {code} Java, see job {code} 12"))


def test_lowercase_english_words_never_fold() -> None:
    assert tokenize("work in or near the office, or at home") == tokenize("work near office at home")


def test_multiword_states_do_not_half_match() -> None:
    assert not set(tokenize("North Carolina")) & set(tokenize("South Carolina"))
    assert tokenize("New York, NY") == ["newyork", "newyork"]


def test_la_is_los_angeles_unless_after_comma() -> None:
    assert tokenize("jobs in LA") == tokenize("jobs in Los Angeles")
    assert tokenize("New Orleans, LA")[-1] == tokenize("Louisiana")[0]


def test_stopwords_dropped_unless_kept() -> None:
    assert "the" not in tokenize("the role")
    assert "the" in tokenize("the role", keep_stopwords=True)


def test_fold_phrases_is_case_insensitive() -> None:
    assert fold_phrases("Full Stack and BACK END") == "fullstack and backend"


def test_synonym_targets_are_fixed_points() -> None:
    # A canonical form must analyze to itself, or index and query would disagree after a second pass.
    for target in set(SYNONYMS.values()):
        assert tokenize(target) == [target], target


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("sr backend eng", "Senior Backend Engineer"),
        ("snr data engineers", "Senior Data Engineering"),
        ("jr developer", "Junior Developer"),
        ("SRE", "Site Reliability"),
        ("sre engineer", "Site Reliability Engineer"),
        ("MTS", "Member of Technical Staff"),
        ("quant trader", "Quantitative Trading"),
        ("devrel", "Developer Relations"),
        ("infra eng", "Infrastructure Engineer"),
        ("yrs exp", "years experience"),
        ("eng mgr", "Engineering Manager"),
        ("SREs", "Site Reliability Engineers"),
        ("data scientist", "Data Science"),
        ("QA", "Quality Assurance"),
        ("CS degree", "a degree in Computer Science"),
        ("UX", "User Experience"),
        ("GCP", "Google Cloud"),
        ("phd", "Ph.D."),
        ("PhDs", "Ph.D"),
        ("BS", "B.S."),
        ("fulltime", "Full-Time"),
        ("green card", "greencard"),
    ],
)
def test_seeker_abbreviations_meet_the_long_form(typed: str, written: str) -> None:
    typed_tokens = tokenize(typed)
    assert typed_tokens and set(typed_tokens) <= set(tokenize(written)), (typed_tokens, tokenize(written))


def test_product_manager_meets_pm_and_keeps_its_words() -> None:
    title = set(tokenize("Senior Product Manager"))
    assert {"pm", "senior"} <= title
    # The long form still meets a query that spells one of its words.
    assert set(tokenize("product")) <= title


def test_clock_times_are_not_product_managers() -> None:
    for shift in ("9 AM - 5 PM", "until 5:30 pm", "12 pm start"):
        assert "pm" not in tokenize(shift), shift
    assert "pm" in tokenize("pm roles in Boston")


def test_long_form_folding_needs_the_whole_phrase() -> None:
    # "technical staff" alone is not a member-of-technical-staff title; "site" alone is not SRE.
    assert "mts" not in tokenize("support our technical staff")
    assert "sre" not in tokenize("on site reliability testing lab")
    assert "devrel" not in tokenize("developer tools and customer relations")


def test_full_time_and_part_time_do_not_share_a_term() -> None:
    assert not set(tokenize("full-time")) & set(tokenize("part-time"))


def test_platform_names_ending_in_s_are_not_stemmed_into_other_words() -> None:
    from rolecall.search.analyze import tokenize

    assert tokenize("iOS developer")[0] == "ios"
    assert "io" not in tokenize("iOS and macOS apps")
    assert "io" in tokenize("ipinfo.io")  # a domain's .io stays what it was
