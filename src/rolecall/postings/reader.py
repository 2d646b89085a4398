"""The reader version: one fingerprint of everything that decides what a posting file reads as.

Postings stored from a file (``rolecall.store.postings``) are only valid for the code that read them. The
version hashes the source of this package and of every ``rolecall`` module it imports (followed
transitively, read from the ``import`` lines, so a helper moved out of the package still counts), every
data file under ``rolecall/data`` and in this package, and the versions of the libraries whose output
ends up in a posting (ftfy, BeautifulSoup, lxml, PyYAML, dateutil, pydantic). Any change to a loader, a
data file or one of those libraries gives a new version, and every file is read again once.

It takes a few milliseconds, once per process, and is the same in every process running the same code
(whatever else that process imported).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import metadata
from pathlib import Path

import rolecall

FORMAT = 1  # bump when the stored encoding itself changes (rolecall.store.postings)
_PACKAGE = Path(__file__).resolve().parent
_ROOT = Path(rolecall.__file__).resolve().parent
_DATA = ("data",)  # data folders under rolecall/ that loaders read
_LIBRARIES = ("ftfy", "beautifulsoup4", "lxml", "PyYAML", "python-dateutil", "pydantic", "pydantic-core")
_SKIP_SUFFIXES = {".pyc", ".pyo"}
# "import rolecall.x.y", "from rolecall.x import y, z", "from rolecall import x"
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(rolecall(?:\.\w+)*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w \t,]+))"
    r"|^[ \t]*import[ \t]+(rolecall(?:\.\w+)+))",
    re.M,
)


def _module_file(dotted: str) -> Path | None:
    parts = dotted.split(".")[1:]
    base = _ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(source: str) -> set[str]:
    found: set[str] = set()
    for frm, grouped, names, plain in _IMPORT.findall(source):
        if plain:
            found.add(plain)
            continue
        found.add(frm)
        listed = (grouped or names).replace("\n", ",").split(",")
        found.update(f"{frm}.{n.split(' as ')[0].strip()}" for n in listed if n.strip())
    return found


def _files() -> list[Path]:
    """This package's files, the rolecall modules they import (transitively), and the data folders."""
    found = {p for p in _PACKAGE.rglob("*") if p.is_file()}
    todo = [p for p in found if p.suffix == ".py"]
    while todo:
        source = todo.pop().read_text(encoding="utf-8", errors="replace")
        for dotted in _imported(source):
            module = _module_file(dotted)
            if module is not None and module not in found:
                found.add(module)
                todo.append(module)
    for name in _DATA:
        folder = _ROOT / name
        if folder.is_dir():
            found.update(p for p in folder.rglob("*") if p.is_file())
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
