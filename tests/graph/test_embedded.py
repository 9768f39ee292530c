"""What only the embedded store promises: persistence, atomic saves, rollback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph import model
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
