"""What only the embedded store promises: persistence, atomic saves, rollback."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from graph import embedded, model
from graph.embedded import STORE_FILE, EmbeddedStore
from graph.store import NodeRow


def _agency(i: int) -> NodeRow:
    return NodeRow(f"A{i}", {"name": f"Agency {i}"}, "p/agencies.csv#2")


def test_data_survives_a_restart(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.upsert_nodes(model.AGENCY, [_agency(1)])
    store.close()
    again = EmbeddedStore(tmp_path)
    assert again.get_node(model.AGENCY, "A1") == {
        "id": "A1",
        "name": "Agency 1",
        "source": "p/agencies.csv#2",
        "sources": ["p/agencies.csv#2"],
    }


def test_a_failed_transaction_leaves_the_saved_state(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    store.upsert_nodes(model.AGENCY, [_agency(1)])
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_nodes(model.AGENCY, [_agency(2)])
        raise RuntimeError("ingest died")
    assert store.existing_ids(model.AGENCY, ["A1", "A2"]) == {"A1"}
    assert EmbeddedStore(tmp_path).existing_ids(model.AGENCY, ["A1", "A2"]) == {"A1"}


def test_a_crash_while_saving_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EmbeddedStore(tmp_path)
    store.upsert_nodes(model.AGENCY, [_agency(1)])
    before = (tmp_path / STORE_FILE).read_bytes()

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.upsert_nodes(model.AGENCY, [_agency(2)])
    assert (tmp_path / STORE_FILE).read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_another_process_save_is_picked_up(tmp_path: Path) -> None:
    reader = EmbeddedStore(tmp_path)
    writer = EmbeddedStore(tmp_path)
    writer.upsert_nodes(model.AGENCY, [_agency(3)])
    assert reader.get_node(model.AGENCY, "A3") is not None


def test_a_large_graph_is_frozen_out_of_the_collectors_sight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threshold = gc.get_threshold()
    monkeypatch.setattr(embedded, "FREEZE_MIN_NODES", 3)
    gc.unfreeze()
    try:
        store = EmbeddedStore(tmp_path)
        store.upsert_nodes(model.AGENCY, [_agency(i) for i in range(2)])
        assert gc.get_freeze_count() == 0  # below the threshold: left alone
        store.upsert_nodes(model.AGENCY, [_agency(i) for i in range(2, 4)])
        assert gc.get_freeze_count() > 0  # saved with 4 nodes: frozen
        assert gc.get_threshold()[0] >= embedded.GC_FIRST_THRESHOLD
        gc.unfreeze()
        assert EmbeddedStore(tmp_path).get_node(model.AGENCY, "A3") is not None
        assert gc.get_freeze_count() > 0  # loaded with 4 nodes: frozen
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
