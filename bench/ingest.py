"""Ingest throughput on both stores, with a per-row MERGE baseline measured in the same run.

    python bench/ingest.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), and prints rows/s. The baseline writes the
same company rows to Neo4j one ``MERGE`` per transaction, the way a naive loader would, and
compares it with the store's ``UNWIND $rows`` batches on the same rows. Machines here are
noisy: read the ratios, not the absolute figures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import base_parser, loaded_stores  # noqa: E402
from graph import model  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import NodeRow, canonical_json  # noqa: E402
from ingest.load import ingest_package  # noqa: E402
from ingest.package import read_package  # noqa: E402
from ingest.validate import validate_package  # noqa: E402


def _line(name: str, rows: int, seconds: float, extra: str = "") -> None:
    print(f"{name:<44} {rows:>9,} rows {seconds:>8.1f} s {rows / seconds:>10,.0f} rows/s {extra}")


def _baseline(neo4j: Neo4jStore, sample: list[NodeRow]) -> None:
    """The same company rows, batched vs one MERGE per transaction."""
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


def main() -> None:
    parser = base_parser(__doc__)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    args = parser.parse_args()

    with loaded_stores(args.companies, args.seed, args.skip_neo4j) as bench:
        rows = bench.rows
        print(
            f"package: {args.companies:,} companies, {rows:,} rows in {len(bench.counts)} files "
            f"(generated in {bench.generated_in:.1f} s)"
        )
        t = time.perf_counter()
        raw = read_package(bench.package)
        validated = validate_package(raw, lambda _label, _ids: set())
        _line("read + validate (no store)", rows, time.perf_counter() - t)

        for loaded in bench.stores():
            if loaded.name == "neo4j":
                _line("neo4j: full ingest (UNWIND batches)", rows, loaded.seconds)
            else:
                _line(
                    f"{loaded.name}: full ingest",
                    rows,
                    loaded.seconds,
                    f"({loaded.report.nodes_written:,} nodes, "
                    f"{loaded.report.relationships_written:,} rels)",
                )
            t = time.perf_counter()
            ingest_package(loaded.store, bench.package)
            _line(f"{loaded.name}: re-ingest (no change)", rows, time.perf_counter() - t)
            if isinstance(loaded.store, Neo4jStore):
                embedded = bench.loaded[0].store
                same = canonical_json(loaded.store.export()) == canonical_json(embedded.export())
                print(f"canonical exports identical: {same}")
                sample = [
                    NodeRow(f"bench-{r.values['id']}", {"name": r.values["name"]}, "bench")
                    for r in validated.rows["companies.csv"][: args.baseline_rows]
                ]
                _baseline(loaded.store, sample)


if __name__ == "__main__":
    main()
