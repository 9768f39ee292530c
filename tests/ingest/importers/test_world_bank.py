"""``world-bank-debarred`` on the real list (2025-01-07), and its period on both stores."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from graph.store import Store, canonical_json
from ingest.importers.base import read_rows
from ingest.importers.run import import_source
from ingest.importers.world_bank import convert
from ingest.load import ingest_package
from queries.screening import screen_company
from tests.real_data import real_data_dir

FILE = "screening/world-bank-ineligible-firms-2025-01-07.csv"


def _entries(package: Path) -> dict[str, dict[str, str]]:
    with (package / "exclusions.csv").open(encoding="utf-8") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def test_names_aliases_and_repeats(tmp_path: Path, embedded_store: Store) -> None:
    converted = convert(real_data_dir(FILE) / FILE, tmp_path, embedded_store)
    assert converted.read == {"rows": 1124}
    rows = _entries(converted.package_dir)
    assert len(rows) == 1076  # 48 rows repeat a firm already listed (this copy has no dates)
    elmcrest = rows["wb-elmcrest-group-limited"]
    assert (elmcrest["name"], elmcrest["aliases"]) == ("ELMCREST GROUP LIMITED", "LANDMARC LIMITED")
    assert elmcrest["record"] == "world-bank-ineligible-firms-2025-01-07.csv#902"
    tambov = rows["wb-uralkotloservice-pkf-zao-tambov"]
    assert tambov["name"] == "URALKOTLOSERVICE PKF ZAO (TAMBOV)"
    assert tambov["record"].endswith("#996,997,998,999")
    assert rows["wb-multistar-holdings-limited"]["aliases"] == "MULTI-CON SYSTEMS PTE LTD."
    assert all(row["list"] == "world-bank" and not row["to"] for row in rows.values())


def test_an_ended_period_no_longer_matches(store: Store, tmp_path: Path) -> None:
    """Two real rows, given periods (the shared copy's date columns are blank): the one
    that has ended flags nobody today; the one still running flags its namesake."""
    real = real_data_dir(FILE) / FILE
    lines = {line: cells for line, cells in read_rows(real)}
    ended, running = lines[902], lines[5]  # ELMCREST GROUP LIMITED, NISHAN ENGINEERS (PVT) LIMITED
    dated = tmp_path / real.name
    with dated.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ended), lineterminator="\n")
        writer.writeheader()
        writer.writerow({**ended, "from_date": "13-JUN-2015", "to_date": "12-JUN-2020"})
        writer.writerow({**running, "from_date": "2021-03-01", "to_date": "Permanent"})
    report = import_source(store, "world-bank-debarred", dated)
    assert report.created["Exclusion"] == 2 and not report.rejected
    entry = store.get_node("Exclusion", "wb-elmcrest-group-limited-2015-06-13")
    assert entry is not None and (entry["from"], entry["to"]) == ("2015-06-13", "2020-06-12")

    package = tmp_path / "companies"
    package.mkdir()
    (package / "companies.csv").write_text(
        "id,name\nC1,Elmcrest Group Ltd\nC2,Nishan Engineers (Pvt) Ltd\nC3,Landmarc Limited\n",
        encoding="utf-8",
    )
    ingest_package(store, package)
    today = dt.date.today()

    def codes(company: str, day: dt.date) -> set[str]:
        return {f["code"] for f in screen_company(store, company, as_of=day)["flags"]}

    assert "EXCLUSION_MATCH" not in codes("C1", today)  # ended in 2020
    assert "EXCLUSION_MATCH" not in codes("C3", today)  # nor by its former name
    assert "EXCLUSION_MATCH" in codes("C1", dt.date(2018, 1, 1))  # but it did match then
    assert "EXCLUSION_MATCH" in codes("C3", dt.date(2018, 1, 1))
    assert "EXCLUSION_MATCH" in codes("C2", today)  # still running

    before = canonical_json(store.export())
    again = import_source(store, "world-bank-debarred", dated)
    assert again.created == {} and canonical_json(store.export()) == before


def test_the_real_list_imports_whole(store: Store) -> None:
    path = real_data_dir(FILE) / FILE
    report = import_source(store, "world-bank-debarred", path)
    assert report.created["Exclusion"] == 1076 and not report.rejected and not report.unplaced
    before = canonical_json(store.export())
    assert import_source(store, "world-bank-debarred", path).created == {}
    assert canonical_json(store.export()) == before
