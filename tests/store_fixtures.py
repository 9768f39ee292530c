"""Store fixtures: every contract test runs on the embedded store and on a real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Store


@pytest.fixture
def neo4j_store(neo4j_driver: object) -> Iterator[Neo4jStore]:
    """An empty Neo4j store on the session's server (cleared before and after)."""
    store = Neo4jStore(neo4j_driver, own_driver=False)  # type: ignore[arg-type]
    store.clear()
    store.ensure_schema()
    yield store
    store.clear()


@pytest.fixture
def embedded_store(tmp_path: Path) -> EmbeddedStore:
    return EmbeddedStore(tmp_path / "embedded")


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Store:
    """Each test using it runs once per store."""
    name = "embedded_store" if request.param == "embedded" else "neo4j_store"
    result: Store = request.getfixturevalue(name)
    return result


@pytest.fixture
def both_stores(embedded_store: EmbeddedStore, neo4j_store: Neo4jStore) -> tuple[Store, Store]:
    return embedded_store, neo4j_store
