"""The graph: its model, the store contract and the two stores."""

from __future__ import annotations

from pathlib import Path

from graph.store import Store, StoreError, StoreUnavailable

__all__ = ["Store", "StoreError", "StoreUnavailable", "open_store"]


def open_store(
    backend: str,
    *,
    data_dir: Path | str | None = None,
    neo4j_uri: str | None = None,
    neo4j_user: str | None = None,
    neo4j_password: str | None = None,
    neo4j_database: str = "neo4j",
) -> Store:
    """Open the store of the given backend and make sure its schema exists."""
    store: Store
    if backend == "embedded":
        from graph.embedded import EmbeddedStore

        store = EmbeddedStore(data_dir or "./partnergraph-data")
    elif backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        if not neo4j_uri:
            raise StoreUnavailable("NEO4J_URI is not set")
        store = Neo4jStore.connect(neo4j_uri, neo4j_user, neo4j_password, neo4j_database)
    else:
        raise ValueError(f"unknown backend {backend!r} (use 'embedded' or 'neo4j')")
    store.ensure_schema()
    return store
