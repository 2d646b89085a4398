"""One adapter per posting format, and ``parse_payload`` that picks the adapter from the content."""

from __future__ import annotations

from rolecall.postings.sources.detect import FORMATS, decode, detect_format, parse_payload

__all__ = ["FORMATS", "decode", "detect_format", "parse_payload"]
