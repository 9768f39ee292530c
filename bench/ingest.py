"""Ingest throughput on both stores, with a per-row MERGE baseline measured in the same run.

    python bench/ingest.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), and prints rows/s. The baseline writes the
same company rows to Neo4j one ``MERGE`` per transaction, the way a naive loader would, and
compares it with the store's ``UNWIND $rows`` batches on the same rows. Machines here are
noisy: read the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import model  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import NodeRow, canonical_json  # noqa: E402
from ingest.generate import generate_package  # noqa: E402
from ingest.load import ingest_package  # noqa: E402
from ingest.package import read_package  # noqa: E402
from ingest.validate import validate_package  # noqa: E402


def _line(name: str, rows: int, seconds: float, extra: str = "") -> None:
    print(f"{name:<44} {rows:>9,} rows {seconds:>8.1f} s {rows / seconds:>10,.0f} rows/s {extra}")


def _neo4j() -> tuple[Neo4jStore, object | None]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        store = Neo4jStore.connect(
            uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        )
        return store, None
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.neo4j_server import Neo4jServer

    server = Neo4jServer(heap="2g", fast_start=False)
    server.start()
    return Neo4jStore.connect(server.uri, None, None), server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    package = work / f"bench-{args.companies}"
    t = time.perf_counter()
    counts = generate_package(package, companies=args.companies, seed=args.seed)
    rows = sum(counts.values())
    print(
        f"package: {args.companies:,} companies, {rows:,} rows in {len(counts)} files "
        f"(generated in {time.perf_counter() - t:.1f} s)"
    )

    t = time.perf_counter()
    raw = read_package(package)
    validated = validate_package(raw, lambda _label, _ids: set())
    _line("read + validate (no store)", rows, time.perf_counter() - t)

    embedded = EmbeddedStore(work / "embedded")
    t = time.perf_counter()
    report = ingest_package(embedded, package)
    _line(
        "embedded: full ingest",
        rows,
        time.perf_counter() - t,
        f"({report.nodes_written:,} nodes, {report.relationships_written:,} rels)",
    )
    t = time.perf_counter()
    ingest_package(embedded, package)
    _line("embedded: re-ingest (no change)", rows, time.perf_counter() - t)
    if args.skip_neo4j:
        return

    neo4j, server = _neo4j()
    try:
        neo4j.clear()
        neo4j.ensure_schema()
        t = time.perf_counter()
        ingest_package(neo4j, package)
        _line("neo4j: full ingest (UNWIND batches)", rows, time.perf_counter() - t)
        t = time.perf_counter()
        ingest_package(neo4j, package)
        _line("neo4j: re-ingest (no change)", rows, time.perf_counter() - t)
        same = canonical_json(neo4j.export()) == canonical_json(embedded.export())
        print(f"canonical exports identical: {same}")

        # Baseline: the same company rows, batched vs one MERGE per transaction.
        sample = [
            NodeRow(f"bench-{r.values['id']}", {"name": r.values["name"]}, "bench")
            for r in validated.rows["companies.csv"][: args.baseline_rows]
        ]
        t = time.perf_counter()
        neo4j.upsert_nodes(model.COMPANY, sample)
        batched = time.perf_counter() - t
        _line("neo4j: company rows, UNWIND batches", len(sample), batched)
        neo4j.clear()
        neo4j.ensure_schema()
        t = time.perf_counter()
        for row in sample:
            neo4j._run(
                "MERGE (x:Company {id: $id}) SET x += $props, x.source = $source",
                id=row.id,
                props=row.props,
                source=row.source,
            )
        per_row = time.perf_counter() - t
        _line(
            "neo4j: company rows, one MERGE per row",
            len(sample),
            per_row,
            f"(batches are {per_row / batched:.1f}x faster)",
        )
    finally:
        neo4j.clear()
        neo4j.close()
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
