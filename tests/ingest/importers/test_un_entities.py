"""``un-entities`` on the real file: every UN entity an agency, with its aliases."""

from __future__ import annotations

from graph.store import Store, canonical_json
from ingest.importers.run import import_source
from tests.real_data import real_data_dir

FILE = "un/un-entities.csv"


def test_un_entities_become_agencies(store: Store) -> None:
    path = real_data_dir(FILE) / FILE
    report = import_source(store, "un-entities", path)
    assert report.read == {"entities": 169}
    assert report.created["Agency"] == 169
    assert not report.unplaced and not report.rejected
    unicef = store.get_node("Agency", "UNICEF")
    assert unicef is not None
    assert unicef["name"] == "United Nations Children's Fund"
    assert unicef["type"] == "fund"
    assert unicef["record"].startswith("un-entities.csv#")
    assert unicef["source"].startswith("un-entities/agencies.csv#")
    dco = store.get_node("Agency", "DCO")
    assert dco is not None and dco["aliases"] == ["RCS"]  # the one alias of the file
    # names the UN uses in its other languages are aliases too (a list, as for companies)
    undp = store.get_node("Agency", "UNDP")
    assert undp is not None and {
        "PNUD",
        "Programa de las Naciones Unidas para el Desarrollo",
    } <= set(undp["aliases"])
    unhcr = store.get_node("Agency", "UNHCR")
    assert unhcr is not None and "ACNUR" in unhcr["aliases"]
    who = store.get_node("Agency", "WHO")
    assert who is not None and who["type"] == "specialized-agency"
    before = canonical_json(store.export())
    again = import_source(store, "un-entities", path)
    assert again.created == {} and canonical_json(store.export()) == before
