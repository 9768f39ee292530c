"""Validation names every bad cell and cascades rejections along references."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.package import PackageError, read_package
from ingest.schema import Column
from ingest.validate import parse_cell, parse_date, validate_package

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "packages" / "small"


def _none(_label: str, _ids: object) -> set[str]:
    return set()


def _package_with(tmp_path: Path, edits: dict[str, str]) -> Path:
    target = tmp_path / "pkg"
    shutil.copytree(SMALL, target)
    for name, text in edits.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def test_the_small_fixture_is_valid() -> None:
    result = validate_package(read_package(SMALL), _none)
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", "2024-01-01"),  # a year alone is accepted
        ("2024-03", "2024-03-01"),  # year and month
        ("2024-02-29", "2024-02-29"),  # a leap day
    ],
)
def test_dates(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (Column("d", "date"), "2023-02-29"),  # not a real day
        (Column("d", "date"), "01/02/2024"),  # not ISO
        (Column("c", "country"), "Atlantis"),  # unknown country
        (Column("t", "themes"), "water|helth"),  # misspelt theme
        (Column("s", "sdgs"), "18"),  # no such goal
        (Column("e", "enum", choices=("a", "b")), "c"),  # unknown enum value
        (Column("n", "float"), "-5"),  # negative amount
        (Column("n", "float"), "lots"),  # not a number
    ],
)
def test_bad_cells_are_refused(column: Column, text: str) -> None:
    with pytest.raises(ValueError):
        parse_cell(column, text)


def test_every_bad_row_is_named(tmp_path: Path) -> None:
    pkg = _package_with(
        tmp_path,
        {
            "approaches.csv": (
                "id,agency,company,date,themes,countries,ask,amount_usd,status\n"
                "A1,WFP,KO,2012-03-01,food,KE,funding,100,in-progress\n"
                "A2,UNHCR,KO,2012-03-01,food,KE,funding,100,in-progress\n"  # unknown agency
                "A3,WFP,KO,yesterday,food,KE,funding,100,in-progress\n"  # bad date
                "A4,WFP,,2012-03-01,food,KE,beg,100,in-progress\n"  # no company, bad ask
                "A1,WFP,KO,2012-03-01,food,KE,funding,100,in-progress\n"  # duplicate id
            ),
        },
    )
    result = validate_package(read_package(pkg), _none)
    found = {(p.file, p.line, p.column) for p in result.problems}
    assert found == {
        ("approaches.csv", 3, "agency"),
        ("approaches.csv", 4, "date"),
        ("approaches.csv", 5, "company"),
        ("approaches.csv", 5, "ask"),
        ("approaches.csv", 6, "id"),
    }
    assert [r.values["id"] for r in result.rows["approaches.csv"]] == ["A1"]
    assert result.read["approaches.csv"] == 5


def test_rejections_cascade_to_rows_that_refer_to_them(tmp_path: Path) -> None:
    pkg = _package_with(
        tmp_path,
        {
            "agencies.csv": (
                "id,name,type\nUNICEF,United Nations Children's Fund,fund\n"
                "WFP,World Food Programme,charity\n"  # bad type: WFP is rejected
                "UNDP,United Nations Development Programme,programme\n"
            ),
        },
    )
    result = validate_package(read_package(pkg), _none)
    reasons = {(p.file, p.line): p.reason for p in result.problems}
    assert "whose own row was rejected" in reasons[("partnerships.csv", 3)]
    assert "whose own row was rejected" in reasons[("approaches.csv", 2)]


def test_references_to_the_graph_are_accepted(tmp_path: Path) -> None:
    pkg = tmp_path / "only-needs"
    pkg.mkdir()
    (pkg / "needs.csv").write_text("id,agency,title\nN9,UNHCR,Shelter\n", encoding="utf-8")
    assert not validate_package(read_package(pkg), _none).ok
    result = validate_package(read_package(pkg), lambda label, ids: set(ids))
    assert result.ok


def test_a_missing_required_column_rejects_the_file(tmp_path: Path) -> None:
    pkg = _package_with(tmp_path, {"needs.csv": "id,title\nN1,Cold chain\n"})
    result = validate_package(read_package(pkg), _none)
    assert any(p.file == "needs.csv" and p.line == 1 for p in result.file_problems)
    assert [r.line for r in result.rejected if r.file == "needs.csv"] == [2]


def test_unreadable_packages(tmp_path: Path) -> None:
    with pytest.raises(PackageError):
        read_package(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackageError):
        read_package(tmp_path / "empty")


def test_a_zip_reads_like_its_folder(tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "small"), "zip", SMALL.parent, "small")
    from_zip = read_package(archive)
    from_dir = read_package(SMALL)
    assert from_zip.sha256 == from_dir.sha256
    assert from_zip.name == from_dir.name == "small"
