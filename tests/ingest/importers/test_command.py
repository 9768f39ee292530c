"""``partnergraph import``: the command prints and writes the same report as the library."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnergraph.cli import app
from partnergraph.config import get_settings
from tests.real_data import real_data_dir


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("PARTNERGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PARTNERGRAPH_BACKEND", "embedded")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_import_json_and_report_file(runner: CliRunner, tmp_path: Path) -> None:
    path = real_data_dir("un/un-entities.csv") / "un/un-entities.csv"
    report_file = tmp_path / "un.json"
    result = runner.invoke(
        app, ["import", "un-entities", str(path), "--json", "--report", str(report_file)]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["read"] == {"entities": 169}
    assert printed["created"]["Agency"] == 169
    assert json.loads(report_file.read_text()) == printed


def test_import_table_and_errors(runner: CliRunner, tmp_path: Path) -> None:
    path = real_data_dir("un/un-entities.csv") / "un/un-entities.csv"
    result = runner.invoke(app, ["import", "un-entities", str(path)])
    assert result.exit_code == 0, result.output
    assert "created" in result.stdout and "Agency" in result.stdout
    assert runner.invoke(app, ["import", "no-such-format", str(path)]).exit_code == 2
    assert runner.invoke(app, ["import", "un-entities", str(tmp_path / "x.csv")]).exit_code == 2
