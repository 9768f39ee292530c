"""Loading packages into both stores: idempotence, identical stores, nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import model
from graph.store import Store, canonical_json
from ingest.load import InvalidPackage, ingest_package

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "packages"
SMALL = FIXTURES / "small"


def _broken_copy(tmp_path: Path) -> Path:
    """The small package with two bad approach rows and one bad need."""
    pkg = tmp_path / "small-broken"
    shutil.copytree(SMALL, pkg)
    with (pkg / "approaches.csv").open("a", encoding="utf-8") as fh:
        fh.write("A4,WFP,KO,not-a-date,food,KE,funding,,planned\n")
        fh.write("A5,NOBODY,KO,2012-01-01,food,KE,funding,,planned\n")
    with (pkg / "needs.csv").open("a", encoding="utf-8") as fh:
        fh.write("N2,UNICEF,,water,6,KE,funding,,,open\n")
    return pkg


def test_small_package_loads_one_node_per_company(store: Store) -> None:
    report = ingest_package(store, SMALL)
    assert report.written
    assert report.loaded == report.read
    ko = store.get_node(model.COMPANY, "KO")
    assert ko is not None
    assert ko["aliases"] == ["COCA-COLA CO", "Coca Cola Co."]
    assert len(ko["merge_reasons"]) == 2
    # "Acme Foods" and "Acme Motors" look alike but stay two companies
    assert store.existing_ids(model.COMPANY, ["ACMEF", "ACMEM"]) == {"ACMEF", "ACMEM"}
    partnership = store.get_node(model.PARTNERSHIP, "P1")
    assert partnership is not None
    assert partnership["companies"] == ["KO"]
    assert partnership["companies_as_written"] == ["Coca Cola Co."]
    # an unknown name creates a company marked as created by reference
    ref = store.find_nodes(model.COMPANY, equals={"created_by_reference": True})
    assert [c["name"] for c in ref.items] == ["Kenya Power and Lighting Company"]
    # every node and relationship is traceable to its record
    export = store.export()
    assert all(n["properties"].get("source") for n in export["nodes"])
    assert all(r["properties"].get("source") for r in export["relationships"])
    assert store.counts()[model.INGEST_RUN] == 1


def test_ingesting_twice_changes_nothing(store: Store) -> None:
    ingest_package(store, SMALL)
    once = canonical_json(store.export())
    ingest_package(store, SMALL)
    assert canonical_json(store.export()) == once


@pytest.mark.neo4j
def test_both_stores_give_the_same_export(both_stores: tuple[Store, Store]) -> None:
    embedded, neo4j = both_stores
    for store in both_stores:
        ingest_package(store, SMALL)
        ingest_package(store, SMALL)
    assert canonical_json(embedded.export()) == canonical_json(neo4j.export())


def test_invalid_package_writes_nothing(store: Store, tmp_path: Path) -> None:
    ingest_package(store, SMALL)
    before = canonical_json(store.export())
    with pytest.raises(InvalidPackage) as caught:
        ingest_package(store, _broken_copy(tmp_path))
    report = caught.value.report
    assert {(p.file, p.line, p.column) for p in report.problems} == {
        ("approaches.csv", 5, "date"),
        ("approaches.csv", 6, "agency"),
        ("needs.csv", 3, "title"),
    }
    assert not report.written
    assert canonical_json(store.export()) == before


def test_skip_invalid_loads_the_rest_and_keeps_the_rejects(store: Store, tmp_path: Path) -> None:
    report = ingest_package(store, _broken_copy(tmp_path), skip_invalid=True)
    assert report.written
    for name, read in report.read.items():
        assert read == report.loaded.get(name, 0) + report.rejected.get(name, 0)
    assert report.rejected == {"approaches.csv": 2, "needs.csv": 1}
    rejects = tmp_path / "rejects.csv"
    assert report.write_rejects(rejects) == 3
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,line,column,reason,row"
    assert len(lines) == 4 and "not-a-date" in lines[1]
    assert store.existing_ids(model.APPROACH, ["A1", "A4", "A5"]) == {"A1"}


def test_an_interrupted_ingest_converges_when_run_again(store: Store) -> None:
    class Killed(Exception):
        pass

    def die_while_writing(stage: str, done: int, total: int) -> None:
        if stage == "writing" and done > 20:
            raise Killed

    reference = canonical_json(_fresh_export(store))
    with pytest.raises(Killed):
        ingest_package(store, SMALL, progress=die_while_writing)
    ingest_package(store, SMALL)
    assert canonical_json(store.export()) == reference


def _fresh_export(store: Store) -> dict[str, object]:
    ingest_package(store, SMALL)
    export = store.export()
    store.clear()
    return export


def test_a_second_agency_package_merges_into_existing_companies(
    store: Store, tmp_path: Path
) -> None:
    ingest_package(store, SMALL)
    other = tmp_path / "wfp-2013"
    other.mkdir()
    (other / "companies.csv").write_text(
        "id,name,country,lei\n"
        "wfp-17,COCA COLA COMPANY,US,\n"  # same company, another agency's spelling
        "wfp-18,Safaricom Limited,KE,\n"  # same company, legal form spelt out
        "wfp-19,Acme Motors Ltd,UG,\n",  # same name, another country: kept apart
        encoding="utf-8",
    )
    (other / "approaches.csv").write_text(
        "id,agency,company,date\nW1,WFP,wfp-17,2013-01-10\n", encoding="utf-8"
    )
    report = ingest_package(store, other)
    assert report.companies["merged"] == 2
    ko = store.get_node(model.COMPANY, "KO")
    assert ko is not None
    assert "wfp-17" in ko["ids"] and "COCA COLA COMPANY" in ko["aliases"]
    assert "wfp-2013/companies.csv#2" in ko["sources"]
    assert store.get_node(model.APPROACH, "W1")["company"] == "KO"  # type: ignore[index]
    assert store.get_node(model.COMPANY, "wfp-19") is not None
    review = store.related(model.COMPANY, "wfp-19", "POSSIBLY_SAME_AS", "out", model.COMPANY)
    assert [r.node["id"] for r in review] == ["ACMEM"]


def test_an_ambiguous_name_is_not_guessed_and_stays_idempotent(
    store: Store, tmp_path: Path
) -> None:
    pkg = tmp_path / "ambiguous"
    pkg.mkdir()
    (pkg / "agencies.csv").write_text("id,name\nWFP,World Food Programme\n", encoding="utf-8")
    (pkg / "companies.csv").write_text(
        "id,name,country\nK1,Acme Motors Ltd,KE\nU1,Acme Motors Ltd,UG\n", encoding="utf-8"
    )
    (pkg / "approaches.csv").write_text(
        "id,agency,company,date\nW1,WFP,ACME MOTORS,2013-01-10\n", encoding="utf-8"
    )
    ingest_package(store, pkg)
    once = canonical_json(store.export())
    approach = store.get_node(model.APPROACH, "W1")
    assert approach is not None and approach["company"] not in ("K1", "U1")
    ingest_package(store, pkg)
    assert canonical_json(store.export()) == once
