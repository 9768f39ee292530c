"""``sdg-partnerships`` on the real platform file (2018), after the UN entities and the
Global Compact participants, on both stores."""

from __future__ import annotations

import pytest

from graph.store import Store, canonical_json
from ingest.importers.run import import_source
from ingest.importers.sdg_partnerships import (
    NOT_A_COMPANY,
    PartnerRecogniser,
    split_partners,
    time_frame,
)
from tests.real_data import real_data_dir

ENTITIES = "un/un-entities.csv"
PARTICIPANTS = "ungc/participants-cop-2017.csv"
FILE = "sdg-partnerships/partnerships-2018.csv"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # the platform repeats the lead partners after the list: each name once
        ("UNEP, UNDP; UNEP; UNDP", ["UNEP", "UNDP"]),
        # a comma inside parentheses does not split; a label before a colon is dropped
        (
            "NGOs: WWF (Fiji, Samoa); Private Sector: Resort Owners",
            ["WWF (Fiji, Samoa)", "Resort Owners"],
        ),
        # "Nike, Inc." is one name; a leading "and" and a bullet go
        ("Nike, Inc.; and Novozymes; \x95 Sodexo", ["Nike, Inc.", "Novozymes", "Sodexo"]),
    ],
)
def test_split_partners(text: str, parts: list[str]) -> None:
    assert split_partners(text) == parts


def test_time_frames_of_the_file() -> None:
    assert time_frame("July/2015 - September/2020") == ("2015-07", "2020-09")
    assert time_frame("Junio/2017 - Junio/2020") == ("2017-06", "2020-06")
    assert time_frame("0000-00-00 - Open-ended") == (None, None)


def test_partners_recognised_and_partnerships_imported(store: Store) -> None:
    real = real_data_dir(ENTITIES, PARTICIPANTS, FILE)
    import_source(store, "un-entities", real / ENTITIES)
    import_source(store, "ungc-participants", real / PARTICIPANTS)

    recogniser = PartnerRecogniser(store)
    for written, how in [
        ("United Nations Development Programme", "name"),
        ("United Nations Development Programme (UNDP)", "name"),
        ("PNUD", "alias"),  # an alias the un-entities importer gives UNDP
        ("PNUD (Organismo de Naciones Unidas)", "alias"),
        ("UNDP", "id"),
    ]:
        [found], _ = recogniser.recognise(written)
        assert (found.kind, found.ids, found.how) == ("agency", ("UNDP",), how), written
    [unilever], _ = recogniser.recognise("Unilever")
    assert unilever.kind == "company" and store.get_node("Company", unilever.ids[0])
    for government in ("Government of the United Kingdom", "Ministerio del Ambiente", "Kiribati"):
        [found], why = recogniser.recognise(government)
        assert (found.kind, why) == ("unresolved", "not-a-company"), government
    [wwf], why = recogniser.recognise("World Wildlife Fund")  # a Global Compact NGO
    assert wwf.kind == "unresolved"

    report = import_source(store, "sdg-partnerships", real / FILE)
    assert report.read == {"records": 3834}
    created = report.created["Partnership"]
    assert created + len(report.unplaced) == 3834
    assert 30 <= created <= 200  # most records name no company of the Global Compact
    assert not report.rejected
    reasons = {u.reason for u in report.unplaced}
    assert "no company recognised" in reasons and "no partners given" in reasons
    # a record naming only a government is unplaced, its partner kept in the report
    [uk] = [u for u in report.unplaced if " id 10331 " in u.record]
    assert "Government of the United Kingdom" in uk.record

    partnerships = list(store.iter_nodes("Partnership"))
    for p in partnerships:
        assert p["record"].startswith("partnerships-2018.csv#")
        assert p["status"] in ("active", "closed")
        for name in str(p.get("companies_as_written", "")).split("|"):
            assert not NOT_A_COMPANY.search(name), (p["id"], name)
        for rel in store.related("Partnership", p["id"], "PARTNERS_IN", "in", "Company"):
            assert rel.node.get("org_category") != "non-business"
        assert store.related("Partnership", p["id"], "LEADS", "in", "Agency")
    # a real record with PNUD (Ecuador) and Global Compact companies
    ecuador = store.get_node("Partnership", "sdg-10913")
    assert ecuador is not None
    leads = store.related("Partnership", "sdg-10913", "LEADS", "in", "Agency")
    assert "UNDP" in {r.node["id"] for r in leads}
    assert "Nestlé" in ecuador["companies_as_written"].split("|")
    assert ecuador.get("other_partners")  # the rest kept, never dropped

    before = canonical_json(store.export())
    again = import_source(store, "sdg-partnerships", real / FILE)
    assert again.created == {} and canonical_json(store.export()) == before
