"""The one posting model every source maps into, in schema.org ``JobPosting`` vocabulary.

Field names are part of the public contract (``rolecall check --json``, ``show --json``, front matter),
so they stay stable; additions are fine, renames are not.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Workplace(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"
    UNKNOWN = "unknown"


class EmploymentType(StrEnum):
    """schema.org ``employmentType`` values."""

    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACTOR = "CONTRACTOR"
    TEMPORARY = "TEMPORARY"
    INTERN = "INTERN"
    VOLUNTEER = "VOLUNTEER"
    PER_DIEM = "PER_DIEM"
    OTHER = "OTHER"


class Sponsorship(StrEnum):
    OFFERED = "offered"
    NOT_OFFERED = "not_offered"
    NOT_STATED = "not_stated"


class Location(BaseModel):
    """One place a role is based. ``text`` is what the posting said; the rest is parsed when known."""

    model_config = ConfigDict(extra="forbid")

    text: str
    city: str | None = None
    region: str | None = None  # state / province, full name when known ("Arizona")
    country: str | None = None  # ISO 3166-1 alpha-2 when known ("US")
    remote: bool = False  # this entry is a remote option ("Remote (US only)")


class Pay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None
    currency: str | None = None  # ISO 4217 ("USD")
    unit: str | None = None  # HOUR | DAY | WEEK | MONTH | YEAR (schema.org unitText)
    text: str | None = None  # the posting's own words, for quoting


class Evidence(BaseModel):
    """A fact and the sentence of the posting it came from."""

    model_config = ConfigDict(extra="forbid")

    fact: str  # e.g. "sponsorship", "citizenship_required", "clearance", "experience", "degree", "student"
    quote: str
    value: str | None = None


class Eligibility(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sponsorship: Sponsorship = Sponsorship.NOT_STATED
    work_authorization_required: bool | None = None
    citizenship_required: bool | None = None
    clearance: str | None = None
    student_status: str | None = None  # e.g. "enrolled student", "graduating 2025-2026"
    min_experience_years: float | None = None
    degree: str | None = None  # e.g. "Bachelor's", "Master's or PhD"
    evidence: list[Evidence] = Field(default_factory=list)

    def evidence_for(self, fact: str) -> list[Evidence]:
        return [e for e in self.evidence if e.fact == fact]


class Section(BaseModel):
    """A heading and its passages (sentences and bullets), in posting order."""

    model_config = ConfigDict(extra="forbid")

    heading: str = ""
    passages: list[str] = Field(default_factory=list)


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str  # text | markdown | yaml | json | html | jsonld | greenhouse | lever | ashby | community | hn
    path: str | None = None
    url: str | None = None  # where a feed was fetched from


class Posting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    company: str
    locations: list[Location] = Field(default_factory=list)
    workplace: Workplace = Workplace.UNKNOWN
    remote_regions: list[str] = Field(default_factory=list)  # where remote applicants may live ("US")
    employment_type: list[EmploymentType] = Field(default_factory=list)
    job_id: str | None = None
    url: str | None = None
    apply_url: str | None = None
    apply_instructions: str | None = None  # "email jobs@x.com", when the posting says how
    date_posted: date | None = None
    valid_through: date | None = None
    start_date: str | None = None  # as stated ("Summer 2025", "June 2, 2025")
    terms: list[str] = Field(default_factory=list)  # internship terms ("Summer 2025", "Fall 2025")
    active: bool = True  # False once the source says the role is closed
    pay: Pay | None = None
    department: str | None = None
    eligibility: Eligibility = Field(default_factory=Eligibility)
    sections: list[Section] = Field(default_factory=list)
    source: Source | None = None
    # What the source stated that no field above holds (front-matter keys of another tool, say), as
    # written and JSON-safe; shown in the posting's "Details" section so it can still be quoted.
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("title", "company")
    @classmethod
    def _strip(cls, v: str) -> str:
        return " ".join(v.split())

    def passages(self) -> list[tuple[str, str]]:
        """(section heading, passage) pairs in order."""
        return [(s.heading, p) for s in self.sections for p in s.passages]

    @property
    def text(self) -> str:
        return "\n".join(p for _, p in self.passages())

    def location_summary(self) -> str:
        parts = [loc.text for loc in self.locations]
        return "; ".join(parts) if parts else ""

    def is_closed(self, today: date) -> bool:
        return not self.active or (self.valid_through is not None and self.valid_through < today)


def parse_datetime_date(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value
