"""Coordination-gap latency per kind on both stores.

    python bench/gaps.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), checks that both stores give the same answer,
then times ``find_gaps`` for each kind, for all kinds at once and for one country, and prints
p50/p95 in milliseconds. Machines here are noisy: read the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import Store  # noqa: E402
from ingest.generate import generate_package  # noqa: E402
from ingest.load import ingest_package  # noqa: E402
from queries.gaps import KINDS, find_gaps  # noqa: E402

AS_OF = dt.date(2013, 6, 1)
VARIANTS: list[tuple[str, dict[str, Any]]] = [
    *((kind, {"kind": kind}) for kind in KINDS),
    ("all kinds", {}),
    ("all kinds, country=BR", {"country": "BR"}),
    ("all kinds, agency=UNICEF", {"agency": "UNICEF"}),
]


def _neo4j() -> tuple[Neo4jStore, object | None]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        store = Neo4jStore.connect(
            uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        )
        return store, None
    from tests.neo4j_server import Neo4jServer

    server = Neo4jServer(heap="2g", fast_start=False)
    server.start()
    assert server.uri is not None
    return Neo4jStore.connect(server.uri, None, None), server


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000, p95 * 1000


def _time(run: Callable[[], dict[str, Any]], repeat: int) -> tuple[list[float], dict[str, Any]]:
    answer = run()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        answer = run()
        samples.append(time.perf_counter() - t)
    return samples, answer


def _bench(name: str, store: Store, repeat: int, warmup: int) -> dict[str, str]:
    # Warm every variant first: query plans, caches and (Neo4j) the JVM's compiler, which
    # would otherwise bill the first variants for the warm-up of all of them.
    for _ in range(warmup):
        for _variant, params in VARIANTS:
            find_gaps(store, as_of=AS_OF, **params)
    answers = {}
    for variant, params in VARIANTS:
        samples, answer = _time(partial(find_gaps, store, as_of=AS_OF, **params), repeat)
        p50, p95 = _percentiles(samples)
        counts = ", ".join(f"{k} {n}" for k, n in answer["counts"].items())
        print(f"{name:<9} {variant:<26} p50 {p50:>9.1f} ms  p95 {p95:>9.1f} ms   ({counts})")
        answers[variant] = json.dumps(
            find_gaps(store, as_of=AS_OF, limit=1000, **params), sort_keys=True
        )
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per variant")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds of all variants")
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pg-bench-gaps-"))
    package = work / f"bench-{args.companies}"
    t = time.perf_counter()
    counts = generate_package(package, companies=args.companies, seed=args.seed)
    print(
        f"package: {args.companies:,} companies, {counts.get('partnerships.csv', 0):,} "
        f"partnerships, {counts.get('commitments.csv', 0):,} commitments "
        f"(generated in {time.perf_counter() - t:.1f} s); {args.repeat} runs per variant"
    )

    embedded = EmbeddedStore(work / "embedded")
    ingest_package(embedded, package)
    expected = _bench("embedded", embedded, args.repeat, args.warmup)
    if args.skip_neo4j:
        return

    neo4j, server = _neo4j()
    try:
        neo4j.clear()
        neo4j.ensure_schema()
        ingest_package(neo4j, package)
        got = _bench("neo4j", neo4j, args.repeat, args.warmup)
        same = [variant for variant in expected if expected[variant] == got[variant]]
        print(f"both stores give identical JSON: {len(same)}/{len(expected)} variants")
    finally:
        neo4j.clear()
        neo4j.close()
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
