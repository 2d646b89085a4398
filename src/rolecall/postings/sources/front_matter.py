"""Front matter written for other tools (Jekyll job boards, hand-made YAML) -> the model's fields.

Nothing is refused for a key the posting can do without and nothing is dropped: a key that is a model
field or one of its aliases (``rolecall/data/front_matter.yaml``) fills that field; any other key is kept
in ``Posting.extra`` and shown in a "Details" section, and the unknown ones are named in one warning per
file. A value a field cannot take (``closes: TBD``) stays in ``extra`` as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from rolecall.postings.extract import employment_type_value, pay_in
from rolecall.postings.model import Pay, Posting, Section
from rolecall.postings.sources.ats import workplace_value
from rolecall.postings.sources.base import to_date
from rolecall.postings.text import Block, sections_from_blocks

# Fields the mapping fills itself; `description` is the body's stand-in, not a model field.
_OWN_FIELDS = (set(Posting.model_fields) - {"source", "extra"}) | {"description"}
_VIRTUAL = ("company_url", "pay_min", "pay_max", "pay_currency", "grade", "status")
_LONG_VALUE = 200  # characters: a longer text value is a section of its own, not a "Label: value" line


@cache
def _tables() -> dict[str, Any]:
    data = yaml.safe_load((files("rolecall") / "data" / "front_matter.yaml").read_text(encoding="utf-8"))
    aliases = {key_name(a): target for target, names in data["aliases"].items() for a in names}
    return {
        "aliases": aliases,
        "status": {key_name(k): bool(v) for k, v in data["status_values"].items()},
        "site": {key_name(k) for k in data["site_keys"]},
        "gs": {key_name(k) for k in data["gs_grade_keys"]},
    }


def key_name(key: Any) -> str:
    """'Apply URL' / 'apply-url' / 'apply_url' -> 'apply_url'."""
    return re.sub(r"[\s\-]+", "_", str(key).strip()).lower()


def json_safe(value: Any) -> Any:
    """YAML values -> what JSON can hold (dates as ISO strings), so ``extra`` serialises anywhere."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


@dataclass
class Mapped:
    """Front matter sorted out: model fields, the helpers that build some of them, and the rest."""

    data: dict[str, Any] = field(default_factory=dict)  # model field -> value ready for validation
    virtual: dict[str, Any] = field(default_factory=dict)  # company_url, pay_min, ... (raw)
    extra: dict[str, Any] = field(default_factory=dict)  # original key -> value, JSON-safe
    unknown: list[str] = field(default_factory=list)  # original keys that no table names
    site: set[str] = field(default_factory=set)  # original keys of the site generator (not shown)

    def keep(self, key: str, value: Any) -> None:
        self.extra.setdefault(str(key), json_safe(value))


def map_front_matter(raw: dict[str, Any]) -> Mapped:
    tables = _tables()
    out = Mapped()
    for key, value in raw.items():
        name = key_name(key)
        if name == "extra" and isinstance(value, dict):
            for k, v in value.items():
                out.keep(str(k), v)
            continue
        target = name if name in _OWN_FIELDS else tables["aliases"].get(name)
        if target is None:
            if not _empty(value):
                out.keep(str(key), value)
                if name in tables["site"]:
                    out.site.add(str(key))
                else:
                    out.unknown.append(str(key))
            continue
        if _empty(value):
            continue
        if target in out.data or target in out.virtual:
            out.keep(str(key), value)  # a second key for the same field: the first one wins, nothing lost
            continue
        if target == "grade" and name in tables["gs"] and re.fullmatch(r"\d{1,2}", str(value).strip()):
            value = f"GS-{int(str(value).strip()):02d}"
        if target in _VIRTUAL:
            out.virtual[target] = value
            if target != "status":
                out.keep(str(key), value)  # also shown: "Grade: GS-15" is worth quoting
            continue
        converted = _convert(target, value)
        if converted is None and target == "apply_url" and re.search(r"@|\s", str(value).strip()):
            target, converted = "apply_instructions", " ".join(str(value).split())  # "Email jobs@acme.com"
        if converted is None or target in out.data:
            out.keep(str(key), value)  # e.g. `closes: TBD`: not a date, kept as written
        else:
            out.data[target] = converted
    _status(out, tables["status"])
    _pay_parts(out)
    return out


def _convert(target: str, value: Any) -> Any:
    """A raw front-matter value -> the field's value, or None when the field cannot take it."""
    if target in ("title", "company", "department", "job_id", "start_date", "apply_instructions", "id"):
        if isinstance(value, dict):
            value = value.get("name") or value.get("value")
        return (" ".join(str(value).split()) or None) if value is not None else None
    if target in ("url", "apply_url"):
        text = str(value).strip()
        if text.startswith(("http://", "https://")):
            return text
        return None
    if target == "employment_type":
        items = value if isinstance(value, list) else [value]
        types = [t for v in items for t in employment_type_value(str(v))]
        return list(dict.fromkeys(types)) or None
    if target in ("date_posted", "valid_through"):
        return to_date(value)
    if target == "workplace":
        wp = workplace_value(str(value))
        return wp if wp.value != "unknown" or str(value).strip().lower() == "unknown" else None
    if target in ("terms", "remote_regions"):
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if target == "pay":
        if isinstance(value, dict):
            return value
        return pay_in(str(value), require_context=False)
    if target == "active":
        if isinstance(value, bool):
            return value
        return {"true": True, "yes": True, "false": False, "no": False}.get(str(value).strip().lower())
    return value  # locations, sections, eligibility, description, ...: validated by their readers


def _status(out: Mapped, values: dict[str, bool]) -> None:
    status = out.virtual.pop("status", None)
    if status is None:
        return
    if isinstance(status, bool):
        flag: bool | None = status
    else:
        flag = values.get(key_name(status))
    if flag is None:
        out.keep("status", status)
    elif "active" not in out.data:
        out.data["active"] = flag


def _number(value: Any) -> float | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", str(value))
    return float(m.group(0).replace(",", "")) if m else None


def _pay_parts(out: Mapped) -> None:
    """salary_min / salary_max / currency / grade -> Pay, when no `pay`/`salary` field gave one."""
    lo, hi = out.virtual.get("pay_min"), out.virtual.get("pay_max")
    grade = out.virtual.get("grade")
    if "pay" in out.data or (lo is None and hi is None):
        return
    lo_f, hi_f = _number(lo) if lo is not None else None, _number(hi) if hi is not None else None
    if lo_f is None and hi_f is None:
        return
    written = " - ".join(str(v).strip() for v in (lo, hi) if v is not None)
    currency = out.virtual.get("pay_currency") or ("USD" if "$" in written or grade else None)
    if currency == "USD" and "$" not in written:
        written = " - ".join(f"${v:,.0f}" for v in (lo_f, hi_f) if v is not None)
    # A pay grade is a yearly schedule; a bare range with no unit stays without one.
    unit = "YEAR" if grade else None
    text = f"{written} per year ({grade})" if grade else written
    out.data["pay"] = Pay(min=lo_f, max=hi_f, currency=currency, unit=unit, text=text)


# ---------------------------------------------------------------------------------------------------------
# The "Details" section: what `extra` holds that a candidate may ask about


def label(key: str) -> str:
    words = re.sub(r"[_\s]+", " ", key).strip()
    return words[:1].upper() + words[1:]


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        return "; ".join(f"{label(str(k))}: {_item_text(v)}" for k, v in item.items() if not _empty(v))
    if isinstance(item, list):
        return "; ".join(_item_text(v) for v in item if not _empty(v))
    return " ".join(str(item).split())


def _list_blocks(items: list[Any]) -> list[Block]:
    """A list value -> bullets; an item `{title: ..., items: [...]}` becomes its title then its items."""
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, dict):
            head = next((item[k] for k in item if key_name(k) in ("title", "name", "heading")), None)
            subs = next((item[k] for k in item if isinstance(item[k], list)), None)
            if head is not None and subs is not None:
                blocks.append(Block("bullet", _item_text(head)))
                blocks.extend(_list_blocks(subs))
                continue
        text = _item_text(item)
        if text:
            blocks.append(Block("bullet" if len(text) <= 400 else "para", text))
    return blocks


def details_sections(mapped: Mapped, *, markdown: Any) -> list[Section]:
    """``extra`` (site keys aside) as passages: short values as "Label: value" lines under "Details",
    long texts and lists as sections of their own. ``markdown`` turns a text value into blocks."""
    lines: list[str] = []
    own: list[Section] = []
    for key, value in mapped.extra.items():
        if key in mapped.site or _empty(value):
            continue
        if isinstance(value, list):
            own += sections_from_blocks(_list_blocks(value), first_heading=label(key))
        elif isinstance(value, dict):
            text = _item_text(value)
            if text:
                lines.append(f"{label(key)}: {text}")
        elif isinstance(value, str) and ("\n" in value.strip() or len(value) > _LONG_VALUE):
            own += sections_from_blocks(markdown(value), first_heading=label(key))
        else:
            lines.append(f"{label(key)}: {' '.join(str(value).split())}")
    details = [Section(heading="Details", passages=lines)] if lines else []
    return own + details


# ---------------------------------------------------------------------------------------------------------
# Front matter that is not valid YAML: read key by key

_TOP_KEY = re.compile(r"^(?P<key>[^\s#\-:][^:\n]{0,60}?)\s*:(?=\s|$)")


def recover(text: str) -> tuple[dict[str, Any], list[str]]:
    """Invalid front matter -> the mapping of every top-level key that parses on its own, plus the keys
    whose values had to be kept as text. Comment lines between keys are skipped."""
    chunks: list[list[str]] = []
    for line in text.splitlines():
        if _TOP_KEY.match(line):
            chunks.append([line])
        elif chunks:
            chunks[-1].append(line)
    out: dict[str, Any] = {}
    as_text: list[str] = []
    for lines in chunks:
        chunk = "\n".join(lines)
        key = _TOP_KEY.match(lines[0]).group("key").strip()  # type: ignore[union-attr]
        try:
            value = yaml.safe_load(chunk)
        except yaml.YAMLError:
            value = None
        if isinstance(value, dict) and len(value) == 1:
            out.update(value)
            continue
        first = lines[0].split(":", 1)[1].strip().strip("'\"")
        rest = [ln.strip() for ln in lines[1:] if ln.strip() and not ln.lstrip().startswith("#")]
        out[key] = "\n".join(x for x in [first, *rest] if x)
        as_text.append(key)
    return out, as_text
