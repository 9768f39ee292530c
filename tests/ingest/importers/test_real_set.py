"""The whole real public data set imported into each store (``import_real_set``), and the
four questions asked of it: they run, they answer what a coordinator would recognise, and
both stores answer alike. Reads ``../shared/data/real`` in place (skips without it outside
CI, fails in CI)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph import model
from graph.embedded import EmbeddedStore
from graph.model import is_business
from graph.neo4j_store import Neo4jStore
from graph.store import Store, canonical_json
from ingest.importers import get_importer
from ingest.importers.run import REAL_SET_ORDER, import_real_set
from ingest.load import ingest_package
from queries.duplication import find_duplication
from queries.gaps import find_gaps
from queries.matchmaking import match_need
from queries.screening import screening_statuses
from tests.real_data import real_data_dir

NEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "packages" / "real-needs"
AS_OF = dt.date(2026, 11, 27)


def _real() -> Path:
    return real_data_dir(*(get_importer(name).default_path for name in REAL_SET_ORDER))


def _load(store: Store) -> None:
    reports = import_real_set(store, _real())
    assert [r.format for r in reports] == list(REAL_SET_ORDER)
    ingest_package(store, NEEDS)


@pytest.fixture(scope="module")
def real_embedded(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("real") / "embedded")
    _load(store)
    return store


@pytest.fixture(scope="module")
def real_neo4j(neo4j_driver: Any) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j_driver, own_driver=False)
    store.clear()
    store.ensure_schema()
    _load(store)
    yield store
    store.clear()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def real(request: pytest.FixtureRequest) -> Store:
    name = "real_embedded" if request.param == "embedded" else "real_neo4j"
    store: Store = request.getfixturevalue(name)
    return store


def _answers(store: Store) -> dict[str, Any]:
    return {
        "duplication": find_duplication(store, window_days=365),
        "gaps": find_gaps(store, as_of=AS_OF, limit=1000),
        "matches": {
            need["id"]: match_need(store, need["id"], limit=5, as_of=AS_OF)
            for need in store.iter_nodes(model.NEED)
        },
        "screening": screening_statuses(store, as_of=AS_OF),
    }


def test_everything_is_placed_and_traceable(real: Store) -> None:
    counts = real.counts()
    assert counts[model.AGENCY] >= 169
    assert counts[model.EXCLUSION] > 193  # the UN SC entities and the World Bank firms
    assert counts[model.INITIATIVE] == 13
    assert counts[model.LOCAL_NETWORK] == 100
    assert counts[model.PARTNERSHIP] > 0
    participants = [c for c in real.iter_nodes(model.COMPANY) if c.get("gc_cop_record")]
    assert len(participants) == 6748  # every 2017 organisation, none lost, none doubled
    both = [c for c in participants if c.get("gc_register_record")]
    assert len(both) > 1000  # merged with the 2009 register under one node
    for label in (model.COMPANY, model.EXCLUSION, model.PARTNERSHIP, model.AGENCY):
        assert all(n.get("source") for n in real.iter_nodes(label)), label


def test_the_questions_answer_sensibly(real: Store) -> None:
    answers = _answers(real)
    duplication = answers["duplication"]
    assert duplication["total"] >= 1
    assert all(len(item["agencies"]) >= 2 for item in duplication["items"])
    gaps = answers["gaps"]
    assert gaps["counts"]["integrity"] > 0 and gaps["counts"]["no-local-network"] > 0
    assert all(item["detail"] for item in gaps["items"])
    companies = {c["id"]: c for c in real.iter_nodes(model.COMPANY)}
    india = answers["matches"]["RN003"]["items"]  # cold chain for food assistance in India
    assert india and all(item["company"]["id"] in companies for item in india)
    assert sum(companies[item["company"]["id"]].get("country") == "IN" for item in india) >= 3
    for found in answers["matches"].values():
        for item in found["items"]:
            assert is_business(companies[item["company"]["id"]])
            assert item["screening_status"] != "blocked"
    statuses = answers["screening"]
    assert set(statuses) == set(companies)
    flagged = [
        cid
        for cid, c in companies.items()
        if c.get("gc_cop_record") and "EXCLUSION_MATCH" in statuses[cid]["codes"]
    ]
    assert len(flagged) <= 3  # false alarms among 6,748 real organisations


@pytest.mark.neo4j
def test_both_stores_give_the_same_graph_and_answers(
    real_embedded: EmbeddedStore, real_neo4j: Neo4jStore
) -> None:
    assert canonical_json(real_neo4j.export()) == canonical_json(real_embedded.export())
    expected, got = _answers(real_embedded), _answers(real_neo4j)
    for question in expected:
        assert json.dumps(got[question], sort_keys=True) == json.dumps(
            expected[question], sort_keys=True
        ), question
