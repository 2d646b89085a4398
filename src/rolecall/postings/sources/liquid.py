"""Liquid in Markdown bodies (Jekyll job boards): rendered with the page's own front matter.

``{% if page.state == 'open' %}…{% endif %}`` keeps the branch that matches the page, ``{{ page.x }}``
becomes the front-matter value, comments go, and tags only the site can resolve (``{% include %}``,
``{% link %}``, ``site.*``) render as nothing — so no raw Liquid reaches a passage. python-liquid does
the rendering (lax mode: an unknown tag or filter is skipped, not fatal); if it still fails, the tags
are stripped and the text between them kept.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_HAS_LIQUID = re.compile(r"\{[{%]")
_COMMENT = re.compile(r"\{%-?\s*comment\b.*?%\}.*?\{%-?\s*endcomment\b.*?%\}", re.S)
_TAG = re.compile(r"\{%.*?%\}", re.S)
_OUTPUT = re.compile(r"\{\{.*?\}\}", re.S)
_EMPTY_LINK = re.compile(r"\[([^\]]+)\]\(\s*\)")


@cache
def _environment() -> Any:
    from liquid import Environment, Mode

    env = Environment(tolerance=Mode.LAX)
    # The `date` filter reads dates as the loaders do ("December 3, 2018, 8am EDT", other languages),
    # with the time-zone table, so dateutil never warns about "EDT".
    env.filters["date"] = _date_filter
    return env


def _date_filter(value: Any, fmt: Any = None) -> str:
    from datetime import date, datetime

    from rolecall.postings.sources.dates import parse_datetime

    if value is None or fmt is None or not isinstance(fmt, str):
        return "" if value is None else str(value)
    if isinstance(value, datetime):
        moment: datetime | None = value
    elif isinstance(value, date):
        moment = datetime.combine(value, datetime.min.time())
    elif str(value) in ("now", "today"):
        moment = datetime.now()
    else:
        moment = parse_datetime(str(value))
    if moment is None:
        return str(value)
    try:
        return moment.strftime(fmt)
    except ValueError:
        return str(value)


def render(body: str, page: dict[str, Any]) -> str:
    """``body`` with its Liquid evaluated against ``page`` (the front matter); text without Liquid as is."""
    if not _HAS_LIQUID.search(body):
        return body
    # Jekyll exposes front matter as `page.x`; includes and layouts also see bare `x`.
    variables: dict[str, Any] = {str(k): v for k, v in page.items()}
    variables["page"] = dict(variables)
    try:
        out = _environment().from_string(body).render(**variables)
    except Exception:  # python-liquid's lax mode rarely raises; a broken template must not lose the text
        out = _strip(body)
    return _EMPTY_LINK.sub(r"\1", out)


def _strip(body: str) -> str:
    return _OUTPUT.sub("", _TAG.sub("", _COMMENT.sub("", body)))
