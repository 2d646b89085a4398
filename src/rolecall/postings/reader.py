"""The reader version: one fingerprint of everything that decides what a posting file reads as.

Postings stored from a file (``rolecall.store.postings``) are only valid for the code that read them. The
version hashes the source and data files of this package (adapters, extraction, the model, place
tables), the error messages' module, and the versions of the libraries whose output ends up in a
posting (ftfy, BeautifulSoup, lxml, PyYAML, dateutil, pydantic). Any change to a loader, a data file or
one of those libraries gives a new version, and every file is read again once.

Hashing ~40 files takes a few milliseconds; it is done once per process.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

import rolecall

FORMAT = 1  # bump when the stored encoding itself changes (rolecall.store.postings)
_PACKAGE = Path(__file__).resolve().parent
_ROOT = Path(rolecall.__file__).resolve().parent
_ALSO = ("errors.py", "data")  # outside this package but read by it (data files, when there are any)
_LIBRARIES = ("ftfy", "beautifulsoup4", "lxml", "PyYAML", "python-dateutil", "pydantic", "pydantic-core")
_SKIP_SUFFIXES = {".pyc", ".pyo"}


def _files() -> list[Path]:
    found = [p for p in _PACKAGE.rglob("*") if p.is_file()]
    for name in _ALSO:
        extra = _ROOT / name
        if extra.is_file():
            found.append(extra)
        elif extra.is_dir():
            found.extend(p for p in extra.rglob("*") if p.is_file())
    return sorted(p for p in found if p.suffix not in _SKIP_SUFFIXES and "__pycache__" not in p.parts)


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def reader_version() -> str:
    """A short hex digest; equal in two processes exactly when they read files the same way."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in _files():
        h.update(path.relative_to(_ROOT).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for lib in _LIBRARIES:
        h.update(f"{lib}=={_library_version(lib)}\n".encode())
    return h.hexdigest()[:32]
