"""Issue 10 item 16: help that reads right, ``--version``, ``show`` by id or title words, ``eval --floor``
checked, ``sync --offline`` honest about never-fetched feeds, unknown files listed as skipped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rolecall import __version__
from rolecall.cli import cli
from rolecall.config import Settings
from rolecall.knowledge import load_knowledge
from rolecall.services import Services
from rolecall.slack import handlers
from rolecall.slack.terminal import render

POSTINGS = {
    "orbital-mechanic.md": """---
title: Orbital Mechanic
company: Lumen Yards
locations: ["Tucson, AZ"]
---
You will service satellite arms in our Tucson yard.
""",
    "orbital-mechanic-lead.md": """---
title: Orbital Mechanic Lead
company: Lumen Yards
locations: ["Mesa, AZ"]
---
You will lead the crew that services satellite arms in Mesa.
""",
    "pastry-chef.md": """---
title: Pastry Chef
company: Crumb & Co
locations: ["Boise, ID"]
---
Laminate dough for croissants every morning.
""",
}


def _commands(group: typer.core.TyperGroup, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, typer.core.TyperGroup):
            yield from _commands(command, (*path, name))


ROOT = typer.main.get_command(cli)
ALL_COMMANDS = [(), *_commands(ROOT)]  # type: ignore[arg-type]


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    directory = tmp_path / "knowledge"
    directory.mkdir()
    for name, text in POSTINGS.items():
        (directory / name).write_text(text)
    return directory


def invoke(*args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), env=env)


# -- help -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "rolecall")
def test_help_shows_flags_and_arguments_conventionally(path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "<bool>" not in out and "<str>" not in out and "<path>" not in out and "<int>" not in out
    assert not re.search(r"\{\w+\}", out), out  # no "{posting_id}" for a required argument
    usage = next(line for line in out.splitlines() if "Usage:" in line)
    assert "rolecall" in usage


@pytest.mark.parametrize("path", [p for p in ALL_COMMANDS if p], ids=" ".join)
def test_every_option_and_argument_has_help(path: tuple[str, ...]) -> None:
    command: typer.core.TyperCommand = ROOT
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    for param in command.params:
        assert getattr(param, "help", None), f"{' '.join(path)}: {param.name} has no help"
    assert command.help, f"{' '.join(path)} has no description"


def test_flags_take_no_placeholder_and_values_name_theirs() -> None:
    out = invoke("eval", "--help").stdout
    assert re.search(r"--json\s+Machine-readable", out)  # a flag: nothing between name and help
    assert re.search(r"--knowledge\s+DIR\s", out)
    assert re.search(r"--floor\s+RATE\s", out)
    assert "Usage: rolecall eval [OPTIONS] QA_FILE" in out
    assert "Usage: rolecall check [OPTIONS] [DIR]" in invoke("check", "--help").stdout
    assert "Usage: rolecall show [OPTIONS] ID_OR_TITLE..." in invoke("show", "--help").stdout


def test_version_flag_and_command() -> None:
    assert invoke("--version").stdout.strip() == f"rolecall {__version__}"
    assert invoke("version").stdout.strip() == __version__


# -- show -------------------------------------------------------------------------------------------------
def test_show_by_id_and_by_title_words(knowledge: Path) -> None:
    by_title = invoke("show", "pastry", "chef", "--knowledge", str(knowledge))
    assert by_title.exit_code == 0, by_title.output
    assert by_title.stdout.startswith("Pastry Chef — Crumb & Co")
    posting_id = re.search(r"^id: (\S+)$", by_title.stdout, re.M).group(1)  # type: ignore[union-attr]
    by_id = invoke("show", posting_id, "--knowledge", str(knowledge), "--json")
    assert json.loads(by_id.stdout)["title"] == "Pastry Chef"
    exact = invoke("show", "Orbital Mechanic", "--knowledge", str(knowledge))
    assert exact.exit_code == 0 and exact.stdout.startswith("Orbital Mechanic — Lumen Yards")


def test_show_asks_which_when_words_fit_several_and_says_when_none(knowledge: Path) -> None:
    several = invoke("show", "satellite", "arms", "--knowledge", str(knowledge))
    assert several.exit_code == 1
    assert "2 postings match 'satellite arms'; say which:" in several.stderr
    assert "Orbital Mechanic Lead — Lumen Yards" in several.stderr
    none = invoke("show", "submarine", "welder", "--knowledge", str(knowledge))
    assert none.exit_code == 1 and "No posting matches 'submarine welder'" in none.stderr


def test_show_and_the_slash_command_find_the_same_posting(knowledge: Path, tmp_path: Path) -> None:
    settings = Settings(
        knowledge_dir=knowledge, database_url=f"sqlite:///{tmp_path / 's.db'}", _env_file=None
    )
    services = Services(settings)
    load_knowledge(services)
    for words in ("pastry chef", "Orbital Mechanic Lead", "croissants"):
        slash = render(
            handlers.run_command(services, f"show {words}", handlers.Where(), user_tz=lambda: None).message
        )
        cli_out = invoke("show", *words.split(), "--knowledge", str(knowledge)).stdout
        assert slash.plain.splitlines()[0] == cli_out.splitlines()[0].split(" — ")[0], words


# -- eval --floor -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("floor", ["1.5", "-0.1"])
def test_eval_floor_outside_0_to_1_is_refused(floor: str, tmp_path: Path) -> None:
    qa = tmp_path / "qa.jsonl"
    qa.write_text("")
    result = invoke("eval", str(qa), "--floor", floor)
    assert result.exit_code == 2
    assert "Invalid value for '--floor'" in result.output
    assert re.search(r"(less|greater) than or equal to [01]", result.output)


# -- check and sync: what was not read --------------------------------------------------------------------
def test_check_lists_files_skipped_for_their_extension(knowledge: Path) -> None:
    (knowledge / "brochure.pdf").write_bytes(b"%PDF-1.4 not a posting")
    (knowledge / "sheet.csv").write_text("title,company\n")
    (knowledge / ".hidden.pdf").write_text("hidden files stay silent")
    result = invoke("check", str(knowledge))
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stdout.splitlines() if line.startswith("skip")]
    assert len(skipped) == 2
    assert "brochure.pdf: unknown extension '.pdf'" in skipped[0]
    assert "sheet.csv: unknown extension '.csv'" in skipped[1]
    assert result.stdout.splitlines()[-1] == "3 postings from 3 files; 2 files skipped"
    payload = json.loads(invoke("check", str(knowledge), "--json").stdout)
    assert [Path(s["path"]).name for s in payload["skipped"]] == ["brochure.pdf", "sheet.csv"]


def test_sync_lists_skipped_files(knowledge: Path, tmp_path: Path) -> None:
    (knowledge / "notes.docx").write_bytes(b"PK\x03\x04 not a posting")
    env = {"ROLECALL_DATABASE_URL": f"sqlite:///{tmp_path / 'sync.db'}", "ROLECALL_SOURCES_FILE": None}
    result = invoke("sync", "--knowledge", str(knowledge), env=env)
    assert result.exit_code == 0, result.output
    assert re.search(r"skipped \S*notes\.docx: unknown extension '\.docx'", result.stderr)
    assert "3 postings live" in result.stdout


def test_sync_offline_says_never_fetched(knowledge: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("greenhouse: [neverseen]\nbase_urls:\n  greenhouse: http://127.0.0.1:9/gh\n")
    env = {
        "ROLECALL_DATABASE_URL": f"sqlite:///{tmp_path / 'offline.db'}",
        "ROLECALL_SOURCES_FILE": str(sources),
    }
    result = invoke("sync", "--offline", "--knowledge", str(knowledge), env=env)
    assert result.exit_code == 0, result.output
    assert "feed greenhouse:neverseen: never fetched" in result.stdout
    assert "ok, 0 postings" not in result.stdout


def test_check_skips_the_folders_own_documentation(knowledge: Path) -> None:
    # A README beside the postings describes the folder; read as a posting it became a role titled "# ...".
    (knowledge / "README.md").write_text("# Our postings\n\nOne file per role; ask Dana before adding.\n")
    (knowledge / "LICENSE").write_text("Public domain.\n")
    result = invoke("check", str(knowledge))
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stdout.splitlines() if line.startswith("skip")]
    assert len(skipped) == 2
    assert all("documentation" in line for line in skipped)
    assert result.stdout.splitlines()[-1] == "3 postings from 3 files; 2 files skipped"
