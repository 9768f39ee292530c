"""The Global Compact importers on the real files, on both stores.

The 2009 register and the 2017 COP file describe many of the same organisations under
different ids and spellings: imported one after the other they must give one company per
organisation, keeping both sources, and a re-import must change nothing.
"""

from __future__ import annotations

from pathlib import Path

from graph.store import Store, canonical_json
from ingest.importers import get_importer
from ingest.importers.run import import_source
from tests.real_data import real_data_dir

PARTICIPANTS = "ungc/participants-cop-2017.csv"
REGISTER = "ungc/organizations-2009.csv"

# (2009 register id, its name there, 2017 organization_id, its name there): the same
# organisation under two spellings, as the files write them.
SAME_ORGANISATION = [
    ("2842", "Fluor Corporations", "10985", "Fluor Corporation"),  # fuzzy: a plural
    ("755", "Automatizacion Avanzada S.A.", "1011", "AUTOMATIZACIÃ“N AVANZADA S.A."),  # mojibake
    ("10203", "Wilson, Sons", "10120", "Wilson Sons"),  # punctuation
]


def test_converters_are_deterministic(tmp_path: Path) -> None:
    """Same source, byte-identical package: the condition for a no-op re-import."""
    real = real_data_dir(PARTICIPANTS, REGISTER)
    for name, source in (("ungc-participants", PARTICIPANTS), ("ungc-register-2009", "ungc")):
        convert = get_importer(name).convert
        one = convert(real / source, tmp_path / f"{name}-1", None)  # type: ignore[arg-type]
        two = convert(real / source, tmp_path / f"{name}-2", None)  # type: ignore[arg-type]
        files = sorted(p.name for p in one.package_dir.iterdir())
        assert files == sorted(p.name for p in two.package_dir.iterdir())
        for file in files:
            assert (one.package_dir / file).read_bytes() == (two.package_dir / file).read_bytes()


def test_register_then_participants_one_company_each(store: Store) -> None:
    real = real_data_dir(PARTICIPANTS, REGISTER)

    register = import_source(store, "ungc-register-2009", real / "ungc")
    assert register.read == {
        "organisations": 10229,
        "initiatives": 13,
        "signatures": 2121,
        "countries": 227,
    }
    reasons = register.as_dict()["unplaced"]["by_reason"]
    assert sum(n for r, n in reasons.items() if "mailing-list" in r) == 164
    assert sum(n for r, n in reasons.items() if "local network's own record" in r) == 111
    assert not register.rejected
    assert register.created["Initiative"] == 13
    assert register.created["LocalNetwork"] == 100  # 78 established + 22 emerging
    assert len(store.find_nodes("LocalNetwork", equals={"status": "formal"}, limit=200).items) == 78
    assert register.created["Commitment"] == 2114  # 2,121 less 7 by mailing-list entries
    # Register codes are mapped to ISO: SW is Sweden there, SE Serbia.
    electrolux = store.get_node("Company", "gc2009-43")
    assert electrolux is not None and electrolux["name"] == "AB Electrolux"
    assert electrolux["country"] == "SE"
    network = store.get_node("LocalNetwork", "LN-RS")
    assert network is not None and network["status"] == "formal"
    climate = store.get_node("Initiative", "gc2009-initiative-2")
    assert climate is not None and climate["name"] == "Caring For Climate"
    assert climate["kind"] == "gc-platform" and climate["themes"] == ["climate"]
    companies_after_register = store.counts()["Company"]

    participants = import_source(store, "ungc-participants", real / PARTICIPANTS)
    assert participants.read == {"rows": 9424, "organisations": 6748}
    assert not participants.rejected and not participants.unplaced
    merged = participants.merged_total
    assert merged > 1500  # measured: 1,681 (1,643 by name, 38 fuzzy)
    assert participants.created["Company"] == 6748 - merged
    assert store.counts()["Company"] == companies_after_register + 6748 - merged

    for register_id, old_name, gc_id, new_name in SAME_ORGANISATION:
        company = store.get_node("Company", f"gc2009-{register_id}")
        assert company is not None, register_id
        assert store.get_node("Company", f"gc-{gc_id}") is None  # no second node
        assert company["name"] == old_name
        assert new_name in company["aliases"]
        assert sorted(company["ids"]) == sorted([f"gc-{gc_id}", f"gc2009-{register_id}"])
        assert company["gc_id"] == gc_id and company["gc_register_id"] == register_id
        packages = {s.split("/")[0] for s in company["sources"]}
        assert packages == {"ungc-register-2009", "ungc-participants-cop-2017"}
        assert company["gc_register_record"].startswith("organizations-2009.csv#")
        assert company["gc_cop_record"].startswith("participants-cop-2017.csv#")

    # Status from the latest COP; a non-business kept with its type.
    musti = store.get_node("Company", "gc-18977")
    assert musti is not None
    assert (musti["gc_status"], musti["country"], musti["size"]) == ("active", "FI", "large")
    assert musti["gc_joined"] == "2013-04-03" and musti["org_category"] == "business"
    nando = store.get_node("Company", "gc-15188")
    assert nando is not None
    assert (nando["gc_status"], nando["size"]) == ("non-communicating", "sme")
    befa = store.get_node("Company", "gc-12215")
    assert befa is not None
    assert (befa["org_type"], befa["org_category"]) == ("Foundation", "non-business")
    assert "size" not in befa

    # Importing the latest source again changes nothing.
    before = canonical_json(store.export())
    again = import_source(store, "ungc-participants", real / PARTICIPANTS)
    assert again.created == {} and again.merged_total == 0
    assert canonical_json(store.export()) == before


def test_register_reimport_changes_nothing(store: Store) -> None:
    real = real_data_dir(REGISTER)
    import_source(store, "ungc-register-2009", real / REGISTER)  # the file: tables beside it
    before = canonical_json(store.export())
    again = import_source(store, "ungc-register-2009", real / "ungc")
    assert again.created == {} and not again.rejected
    assert canonical_json(store.export()) == before
