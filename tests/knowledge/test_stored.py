"""StoredKnowledge: a file is parsed only when it is new or its content changed, in this process or any
other sharing the database; a removed file's postings leave; stored rows from another reader version, or
that cannot be decoded, are never used."""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from rolecall.knowledge import RACY_NS, StoredKnowledge
from rolecall.postings.catalog import load_dir
from rolecall.store import postings as stored
from rolecall.store.postings import KnowledgeFile, KnowledgeReader
from tests.knowledge.conftest import CountingParser, md

HOUR_NS = 3600 * 10**9


def write(root: Path, name: str, text: str, *, age_s: float = 3600) -> Path:
    """A file last modified ``age_s`` ago (older than the racy window, so its stat can be trusted)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    when = time.time_ns() - int(age_s * 1e9)
    os.utime(path, ns=(when, when))
    return path


def titles(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.title for p in result.postings]


def rows(sessions: sessionmaker[Session], root: Path) -> dict[str, KnowledgeFile]:
    with sessions() as s:
        q = select(KnowledgeFile).where(KnowledgeFile.root == str(root.resolve()))
        return {r.path: r for r in s.scalars(q)}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    d = tmp_path / "knowledge"
    d.mkdir()
    write(d, "a.md", md("Alpha Engineer"))
    write(d, "team/b.md", md("Bravo Analyst"))
    write(d, "c.json", '{"title": "Charlie Designer", "company": "Globex"}')
    return d


def test_only_new_or_changed_files_are_parsed(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    knowledge = StoredKnowledge(root, sessions, parse=parser)
    first = knowledge.load()
    assert parser.take() == ["a.md", "b.md", "c.json"]
    assert titles(first) == titles(load_dir(root))  # same postings, same order as a plain load
    assert sorted(knowledge.last.changed) == ["a.md", "c.json", "team/b.md"]

    again = knowledge.load()
    assert parser.take() == [] and knowledge.last.unchanged == 3 and knowledge.last.changed == []
    assert [p is q for p, q in zip(again.postings, first.postings, strict=True)] == [True] * 3

    write(root, "a.md", md("Alpha Engineer II"), age_s=1800)  # changed content, new mtime
    write(root, "d.md", md("Delta Manager"))  # new
    third = knowledge.load()
    assert parser.take() == ["a.md", "d.md"]
    assert titles(third) == ["Alpha Engineer II", "Charlie Designer", "Delta Manager", "Bravo Analyst"]
    assert titles(third) == titles(load_dir(root))
    assert knowledge.last.changed == ["a.md", "d.md"]


def test_a_new_process_takes_unchanged_files_from_the_database(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    first = StoredKnowledge(root, sessions, parse=parser).load()
    parser.take()
    write(root, "c.json", '{"title": "Charlie Lead Designer", "company": "Globex"}', age_s=60)
    knowledge = StoredKnowledge(root, sessions, parse=parser)  # a restart: nothing in memory
    second = knowledge.load()
    assert parser.take() == ["c.json"]
    assert knowledge.last.from_store == 2 and knowledge.last.parsed == 1
    assert [p.model_dump() for p in second.postings if p.title != "Charlie Lead Designer"] == [
        p.model_dump() for p in first.postings if p.title != "Charlie Designer"
    ]
    assert [f.format for f in second.files] == ["markdown", "json", "markdown"]


def test_a_touched_file_with_the_same_content_is_hashed_not_parsed(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    StoredKnowledge(root, sessions, parse=parser).load()
    parser.take()
    path = root / "a.md"
    later = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(later, later))  # `touch`, a checkout, a copy: same bytes, new mtime
    knowledge = StoredKnowledge(root, sessions, parse=parser)
    knowledge.load()
    assert parser.take() == [] and knowledge.last.hashed == 1
    assert rows(sessions, root)["a.md"].mtime_ns == later  # the new stat is recorded: next time no hash
    fresh = StoredKnowledge(root, sessions, parse=parser)
    fresh.load()
    assert fresh.last.hashed == 0 and fresh.last.from_store == 3


def test_a_file_modified_just_now_is_hashed_rather_than_trusted(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    """Its mtime could tick again with the same size (racily clean): the stat alone proves nothing."""
    write(root, "e.md", md("Echo Engineer"), age_s=0)
    knowledge = StoredKnowledge(root, sessions, parse=parser)
    knowledge.load()
    parser.take()
    knowledge.load()
    assert knowledge.last.hashed == 1 and parser.take() == []  # hashed, same content: not parsed
    knowledge.clock_ns = lambda: time.time_ns() + RACY_NS + 10**9  # a look well after the write
    knowledge.load()  # records the stat afresh ...
    knowledge.load()  # ... which is now trusted
    assert knowledge.last.hashed == 0 and knowledge.last.unchanged == 4


def test_a_deleted_file_is_forgotten(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    knowledge = StoredKnowledge(root, sessions, parse=parser)
    knowledge.load()
    (root / "team" / "b.md").unlink()
    result = knowledge.load()
    assert "Bravo Analyst" not in titles(result) and knowledge.last.changed == ["team/b.md"]
    assert sorted(rows(sessions, root)) == ["a.md", "c.json"]
    # Deleted while no process was running: the next start forgets it too.
    (root / "c.json").unlink()
    restarted = StoredKnowledge(root, sessions, parse=parser)
    assert titles(restarted.load()) == ["Alpha Engineer"]
    assert sorted(rows(sessions, root)) == ["a.md"] and restarted.last.removed == 1


def test_a_new_reader_version_reads_everything_once_and_old_versions_are_pruned(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    StoredKnowledge(root, sessions, reader="v1", parse=parser).load()
    parser.take()
    StoredKnowledge(root, sessions, reader="v2", parse=parser).load()
    assert parser.take() == ["a.md", "b.md", "c.json"]  # new loaders: nothing of v1 is trusted
    StoredKnowledge(root, sessions, reader="v2", parse=parser).load()
    assert parser.take() == []
    # v1 is still in use by a replica not yet upgraded: its rows stay until it has been idle an hour.
    with sessions() as s:
        assert {r.reader for r in s.scalars(select(KnowledgeFile))} == {"v1", "v2"}
        s.execute(
            update(KnowledgeReader)
            .where(KnowledgeReader.reader == "v1")
            .values(last_used=datetime.now(UTC) - stored.STALE_READER_AFTER * 2)
        )
        s.commit()
    write(root, "d.md", md("Delta Manager"))
    StoredKnowledge(root, sessions, reader="v2", parse=parser).load()
    with sessions() as s:
        assert {r.reader for r in s.scalars(select(KnowledgeFile))} == {"v2"}
        assert {r.reader for r in s.scalars(select(KnowledgeReader))} == {"v2"}


def test_a_corrupt_stored_row_falls_back_to_parsing_with_a_warning(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser, caplog: pytest.LogCaptureFixture
) -> None:
    StoredKnowledge(root, sessions, parse=parser).load()
    parser.take()
    with sessions() as s:
        s.execute(update(KnowledgeFile).where(KnowledgeFile.path == "a.md").values(data=b"not zlib at all"))
        s.execute(
            update(KnowledgeFile)
            .where(KnowledgeFile.path == "c.json")
            .values(data=stored.encode_postings([]).replace(b"x", b"y")[:5] + b"\x00" * 8)
        )
        s.commit()
    knowledge = StoredKnowledge(root, sessions, parse=parser)
    with caplog.at_level(logging.WARNING, logger="rolecall.knowledge"):
        result = knowledge.load()
    assert parser.take() == ["a.md", "c.json"]
    assert titles(result) == ["Alpha Engineer", "Charlie Designer", "Bravo Analyst"]
    assert knowledge.last.corrupt == 2
    warned = [r.getMessage() for r in caplog.records]
    assert any("a.md" in m and "unreadable" in m for m in warned), warned
    assert StoredKnowledge(root, sessions, parse=parser).load() and parser.take() == []  # repaired


def test_bad_files_are_remembered_too(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    write(root, "broken.json", '{"title": "x", ')
    first = StoredKnowledge(root, sessions, parse=parser).load()
    parser.take()
    again = StoredKnowledge(root, sessions, parse=parser).load()
    assert parser.take() == []
    (bad,) = [f for f in again.files if f.error]
    assert bad.path.endswith("broken.json") and "invalid JSON" in bad.error
    assert [(f.path, f.error, f.warnings) for f in again.files] == [
        (f.path, f.error, f.warnings) for f in first.files
    ]


def test_duplicate_ids_are_decided_per_load_not_stored(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    write(root, "z.json", '{"id": "dup", "title": "Zulu Engineer", "company": "Acme Widgets"}')
    write(root, "b.json", '{"id": "dup", "title": "Other", "company": "Acme Widgets"}')
    knowledge = StoredKnowledge(root, sessions, parse=parser)
    first = knowledge.load()
    assert [f.warnings for f in first.files if f.path.endswith("z.json")] == [
        [f"duplicate id 'dup' (already loaded from {root / 'b.json'}); skipped"]
    ]
    (root / "b.json").unlink()
    second = knowledge.load()
    assert [f.warnings for f in second.files if f.path.endswith("z.json")] == [[]]
    assert "Zulu Engineer" in titles(second)


def test_the_dir_named_another_way_keeps_its_own_paths(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser, monkeypatch: pytest.MonkeyPatch
) -> None:
    StoredKnowledge(root, sessions, parse=parser).load()  # absolute path
    parser.take()
    monkeypatch.chdir(root.parent)
    result = StoredKnowledge(Path("knowledge"), sessions, parse=parser).load()  # the same dir, relative
    assert parser.take() == []
    assert {p.source.path for p in result.postings if p.source} == {
        "knowledge/a.md",
        "knowledge/c.json",
        "knowledge/team/b.md",
    }
    assert [f.path for f in result.files] == [f.path for f in load_dir(Path("knowledge")).files]


def test_replicas_share_what_either_parsed(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    one = StoredKnowledge(root, sessions, parse=parser)
    two = StoredKnowledge(root, sessions, parse=parser)
    one.load()
    two.load()
    assert parser.take() == ["a.md", "b.md", "c.json"]  # two found everything stored by one
    write(root, "a.md", md("Alpha Engineer II"), age_s=1800)
    one.load()
    assert parser.take() == ["a.md"]
    result = two.load()  # sees a new stat, hashes, finds one's row with that hash
    assert parser.take() == [] and "Alpha Engineer II" in titles(result)


def test_replicas_loading_at_once_neither_fail_nor_lose_rows(
    root: Path, sessions: sessionmaker[Session]
) -> None:
    for i in range(40):
        write(root, f"bulk/{i:02d}.md", md(f"Role {i}"))
    loaders = [StoredKnowledge(root, sessions) for _ in range(3)]
    results: list[int] = []
    errors: list[BaseException] = []

    def run(k: StoredKnowledge) -> None:
        try:
            results.append(len(k.load().postings))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in loaders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and results == [43, 43, 43]
    assert len(rows(sessions, root)) == 43
    assert all(not k._db_failed for k in loaders)


def test_without_a_database_it_still_loads_incrementally(root: Path, parser: CountingParser) -> None:
    knowledge = StoredKnowledge(root, None, parse=parser)
    knowledge.load()
    knowledge.load()
    assert parser.take() == ["a.md", "b.md", "c.json"]


def test_a_failing_database_costs_a_warning_not_the_load(
    root: Path, parser: CountingParser, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    from rolecall.store.db import make_engine, session_factory

    db = make_engine(f"sqlite:///{tmp_path / 'no-tables.db'}")  # no schema created
    with caplog.at_level(logging.WARNING, logger="rolecall.knowledge"):
        result = StoredKnowledge(root, session_factory(db), parse=parser).load()
    assert len(result.postings) == 3 and parser.take() == ["a.md", "b.md", "c.json"]
    assert any("stored postings" in r.getMessage() for r in caplog.records)
    db.dispose()


def test_a_missing_dir_forgets_nothing(root: Path, sessions: sessionmaker[Session]) -> None:
    StoredKnowledge(root, sessions).load()
    moved = root.rename(root.parent / "elsewhere")
    result = StoredKnowledge(root, sessions).load()
    assert result.failed and "no such file" in (result.failed[0].error or "")
    moved.rename(root)
    assert len(rows(sessions, root)) == 3


def test_editing_folder_defaults_rereads_the_files_they_apply_to(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser
) -> None:
    """What a file reads as depends on more than its bytes: a folder's .rolecall.yaml fills what its
    postings leave out. Its defaults are part of a stored row's context, so editing them makes the stored
    postings of the files under that folder (and only those) stale."""
    write(root, "team/t.md", "---\ntitle: Tango Tester\n---\nNo company here.\n")
    write(root, "team/.rolecall.yaml", "defaults:\n  company: Initech\n")
    knowledge = StoredKnowledge(root, sessions, parse=parser)
    first = knowledge.load()
    assert {p.title: p.company for p in first.postings}["Tango Tester"] == "Initech"
    parser.take()
    knowledge.load()
    assert parser.take() == []
    write(root, "team/.rolecall.yaml", "defaults:\n  company: Umbrella Labs\n", age_s=1800)
    second = knowledge.load()
    assert parser.take() == ["b.md", "t.md"]  # only the files under team/, and their bytes never changed
    assert {p.title: p.company for p in second.postings}["Tango Tester"] == "Umbrella Labs"
    assert titles(second) == titles(load_dir(root))
    restarted = StoredKnowledge(root, sessions, parse=parser)
    assert [p.company for p in restarted.load().postings] == [p.company for p in second.postings]
    assert parser.take() == [] and restarted.last.from_store == 4
    write(root, "team/.rolecall.yaml", "defaults:\n  company: Initech\n", age_s=1700)
    # Back to defaults read before: the rows now hold the other reading, so the files are read again.
    StoredKnowledge(root, sessions, parse=parser).load()
    assert parser.take() == ["b.md", "t.md"]
    write(root, "team/.rolecall.yaml", "defaults: [not, a, mapping]\n", age_s=1600)
    broken = knowledge.load()
    assert any(f.error and ".rolecall.yaml" in f.path for f in broken.files)  # reported like a bad file
    companies = {p.title: p.company for p in broken.postings}
    assert companies["Tango Tester"] != "Initech"  # no defaults apply: read as a plain load reads it
    assert companies == {p.title: p.company for p in load_dir(root).postings}


def test_a_table_of_an_earlier_layout_is_dropped_not_misread(
    root: Path, sessions: sessionmaker[Session], parser: CountingParser, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import inspect, text

    with sessions() as s:
        s.execute(text('CREATE TABLE "knowledge_files" (root TEXT, path TEXT, data TEXT)'))
        s.commit()
    with caplog.at_level(logging.WARNING, logger="rolecall.knowledge"):
        StoredKnowledge(root, sessions, parse=parser).load()
        StoredKnowledge(root, sessions, parse=parser).load()
    assert parser.take() == ["a.md", "b.md", "c.json"]  # read once, then from the current table
    assert caplog.records == []
    with sessions() as s:
        tables = set(inspect(s.get_bind()).get_table_names())
    assert "knowledge_files" not in tables and stored.KnowledgeFile.__tablename__ in tables
