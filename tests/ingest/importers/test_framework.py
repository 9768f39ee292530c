"""The import framework: the registry, the report, rejected rows traced to their record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.store import Store
from ingest.importers import FORMATS, UnknownFormat, get_importer
from ingest.importers.base import write_csv
from ingest.importers.run import import_source


def test_every_format_names_its_module() -> None:
    assert set(FORMATS) == {
        "ungc-participants",
        "ungc-register-2009",
        "un-entities",
        "un-sc-sanctions-xml",
        "world-bank-debarred",
        "sdg-partnerships",
    }
    for name in ("ungc-participants", "ungc-register-2009", "un-entities"):
        importer = get_importer(name)
        assert importer.format == name
        assert importer.description and importer.default_path


def test_unknown_format_and_missing_path(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormat):
        import_source(store, "no-such-format", tmp_path)
    with pytest.raises(FileNotFoundError):
        import_source(store, "un-entities", tmp_path / "absent.csv")


def test_a_file_of_another_format_is_refused(store: Store, tmp_path: Path) -> None:
    wrong = tmp_path / "un-entities.csv"
    wrong.write_text("name,country\nAcme,FR\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        import_source(store, "un-entities", wrong)
    assert store.counts()["Agency"] == 0


def test_write_csv_is_deterministic(tmp_path: Path) -> None:
    rows: list[dict[str, Any]] = [{"id": "b", "x": ["2", "1"]}, {"id": "a", "x": None}]
    write_csv(tmp_path / "one.csv", ("id", "x"), rows)
    write_csv(tmp_path / "two.csv", ("id", "x"), list(reversed(rows)))
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert (tmp_path / "one.csv").read_text() == "id,x\na,\nb,2|1\n"


def test_a_rejected_row_is_reported_with_its_source_record(store: Store, tmp_path: Path) -> None:
    """A bad source row never stops the others and is named in the report."""
    source = tmp_path / "participants-mini.csv"
    source.write_text(
        "participant_name,organization_id,country,joined_on,organization_type,cop_status,"
        "differentiation,cop_published_on,sector_name\n"
        "Good Co,1,France,2010-01-05,Company,active,active,2017-01-01,Banks\n"
        "Bad Date Co,2,Spain,2010-13-45,SME,active,,2017-01-01,Banks\n",
        encoding="utf-8",
    )
    report = import_source(store, "ungc-participants", source)
    assert report.read == {"rows": 2, "organisations": 2}
    assert report.created["Company"] == 1
    assert [r.record for r in report.rejected] == ["participants-mini.csv#3"]
    assert "gc_joined" in report.rejected[0].reasons[0]
    body = report.as_dict()
    assert body["rejected"]["total"] == 1
    assert body["package_rows"]["companies.csv"] == {"read": 2, "loaded": 1, "rejected": 1}
