"""The pure parts: rows -> counts and ranked gaps; the words, the CSV and the chart made from them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from rolecall.insights.aggregate import build_report
from rolecall.insights.chart import facet_chart
from rolecall.insights.render import gap_line, slack_parts, to_csv
from rolecall.store.insights import FacetRecord, FeedbackRecord

T0 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
_ids = iter(range(1, 10_000))


def row(
    facet: str,
    status: str,
    *,
    posting: str = "p1",
    title: str = "Data Engineer",
    company: str = "Acme",
    text: str = "",
    user: str = "",
    qid: int | None = None,
    at: int = 0,
) -> FacetRecord:
    return FacetRecord(
        question_id=qid if qid is not None else next(_ids),
        user_id=user,
        text=text or f"{facet}?",
        posting_id=posting,
        title=title,
        company=company,
        facet=facet,
        status=status,
        created_at=T0 + timedelta(minutes=at),
    )


def test_counts_by_facet_and_status_and_gaps_ranked_by_effect() -> None:
    rows = [
        *[row("sponsorship", "not_stated", text=f"visa {i}?", at=i) for i in range(3)],
        *[row("pay", "not_stated", posting="p2", title="Intern", company="Globex") for _ in range(2)],
        row("pay", "answered"),
        row("remote", "answered"),
    ]
    report = build_report(rows)
    assert (report.questions, report.facet_asks, report.answered, report.not_stated) == (7, 7, 2, 5)
    assert [(s.facet, s.asked, s.answered, s.not_stated) for s in report.facets] == [
        ("sponsorship", 3, 0, 3),  # most asked first; among equals, most often unanswered
        ("pay", 3, 1, 2),
        ("remote", 1, 1, 0),
    ]
    assert [(g.facet, g.posting_id, g.not_stated) for g in report.gaps] == [
        ("sponsorship", "p1", 3),  # the fix that answers the most questions comes first
        ("pay", "p2", 2),
    ]
    assert report.gaps[0].examples == ["visa 2?", "visa 1?", "visa 0?"]  # newest first, at most three
    (acme,) = [g for g in report.by_company if g.key == "Acme"]
    assert (acme.questions, acme.answered, acme.postings) == (5, 2, 1)


def test_not_helpful_feedback_breaks_ties_and_votes_count_once_per_person() -> None:
    a, b = row("pay", "not_stated", qid=1), row("sponsorship", "not_stated", qid=2)
    feedback = [
        FeedbackRecord(2, "U1", True, T0),
        FeedbackRecord(2, "U1", False, T0 + timedelta(minutes=1)),  # changed their mind: latest counts
        FeedbackRecord(2, "U2", False, T0),
    ]
    report = build_report([a, b], feedback)
    assert [g.facet for g in report.gaps] == ["sponsorship", "pay"]
    assert (report.gaps[0].not_helpful, report.helpful, report.not_helpful) == (2, 0, 2)


def test_a_question_asked_again_by_the_same_person_counts_once() -> None:
    rows = [
        row("pay", "not_stated", user="U1", text="What is the pay?", qid=10),
        row("pay", "not_stated", user="U1", text="what is the  pay?", qid=11, at=1),  # shared: asked again
        row("pay", "not_stated", user="U2", text="What is the pay?", qid=12),  # someone else: counts
    ]
    report = build_report(rows, [FeedbackRecord(11, "U3", False, T0)])
    assert report.questions == 2 and report.gaps[0].not_helpful == 1


def test_a_gap_the_posting_has_since_filled_ranks_last_and_says_so() -> None:
    rows = [
        *[row("pay", "not_stated", at=i) for i in range(3)],
        row("pay", "answered", at=10),  # the posting states pay now
        row("degree", "not_stated", at=5),
    ]
    report = build_report(rows)
    assert [(g.facet, g.fixed) for g in report.gaps] == [("degree", False), ("pay", True)]
    assert "answered since" in gap_line(report.gaps[1])


def test_company_wide_gaps_sum_over_postings() -> None:
    rows = [
        row("sponsorship", "not_stated", posting="p1"),
        row("sponsorship", "not_stated", posting="p2", title="Analyst"),
        row("sponsorship", "answered", posting="p3", title="Designer"),
        row("pay", "not_stated", posting="p1", company="Other"),
    ]
    report = build_report(rows)
    (top, *_) = report.company_gaps
    assert (top.facet, top.company, top.postings, top.not_stated) == ("sponsorship", "Acme", 2, 2)
    assert "asked twice about 2 postings at Acme; none of them says" in gap_line(top)


def test_words_escape_untrusted_text_and_name_nobody() -> None:
    rows = [
        row("pay", "not_stated", title="<!channel> Dev", company="A&B", text="pay <@U123>?", user="USECRET")
    ]
    parts = "\n".join(slack_parts(build_report(rows)))
    assert "<!channel>" not in parts and "&lt;!channel&gt; Dev" in parts and "A&amp;B" in parts
    assert "<@U123>" not in parts and "USECRET" not in parts
    assert "USECRET" not in json.dumps(build_report(rows).model_dump(mode="json"))


def test_csv_rows_per_posting_and_facet_and_no_formulas() -> None:
    rows = [
        row("pay", "not_stated", title="=HYPERLINK(evil)"),
        row("pay", "answered", title="=HYPERLINK(evil)"),
    ]
    out = list(csv.DictReader(io.StringIO(to_csv(build_report(rows)))))
    assert [(r["group"], r["facet"], r["asked"], r["not_stated"]) for r in out] == [
        ("posting", "pay", "2", "1"),
        ("company", "pay", "2", "1"),
    ]
    assert out[0]["title"] == "'=HYPERLINK(evil)"


def test_the_chart_is_a_png_that_depends_on_the_numbers() -> None:
    report = build_report([row("pay", "not_stated"), row("remote", "answered")])
    png = facet_chart(report.facets, title="Questions per facet")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == facet_chart(report.facets, title="Questions per facet")  # no timestamp inside
    other = build_report([row("pay", "answered"), row("remote", "answered")])
    assert png != facet_chart(other.facets, title="Questions per facet")
    assert facet_chart([], title="nothing").startswith(b"\x89PNG")
