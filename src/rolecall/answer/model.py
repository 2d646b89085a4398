"""What the answer engine returns. ``Answer.model_dump(mode="json")`` is exactly ``rolecall ask --json``."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Status(StrEnum):
    ANSWERED = "answered"
    NOT_STATED = "not_stated"
    AMBIGUOUS = "ambiguous"
    NO_MATCH = "no_match"


class Intent(StrEnum):
    LOCATION = "location"
    REQUIREMENTS = "requirements"
    ELIGIBILITY = "eligibility"
    DETAILS = "details"
    DISCOVERY = "discovery"


class PostingRef(BaseModel):
    id: str
    title: str
    company: str
    url: str | None = None
    location: str | None = None
    closed: bool = False


class Citation(BaseModel):
    posting_id: str
    quote: str
    section: str | None = None


class FacetOutcome(BaseModel):
    """One facet the question asked and whether the posting answered it (insights count these)."""

    name: str
    status: Status  # answered | not_stated


class Answer(BaseModel):
    status: Status
    text: str
    postings: list[PostingRef] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    intent: Intent | None = None
    facets: list[FacetOutcome] = Field(default_factory=list)  # per facet asked, for one posting's answer


class Context(BaseModel):
    """Conversation state the caller keeps (a thread, a DM): the engine itself is stateless."""

    posting_id: str | None = None
