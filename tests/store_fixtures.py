"""Store fixtures: every contract test runs on the embedded store and on a real Neo4j."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Store
from ingest.load import ingest_package
from ingest.package import read_package
from partnergraph.config import get_settings


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


def loaded_package_fixtures(package: Path, name: str = "store") -> tuple[Any, Any, Any]:
    """Fixtures for a module whose tests only read one package: ``embedded_loaded`` and
    ``neo4j_loaded`` (the package ingested once per module) and ``name``, parametrised over
    both stores. Neo4j is reloaded only when another test has cleared the database.

    Use as ``embedded_loaded, neo4j_loaded, store = loaded_package_fixtures(PACKAGE)``.
    """
    run_id = "run-" + read_package(package).sha256[:16]

    @pytest.fixture(scope="module")
    def embedded_loaded(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
        store = EmbeddedStore(tmp_path_factory.mktemp(package.name) / "embedded")
        ingest_package(store, package)
        return store

    @pytest.fixture(scope="module")
    def neo4j_loaded(neo4j_driver: object) -> Iterator[Neo4jStore]:
        store = Neo4jStore(neo4j_driver, own_driver=False)  # type: ignore[arg-type]
        yield store
        store.clear()

    @pytest.fixture(name=name, params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
    def either(request: pytest.FixtureRequest) -> Store:
        if request.param == "embedded":
            embedded: EmbeddedStore = request.getfixturevalue("embedded_loaded")
            return embedded
        neo4j: Neo4jStore = request.getfixturevalue("neo4j_loaded")
        runs = [row["id"] for row in neo4j.read("MATCH (r:IngestRun) RETURN r.id AS id")]
        if runs != [run_id]:
            neo4j.clear()
            neo4j.ensure_schema()
            ingest_package(neo4j, package)
        return neo4j

    return embedded_loaded, neo4j_loaded, either


@pytest.fixture
def cli_uses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[EmbeddedStore], None]]:
    """Point the command line (its settings) at an embedded store for this test:
    ``cli_uses(store)``."""

    def point(store: EmbeddedStore) -> None:
        monkeypatch.setenv("PARTNERGRAPH_BACKEND", "embedded")
        monkeypatch.setenv("PARTNERGRAPH_DATA_DIR", str(store.data_dir))
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()
