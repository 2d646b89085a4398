"""An insights :class:`~rolecall.insights.aggregate.Report` as words: Slack mrkdwn parts and CSV. Pure.

Question texts, titles and company names are untrusted and escaped before they reach mrkdwn. Nothing
here can say who asked: the report does not hold it.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo

import yaml

from rolecall.insights.aggregate import FacetStat, Gap, Group, Report, share
from rolecall.slack.blocks import escape

MAX_GAPS = 5
MAX_GROUPS = 8


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    text = files("rolecall.data").joinpath("facet_labels.yaml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in (yaml.safe_load(text) or {}).items()}


def facet_label(facet: str) -> str:
    return _labels().get(facet) or facet.replace("_", " ").capitalize()


def period(report: Report, tz: str = "UTC") -> str:
    zone = ZoneInfo(tz)

    def day(at: datetime) -> str:
        return f"{at.astimezone(zone):%b %-d, %Y}"

    if report.since and report.until:
        return f"{day(report.since)} – {day(report.until)}"
    if report.since:
        return f"since {day(report.since)}"
    return "all kept questions"


def _times(n: int) -> str:
    return "once" if n == 1 else ("twice" if n == 2 else f"{n} times")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report | Group) -> str:
    """ "42 questions · 74% answered · 11 times “the posting doesn't say” · feedback 9 helpful, 3 not"."""
    parts = [_plural(report.questions, "question")]
    if isinstance(report, Report) and report.postings > 1:
        parts[0] += f" about {report.postings} postings"
    parts.append(f"{share(report.answered, report.facet_asks)} of facets asked answered")
    if report.not_stated:
        parts.append(f"“the posting doesn't say” {_times(report.not_stated)}")
    if report.helpful or report.not_helpful:
        parts.append(f"feedback: {report.helpful} helpful, {report.not_helpful} not helpful")
    return " · ".join(parts)


def gap_line(g: Gap, *, with_where: bool = True) -> str:
    """ "*Visa sponsorship* — asked 14 times about Data Engineer (Acme); the posting doesn't say." """
    label = f"*{escape(facet_label(g.facet))}*"
    if g.posting_id is None:
        where = f" about {_plural(g.postings, 'posting')} at {escape(g.company)}" if with_where else ""
        verdict = "none of them says" if g.postings > 1 else "it doesn't say"
    else:
        where = f" about {escape(g.title or g.posting_id)} ({escape(g.company)})" if with_where else ""
        verdict = "the posting doesn't say"
        if g.not_stated < g.asked:
            verdict += f" ({g.not_stated} of {g.asked} times)"
    line = f"{label} — asked {_times(g.not_stated if g.posting_id is None else g.asked)}{where}; {verdict}"
    if g.fixed:
        line += " _(answered since: the posting states it now)_"
    if g.not_helpful:
        line += f" · {g.not_helpful} rated not helpful"
    if g.examples:
        line += "\n      e.g. " + ", ".join(f"“{escape(e)}”" for e in g.examples)
    return line


def gaps_part(
    gaps: list[Gap], *, title: str = "Top gaps", limit: int = MAX_GAPS, with_where: bool = True
) -> str:
    shown = [g for g in gaps if not g.fixed][:limit] or gaps[:limit]
    if not shown:
        return f"*{title}*\nNone: every facet candidates asked about was answered by the posting."
    lines = [f"{i}. {gap_line(g, with_where=with_where)}" for i, g in enumerate(shown, 1)]
    return f"*{title}* (fix these first)\n" + "\n".join(lines)


def facets_part(stats: list[FacetStat], *, limit: int = 10) -> str:
    lines = [
        f"• {escape(facet_label(s.facet))}: {_plural(s.asked, 'question')}, "
        f"{share(s.answered, s.asked)} answered" + (f", {s.not_stated} not stated" if s.not_stated else "")
        for s in stats[:limit]
    ]
    more = f"\n…and {len(stats) - limit} more facets" if len(stats) > limit else ""
    return "*Questions by facet*\n" + "\n".join(lines) + more


def groups_part(groups: list[Group], *, title: str, limit: int = MAX_GROUPS) -> str:
    lines = []
    for g in groups[:limit]:
        name = (
            f"{escape(g.title)} ({escape(g.company)})" if g.kind == "posting" and g.title else escape(g.key)
        )
        gap = f" · top gap: {escape(facet_label(g.gaps[0].facet))}" if g.gaps and not g.gaps[0].fixed else ""
        answered = f"{share(g.answered, g.facet_asks)} answered"
        lines.append(f"• *{name}* — {_plural(g.questions, 'question')}, {answered}{gap}")
    more = f"\n…and {len(groups) - limit} more" if len(groups) > limit else ""
    return f"*{title}*\n" + "\n".join(lines) + more


def slack_parts(report: Report, *, tz: str = "UTC", heading: str = "Posting gaps") -> list[str]:
    """The report as a few mrkdwn parts (one Slack section each): summary, gaps, facets, where."""
    head = f"*{escape(heading)}: {escape(report.scope)}* — {period(report, tz)}"
    if report.empty:
        return [f"{head}\nNo questions about these postings in this period."]
    parts = [f"{head}\n{summary_line(report)}", gaps_part(report.gaps)]
    company_wide = [g for g in report.company_gaps if g.postings > 1]  # one fix for several postings
    if company_wide:
        parts.append(gaps_part(company_wide, title="Gaps across an employer's postings", limit=3))
    parts.append(facets_part(report.facets))
    if report.postings > 1:
        parts.append(groups_part(report.by_posting, title="By posting"))
    if report.companies > 1:
        parts.append(groups_part(report.by_company, title="By employer"))
    return parts


CSV_FIELDS = (
    "group",
    "posting_id",
    "title",
    "company",
    "facet",
    "asked",
    "answered",
    "not_stated",
    "helpful",
    "not_helpful",
)


def to_csv(report: Report) -> str:
    """One row per (posting, facet), then per (company, facet): the shape a spreadsheet pivots on."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for group in [*report.by_posting, *report.by_company]:
        for s in group.facets:
            writer.writerow(
                [
                    group.kind,
                    group.posting_id or "",
                    _cell(group.title or ""),
                    _cell(group.company),
                    s.facet,
                    s.asked,
                    s.answered,
                    s.not_stated,
                    s.helpful,
                    s.not_helpful,
                ]
            )
    return out.getvalue()


def _cell(text: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: a posting title must not."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
