from typer.testing import CliRunner

from rolecall import __version__
from rolecall.cli import cli


def test_version_prints_package_version() -> None:
    result = CliRunner().invoke(cli, ["version"])
    assert result.exit_code == 0
    assert result.output.strip() == __version__
