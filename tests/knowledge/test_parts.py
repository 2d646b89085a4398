"""The pieces under StoredKnowledge: the reader version, the file walk, the stored encoding, progress,
and publishing only what changed."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from rolecall.config import Settings
from rolecall.knowledge import LogProgress
from rolecall.postings import reader
from rolecall.postings.catalog import SUFFIXES, candidate_files, load_dir, walk
from rolecall.services import Services
from rolecall.store.postings import decode_postings, encode_postings
from tests.knowledge.conftest import md


def test_the_reader_version_changes_with_any_loader_or_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "rolecall" / "postings"
    shutil.copytree(reader._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(reader, "_PACKAGE", package)
    monkeypatch.setattr(reader, "_ROOT", package.parent)

    def version() -> str:
        reader.reader_version.cache_clear()
        return reader.reader_version()

    try:
        first = version()
        assert version() == first  # stable
        (package / "extract.py").write_text((package / "extract.py").read_text() + "\n# a tweak\n")
        second = version()
        assert second != first
        (package.parent / "data").mkdir()
        (package.parent / "data" / "places.csv").write_text("city,state\n")
        assert version() != second
        third = version()
        # A rolecall module a loader imports counts (followed from the import lines), others do not.
        (package.parent / "helper.py").write_text("X = 1\n")
        (package.parent / "unrelated.py").write_text("Y = 1\n")
        assert version() == third
        text = (package / "text.py").read_text()
        (package / "text.py").write_text(text + "\n    from rolecall.helper import X  # noqa\n")
        fourth = version()
        assert fourth != third
        (package.parent / "helper.py").write_text("X = 2\n")
        fifth = version()
        assert fifth != fourth
        (package.parent / "unrelated.py").write_text("Y = 2\n")
        assert version() == fifth
        monkeypatch.setattr(reader, "_library_version", lambda name: "9.9" if name == "ftfy" else "1")
        assert version() not in {first, second, third, fourth, fifth}
    finally:
        reader.reader_version.cache_clear()


_DOCS = {"readme", "license", "licence", "changelog", "contributing", "notice", "copying"}


def _rglob_visible(path: Path) -> list[Path]:
    """The catalog's original definition (rglob), kept here as the reference for walk()."""
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def _rglob_candidates(path: Path) -> list[Path]:
    return [
        p
        for p in _rglob_visible(path)
        if (p.suffix.lower() in SUFFIXES or not p.suffix) and p.stem.casefold() not in _DOCS
    ]


def test_walk_finds_what_rglob_found_in_the_same_order(tmp_path: Path) -> None:
    for rel in [
        "a.md", "a-c/x.json", "a/b.TXT", ".hidden/x.md", "b/.h.md", "c/d/e.YAML", "c/noext",
        "c/weird.", "c/x.tar.gz", "c/x.pdf", "z/ok.htm", "n/deep/er/still.jsonld", "README.md",
        "c/LICENSE", "c/feed.xml", "t/.rolecall.yaml",
    ]:  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    os.symlink(tmp_path / "a.md", tmp_path / "link.md")  # a symlinked file counts
    os.symlink(tmp_path / "c", tmp_path / "linked-dir")  # a symlinked folder is not followed
    expected = _rglob_candidates(tmp_path)
    assert candidate_files(tmp_path) == expected
    found = walk(tmp_path)
    assert [tmp_path.joinpath(*parts) for parts, _ in found.files] == expected
    skipped = [tmp_path.joinpath(*parts) for parts, _why in found.skipped]
    assert skipped == [p for p in _rglob_visible(tmp_path) if p not in expected]
    assert [parts for parts, _ in found.defaults] == [("t",)]  # hidden, yet found as the folder's defaults
    rels = [str(p.relative_to(tmp_path)) for p in expected]
    assert "c/feed.xml" in rels and "README.md" not in rels and "c/LICENSE" not in rels
    assert rels.index("a/b.TXT") < rels.index("a-c/x.json")  # path order, not string order ('-' < '/')
    assert "link.md" in rels and not any(r.startswith(("linked-dir", ".hidden", "b/.h")) for r in rels)


def test_stored_postings_decode_to_equal_postings(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(md("Alpha Engineer", body="We sponsor visas. 3+ years of Go."))
    (tmp_path / "b.json").write_text(
        '[{"title": "B", "company": "C", "pay": "$30/hr"}, {"title": "D", "company": "E"}]'
    )
    postings = load_dir(tmp_path).postings
    assert decode_postings(encode_postings(postings)) == postings
    assert decode_postings(encode_postings([])) == []
    with pytest.raises(ValueError):
        decode_postings(b"garbage")


def test_log_progress_logs_every_few_seconds_and_mirrors_status(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    statuses: list[str] = []
    progress = LogProgress(every=10, status=statuses.append, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="rolecall.knowledge"):
        for done in range(0, 100, 5):
            now[0] = done * 0.5
            progress(done, 100, done)
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 4 and logged[0].startswith("knowledge: 20 of 100 files (20 parsed), 10 s")
    assert statuses[-1] == "knowledge: 95 of 100 files (95 parsed)"


def test_publish_rebuilds_only_for_other_postings(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(md("Alpha Engineer"))
    services = Services(Settings(knowledge_dir=tmp_path, database_url="sqlite://", _env_file=None))
    postings = load_dir(tmp_path).postings
    assert services.publish(postings) is True
    engine = services.engine
    assert services.publish(list(postings)) is False and services.engine is engine
    assert services.publish(load_dir(tmp_path).postings) is True  # equal but new objects: rebuilt
    assert services.engine is not engine
    services.close()


def test_status_says_starting_until_ready() -> None:
    services = Services(Settings(database_url="sqlite://", _env_file=None))
    assert services.status == "starting" and not services.ready.is_set()
    services.set_status("knowledge: 3 of 9 files (3 parsed)")
    assert services.status == "starting: knowledge: 3 of 9 files (3 parsed)"
    services.mark_ready()
    services.set_status("knowledge: 1 of 9 files")
    assert services.ready.is_set() and services.status == "ready"
    services.close()


def test_paused_gc_nests_and_restores_what_it_found() -> None:
    import gc

    from rolecall.gcpause import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # still inside the outer pause
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()


def test_the_terminal_bar_appears_only_for_a_load_still_going_after_a_second() -> None:
    from rolecall.knowledge import TerminalProgress

    now = [0.0]
    seen: list[int] = []
    bar = TerminalProgress(delay=1.0, clock=lambda: now[0], also=lambda d, t, p: seen.append(d))
    try:
        bar(0, 1000, 0)
        now[0] = 0.5
        bar(100, 1000, 100)
        assert bar._bar is None  # quick so far: no bar
        now[0] = 1.5
        bar(200, 1000, 0)  # decoding stored postings counts too, not only parsing
        assert bar._bar is not None and seen == [0, 100, 200]
    finally:
        bar.close()
    assert bar._bar is None
    late_but_nearly_done = TerminalProgress(delay=1.0, clock=lambda: 5.0)
    late_but_nearly_done(990, 1000, 990)
    assert late_but_nearly_done._bar is None
