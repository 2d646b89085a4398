from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolecall.answer.evaluate import Question, QuestionSetError, Result, load_questions, score, summarise


def q(**kw: object) -> Question:
    base: dict[str, object] = {"id": "t1", "kind": "details", "question": "?", "status": "answered"}
    base.update(kw)
    return Question(**base)  # type: ignore[arg-type]


def ans(
    status: str = "answered", text: str = "", postings: list[dict[str, str]] | None = None
) -> dict[str, object]:
    return {"status": status, "text": text, "postings": postings or [], "citations": []}


def test_status_must_match() -> None:
    assert score(q(status="not_stated"), ans("answered")) != []
    assert score(q(status="not_stated"), ans("not_stated")) == []


def test_first_posting_must_match_title_and_company_substrings() -> None:
    want = q(posting={"title": "back end", "company": "ibm"})
    good = ans(postings=[{"title": "Back End Developer Intern", "company": "IBM"}])
    wrong_first = ans(
        postings=[{"title": "QA Intern", "company": "IBM"}, {"title": "Back End Dev", "company": "IBM"}]
    )
    assert score(want, good) == []
    assert any("first posting" in w for w in score(want, wrong_first))


def test_discovery_postings_within_first_ten() -> None:
    want = q(kind="discovery", expect_postings=[{"title": "", "company": "Zed"}])
    tail = [{"title": f"R{i}", "company": f"C{i}"} for i in range(10)] + [{"title": "X", "company": "Zed"}]
    assert score(want, ans(postings=tail)) != []
    assert score(want, ans(postings=tail[-1:] + tail)) == []


def test_text_rules_fold_whitespace_and_case() -> None:
    want = q(expect_all=["New  York"], expect_any=["a", "zz"], expect_none=["$"])
    assert score(want, ans(text="based in new\nyork, a city")) == []
    assert score(want, ans(text="based in new york for $5")) != []
    assert score(want, ans(text="Boston")) != []


def test_load_and_summarise(tmp_path: Path) -> None:
    f = tmp_path / "qa.jsonl"
    rows = [{"id": "a", "kind": "location", "question": "?", "status": "answered"}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    qs = load_questions(f)
    overall, kinds = summarise([Result(qs[0], ans(), []), Result(qs[0], ans(), ["x"])])
    assert (overall.passed, overall.total) == (1, 2) and kinds["location"].rate == 0.5


def test_bad_line_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "qa.jsonl"
    f.write_text('{"id": "a"}\n')
    with pytest.raises(QuestionSetError, match=r"qa.jsonl:1"):
        load_questions(f)
