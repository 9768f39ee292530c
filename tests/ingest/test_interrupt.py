"""A real kill (SIGKILL) in the middle of an ingest, then a re-run: the graph converges."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Store, canonical_json
from ingest.generate import generate_package
from ingest.load import ingest_package


def _ingest_and_kill(package: Path, env: dict[str, str], after_s: float) -> int | None:
    """Start ``partnergraph ingest`` in a child process and kill it ``after_s`` seconds in."""
    child = subprocess.Popen(
        [sys.executable, "-m", "partnergraph.cli", "ingest", str(package)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after_s)
    child.send_signal(signal.SIGKILL)
    return child.wait(timeout=60)


def _check_converges(store: Store, reference: bytes, package: Path, env: dict[str, str]) -> None:
    for after_s in (2.0, 4.0):
        _ingest_and_kill(package, env, after_s)
        ingest_package(store, package)
        assert canonical_json(store.export()) == reference
        store.clear()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pkg") / "killed-midway"
    generate_package(target, companies=3000, seed=5)
    return target


def test_embedded_store_survives_a_kill(package: Path, tmp_path: Path) -> None:
    reference_store = EmbeddedStore(tmp_path / "reference")
    ingest_package(reference_store, package)
    reference = canonical_json(reference_store.export())
    data = tmp_path / "killed"
    for after_s in (2.0, 4.0):
        _ingest_and_kill(package, {"PARTNERGRAPH_DATA_DIR": str(data)}, after_s)
        store = EmbeddedStore(data)  # the file on disk is whole: the old state or the new
        ingest_package(store, package)
        assert canonical_json(store.export()) == reference


@pytest.mark.neo4j
def test_neo4j_store_converges_after_a_kill(
    package: Path, neo4j_store: Neo4jStore, neo4j_uri: str, tmp_path: Path
) -> None:
    reference_store = EmbeddedStore(tmp_path / "reference")
    ingest_package(reference_store, package)
    reference = canonical_json(reference_store.export())
    env = {"PARTNERGRAPH_BACKEND": "neo4j", "NEO4J_URI": neo4j_uri}
    env.update({k: v for k, v in os.environ.items() if k in ("NEO4J_USER", "NEO4J_PASSWORD")})
    _check_converges(neo4j_store, reference, package, env)
