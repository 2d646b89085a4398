"""load_dir: bad files are reported by path and reason; everything else still loads."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from rolecall.postings import catalog
from rolecall.postings.catalog import fingerprint, load_dir

GOOD_MD = "---\ntitle: Good Role\ncompany: Acme Widgets\nlocations: [Austin, TX]\n---\nA fine job.\n"


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _report(result: catalog.LoadResult, name: str) -> catalog.FileReport:
    return next(f for f in result.files if f.path.endswith(name))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"   \n\n", "empty file"),
        ("binary.json", bytes(range(256)) * 4, "binary"),
        ("broken.json", b'{"title": "x", ', "invalid JSON"),
        ("broken.yaml", b"title: [unclosed\ncompany: x\n", "invalid YAML"),
        ("odd.json", b'{"hello": "world"}', "unknown shape"),
        ("listfm.md", b"---\n- one\n- two\n---\nbody\n", "front matter must be a mapping"),
    ],
)
def test_bad_file_is_reported_and_others_load(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    _write(tmp_path, "good.md", GOOD_MD)
    _write(tmp_path, name, data)
    result = load_dir(tmp_path)
    assert [p.title for p in result.postings] == ["Good Role"]
    bad = _report(result, name)
    assert bad.error is not None and reason in bad.error
    assert bad.postings == 0
    assert _report(result, "good.md").error is None


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    text = "---\ntitle: Product Engineer\ncompany: Acme Widgets\n---\nYou will own the productâ€™s roadmap.\n"
    _write(tmp_path, "moji.md", text)
    (p,) = load_dir(tmp_path).postings
    assert "product’s roadmap" in p.text
    assert "â€" not in p.text


def test_cp1252_bytes_are_read(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "legacy.md",
        GOOD_MD.replace("A fine job.", "Caf\u00e9 perks \u2013 daily.").encode("cp1252"),
    )
    (p,) = load_dir(tmp_path).postings
    assert "Café perks – daily." in p.text


def test_huge_file_gets_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "MAX_FILE_BYTES", 1000)
    _write(tmp_path, "huge.txt", "x" * 2000)
    _write(tmp_path, "good.md", GOOD_MD)
    result = load_dir(tmp_path)
    assert "too large" in (_report(result, "huge.txt").error or "")
    assert len(result.postings) == 1


def test_duplicate_id_keeps_first_and_warns_on_second(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", json.dumps({"id": "same", "title": "First", "company": "Acme"}))
    _write(tmp_path, "b.json", json.dumps({"id": "same", "title": "Second", "company": "Acme"}))
    result = load_dir(tmp_path)
    assert [p.title for p in result.postings] == ["First"]
    second = _report(result, "b.json")
    assert second.error is None and second.postings == 0
    assert any("duplicate id 'same'" in w and "a.json" in w for w in second.warnings)


def test_missing_dir_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = load_dir(tmp_path / "nope")
    assert result.postings == [] and result.failed


def test_hidden_and_unrelated_files_are_skipped(tmp_path: Path) -> None:
    _write(tmp_path, ".hidden.md", GOOD_MD)
    _write(tmp_path, "image.png", b"\x89PNG")
    _write(tmp_path, "good.md", GOOD_MD)
    result = load_dir(tmp_path)
    assert [f.path.rsplit("/", 1)[-1] for f in result.files] == ["good.md"]


def test_fingerprint_changes_when_a_file_changes(tmp_path: Path) -> None:
    path = _write(tmp_path, "good.md", GOOD_MD)
    before = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == before
    path.write_text(GOOD_MD + "More.\n")
    os.utime(path, ns=(1, 1))
    assert fingerprint(tmp_path) != before
    _write(tmp_path, "other.md", GOOD_MD.replace("Good Role", "Other Role"))
    assert len(fingerprint(tmp_path)) == 2


def test_progress_flag_is_safe_off_a_terminal(tmp_path: Path, fixtures: Path) -> None:
    for f in (f for f in fixtures.iterdir() if f.is_file()):
        shutil.copy(f, tmp_path / f.name)
    plain = load_dir(tmp_path)
    with_bar = load_dir(tmp_path, progress=True)
    assert [p.id for p in plain.postings] == [p.id for p in with_bar.postings]
    assert not plain.failed
