"""The store contract, run against both stores."""

from __future__ import annotations

import pytest

from graph import model
from graph.store import NodeRow, RelRow, Store, canonical_json


def _seed(store: Store) -> None:
    store.upsert_nodes(
        model.AGENCY,
        [
            NodeRow("UNICEF", {"name": "UNICEF", "themes": ["children"]}, "p/agencies.csv#2"),
            NodeRow("WFP", {"name": "World Food Programme"}, "p/agencies.csv#3"),
        ],
    )
    store.upsert_nodes(
        model.PARTNERSHIP,
        [NodeRow("P1", {"title": "Water", "agencies": ["UNICEF"], "value": 1.5}, "p/x.csv#2")],
    )
    store.upsert_relationships(
        "LEADS", model.AGENCY, model.PARTNERSHIP, [RelRow("UNICEF", "P1", {}, "p/x.csv#2")]
    )


def test_upsert_merges_properties_and_appends_sources(store: Store) -> None:
    _seed(store)
    store.upsert_nodes(model.AGENCY, [NodeRow("UNICEF", {"type": "fund"}, "q/agencies.csv#9")])
    store.upsert_nodes(model.AGENCY, [NodeRow("UNICEF", {"type": "fund"}, "q/agencies.csv#9")])
    node = store.get_node(model.AGENCY, "UNICEF")
    assert node == {
        "id": "UNICEF",
        "name": "UNICEF",
        "themes": ["children"],
        "type": "fund",
        "source": "p/agencies.csv#2",  # the first record stays the source
        "sources": ["p/agencies.csv#2", "q/agencies.csv#9"],  # each record once
    }


def test_replace_nodes_sets_every_property(store: Store) -> None:
    props = {"id": "C1", "name": "A", "source": "s", "sources": ["s"], "aliases": ["B"]}
    store.replace_nodes(model.COMPANY, [NodeRow("C1", props, "s")])
    store.replace_nodes(model.COMPANY, [NodeRow("C1", {**props, "aliases": []}, "s")])
    assert store.get_node(model.COMPANY, "C1") == {**props, "aliases": []}


def test_relationship_merges_once_and_skips_missing_ends(store: Store) -> None:
    _seed(store)
    store.upsert_relationships(
        "LEADS",
        model.AGENCY,
        model.PARTNERSHIP,
        [RelRow("UNICEF", "P1", {"role": "lead"}, "q/x.csv#5"), RelRow("NOPE", "P1", {}, "s")],
    )
    related = store.related(model.PARTNERSHIP, "P1", "LEADS", "in", model.AGENCY)
    assert [r.node["id"] for r in related] == ["UNICEF"]
    assert related[0].rel_props == {
        "role": "lead",
        "source": "p/x.csv#2",
        "sources": ["p/x.csv#2", "q/x.csv#5"],
    }
    assert (
        store.related(model.AGENCY, "UNICEF", "LEADS", "out", model.PARTNERSHIP)[0].node["id"]
        == "P1"
    )
    assert store.related(model.AGENCY, "MISSING", "LEADS", "out", model.PARTNERSHIP) == []


def test_find_nodes_filters_sorts_and_pages(store: Store) -> None:
    _seed(store)
    page = store.find_nodes(model.AGENCY, q="programme")
    assert [n["id"] for n in page.items] == ["WFP"] and page.total == 1
    page = store.find_nodes(model.AGENCY, contains={"themes": "children"})
    assert [n["id"] for n in page.items] == ["UNICEF"]
    page = store.find_nodes(model.AGENCY, equals={"name": "UNICEF"})
    assert [n["id"] for n in page.items] == ["UNICEF"]
    page = store.find_nodes(model.AGENCY, limit=1, offset=1)
    assert [n["id"] for n in page.items] == ["WFP"] and page.total == 2


def test_counts_existing_ids_and_get_nodes(store: Store) -> None:
    _seed(store)
    counts = store.counts()
    assert counts[model.AGENCY] == 2 and counts[model.COMPANY] == 0
    assert set(counts) == set(model.LABELS)
    assert store.existing_ids(model.AGENCY, ["WFP", "UNDP"]) == {"WFP"}
    assert set(store.get_nodes(model.AGENCY, ["WFP", "UNICEF", "X"])) == {"WFP", "UNICEF"}
    assert [n["id"] for n in store.iter_nodes(model.AGENCY)] == ["UNICEF", "WFP"]


def test_unknown_label_or_type_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.upsert_nodes("Agency) DETACH DELETE (n", [NodeRow("x", {}, "s")])
    with pytest.raises(ValueError):
        store.upsert_relationships("KNOWS", model.AGENCY, model.AGENCY, [])


@pytest.mark.neo4j
def test_export_is_the_same_on_both_stores(both_stores: tuple[Store, Store]) -> None:
    exports = []
    for store in both_stores:
        _seed(store)
        exports.append(canonical_json(store.export()))
    assert exports[0] == exports[1]


def test_clear_empties_the_store(store: Store) -> None:
    _seed(store)
    store.clear()
    assert sum(store.counts().values()) == 0
    assert store.export() == {"nodes": [], "relationships": []}
