"""Knowledge reload: the watcher notices a new file and republishes the postings, without a restart."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rolecall.config import Settings
from rolecall.knowledge import fingerprint, load_knowledge, watch_knowledge
from rolecall.services import Services

ONE = "---\ntitle: Data Engineer\ncompany: Acme\n---\nBuild pipelines.\n"
TWO = "---\ntitle: Platform Intern\ncompany: Globex\n---\nKubernetes tooling.\n"


def wait_until(predicate, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_fingerprint_changes_when_a_file_appears(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(ONE)
    before = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == before
    (tmp_path / "two.md").write_text(TWO)
    assert fingerprint(tmp_path) != before


def test_a_missing_dir_is_reported_not_fatal(tmp_path: Path) -> None:
    services = Services(Settings(knowledge_dir=tmp_path / "nope", database_url="sqlite://", _env_file=None))
    report = load_knowledge(services)
    assert report.postings == 0 and report.errors and "nope" in report.errors[0][0]


def test_watcher_picks_up_a_new_file(tmp_path: Path) -> None:
    directory = tmp_path / "knowledge"
    directory.mkdir()
    (directory / "one.md").write_text(ONE)
    services = Services(Settings(knowledge_dir=directory, database_url="sqlite://", _env_file=None))
    load_knowledge(services)
    assert [p.title for p in services.postings] == ["Data Engineer"]
    reloads: list[int] = []
    stop = threading.Event()
    watch_knowledge(services, interval=0.05, stop=stop, on_reload=lambda r: reloads.append(r.postings))
    try:
        (directory / "two.md").write_text(TWO)
        assert wait_until(lambda: len(services.postings) == 2)
        assert services.engine.get(next(p.id for p in services.postings if p.title == "Platform Intern"))
        assert wait_until(lambda: reloads == [2])
    finally:
        stop.set()


def test_watcher_can_reload_through_another_owner(tmp_path: Path) -> None:
    """The digest sync owns the posting set when installed; the watcher then only triggers it."""
    directory = tmp_path / "knowledge"
    directory.mkdir()
    services = Services(Settings(knowledge_dir=directory, database_url="sqlite://", _env_file=None))
    calls: list[str] = []
    results: list[object] = []
    stop = threading.Event()
    watch_knowledge(services, interval=0.05, stop=stop, reload=lambda: calls.append("sync") or "synced",
                    on_reload=results.append)  # fmt: skip
    try:
        (directory / "one.md").write_text(ONE)
        assert wait_until(lambda: results == ["synced"])
        assert calls == ["sync"] and services.postings == ()  # the default loader was not used
    finally:
        stop.set()
