"""The gaps report's chart: questions per facet, answered vs "the posting doesn't say", as a PNG.

matplotlib draws it with the Agg backend (no display, no GUI toolkit), through a ``Figure`` object rather
than pyplot, whose global state is not safe across the scheduler's threads. matplotlib rather than drawing
with Pillow: axis scaling, tick labels, text layout and a legend come with it, and the chart stays legible
for any number of facets without hand-written geometry. The PNG carries no timestamp, so the same report
draws the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rolecall.insights.aggregate import FacetStat
from rolecall.insights.render import facet_label

MAX_FACETS = 12
ANSWERED_COLOUR = "#2e7d32"
NOT_STATED_COLOUR = "#ef6c00"


def facet_chart(stats: Sequence[FacetStat], *, title: str, limit: int = MAX_FACETS) -> bytes:
    """A horizontal stacked bar per facet (most asked on top); PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    shown = list(stats[:limit])[::-1]  # barh draws bottom-up; the most asked goes on top
    labels = [facet_label(s.facet) for s in shown]
    answered = [s.answered for s in shown]
    silent = [s.not_stated for s in shown]

    fig = Figure(figsize=(8, 1.4 + 0.42 * max(1, len(shown))), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.barh(labels, answered, color=ANSWERED_COLOUR, label="answered")
    ax.barh(labels, silent, left=answered, color=NOT_STATED_COLOUR, label="the posting doesn't say")
    top = max((a + n for a, n in zip(answered, silent, strict=True)), default=0)
    for y, (a, n) in enumerate(zip(answered, silent, strict=True)):
        ax.text(a + n + top * 0.01, y, f"{a + n}", va="center", fontsize=9)
    ax.set_xlim(0, max(1, top) * 1.12)
    ax.set_xlabel("questions")
    ax.set_title(title, fontsize=11, loc="left", pad=22)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, frameon=False, fontsize=9)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
