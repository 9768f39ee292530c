"""What the benchmark scripts share: options, Neo4j, timing, and the stores they load.

Each script parses ``base_parser(...)`` plus its own options, then::

    with loaded_stores(args.companies, args.seed, args.skip_neo4j, "pg-bench-x-") as bench:
        for loaded in bench.stores():  # embedded first, then Neo4j unless skipped
            ...

The stores are loaded one at a time, so the embedded measurements run before Neo4j is
started (no idle JVM beside them), and everything (Neo4j's data, the server this started,
the temporary directory) is cleaned up on leaving the ``with`` block, even on an error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import Store  # noqa: E402
from ingest.generate import generate_package  # noqa: E402
from ingest.load import IngestReport, ingest_package  # noqa: E402


def base_parser(description: str | None) -> argparse.ArgumentParser:
    """``--companies``, ``--seed`` and ``--skip-neo4j``; ``description`` is a module's
    docstring, of which the first line is kept."""
    parser = argparse.ArgumentParser(description=(description or "").splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--skip-neo4j", action="store_true")
    return parser


def start_neo4j() -> tuple[Neo4jStore, Any | None]:
    """A store on NEO4J_URI if set (server ``None``), else on a server started here from
    tools/neo4j-launcher (the caller stops it)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        store = Neo4jStore.connect(
            uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        )
        return store, None
    from tests.neo4j_server import Neo4jServer

    server = Neo4jServer(heap="2g", fast_start=False)
    try:
        uri = server.start()
        return Neo4jStore.connect(uri, None, None), server
    except BaseException:
        server.stop()
        raise


def percentile(samples: list[float], q: float) -> float:
    """The sample at rank ``q`` (0..1) of the sorted samples, nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(call: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and this process's CPU seconds of ``repeat`` calls after one untimed
    warm-up call (caches, Neo4j query planning), and the last result. On a shared machine
    the CPU time is the steadier figure for the embedded store; Neo4j's work happens in the
    server, so only wall time counts there."""
    result = call()
    wall, cpu = [], []
    for _ in range(repeat):
        c = time.process_time()
        t = time.perf_counter()
        result = call()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu, result


@dataclass
class Loaded:
    """One store with the package ingested into it."""

    name: str  # "embedded" or "neo4j"
    store: Store
    seconds: float  # the ingest's wall-clock time
    report: IngestReport


@dataclass
class Bench:
    """A generated package, and the stores to load it into (see ``stores``)."""

    work: Path
    package: Path
    counts: dict[str, int]  # rows per file
    generated_in: float  # seconds
    skip_neo4j: bool
    _embedded: EmbeddedStore | None = None
    _neo4j: Neo4jStore | None = None
    _server: Any | None = None
    loaded: list[Loaded] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def stores(self) -> Iterator[Loaded]:
        """A fresh embedded store with the package ingested, then (unless ``skip_neo4j``)
        Neo4j, started only once the caller is done with the embedded store, cleared and
        with the package ingested."""
        self._embedded = EmbeddedStore(self.work / "embedded")
        yield self._ingest("embedded", self._embedded)
        if self.skip_neo4j:
            return
        self._neo4j, self._server = start_neo4j()
        self._neo4j.clear()
        self._neo4j.ensure_schema()
        yield self._ingest("neo4j", self._neo4j)

    def _ingest(self, name: str, store: Store) -> Loaded:
        t = time.perf_counter()
        report = ingest_package(store, self.package)
        loaded = Loaded(name, store, time.perf_counter() - t, report)
        self.loaded.append(loaded)
        return loaded

    def close(self) -> None:
        try:
            if self._neo4j is not None:
                try:
                    self._neo4j.clear()
                finally:
                    self._neo4j.close()
        finally:
            if self._server is not None:
                self._server.stop()
            if self._embedded is not None:
                self._embedded.close()
            shutil.rmtree(self.work, ignore_errors=True)


@contextmanager
def loaded_stores(
    companies: int, seed: int, skip_neo4j: bool, prefix: str = "pg-bench-"
) -> Iterator[Bench]:
    """Generate a package of ``companies`` companies in a temporary directory; the stores
    are loaded by iterating ``Bench.stores()``, and cleaned up on exit."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    bench: Bench | None = None
    try:
        package = work / f"bench-{companies}"
        t = time.perf_counter()
        counts = generate_package(package, companies=companies, seed=seed)
        bench = Bench(work, package, counts, time.perf_counter() - t, skip_neo4j)
        yield bench
    finally:
        if bench is not None:
            bench.close()
        else:
            shutil.rmtree(work, ignore_errors=True)
