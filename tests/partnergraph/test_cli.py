"""The command line: exit codes, reports, the demo and generate commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnergraph.cli import app
from partnergraph.config import get_settings

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "small"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PARTNERGRAPH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PARTNERGRAPH_BACKEND", "embedded")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _stats(runner: CliRunner) -> dict[str, int]:
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    counts: dict[str, int] = json.loads(result.stdout)["counts"]
    return counts


def test_ingest_then_stats(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ingest", str(SMALL)])
    assert result.exit_code == 0, result.output
    assert _stats(runner)["Company"] == 5


def test_invalid_package_exits_2_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    pkg = tmp_path / "bad"
    shutil.copytree(SMALL, pkg)
    with (pkg / "approaches.csv").open("a", encoding="utf-8") as fh:
        fh.write("A9,WFP,KO,someday,food,KE,funding,,planned\n")
    report = tmp_path / "out" / "report.json"
    result = runner.invoke(app, ["ingest", str(pkg), "--report", str(report)])
    assert result.exit_code == 2
    assert "approaches.csv line 5, column date" in result.stderr
    assert sum(_stats(runner).values()) == 0
    problems = json.loads(report.read_text())["problems"]
    assert problems == [
        {
            "file": "approaches.csv",
            "line": 5,
            "column": "date",
            "reason": "'someday' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
        }
    ]
    assert (tmp_path / "out" / "report.rejects.csv").exists()

    result = runner.invoke(app, ["ingest", str(pkg), "--skip-invalid", "--report", str(report)])
    assert result.exit_code == 0
    totals = json.loads(report.read_text())["totals"]
    assert totals["read"] == totals["loaded"] + totals["rejected"] and totals["rejected"] == 1
    rejects = (tmp_path / "out" / "report.rejects.csv").read_text().splitlines()
    assert len(rejects) == 2 and "someday" in rejects[1]


def test_missing_package_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_demo_loads_without_serving(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    counts = _stats(runner)
    assert counts["LocalNetwork"] == 101
    assert counts["Company"] > 0 and counts["Partnership"] > 0


def test_generate_writes_a_loadable_package(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    result = runner.invoke(app, ["generate", str(out), "--companies", "60", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert (out / "companies.csv").exists()
    result = runner.invoke(app, ["ingest", str(out)])
    assert result.exit_code == 0, result.output


def test_export_is_canonical(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["ingest", str(SMALL)])
    first = runner.invoke(app, ["export"]).stdout_bytes
    runner.invoke(app, ["ingest", str(SMALL)])
    assert runner.invoke(app, ["export"]).stdout_bytes == first
