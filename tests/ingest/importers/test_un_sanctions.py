"""``un-sc-sanctions-xml`` on the real consolidated list (2025-04-19), on both stores."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.store import Store, canonical_json
from ingest.importers.run import import_source
from ingest.importers.un_sanctions import convert
from tests.real_data import real_data_dir

FILE = "screening/un-sc-consolidated-list-2025-04-19.xml"


def _rows(tmp_path: Path, store: Store) -> dict[str, dict[str, str]]:
    converted = convert(real_data_dir(FILE) / FILE, tmp_path, store)
    with (converted.package_dir / "exclusions.csv").open(encoding="utf-8") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def test_every_entity_becomes_an_entry_and_no_person(tmp_path: Path, embedded_store: Store) -> None:
    rows = _rows(tmp_path, embedded_store)
    assert len(rows) == 193  # the list's 193 entities; none of the 684 individuals trades
    asc = rows["un-sc-QDe.069"]
    assert asc["name"] == "AFGHAN SUPPORT COMMITTEE (ASC)"
    assert asc["aliases"].split("|")[0] == "Lajnat ul Masa Eidatul Afghania"
    assert (asc["countries"], asc["reason"], asc["from"]) == ("AF|PK", "Al-Qaida", "2002-01-11")
    assert asc["record"] == "un-sc-consolidated-list-2025-04-19.xml QDe.069"
    # two names in one FIRST_NAME: the second is an alias
    cagl = rows["un-sc-CDe.003"]
    assert cagl["name"] == "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)"
    assert "GREAT LAKES BUSINESS COMPANY (GLBC)" in cagl["aliases"].split("|")
    # f.k.a. names are kept as aliases, and a listing date with a time-zone offset is read
    assert "LOGARCHEO AG" in rows["un-sc-IQe.200"]["aliases"].split("|")
    assert rows["un-sc-TAe.014"]["from"] == "2015-03-27"
    assert {row["kind"] for row in rows.values()} == {"entity"}


def test_a_document_declaring_entities_is_refused(tmp_path: Path, embedded_store: Store) -> None:
    bomb = tmp_path / "list.xml"
    bomb.write_text('<!DOCTYPE x [<!ENTITY a "aaaa">]><CONSOLIDATED_LIST>&a;</CONSOLIDATED_LIST>')
    with pytest.raises(ValueError, match="entities"):
        convert(bomb, tmp_path / "out", embedded_store)


def test_import_on_both_stores_and_again_changes_nothing(store: Store) -> None:
    path = real_data_dir(FILE) / FILE
    report = import_source(store, "un-sc-sanctions-xml", path)
    assert report.read == {"entities": 193, "individuals": 684}
    assert report.created["Exclusion"] == 193
    assert not report.rejected and not report.unplaced
    entry = store.get_node("Exclusion", "un-sc-KPe.002")
    assert entry is not None and entry["list"] == "un-sc" and entry["countries"] == ["KP"]
    assert entry["source"] == "un-sc-consolidated-list-2025-04-19/exclusions.csv#" + str(
        sorted(n["id"] for n in store.iter_nodes("Exclusion")).index("un-sc-KPe.002") + 2
    )
    before = canonical_json(store.export())
    again = import_source(store, "un-sc-sanctions-xml", path)
    assert again.created == {} and canonical_json(store.export()) == before
