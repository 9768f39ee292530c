"""Latency of the duplication question on both stores, with a trivial call as the yardstick.

    python bench/duplication.py --companies 100000

Generates a package, ingests it into a fresh embedded store and into a real Neo4j (started
from tools/neo4j-launcher, or NEO4J_URI if set), then times ``find_duplication`` with the
default parameters and with filters, ``--repeat`` times each after one warm-up call (which
lets Neo4j plan the query), and prints p50/p95 per variant and store. The baseline is
``store.counts()`` timed the same way in the same run: one node count per label, the least a
store can be asked, so the ratio says how much work the question costs on this machine
whatever its load. It also checks that both stores gave the same JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
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
from queries.duplication import find_duplication  # noqa: E402


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
    uri = server.start()
    return Neo4jStore.connect(uri, None, None), server


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(call: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and this process's CPU seconds per call, after one warm-up call (caches,
    JIT, Neo4j query planning). On a shared machine the CPU time is the steadier figure for
    the embedded store; Neo4j's work happens in the server, so only wall time counts there."""
    result = call()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = call()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu, result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:>9.1f} ms" if seconds >= 0.001 else f"{seconds * 1e6:>9.1f} µs"


def _variants(store: Store) -> dict[str, dict[str, Any]]:
    """Default parameters, and filters on the most common country, theme and agency."""
    approaches = list(store.iter_nodes("Approach"))
    country = Counter(c for a in approaches for c in a.get("countries", [])).most_common(1)
    theme = Counter(t for a in approaches for t in a.get("themes", [])).most_common(1)
    agency = Counter(a["agency"] for a in approaches).most_common(1)
    variants: dict[str, dict[str, Any]] = {"default": {}}
    if country:
        variants[f"country={country[0][0]}"] = {"country": country[0][0]}
    if theme:
        variants[f"theme={theme[0][0]}"] = {"theme": theme[0][0]}
    if agency:
        variants[f"agency={agency[0][0]}"] = {"agency": agency[0][0]}
    variants["since=2012-01-01, until=2012-12-31"] = {"since": "2012-01-01", "until": "2012-12-31"}
    variants["window_days=3650, min_agencies=3"] = {"window_days": 3650, "min_agencies": 3}
    return variants


def _run(
    name: str, store: Store, variants: dict[str, dict[str, Any]], repeat: int
) -> dict[str, str]:
    base, base_cpu, _ = _time(store.counts, repeat)
    base_p50 = statistics.median(base)
    print(
        f"{name:<9} {'baseline: counts()':<36} p50 {_ms(base_p50)}  "
        f"p95 {_ms(_percentile(base, 0.95))}  cpu p50 {_ms(statistics.median(base_cpu))}"
    )
    answers = {}
    for label, params in variants.items():
        wall, cpu, answer = _time(partial(find_duplication, store, **params), repeat)
        p50 = statistics.median(wall)
        print(
            f"{name:<9} {label:<36} p50 {_ms(p50)}  p95 {_ms(_percentile(wall, 0.95))}  "
            f"cpu p50 {_ms(statistics.median(cpu))}  "
            f"({p50 / base_p50:,.1f}x baseline; {answer['total']:,} companies)"
        )
        answers[label] = json.dumps(answer, sort_keys=True)
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-neo4j", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pg-bench-dup-"))
    package = work / f"bench-{args.companies}"
    t = time.perf_counter()
    counts = generate_package(package, companies=args.companies, seed=args.seed)
    took = time.perf_counter() - t
    print(
        f"package: {args.companies:,} companies, {counts['approaches.csv']:,} approaches, "
        f"{counts['partnerships.csv']:,} partnerships (generated in {took:.1f} s)"
    )

    embedded = EmbeddedStore(work / "embedded")
    t = time.perf_counter()
    ingest_package(embedded, package)
    print(f"embedded: ingested in {time.perf_counter() - t:.1f} s")
    variants = _variants(embedded)
    embedded_answers = _run("embedded", embedded, variants, args.repeat)
    if args.skip_neo4j:
        return

    neo4j, server = _neo4j()
    try:
        neo4j.clear()
        neo4j.ensure_schema()
        t = time.perf_counter()
        ingest_package(neo4j, package)
        print(f"neo4j: ingested in {time.perf_counter() - t:.1f} s")
        neo4j_answers = _run("neo4j", neo4j, variants, args.repeat)
        same = all(neo4j_answers[k] == embedded_answers[k] for k in variants)
        print(f"identical JSON on both stores for every variant: {same}")
    finally:
        neo4j.clear()
        neo4j.close()
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
